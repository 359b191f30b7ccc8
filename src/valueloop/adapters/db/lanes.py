"""The roadmap's planning writes: lane, lane order and release of items, version-neutral."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import TableRepository
from valueloop.domain.backlog import BacklogItem, Lane
from valueloop.domain.errors import NotFound, ValidationFailed

_PLAN = frozenset({"lane", "lane_rank", "release_id"})


class LaneRepository:
    """Planning is not an edit of the item (like a backlog rank move): no version bump."""

    def __init__(self, connection: sa.Connection, items: TableRepository[BacklogItem]) -> None:
        self._connection = connection
        self._items = items

    def ordered(self, product_id: int, lane: Lane) -> list[tuple[int, str]]:
        items = t.backlog_items
        rows = self._connection.execute(
            sa.select(items.c.id, items.c.lane_rank)
            .where(items.c.product_id == product_id, items.c.lane == lane.value)
            .order_by(items.c.lane_rank, items.c.id)
        )
        return [(row.id, row.lane_rank) for row in rows]

    def set_plan(self, item_id: int, values: Mapping[str, object]) -> BacklogItem:
        unknown = sorted(set(values) - _PLAN)
        if unknown:
            raise ValidationFailed(f"unknown field {unknown[0]}", field=unknown[0])
        plain = {k: (v.value if isinstance(v, Lane) else v) for k, v in values.items()}
        items = t.backlog_items
        done = self._connection.execute(sa.update(items).where(items.c.id == item_id).values(plain))
        if done.rowcount == 0:
            raise NotFound(f"backlog item {item_id} does not exist", field="id")
        return self._items.require(item_id)
