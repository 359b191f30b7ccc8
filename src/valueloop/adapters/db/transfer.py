"""Whole-workspace table access for export, import and seeding: every table, every column, in bulk.

The engine differences live here: how each column type travels as JSON, deferring
self-referencing foreign keys, a consistent snapshot on PostgreSQL and resetting its sequences.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, Self

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext

from valueloop.adapters.db.tables import metadata
from valueloop.adapters.db.types import UtcDateTime
from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.domain.errors import ValidationFailed

_BATCH = 1000


def _aware(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("has no timezone")
    return value


def _decoder(column: sa.Column[Any]) -> Callable[[object], object]:
    """How one column's JSON value becomes the Python value the column type binds."""
    kind = column.type

    def typed(check: type | tuple[type, ...], label: str) -> Callable[[object], object]:
        def decode(value: object) -> object:
            # JSON true/false are bools, which Python counts as ints: only Boolean columns take them
            if not isinstance(value, check) or (isinstance(value, bool) and check is not bool):
                raise ValueError(f"is not {label}")
            return value

        return decode

    def parsed(parse: Callable[[str], object], label: str) -> Callable[[object], object]:
        def decode(value: object) -> object:
            if not isinstance(value, str):
                raise ValueError(f"is not {label}")
            try:
                return parse(value)
            except ValueError:
                raise ValueError(f"is not {label}") from None

        return decode

    if isinstance(kind, UtcDateTime):
        return parsed(_aware, "an ISO date-time with a timezone")
    if isinstance(kind, sa.DateTime):
        return parsed(dt.datetime.fromisoformat, "an ISO date-time")
    if isinstance(kind, sa.Date):
        return parsed(dt.date.fromisoformat, "an ISO date (YYYY-MM-DD)")
    if isinstance(kind, sa.Boolean):
        return typed(bool, "true or false")
    if isinstance(kind, sa.Integer):
        return typed(int, "an integer")
    if isinstance(kind, sa.Float | sa.Numeric):  # Float is no Numeric since SQLAlchemy 2.1
        number = typed((int, float), "a number")
        return lambda value: float(number(value))  # type: ignore[arg-type]
    if isinstance(kind, sa.String):
        return typed(str, "text")
    if isinstance(kind, sa.LargeBinary):  # bytes travel as base64 text
        return parsed(lambda text: base64.b64decode(text, validate=True), "base64 text")
    return lambda value: value  # JSON columns take any JSON value


