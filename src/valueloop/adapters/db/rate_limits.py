"""Fixed-window hit counters for rate limits: one row per hashed key and window start."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from valueloop.adapters.db import tables as t


class RateLimitRepository:
    """Counts hits with one upsert each, so concurrent requests never lose a count."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def hit(self, key: str, window_start: dt.datetime) -> int:
        table = t.rate_limit_hits
        # Both engines spell the upsert the same way, but SQLAlchemy keeps it per dialect.
        dialect = sqlite if self._connection.dialect.name == "sqlite" else postgresql
        statement = (
            dialect.insert(table)
            .values(key=key, window_start=window_start, count=1)
            .on_conflict_do_update(
                index_elements=[table.c.key, table.c.window_start],
                set_={"count": table.c.count + 1},
            )
            .returning(table.c.count)
        )
        return int(self._connection.execute(statement).scalar_one())

    def purge(self, before: dt.datetime) -> int:
        table = t.rate_limit_hits
        result = self._connection.execute(sa.delete(table).where(table.c.window_start < before))
        return int(result.rowcount or 0)
