"""Set-based reads for scoring a whole backlog: columns (numpy arrays), never a query per item.

A 100,000-item backlog with a million feedback links is read in a handful of grouped queries.
The links travel as one row whose columns are aggregated into comma-separated text (and the
notes as one row for the whole workspace), which numpy parses in one call each: turning a
million result rows into Python tuples would cost more than the rest of scoring together. The
arithmetic (confidence, each customer's latest importance) is left to the domain. Date
arithmetic differs between SQLite and PostgreSQL and lives here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import storable
from valueloop.domain.backlog_scores import positions
from valueloop.services.unit_of_work import (
    BacklogFrame,
    CustomerColumns,
    EstimateColumns,
    EvidenceLinks,
)

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]


def _floats(values: Sequence[Any], size: int) -> Floats:
    """Numbers (None: NaN) as a float column; numpy converts the whole sequence in C."""
    return np.array(values, dtype=np.float64) if size else np.empty(0)


def _ints(values: Sequence[Any], size: int, missing: int = -1) -> Ints:
    """Integer ids (None: `missing`); ids stay exact in a float64 (below 2⁵³)."""
    numbers = _floats(values, size)
    return np.where(np.isnan(numbers), missing, numbers).astype(np.int64)


def _parsed(joined: Iterable[str | None]) -> Ints:
    """Integers from comma-separated texts, in order."""
    text = ",".join(part for part in joined if part)
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, np.int64)


def _joined(column: sa.ColumnElement[Any], sqlite: bool) -> sa.ColumnElement[str]:
    """The group's values of an integer column as comma-separated text (group_concat or
    string_agg). Aggregates of one query see the rows in the same order, so the lists line up.
    SQLite's group_concat writes integers itself (a cast per value costs 10%); string_agg
    takes text only."""
    return sa.func.aggregate_strings(column if sqlite else sa.cast(column, sa.String), ",")


class SqlScoringQueries:
    """The scoring reads on one connection; nothing here writes."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection
        self._sqlite = connection.dialect.name == "sqlite"

    def _rows(self, query: sa.Executable) -> list[tuple[Any, ...]]:
        """The result's rows as the driver returns them: plain tuples of ints, floats and text
        (building SQLAlchemy rows for 100,000 results costs more than the query)."""
        result = self._connection.execute(query)
        rows = list(result.cursor.fetchall()) if result.cursor else []
        result.close()
        return rows

    def _item_ids(self, product_id: int) -> sa.Select[Any]:
        items = t.backlog_items
        return sa.select(items.c.id).where(items.c.product_id == product_id)

    def _days_before(self, today: dt.date, day: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """Whole days from `day` to `today` (negative for later days)."""
        if self._sqlite:
            return sa.cast(
                sa.func.julianday(today.isoformat()) - sa.func.julianday(day), sa.Integer
            )
        return sa.literal(today, sa.Date) - day

    def backlog(self, product_id: int, statuses: Sequence[str] | None) -> BacklogFrame:
        items, held, initiatives = t.backlog_items, t.initiative_items, t.initiatives
        query = (
            sa.select(items.c.id, items.c.goal_id, initiatives.c.goal_id, items.c.estimate)
            .outerjoin(held, held.c.item_id == items.c.id)
            .outerjoin(initiatives, initiatives.c.id == held.c.initiative_id)
            .where(items.c.product_id == product_id)
            .order_by(items.c.rank, items.c.id)
        )
        if statuses is not None:
            query = query.where(items.c.status.in_([s for s in statuses if storable(s)]))
        rows = self._rows(query)
        ids, goals, initiative_goals, estimates = zip(*rows, strict=True) if rows else [()] * 4
        return BacklogFrame(
            ids=_ints(ids, len(rows)),
            goal_ids=_ints(goals, len(rows)),
            initiative_goal_ids=_ints(initiative_goals, len(rows)),
            estimates=_floats(estimates, len(rows)),
        )

    def estimate_columns(
        self, product_id: int, fields: Sequence[str], *, ranges: bool = False
    ) -> EstimateColumns:
        estimates = t.item_estimates
        wanted = [name for name in dict.fromkeys(fields) if storable(name)]
        parts = ("likely", "low", "high", "distribution") if ranges else ("likely",)
        if not wanted:
            return EstimateColumns(np.empty(0, np.int64), {}, {}, {}, {})
        # One row per item with a column per field and part (a pivot by CASE).
        selected = [
            sa.func.max(sa.case((estimates.c.field == name, estimates.c[part])))
            for name in wanted
            for part in parts
        ]
        query = (
            sa.select(estimates.c.item_id, *selected)
            .where(
                estimates.c.item_id.in_(self._item_ids(product_id)),
                estimates.c.field.in_(wanted),
            )
            .group_by(estimates.c.item_id)
        )
        rows = self._rows(query)
        columns = list(zip(*rows, strict=True)) if rows else [()] * (1 + len(parts) * len(wanted))
        found: dict[str, dict[str, Any]] = {part: {} for part in ("likely", "low", "high")}
        distribution: dict[str, Sequence[str | None]] = {}
        for index, name in enumerate(wanted):
            for offset, part in enumerate(parts):
                values = columns[1 + index * len(parts) + offset]
                if part == "distribution":
                    distribution[name] = list(values)
                else:
                    found[part][name] = _floats(values, len(rows))
        return EstimateColumns(
            _ints(columns[0], len(rows)), found["likely"], found["low"], found["high"], distribution
        )

    def estimate_fields(self, product_id: int) -> list[str]:
        estimates = t.item_estimates
        query = (
            sa.select(estimates.c.field)
            .where(estimates.c.item_id.in_(self._item_ids(product_id)))
            .distinct()
            .order_by(estimates.c.field)
        )
        return list(self._connection.execute(query).scalars())

    def overrides(self, product_id: int) -> dict[int, float]:
        priorities = t.item_priorities
        query = sa.select(priorities.c.item_id, priorities.c.confidence_override).where(
            priorities.c.item_id.in_(self._item_ids(product_id)),
            priorities.c.confidence_override.is_not(None),
        )
        return {row[0]: float(row[1]) for row in self._connection.execute(query)}

    def evidence_sources(self) -> list[str]:
        notes = t.feedback_notes
        query = sa.select(notes.c.source).distinct().order_by(notes.c.source)
        return list(self._connection.execute(query).scalars())

    def segments(self) -> list[str]:
        customers = t.customers
        query = sa.select(customers.c.segment).distinct().order_by(customers.c.segment)
        return [s for s in self._connection.execute(query).scalars() if s]

    def evidence_links(
        self, product_id: int, *, today: dt.date, kinds: Mapping[str, int], customers: bool = True
    ) -> EvidenceLinks:
        notes, links = t.feedback_notes, t.feedback_links
        # Importance and link ids (for each customer's latest word) only when they are wanted.
        wanted = [links.c.note_id, *((links.c.importance, links.c.id) if customers else ())]
        item_ids_per_link, columns = self._link_lists(product_id, wanted)
        empty = np.empty(0, np.int64)
        if not item_ids_per_link.size:
            return EvidenceLinks(empty, empty, empty, empty, empty, empty)
        note_ids = columns[0]
        # Every note's kind, age and customer, as three lists in one row.
        groups: dict[int, list[str]] = {}
        for source, position in kinds.items():
            if position and storable(source):
                groups.setdefault(position, []).append(source)
        kind: sa.ColumnElement[Any] = (
            sa.case(*((notes.c.source.in_(s), k) for k, s in groups.items()), else_=0)
            if groups
            else sa.literal(0)
        )
        every_note = sa.select(
            _joined(notes.c.id, self._sqlite),
            _joined(kind, self._sqlite),
            _joined(self._days_before(today, notes.c.received_on), self._sqlite),
            _joined(sa.func.coalesce(notes.c.customer_id, -1), self._sqlite),
        )
        ids, note_kinds, ages, customer_ids = (
            _parsed([text]) for text in self._rows(every_note)[0]
        )
        at = positions(ids, note_ids)
        return EvidenceLinks(
            item_ids=item_ids_per_link,
            link_ids=columns[2] if customers else empty,
            importance=columns[1] if customers else empty,
            kinds=note_kinds[at],
            age_days=ages[at],
            customer_ids=customer_ids[at] if customers else empty,
        )

    def _link_lists(
        self, product_id: int, wanted: Sequence[sa.ColumnElement[Any]]
    ) -> tuple[Ints, list[Ints]]:
        """The item id of each link of the product's items and the `wanted` link columns, read
        from the (item, note, importance, id) index alone and sent as one row of lists."""
        links = t.feedback_links
        mine = links.c.item_id.in_(self._item_ids(product_id))
        if self._sqlite:
            # One flat aggregate: a row per item (then joined in Python) cost twice as much.
            every = sa.select(*(_joined(c, True) for c in (links.c.item_id, *wanted))).where(mine)
            item_ids, *columns = (_parsed([text]) for text in self._rows(every)[0])
            return item_ids, columns
        # PostgreSQL merge-joins the index with the items only when grouping by item (a flat
        # aggregate hash-joins a scan of the whole table, 40% slower); the groups' lists are
        # then joined into one row on the server.
        groups = (
            sa.select(
                links.c.item_id,
                sa.func.count().label("links"),
                *(_joined(c, False).label(f"c{i}") for i, c in enumerate(wanted)),
            )
            .where(mine)
            .group_by(links.c.item_id)
            .subquery()
        )
        every = sa.select(*(_joined(c, False) for c in groups.c))
        item_ids, counts, *columns = (_parsed([text]) for text in self._rows(every)[0])
        return np.repeat(item_ids, counts), columns

    def customer_columns(self) -> CustomerColumns:
        customers = t.customers
        rows = self._rows(sa.select(customers.c.id, customers.c.arr, customers.c.segment))
        ids, arr, segments = zip(*rows, strict=True) if rows else [(), (), ()]
        return CustomerColumns(_ints(ids, len(rows)), _floats(arr, len(rows)), list(segments))

    def evidence_pieces(self, item_ids: Sequence[int]) -> dict[int, list[tuple[str, dt.date]]]:
        notes, links = t.feedback_notes, t.feedback_links
        wanted = [i for i in item_ids if storable(i)]
        result: dict[int, list[tuple[str, dt.date]]] = {i: [] for i in wanted}
        if not wanted:
            return result
        query = (
            sa.select(links.c.item_id, notes.c.source, notes.c.received_on)
            .join(notes, notes.c.id == links.c.note_id)
            .where(links.c.item_id.in_(wanted))
            .order_by(links.c.item_id, links.c.id)
        )
        for item_id, source, received_on in self._connection.execute(query):
            result[item_id].append((source, received_on))
        return result
