"""Repositories over SQLAlchemy Core: rows in, domain values out; they never commit."""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.domain.accounts import ApiToken, User, WebSession
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import Conflict, NotFound, ValidationFailed
from valueloop.domain.feedback import Importance, LinkedEvidence
from valueloop.services.unit_of_work import Filters, Page

T = TypeVar("T")


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How to turn a column value into the dataclass field's type (enums only need it)."""
    options = (
        typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    )
    for option in options:
        if isinstance(option, type) and issubclass(option, Enum):
            enum_type = option
            return lambda value: None if value is None else enum_type(value)
    return None


_Layout = tuple[list[str], dict[str, Callable[[Any], Any]]]
_layouts: dict[tuple[sa.Table, type[Any]], _Layout] = {}


def _layout(table: sa.Table, record: type[Any]) -> _Layout:
    """The record's fields that are columns, and converters for the enum ones.

    Cached: a unit of work builds every repository on entry, and resolving the (string)
    annotations with typing.get_type_hints took three quarters of a small request's time.
    """
    key = (table, record)
    if key not in _layouts:
        hints = typing.get_type_hints(record)
        fields = [name for name in hints if name in table.c]
        converters = {
            name: conv for name in fields if (conv := _converter(hints[name])) is not None
        }
        _layouts[key] = (fields, converters)
    return _layouts[key]