def _encode(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


class SqlTables:
    """Every workspace table on one connection; nothing here commits."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection
        self._tables = {table.name: table for table in metadata.sorted_tables}
        self._deferred: dict[str, list[dict[str, object]]] = {}
        self._decoders: dict[str, list[tuple[sa.Column[Any], Callable[[object], object]]]] = {}

    def _table(self, name: str) -> sa.Table:
        try:
            return self._tables[name]
        except KeyError:
            raise ValidationFailed(f"there is no table {name}", field="table") from None

    def names(self) -> list[str]:
        """Table names with every referenced table before the tables that refer to it."""
        return list(self._tables)

    def columns(self, name: str) -> list[str]:
        return [column.name for column in self._table(name).columns]

    def schema_revision(self) -> str | None:
        return MigrationContext.configure(self._connection).get_current_revision()

    def count(self, name: str) -> int:
        query = sa.select(sa.func.count()).select_from(self._table(name))
        return int(self._connection.execute(query).scalar_one())

    def is_empty(self) -> bool:
        return all(self.count(name) == 0 for name in self._tables)

    def dump(self, name: str) -> Iterator[dict[str, object]]:
        """Every row of a table in primary-key order, as JSON-ready values (dates as ISO text)."""
        table = self._table(name)
        query = sa.select(table).order_by(*table.primary_key.columns)
        result = self._connection.execution_options(yield_per=_BATCH).execute(query)
        for row in result:
            yield {key: _encode(value) for key, value in row._mapping.items()}

    def decode(self, name: str, record: Mapping[str, object]) -> dict[str, object]:
        """A dumped row back in Python values; ValueError names the first bad column."""
        table = self._table(name)
        unknown = [key for key in record if key not in table.c]
        if unknown:
            raise ValueError(f"unknown column {unknown[0]}")
        if name not in self._decoders:
            self._decoders[name] = [(column, _decoder(column)) for column in table.columns]
        row: dict[str, object] = {}
        for column, decode in self._decoders[name]:
            if column.name not in record:
                raise ValueError(f"column {column.name} is missing")
            value = record[column.name]
            if value is None:
                if not column.nullable:
                    raise ValueError(f"column {column.name} must not be null")
                row[column.name] = None
                continue
            try:
                row[column.name] = decode(value)
            except ValueError as error:
                raise ValueError(f"column {column.name} {error}") from None
        return row

    def insert(self, name: str, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert rows as given, ids included; self-references are set in `finish()`."""
        if not rows:
            return
        table = self._table(name)
        own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
        plain: list[dict[str, object]] = []
        for row in rows:
            values = {k: (v.value if isinstance(v, Enum) else v) for k, v in row.items()}
            later = {k: values[k] for k in own if values.get(k) is not None}
            if later:
                # The referenced row may come later in the same table: insert now, link after.
                self._deferred.setdefault(name, []).append({"_id": values["id"], **later})
                values.update(dict.fromkeys(later))
            plain.append(values)
        for start in range(0, len(plain), _BATCH):
            self._execute(sa.insert(table), plain[start : start + _BATCH])

    def finish(self) -> None:
        """Set the deferred self-references and move PostgreSQL sequences past the ids inserted."""
        for name, updates in self._deferred.items():
            table = self._table(name)
            for column in sorted({k for row in updates for k in row if k != "_id"}):
                rows = [{"_id": r["_id"], "_value": r[column]} for r in updates if column in r]
                statement = (
                    sa.update(table)
                    .where(table.c.id == sa.bindparam("_id"))
                    .values({column: sa.bindparam("_value")})
                )
                self._execute(statement, rows)
        self._deferred.clear()
        if self._connection.dialect.name == "postgresql":
            self._reset_sequences()

    def _reset_sequences(self) -> None:
        for table in self._tables.values():
            keys = list(table.primary_key.columns)
            if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
                continue
            # The next id is one past the largest present (1 for an empty table).
            largest = sa.select(sa.func.max(keys[0])).scalar_subquery()
            sequence = sa.func.pg_get_serial_sequence(table.name, keys[0].name)
            self._connection.execute(
                sa.select(sa.func.setval(sequence, sa.func.coalesce(largest, 0) + 1, False))
            )

    def clear(self) -> None:
        """Delete every row of every table, children first."""
        for table in reversed(list(self._tables.values())):
            self._connection.execute(sa.delete(table))
        self._deferred.clear()

    def _execute(self, statement: sa.Executable, rows: list[dict[str, object]]) -> None:
        try:
            self._connection.execute(statement, rows)
        except sa.exc.IntegrityError as error:
            detail = str(error.orig).strip().splitlines()[0]
            raise ValidationFailed(f"rows break a storage rule ({detail})") from None
        except sa.exc.StatementError as error:
            detail = str(error.orig or error).strip().splitlines()[0]
            raise ValidationFailed(f"rows cannot be stored ({detail})") from None


class SqlBulkUnitOfWork(SqlUnitOfWork):
    """A unit of work that also offers `tables`; on PostgreSQL it reads one consistent snapshot."""

    def __init__(self, engine: sa.Engine) -> None:
        if engine.dialect.name == "postgresql":
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        super().__init__(engine)

    def __enter__(self) -> Self:
        super().__enter__()
        self.tables = SqlTables(self.connection)
        return self
