"""The roadmap: lanes, moves, dependencies, capacity and the CSV export under /api/v1."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from valueloop.domain.backlog import ItemStatus, ItemType, Lane
from valueloop.domain.capacity import PeriodLoad
from valueloop.domain.roadmap import GroupBy
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.entrypoints.api.releases import ReleaseOut
from valueloop.entrypoints.web.csv_files import csv_response, file_name
from valueloop.services import capacity, dependencies, roadmap

router = APIRouter(tags=["roadmap"])


class PlannedItemOut(BaseModel):
    id: int
    title: str
    type: ItemType
    status: ItemStatus
    estimate: float | None
    goal_id: int | None
    lane: Lane | None
    lane_rank: str | None
    release_id: int | None
    team: str
    public: bool
    public_title: str
    public_description: str
    shipped_on: dt.date | None
    version: int


class GroupOut(BaseModel):
    key: int | None = Field(description="The goal or initiative id; null for the catch-all group.")
    label: str
    items: list[PlannedItemOut]


class LaneOut(BaseModel):
    lane: Lane
    groups: list[GroupOut]


class DependencyOut(BaseModel):
    id: int
    blocker_id: int
    blocked_id: int
    created_at: dt.datetime


class WarningOut(BaseModel):
    blocker_id: int
    blocked_id: int
    reason: str


class CapacityOut(BaseModel):
    id: int
    product_id: int
    team: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: float
    note: str
    version: int


class LoadOut(BaseModel):
    period: CapacityOut
    planned: float
    item_ids: list[int]
    unestimated: int
    share: float | None
    over: bool
    excess: float


class RoadmapOut(BaseModel):
    product_id: int
    by: GroupBy
    lanes: list[LaneOut]
    releases: list[ReleaseOut]
    dependencies: list[DependencyOut]
    dependency_warnings: list[WarningOut]
    capacity: list[LoadOut]
    capacity_warnings: list[str]


class LaneMoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lane: Lane | None = Field(description="now, next or later; null takes it off the roadmap.")
    after_id: int | None = Field(default=None, description="Place right after this item.")
    before_id: int | None = Field(default=None, description="Or right before this one.")

    @model_validator(mode="after")
    def one_anchor(self) -> LaneMoveIn:
        if self.after_id is not None and self.before_id is not None:
            raise ValueError("give after_id or before_id, not both (neither: end of the lane)")
        return self


class DependencyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    blocker_id: int = Field(description="The item that must come first.")


class CapacityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    team: str = Field(default="", max_length=100, description='"" is the whole product.')
    starts_on: dt.date
    ends_on: dt.date
    capacity: float = Field(ge=0, le=1_000_000)
    note: str = Field(default="", max_length=2_000)


class CapacityPatch(Patch):
    team: str | None = Field(default=None, max_length=100)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    capacity: float | None = Field(default=None, ge=0, le=1_000_000)
    note: str | None = Field(default=None, max_length=2_000)


def _load(load: PeriodLoad) -> LoadOut:
    share = load.share if load.share is None or load.share != float("inf") else None
    return LoadOut(
        period=wire(CapacityOut, load.period),
        planned=load.planned,
        item_ids=load.item_ids,
        unestimated=load.unestimated,
        share=share,
        over=load.over,
        excess=load.excess,
    )


@router.get("/products/{product_id}/roadmap")
def get_roadmap(product_id: int, actor: Actor, uow: Uow, by: GroupBy = GroupBy.NONE) -> RoadmapOut:
    """Now / next / later lanes (grouped by goal or initiative), releases, dependencies with
    out-of-order warnings, and capacity against planned effort."""
    shown = roadmap.view(uow, actor, product_id, by)
    return RoadmapOut(
        product_id=product_id,
        by=by,
        lanes=[
            LaneOut(
                lane=lane,
                groups=[
                    GroupOut(
                        key=g.key,
                        label=g.label,
                        items=[wire(PlannedItemOut, i) for i in items],
                    )
                    for g, items in groups
                ],
            )
            for lane, groups in shown.lanes
        ],
        releases=[wire(ReleaseOut, r) for r in shown.releases],
        dependencies=[wire(DependencyOut, d) for d in shown.dependencies],
        dependency_warnings=[wire(WarningOut, w) for w in shown.order_warnings],
        capacity=[_load(x) for x in shown.loads],
        capacity_warnings=shown.capacity_warnings,
    )


@router.get("/products/{product_id}/roadmap.csv")
def roadmap_csv(product_id: int, actor: Actor, uow: Uow, by: GroupBy = GroupBy.NONE) -> Response:
    """The roadmap as CSV, one row per item (cells that would start a formula are neutralised)."""
    product, header, rows = roadmap.csv_table(uow, actor, product_id, by)
    return csv_response(file_name(product.name, "roadmap"), header, rows)


@router.post("/items/{item_id}/lane")
def move_to_lane(item_id: int, body: LaneMoveIn, actor: Actor, uow: Uow) -> PlannedItemOut:
    """Move an item into a roadmap lane at a place (a move: the item's version is unchanged)."""
    moved = roadmap.move_to_lane(
        uow, actor, item_id, body.lane, after_id=body.after_id, before_id=body.before_id
    )
    return wire(PlannedItemOut, moved)


@router.get("/products/{product_id}/dependencies")
def list_dependencies(product_id: int, actor: Actor, uow: Uow) -> list[DependencyOut]:
    return [wire(DependencyOut, d) for d in dependencies.list_dependencies(uow, actor, product_id)]


@router.post("/items/{item_id}/dependencies", status_code=status.HTTP_201_CREATED)
def add_dependency(item_id: int, body: DependencyIn, actor: Actor, uow: Uow) -> DependencyOut:
    """Record that `blocker_id` blocks this item; a dependency closing a cycle is refused (422)
    with the cycle named."""
    added = dependencies.add_dependency(uow, actor, body.blocker_id, item_id)
    return wire(DependencyOut, added)


@router.delete("/dependencies/{dependency_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_dependency(dependency_id: int, actor: Actor, uow: Uow) -> Response:
    dependencies.remove_dependency(uow, actor, dependency_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/products/{product_id}/capacity")
def list_capacity(product_id: int, actor: Actor, uow: Uow) -> list[CapacityOut]:
    return [wire(CapacityOut, p) for p in capacity.list_periods(uow, actor, product_id)]


@router.post("/products/{product_id}/capacity", status_code=status.HTTP_201_CREATED)
def create_capacity(product_id: int, body: CapacityIn, actor: Actor, uow: Uow) -> CapacityOut:
    made = capacity.create_period(uow, actor, product_id, body.model_dump(exclude_unset=True))
    return wire(CapacityOut, made)


@router.patch("/capacity/{period_id}")
def update_capacity(period_id: int, body: CapacityPatch, actor: Actor, uow: Uow) -> CapacityOut:
    updated = capacity.update_period(uow, actor, period_id, body.version, changes(body))
    return wire(CapacityOut, updated)


@router.delete("/capacity/{period_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_capacity(period_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    capacity.delete_period(uow, actor, period_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/products/{product_id}/capacity/report")
def capacity_report(product_id: int, actor: Actor, uow: Uow) -> list[LoadOut]:
    """Each period's planned effort (estimates of the items due in it) against its capacity."""
    return [_load(x) for x in capacity.report(uow, actor, product_id)]
