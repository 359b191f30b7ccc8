"""The decision log: /api/v1/products/{id}/decisions, /api/v1/decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.collaboration import RecordType
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.services import decisions

router = APIRouter(tags=["decisions"])


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    decision: str = Field(max_length=4000)
    options: list[str] = Field(default_factory=list, max_length=50)
    rationale: str = Field(default="", max_length=10_000)
    evidence: dict[str, Any] = Field(
        default_factory=dict, description="A snapshot of the evidence shown when deciding."
    )
    record_type: RecordType | None = None
    record_id: int | None = None


class DecisionOut(BaseModel):
    id: int
    product_id: int
    title: str
    decision: str
    options: list[str]
    rationale: str
    decided_by: int | None
    decided_at: dt.datetime
    evidence: dict[str, Any]
    record_type: RecordType | None
    record_id: int | None


@router.get("/products/{product_id}/decisions")
def list_decisions(
    product_id: int, actor: Actor, uow: Uow, q: str = "", limit: Limit = 50, offset: Offset = 0
) -> PageOut[DecisionOut]:
    page = decisions.list_decisions(uow, actor, product_id, search=q, limit=limit, offset=offset)
    return page_out(page, DecisionOut)


@router.post("/products/{product_id}/decisions", status_code=status.HTTP_201_CREATED)
def record_decision(product_id: int, body: DecisionIn, actor: Actor, uow: Uow) -> DecisionOut:
    decision = decisions.record_decision(
        uow, actor, product_id, body.model_dump(exclude_unset=True)
    )
    return DecisionOut.model_validate(decision, from_attributes=True)


@router.get("/decisions/{decision_id}")
def get_decision(decision_id: int, actor: Actor, uow: Uow) -> DecisionOut:
    return DecisionOut.model_validate(
        decisions.get_decision(uow, actor, decision_id), from_attributes=True
    )
