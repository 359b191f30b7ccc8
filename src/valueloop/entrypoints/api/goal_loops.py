"""Closing goals and the EBM experiment loop: /api/v1/goals/{id}/close, /goals/{id}/loops."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.goal_experiments import Adaptation, Step
from valueloop.entrypoints.api.decisions import DecisionOut
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import goal_experiments, goals

router = APIRouter(tags=["goals"])


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["achieved", "dropped"]
    rationale: str = Field(min_length=1, max_length=10_000)
    version: int | None = None


class LoopIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hypothesis: str = Field(max_length=4000)
    measurement: str = Field(max_length=4000, description="What will be measured, and how.")
    measure_id: int | None = None
    hypothesized_on: dt.date | None = None


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Literal["shipped", "result", "adapted"]
    on: dt.date | None = None
    result: str = Field(default="", max_length=4000)
    adaptation: Adaptation | None = None
    rationale: str = Field(default="", max_length=10_000)
    version: int | None = None


class LoopOut(BaseModel):
    id: int
    goal_id: int
    hypothesis: str
    measurement: str
    measure_id: int | None
    hypothesized_on: dt.date
    shipped_on: dt.date | None
    result: str
    result_on: dt.date | None
    adaptation: Adaptation | None
    adapted_on: dt.date | None
    decision_id: int | None
    step: Step
    time_to_learn_days: int | None
    version: int


@router.post("/goals/{goal_id}/close")
def close_goal(goal_id: int, body: CloseIn, actor: Actor, uow: Uow) -> DecisionOut:
    """Mark a goal achieved or dropped; logged as a decision with the measures' standing."""
    decision = goals.close_goal(
        uow, actor, goal_id, body.status, rationale=body.rationale, version=body.version
    )
    return wire(DecisionOut, decision)


@router.get("/goals/{goal_id}/loops")
def list_loops(goal_id: int, actor: Actor, uow: Uow) -> list[LoopOut]:
    return [wire(LoopOut, loop) for loop in goal_experiments.list_loops(uow, actor, goal_id)]


@router.post("/goals/{goal_id}/loops", status_code=status.HTTP_201_CREATED)
def start_loop(goal_id: int, body: LoopIn, actor: Actor, uow: Uow) -> LoopOut:
    loop = goal_experiments.start_loop(uow, actor, goal_id, body.model_dump(exclude_unset=True))
    return wire(LoopOut, loop)


@router.post("/loops/{loop_id}/steps")
def advance_loop(loop_id: int, body: StepIn, actor: Actor, uow: Uow) -> LoopOut:
    """Date the next step of the loop; `adapted` records a decision (keep, change, drop)."""
    loop = goal_experiments.advance_loop(
        uow,
        actor,
        loop_id,
        body.step,
        on=body.on,
        result=body.result,
        adaptation=body.adaptation,
        rationale=body.rationale,
        version=body.version,
    )
    return wire(LoopOut, loop)
