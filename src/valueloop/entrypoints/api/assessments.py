"""Desirability, viability, feasibility: /api/v1/items/{id}/assessments."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.assessments import Dimension, Rating
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import assessments

router = APIRouter(tags=["prioritization"])


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: Rating
    evidence: str = Field(default="", max_length=4000, description="What the rating rests on.")
    link: str = Field(default="", max_length=500, description="An http(s) link to the evidence.")
    note_id: int | None = Field(default=None, description="A feedback note that shows it.")
    version: int | None = Field(default=None, description="The version you read, when replacing.")


class AssessmentOut(BaseModel):
    id: int
    item_id: int
    dimension: Dimension
    rating: Rating
    evidence: str
    link: str
    note_id: int | None
    assessed_by: int | None
    updated_at: dt.datetime
    version: int


@router.get("/items/{item_id}/assessments")
def list_assessments(item_id: int, actor: Actor, uow: Uow) -> list[AssessmentOut]:
    """The item's assessments: desirability, viability, feasibility (those made so far)."""
    return [wire(AssessmentOut, a) for a in assessments.list_assessments(uow, actor, item_id)]


@router.put("/items/{item_id}/assessments/{dimension}")
def assess(
    item_id: int, dimension: Dimension, body: AssessmentIn, actor: Actor, uow: Uow
) -> AssessmentOut:
    """Rate one dimension with its evidence (feasibility: estimate; the others: link_evidence)."""
    fields = body.model_dump(exclude={"version"})
    found = assessments.assess(uow, actor, item_id, dimension, fields, version=body.version)
    return wire(AssessmentOut, found)


@router.delete("/items/{item_id}/assessments/{dimension}", status_code=status.HTTP_204_NO_CONTENT)
def withdraw(item_id: int, dimension: Dimension, actor: Actor, uow: Uow) -> Response:
    assessments.withdraw(uow, actor, item_id, dimension)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