class TableRepository(Generic[T]):
    """Generic get/add/update/delete/list for one table mapped onto one frozen dataclass."""

    def __init__(
        self, connection: sa.Connection, table: sa.Table, record: type[T], noun: str
    ) -> None:
        self._connection = connection
        self._table = table
        self._record = record
        self._noun = noun
        self._fields, self._converters = _layout(table, record)
        self._versioned = "version" in table.c

    def _to_record(self, row: sa.Row[Any]) -> T:
        mapping = row._mapping
        values = {name: mapping[name] for name in self._fields}
        for name, convert in self._converters.items():
            values[name] = convert(values[name])
        return self._record(**values)

    def _plain(self, values: Mapping[str, object]) -> dict[str, object]:
        unknown = [name for name in values if name not in self._table.c]
        if unknown:
            raise ValidationFailed(f"unknown field {unknown[0]}", field=unknown[0])
        for name, value in values.items():
            if not storable(value):
                raise ValidationFailed(f"{name} holds a value that cannot be stored", field=name)
        return {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()}

    def get(self, record_id: int) -> T | None:
        if not storable(record_id):
            return None
        row = self._connection.execute(
            sa.select(self._table).where(self._table.c.id == record_id)
        ).first()
        return None if row is None else self._to_record(row)

    def require(self, record_id: int) -> T:
        record = self.get(record_id)
        if record is None:
            raise NotFound(f"{self._noun} {record_id} does not exist", field="id")
        return record

    def add(self, values: Mapping[str, object]) -> T:
        row = self._plain(values)
        now = dt.datetime.now(dt.UTC)
        for stamp in ("created_at", "updated_at"):
            if stamp in self._table.c:
                row.setdefault(stamp, now)
        if self._versioned:
            row.setdefault("version", 1)
        try:
            inserted = self._connection.execute(
                sa.insert(self._table).values(row).returning(self._table)
            ).one()
        except sa.exc.IntegrityError as error:
            raise _integrity(self._noun, error) from None
        return self._to_record(inserted)

    def update(
        self, record_id: int, expected_version: int | None, values: Mapping[str, object]
    ) -> T:
        row = self._plain(values)
        statement = sa.update(self._table).where(self._table.c.id == record_id)
        if self._versioned:
            row["version"] = self._table.c.version + 1
            row.setdefault("updated_at", dt.datetime.now(dt.UTC))
            if expected_version is not None:
                statement = statement.where(self._table.c.version == expected_version)
        updated = None
        if storable(record_id) and storable(expected_version):
            try:
                updated = self._connection.execute(
                    statement.values(row).returning(self._table)
                ).first()
            except sa.exc.IntegrityError as error:
                raise _integrity(self._noun, error) from None
        if updated is None:
            raise self._conflict(record_id, expected_version)
        return self._to_record(updated)

    def _conflict(self, record_id: int, expected_version: int | None) -> Conflict:
        """NotFound when the record is gone; otherwise the Conflict naming both versions."""
        current = self.require(record_id)
        return Conflict(
            f"{self._noun} {record_id} was changed by someone else "
            f"(you edited version {expected_version}, it is now at version "
            f"{getattr(current, 'version', '?')}); reload and apply your change again",
            field="version",
        )

    def delete(self, record_id: int, expected_version: int | None = None) -> None:
        if not storable(record_id):
            return
        statement = sa.delete(self._table).where(self._table.c.id == record_id)
        if self._versioned and expected_version is not None:
            if not storable(expected_version):
                raise self._conflict(record_id, expected_version)
            statement = statement.where(self._table.c.version == expected_version)
        if self._connection.execute(statement).rowcount == 0 and expected_version is not None:
            raise self._conflict(record_id, expected_version)

    def _where(self, where: Filters | None) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        for name, value in (where or {}).items():
            if name not in self._table.c:
                raise ValidationFailed(f"cannot filter on {name}", field=name)
            column = self._table.c[name]
            if value is None:
                clauses.append(column.is_(None))
            elif isinstance(value, list | tuple | set | frozenset):
                present = [
                    v.value if isinstance(v, Enum) else v
                    for v in value
                    if v is not None and storable(v)
                ]
                clause = column.in_(present)
                clauses.append(sa.or_(clause, column.is_(None)) if None in value else clause)
            elif not storable(value):
                clauses.append(sa.false())  # nothing stored can equal it
            else:
                clauses.append(column == (value.value if isinstance(value, Enum) else value))
        return clauses

    def list(
        self,
        where: Filters | None = None,
        *,
        search: tuple[Sequence[str], str] | None = None,
        order_by: Sequence[str] = ("id",),
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[T]:
        clauses = self._where(where)
        if search is not None and not storable(search[1]):
            clauses.append(sa.false())
        elif search is not None and search[1].strip():
            pattern = "%" + _escape_like(search[1].strip().lower()) + "%"
            clauses.append(
                sa.or_(
                    *(sa.func.lower(self._table.c[c]).like(pattern, escape="\\") for c in search[0])
                )
            )
        ordering = []
        for key in order_by:
            name = key.lstrip("-")
            if name not in self._table.c:
                raise ValidationFailed(f"cannot sort by {name}", field="sort")
            column = self._table.c[name]
            ordering.append(column.desc() if key.startswith("-") else column.asc())
        if "id" not in [k.lstrip("-") for k in order_by]:
            ordering.append(self._table.c.id.asc())
        query = sa.select(self._table).where(*clauses).order_by(*ordering).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        items = [self._to_record(row) for row in self._connection.execute(query)]
        whole = limit is None and offset == 0
        total = len(items) if whole else self.count_where(clauses)
        return Page(items=items, total=total, limit=limit, offset=offset)

    def count_where(self, clauses: Sequence[sa.ColumnElement[bool]]) -> int:
        query = sa.select(sa.func.count()).select_from(self._table).where(*clauses)
        return int(self._connection.execute(query).scalar_one())

    def count(self, where: Filters | None = None) -> int:
        return self.count_where(self._where(where))


# Integer columns are 32-bit on PostgreSQL, SQLite's are 64-bit: a larger number names no row.
_INT_RANGE = range(-(2**31), 2**31)


def storable(value: object) -> bool:
    """Whether every engine can take `value` as a parameter.

    Out of range integers, NUL characters (PostgreSQL refuses them in text) and lone
    surrogates (not encodable as UTF-8) would otherwise fail inside the driver as a 500.
    """
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return value in _INT_RANGE
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode()
        except UnicodeEncodeError:
            return False
    return True


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _integrity(noun: str, error: sa.exc.IntegrityError) -> Exception:
    message = str(error.orig).lower()
    if "unique" in message or "duplicate" in message:
        return Conflict(f"a {noun} with these values already exists", field=None)
    if "foreign key" in message:
        return ValidationFailed(f"the {noun} refers to a record that does not exist", field=None)
    return ValidationFailed(f"the {noun} breaks a storage rule", field=None)


class UserRepository(TableRepository[User]):
    def by_username(self, username: str) -> User | None:
        if not storable(username):
            return None
        row = self._connection.execute(
            sa.select(t.users).where(t.users.c.username == username.lower())
        ).first()
        return None if row is None else self._to_record(row)

    def by_usernames(self, usernames: Sequence[str]) -> list[User]:
        if not usernames:
            return []
        rows = self._connection.execute(
            sa.select(t.users).where(
                t.users.c.username.in_([u.lower() for u in usernames if storable(u)])
            )
        )
        return [self._to_record(row) for row in rows]


class TokenRepository(TableRepository[ApiToken]):
    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._connection.execute(
            sa.select(t.api_tokens).where(t.api_tokens.c.token_hash == token_hash)
        ).first()
        return None if row is None else self._to_record(row)


class SessionRepository(TableRepository[WebSession]):
    def by_hash(self, token_hash: str) -> WebSession | None:
        row = self._connection.execute(
            sa.select(t.web_sessions).where(t.web_sessions.c.token_hash == token_hash)
        ).first()
        return None if row is None else self._to_record(row)

    def delete_expired(self, now: dt.datetime) -> int:
        result = self._connection.execute(
            sa.delete(t.web_sessions).where(t.web_sessions.c.expires_at < now)
        )
        return result.rowcount


class ItemRepository(TableRepository[BacklogItem]):
    def neighbours(self, product_id: int, rank: str) -> tuple[str | None, str | None]:
        items = t.backlog_items
        before = self._connection.execute(
            sa.select(sa.func.max(items.c.rank)).where(
                items.c.product_id == product_id, items.c.rank < rank
            )
        ).scalar()
        after = self._connection.execute(
            sa.select(sa.func.min(items.c.rank)).where(
                items.c.product_id == product_id, items.c.rank > rank
            )
        ).scalar()
        return before, after

    def set_rank(self, item_id: int, rank: str) -> BacklogItem:
        items = t.backlog_items
        row = self._connection.execute(
            sa.update(items).where(items.c.id == item_id).values(rank=rank).returning(items)
        ).first()
        if row is None:
            raise NotFound(f"backlog item {item_id} does not exist", field="id")
        return self._to_record(row)

    def last_rank(self, product_id: int) -> str | None:
        items = t.backlog_items
        return self._connection.execute(
            sa.select(sa.func.max(items.c.rank)).where(items.c.product_id == product_id)
        ).scalar()


def linked_evidence(
    connection: sa.Connection, links: sa.Table, target: str, target_ids: Sequence[int]
) -> dict[int, list[LinkedEvidence]]:
    """Each target's evidence links (a links table with `note_id`, `importance` and the `target`
    column) with the note's date and the customer's ARR and segment; ids in chunks, so a whole
    backlog's worth stays under the engines' parameter limits."""
    notes, customers = t.feedback_notes, t.customers
    column = links.c[target]
    found: dict[int, list[LinkedEvidence]] = {target_id: [] for target_id in target_ids}
    unique = sorted(set(target_ids))
    for start in range(0, len(unique), _ID_CHUNK):
        query = (
            sa.select(
                links.c.id,
                column.label("target_id"),
                links.c.importance,
                notes.c.received_on,
                notes.c.customer_id,
                sa.func.coalesce(customers.c.arr, 0.0).label("arr"),
                sa.func.coalesce(customers.c.segment, "").label("segment"),
            )
            .join(notes, notes.c.id == links.c.note_id)
            .outerjoin(customers, customers.c.id == notes.c.customer_id)
            .where(column.in_(unique[start : start + _ID_CHUNK]))
        )
        for row in connection.execute(query):
            found[row.target_id].append(evidence_row(row, row.id))
    return found


def evidence_row(row: Any, link_id: int) -> LinkedEvidence:
    """A row with received_on, customer_id, importance, arr and segment, as evidence."""
    return LinkedEvidence(
        link_id=link_id,
        received_on=row.received_on,
        customer_id=row.customer_id,
        importance=Importance(int(row.importance)),
        customer_arr=float(row.arr),
        customer_segment=row.segment,
    )


_ID_CHUNK = 5000


class LinkRepository(TableRepository[Any]):
    def evidence_for_items(self, item_ids: Sequence[int]) -> dict[int, list[LinkedEvidence]]:
        return linked_evidence(self._connection, t.feedback_links, "item_id", item_ids)


class ObservationRepository(TableRepository[Any]):
    def latest_by_measure(self, measure_ids: Sequence[int]) -> dict[int, float]:
        obs = t.observations
        ranked = (
            sa.select(
                obs.c.measure_id,
                obs.c.value,
                sa.func.row_number()
                .over(
                    partition_by=obs.c.measure_id,
                    order_by=(obs.c.observed_on.desc(), obs.c.id.desc()),
                )
                .label("n"),
            )
            .where(obs.c.measure_id.in_(list(measure_ids)))
            .subquery()
        )
        rows = self._connection.execute(
            sa.select(ranked.c.measure_id, ranked.c.value).where(ranked.c.n == 1)
        )
        return {row.measure_id: float(row.value) for row in rows}

    def replace_series(
        self, measure_id: int, source: str, rows: Sequence[tuple[dt.date, float, str]]
    ) -> int:
        obs = t.observations
        self._connection.execute(
            sa.delete(obs).where(obs.c.measure_id == measure_id, obs.c.source == source)
        )
        if rows:
            now = dt.datetime.now(dt.UTC)
            self._connection.execute(
                sa.insert(obs),
                [
                    {
                        "measure_id": measure_id,
                        "observed_on": day,
                        "value": value,
                        "source": source,
                        "note": note,
                        "created_at": now,
                    }
                    for day, value, note in rows
                ],
            )
        return len(rows)


class WatchRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def watchers(self, record_type: str, record_id: int) -> list[int]:
        w = t.watches
        rows = self._connection.execute(
            sa.select(w.c.user_id).where(w.c.record_type == record_type, w.c.record_id == record_id)
        )
        return [row.user_id for row in rows]

    def is_watching(self, user_id: int, record_type: str, record_id: int) -> bool:
        w = t.watches
        return (
            self._connection.execute(
                sa.select(w.c.id).where(
                    w.c.user_id == user_id,
                    w.c.record_type == record_type,
                    w.c.record_id == record_id,
                )
            ).first()
            is not None
        )

    def watch(self, user_id: int, record_type: str, record_id: int, now: dt.datetime) -> None:
        if not self.is_watching(user_id, record_type, record_id):
            self._connection.execute(
                sa.insert(t.watches).values(
                    user_id=user_id, record_type=record_type, record_id=record_id, created_at=now
                )
            )

    def unwatch(self, user_id: int, record_type: str, record_id: int) -> None:
        w = t.watches
        self._connection.execute(
            sa.delete(w).where(
                w.c.user_id == user_id, w.c.record_type == record_type, w.c.record_id == record_id
            )
        )


class SurveyRepository(TableRepository[Any]):
    def tallies(self, product_id: int, survey: str) -> list[tuple[dt.date, float, int]]:
        r = t.survey_responses
        value = r.c.desired - r.c.current if survey == "gap" else r.c.score
        query = (
            sa.select(r.c.responded_on, value.label("value"), sa.func.count().label("n"))
            .where(r.c.product_id == product_id, r.c.survey == survey, value.is_not(None))
            .group_by(r.c.responded_on, value)
        )
        return [
            (row.responded_on, float(row.value), int(row.n))
            for row in self._connection.execute(query)
        ]
