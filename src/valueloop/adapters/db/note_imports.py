"""Inserting imported feedback notes in batches: one multi-row statement per batch, so a
million-row file costs a thousand round trips, not a million."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import storable
from valueloop.domain.errors import ValidationFailed


class SqlNoteImports:
    """Batch writes of feedback notes inside the unit of work's transaction; never commits."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def add_many(self, rows: Sequence[Mapping[str, object]]) -> int:
        """Insert `rows` (feedback_notes columns) and return how many were inserted."""
        if not rows:
            return 0
        now = dt.datetime.now(dt.UTC)
        prepared = []
        for row in rows:
            for name, value in row.items():
                if name not in t.feedback_notes.c:
                    raise ValidationFailed(f"unknown field {name}", field=name)
                if not storable(value):
                    raise ValidationFailed(
                        f"{name} holds a value that cannot be stored", field=name
                    )
            prepared.append({"created_at": now, "updated_at": now, "version": 1, **row})
        self._connection.execute(sa.insert(t.feedback_notes), prepared)
        return len(prepared)
