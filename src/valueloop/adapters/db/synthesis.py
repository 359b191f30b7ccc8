"""Set-based reads and writes for synthesis: stored note vectors, theme members, evidence.

A run touches thousands of notes at once, so these work on lists of ids in chunks (SQLite
allows a few thousand bound parameters per statement) instead of one row at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import TableRepository, evidence_row, linked_evidence
from valueloop.domain.feedback import Importance, LinkedEvidence
from valueloop.domain.themes import NoteVector
from valueloop.services.unit_of_work import Page

CHUNK = 900


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


class NoteVectorRepository:
    """note_vectors, keyed by note id (the table has no id column of its own)."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def for_notes(self, note_ids: Sequence[int]) -> dict[int, NoteVector]:
        table = t.note_vectors
        found: dict[int, NoteVector] = {}
        for chunk in _chunks(note_ids):
            query = sa.select(table).where(table.c.note_id.in_(chunk))
            for row in self._connection.execute(query):
                found[row.note_id] = NoteVector(**row._mapping)
        return found

    def save_many(self, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert or replace the vectors of these notes."""
        if not rows:
            return
        table = t.note_vectors
        for chunk in _chunks([int(str(row["note_id"])) for row in rows]):
            self._connection.execute(sa.delete(table).where(table.c.note_id.in_(chunk)))
        self._connection.execute(sa.insert(table), [dict(row) for row in rows])

    def count(self) -> int:
        query = sa.select(sa.func.count()).select_from(t.note_vectors)
        return int(self._connection.execute(query).scalar_one())


class ThemeMemberRepository(TableRepository[Any]):
    def add_many(self, rows: Sequence[Mapping[str, object]]) -> None:
        if rows:
            self._connection.execute(sa.insert(t.theme_members), [dict(row) for row in rows])

    def delete_unpinned(self, theme_ids: Sequence[int]) -> None:
        members = t.theme_members
        for chunk in _chunks(theme_ids):
            self._connection.execute(
                sa.delete(members).where(members.c.theme_id.in_(chunk), ~members.c.pinned)
            )

    def of_product(self, product_id: int) -> list[tuple[int, int, float, bool]]:
        """(theme id, note id, similarity, pinned) of every member of the product's themes."""
        members, themes = t.theme_members, t.themes
        query = (
            sa.select(members.c.theme_id, members.c.note_id, members.c.similarity, members.c.pinned)
            .join(themes, themes.c.id == members.c.theme_id)
            .where(themes.c.product_id == product_id)
            .order_by(members.c.theme_id, members.c.note_id)
        )
        return [
            (int(row[0]), int(row[1]), float(row[2]), bool(row[3]))
            for row in self._connection.execute(query)
        ]

    def dates(self, theme_ids: Sequence[int]) -> dict[int, list[dt.date]]:
        """The date each member note was received, per theme."""
        members, notes = t.theme_members, t.feedback_notes
        found: dict[int, list[dt.date]] = {theme_id: [] for theme_id in theme_ids}
        for chunk in _chunks(theme_ids):
            query = (
                sa.select(members.c.theme_id, notes.c.received_on)
                .join(notes, notes.c.id == members.c.note_id)
                .where(members.c.theme_id.in_(chunk))
            )
            for theme_id, received_on in self._connection.execute(query):
                found[theme_id].append(received_on)
        return found

    def evidence(self, theme_ids: Sequence[int]) -> dict[int, list[LinkedEvidence]]:
        """Each theme's member notes as evidence; a note's importance is the highest it was
        linked with to an item or opportunity, "nice to have" when it was never linked."""
        members, notes, customers = t.theme_members, t.feedback_notes, t.customers
        levels = (
            sa.select(t.feedback_links.c.note_id, t.feedback_links.c.importance)
            .union_all(sa.select(t.opportunity_links.c.note_id, t.opportunity_links.c.importance))
            .subquery()
        )
        best = (
            sa.select(levels.c.note_id, sa.func.max(levels.c.importance).label("importance"))
            .group_by(levels.c.note_id)
            .subquery()
        )
        found: dict[int, list[LinkedEvidence]] = {theme_id: [] for theme_id in theme_ids}
        for chunk in _chunks(theme_ids):
            query = (
                sa.select(
                    members.c.theme_id,
                    notes.c.id,
                    notes.c.received_on,
                    notes.c.customer_id,
                    sa.func.coalesce(best.c.importance, int(Importance.NICE_TO_HAVE)).label(
                        "importance"
                    ),
                    sa.func.coalesce(customers.c.arr, 0.0).label("arr"),
                    sa.func.coalesce(customers.c.segment, "").label("segment"),
                )
                .join(notes, notes.c.id == members.c.note_id)
                .outerjoin(best, best.c.note_id == notes.c.id)
                .outerjoin(customers, customers.c.id == notes.c.customer_id)
                .where(members.c.theme_id.in_(chunk))
            )
            for row in self._connection.execute(query):
                found[row.theme_id].append(evidence_row(row, row.id))
        return found


class OpportunityEvidence:
    """Opportunity links seen as evidence, the way LinkRepository sees item links."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def evidence_for_opportunities(
        self, opportunity_ids: Sequence[int]
    ) -> dict[int, list[LinkedEvidence]]:
        return linked_evidence(
            self._connection, t.opportunity_links, "opportunity_id", opportunity_ids
        )


class SuggestionRepository(TableRepository[Any]):
    def for_notes(self, note_ids: Sequence[int]) -> list[Any]:
        """Every suggestion (any status) for these notes."""
        table = t.suggestions
        found: list[Any] = []
        for chunk in _chunks(note_ids):
            query = sa.select(table).where(table.c.note_id.in_(chunk)).order_by(table.c.id)
            found.extend(self._to_record(row) for row in self._connection.execute(query))
        return found

    def add_many(self, rows: Sequence[Mapping[str, object]]) -> None:
        if rows:
            self._connection.execute(sa.insert(t.suggestions), [dict(row) for row in rows])

    def delete_many(self, suggestion_ids: Sequence[int]) -> None:
        table = t.suggestions
        for chunk in _chunks(suggestion_ids):
            self._connection.execute(sa.delete(table).where(table.c.id.in_(chunk)))

    def of_product(
        self,
        product_id: int,
        *,
        kinds: Sequence[str],
        status: str,
        limit: int | None,
        offset: int,
    ) -> Page[Any]:
        """A product's suggestions of these kinds and status, best score first."""
        table, notes = t.suggestions, t.feedback_notes
        clauses = [
            notes.c.product_id == product_id,
            table.c.kind.in_(list(kinds)),
            table.c.status == status,
        ]
        base = sa.select(table).join(notes, notes.c.id == table.c.note_id).where(*clauses)
        query = base.order_by(table.c.score.desc(), table.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        items = [self._to_record(row) for row in self._connection.execute(query)]
        count = sa.select(sa.func.count()).select_from(base.subquery())
        total = int(self._connection.execute(count).scalar_one())
        return Page(items=items, total=total, limit=limit, offset=offset)
