"""Lifecycle stages: exit criteria, gate checks and stage moves (recorded as decisions)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.lifecycle import Comparator
from valueloop.domain.products import LifecycleStage
from valueloop.entrypoints.api.decisions import DecisionOut
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import lifecycle

router = APIRouter(tags=["lifecycle"])


class CriterionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: LifecycleStage
    measure_id: int
    comparator: Comparator
    threshold: float
    description: str = Field(default="", max_length=2000)
    initiative_id: int | None = None


class CriterionOut(BaseModel):
    id: int
    stage: LifecycleStage
    measure_id: int
    comparator: Comparator
    threshold: float
    description: str
    product_id: int | None
    initiative_id: int | None


class CheckOut(BaseModel):
    criterion: CriterionOut
    latest: float | None
    met: bool


class GateOut(BaseModel):
    stage: LifecycleStage
    met: bool
    checks: list[CheckOut]


class StageMoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: LifecycleStage
    rationale: str = Field(default="", max_length=10_000)
    override: bool = Field(
        default=False, description="Move past unmet exit criteria (needs a rationale)."
    )
    version: int | None = None


@router.post("/products/{product_id}/exit-criteria", status_code=status.HTTP_201_CREATED)
def add_exit_criterion(product_id: int, body: CriterionIn, actor: Actor, uow: Uow) -> CriterionOut:
    criterion = lifecycle.add_exit_criterion(uow, actor, product_id, **body.model_dump())
    return wire(CriterionOut, criterion)


@router.delete("/exit-criteria/{criterion_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_exit_criterion(criterion_id: int, actor: Actor, uow: Uow) -> Response:
    lifecycle.remove_exit_criterion(uow, actor, criterion_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/products/{product_id}/gate")
def product_gate(product_id: int, actor: Actor, uow: Uow) -> GateOut:
    """The exit criteria of the product's current stage, checked against the latest values."""
    gate = lifecycle.product_gate(uow, actor, product_id)
    return GateOut(stage=gate.stage, met=gate.met, checks=[wire(CheckOut, c) for c in gate.checks])


@router.post("/products/{product_id}/stage")
def move_product_stage(product_id: int, body: StageMoveIn, actor: Actor, uow: Uow) -> DecisionOut:
    """Move the product to another stage; the move is a decision with the gate's evidence."""
    decision = lifecycle.move_product_stage(
        uow,
        actor,
        product_id,
        body.stage,
        rationale=body.rationale,
        version=body.version,
        override=body.override,
    )
    return wire(DecisionOut, decision)


@router.post("/initiatives/{initiative_id}/stage")
def move_initiative_stage(
    initiative_id: int, body: StageMoveIn, actor: Actor, uow: Uow
) -> DecisionOut:
    decision = lifecycle.move_initiative_stage(
        uow,
        actor,
        initiative_id,
        body.stage,
        rationale=body.rationale,
        version=body.version,
        override=body.override,
    )
    return wire(DecisionOut, decision)
