"""Value vs effort: /api/v1/products/{id}/quadrants."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from valueloop.domain.backlog import ItemStatus
from valueloop.domain.scoring import Quadrant
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.services import quadrants
from valueloop.services.quadrants import Source
from valueloop.services.score_inputs import CANDIDATES

router = APIRouter(tags=["prioritization"])

AXIS_HELP = (
    "An expression in the formula language (default: the product's saved grid, else its "
    "framework's axis)."
)


class AxesOut(BaseModel):
    value: str
    effort: str
    value_threshold: float = Field(description="Value at or above it is high.")
    effort_threshold: float = Field(description="Effort at or below it is low.")


class PlacedOut(BaseModel):
    item_id: int
    title: str
    value: float
    effort: float
    quadrant: Quadrant


class UnplacedOut(BaseModel):
    item_id: int
    title: str
    reason: str


class QuadrantsOut(BaseModel):
    axes: AxesOut
    sources: dict[str, Source] = Field(
        description="Per axis and line: request (given here), saved (the product's grid) or "
        "framework (its default)."
    )
    counts: dict[Quadrant, int]
    items: list[PlacedOut] = Field(description="In the backlog's manual order.")
    unplaced: list[UnplacedOut] = Field(description="Items an axis gives no number for.")


@router.get("/products/{product_id}/quadrants")
def value_vs_effort(
    product_id: int,
    actor: Actor,
    uow: Uow,
    value: str | None = Query(default=None, max_length=1000, description=AXIS_HELP),
    effort: str | None = Query(default=None, max_length=1000, description=AXIS_HELP),
    value_threshold: float | None = Query(default=None, description="Fixed line on value."),
    effort_threshold: float | None = Query(default=None, ge=0, description="Fixed line on effort."),
    status_: list[ItemStatus] | None = Query(default=None, alias="status"),
) -> QuadrantsOut:
    """Each item as a quick win (high value, low effort), big bet (high value, high effort),
    fill-in (low value, low effort) or time sink (low value, high effort), by fixed lines."""
    view = quadrants.value_vs_effort(
        uow,
        actor,
        product_id,
        value=value,
        effort=effort,
        value_threshold=value_threshold,
        effort_threshold=effort_threshold,
        statuses=[s.value for s in status_] if status_ else CANDIDATES,
    )
    axes = view.axes
    return QuadrantsOut(
        axes=AxesOut(
            value=axes.value,
            effort=axes.effort,
            value_threshold=axes.value_threshold,
            effort_threshold=axes.effort_threshold,
        ),
        sources=view.sources,
        counts={q: view.count(q) for q in Quadrant},
        items=[
            PlacedOut(
                item_id=p.item_id,
                title=p.title,
                value=p.value,
                effort=p.effort,
                quadrant=p.quadrant,
            )
            for p in view.items
        ],
        unplaced=[
            UnplacedOut(item_id=u.item_id, title=u.title, reason=u.reason) for u in view.unplaced
        ],
    )
