"""An item's estimates and priority: /api/v1/items/{id}/estimates, /api/v1/items/{id}/priority."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.rank_stability import Distribution
from valueloop.domain.scoring import Moscow
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import estimates

router = APIRouter(tags=["prioritization"])


class EstimateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    likely: float = Field(description="The value scores use.")
    low: float | None = Field(
        default=None, description="With high: the range rank stability samples."
    )
    high: float | None = None
    distribution: Distribution | None = Field(
        default=None, description="How values spread in the range (default triangular)."
    )
    note: str = Field(default="", max_length=2000)
    version: int | None = Field(
        default=None, description="The version you read, when replacing an estimate."
    )


class EstimateOut(BaseModel):
    id: int
    item_id: int
    field: str
    low: float
    likely: float
    high: float
    distribution: Distribution
    estimator_id: int | None
    note: str
    updated_at: dt.datetime
    version: int


class PriorityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    moscow: Moscow | None = None
    confidence_override: float | None = Field(
        default=None, ge=0, le=1, description="Confidence set by hand (null clears it)."
    )
    override_reason: str | None = Field(default=None, max_length=1000)
    impact_measure_id: int | None = Field(
        default=None, description="The measure the item's predicted impact is stated in."
    )
    version: int | None = Field(default=None, description="The version you read.")


class PriorityOut(BaseModel):
    item_id: int
    moscow: Moscow | None
    confidence_override: float | None
    override_reason: str
    override_by: int | None
    override_at: dt.datetime | None
    impact_measure_id: int | None
    version: int = Field(description="0 until something was set.")


@router.get("/items/{item_id}/estimates")
def list_estimates(item_id: int, actor: Actor, uow: Uow) -> list[EstimateOut]:
    """The item's estimates, by field."""
    return [wire(EstimateOut, e) for e in estimates.list_estimates(uow, actor, item_id)]


@router.put("/items/{item_id}/estimates/{field}")
def set_estimate(item_id: int, field: str, body: EstimateIn, actor: Actor, uow: Uow) -> EstimateOut:
    """Estimate one input (a number, or a range with a distribution)."""
    values = body.model_dump(exclude_unset=True, exclude={"version"})
    found = estimates.set_estimate(uow, actor, item_id, field, values, version=body.version)
    return wire(EstimateOut, found)


@router.delete("/items/{item_id}/estimates/{field}", status_code=status.HTTP_204_NO_CONTENT)
def clear_estimate(
    item_id: int, field: str, actor: Actor, uow: Uow, version: int | None = None
) -> Response:
    estimates.clear_estimate(uow, actor, item_id, field, version=version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _priority_out(item_id: int, found: object) -> PriorityOut:
    if found is None:
        return PriorityOut(
            item_id=item_id,
            moscow=None,
            confidence_override=None,
            override_reason="",
            override_by=None,
            override_at=None,
            impact_measure_id=None,
            version=0,
        )
    return wire(PriorityOut, found)


@router.get("/items/{item_id}/priority")
def get_priority(item_id: int, actor: Actor, uow: Uow) -> PriorityOut:
    """The item's MoSCoW category, confidence override with its reason, and impact measure."""
    return _priority_out(item_id, estimates.get_priority(uow, actor, item_id))


@router.put("/items/{item_id}/priority")
def set_priority(item_id: int, body: PriorityIn, actor: Actor, uow: Uow) -> PriorityOut:
    """Set the fields sent; a confidence override needs its reason."""
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    found = estimates.set_priority(uow, actor, item_id, fields, version=body.version)
    return _priority_out(item_id, found)
