"""Use cases for the roadmap: moving items between now / next / later, and the roadmap view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain import capacity, dependencies, ranking, roadmap
from valueloop.domain.backlog import BacklogItem, ItemStatus, Lane
from valueloop.domain.capacity import PeriodLoad
from valueloop.domain.dependencies import ItemDependency, OrderWarning, Slot
from valueloop.domain.products import Product
from valueloop.domain.releases import Release
from valueloop.domain.roadmap import LANES, Group, GroupBy, Timeline
from valueloop.domain.roles import Action, Principal
from valueloop.services import capacity as capacity_service
from valueloop.services import changes
from valueloop.services.dependencies import product_edges
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

# Open items not yet on the roadmap, offered to drag in.
UNPLANNED_SHOWN = 100

Lanes = list[tuple[Lane, list[tuple[Group, list[BacklogItem]]]]]


@dataclass(frozen=True, slots=True)
class RoadmapView:
    """Everything the roadmap shows for one product."""

    product: Product
    by: GroupBy
    lanes: Lanes
    unplanned: list[BacklogItem]
    releases: list[Release]
    timeline: Timeline
    dependencies: list[ItemDependency]
    titles: dict[int, str]
    order_warnings: list[OrderWarning]
    loads: list[PeriodLoad]
    capacity_warnings: list[str]

    def blocked_by(self) -> dict[int, list[int]]:
        """Each blocked item's blockers."""
        out: dict[int, list[int]] = {}
        for d in self.dependencies:
            out.setdefault(d.blocked_id, []).append(d.blocker_id)
        return out


def move_to_lane(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    lane: Lane | None,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
) -> BacklogItem:
    """Put an item in a lane, after `after_id` or before `before_id` (neither: at the end of
    the lane); lane None takes it off the roadmap. A move, so the item's version stays."""
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.RANK_BACKLOG, item.product_id)
        if lane is None:
            rank: str | None = None
        else:
            ordered = uow.lanes.ordered(item.product_id, lane)
            rank = ranking.key_among(
                ordered, item_id, after_id=after_id, before_id=before_id, where="that lane"
            )
        moved = uow.lanes.set_plan(item_id, {"lane": lane, "lane_rank": rank})
        changes.logged(
            uow,
            actor,
            "item",
            item_id,
            "move",
            {
                "lane": [item.lane.value if item.lane else None, lane.value if lane else None],
                "lane_rank": [item.lane_rank, rank],
            },
        )
        if lane is not None and rank is not None and len(rank) > ranking.RESPACE_AT:
            ordered = uow.lanes.ordered(item.product_id, lane)
            for (other, _), key in zip(ordered, ranking.initial_keys(len(ordered)), strict=True):
                uow.lanes.set_plan(other, {"lane_rank": key})
            moved = uow.items.require(item_id)
        uow.commit()
        return moved


def view(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    by: GroupBy = GroupBy.NONE,
    today: dt.date | None = None,
) -> RoadmapView:
    """The lanes (grouped), the timeline, dependencies with their warnings, and capacity."""
    today = today or changes.now().date()
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        items = uow.items.list({"product_id": product_id}, order_by=("rank",)).items
        releases = sorted(
            uow.releases.list({"product_id": product_id}).items,
            key=lambda r: (r.target_date is None, r.target_date, r.id),
        )
        goals = {g.id: g.title for g in uow.goals.list({"product_id": product_id}).items}
        initiatives = {
            i.id: i.title for i in uow.initiatives.list({"product_id": product_id}).items
        }
        ids = [i.id for i in items]
        initiative_of = {
            link.item_id: link.initiative_id
            for link in (uow.initiative_items.list({"item_id": ids}).items if ids else [])
        }
        edges = product_edges(uow, ids)
        loads = capacity_service.loads(uow, product_id, today)

    def item_group(item: BacklogItem) -> Group:
        return roadmap.group_of(by, item.goal_id, initiative_of.get(item.id), goals, initiatives)

    def release_group(release: Release) -> Group:
        return roadmap.group_of(by, release.goal_id, release.initiative_id, goals, initiatives)

    lanes: Lanes = []
    for lane in LANES:
        in_lane = sorted(
            (i for i in items if i.lane is lane), key=lambda i: (i.lane_rank or "", i.id)
        )
        lanes.append((lane, roadmap.group_items(in_lane, item_group)))
    open_statuses = (ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS)
    unplanned = [i for i in items if i.lane is None and i.status in open_statuses]
    by_release = {r.id: r for r in releases}
    slots = {
        i.id: Slot(
            roadmap.lane_index(i.lane),
            by_release[i.release_id].target_date if i.release_id in by_release else None,
            i.status in (ItemStatus.DONE, ItemStatus.REJECTED),
        )
        for i in items
    }
    titles = {i.id: i.title for i in items}
    pairs = [(d.blocker_id, d.blocked_id) for d in edges]
    return RoadmapView(
        product=product,
        by=by,
        lanes=lanes,
        unplanned=unplanned[:UNPLANNED_SHOWN],
        releases=releases,
        timeline=roadmap.timeline(releases, release_group),
        dependencies=edges,
        titles=titles,
        order_warnings=dependencies.order_warnings(pairs, slots, titles),
        loads=loads,
        capacity_warnings=[w for w in (capacity.warning(x) for x in loads) if w],
    )


def csv_table(
    uow: UnitOfWork, actor: Principal, product_id: int, by: GroupBy = GroupBy.NONE
) -> tuple[Product, tuple[str, ...], list[list[object]]]:
    """The roadmap as CSV header and rows (cells still to be neutralised by the writer)."""
    shown = view(uow, actor, product_id, by)
    releases = {r.id: r for r in shown.releases}
    return (
        shown.product,
        roadmap.CSV_HEADER,
        roadmap.csv_rows(shown.lanes, releases, shown.blocked_by()),
    )
