"""What every change to a core record does besides the change: audit it and tell the watchers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from valueloop.domain import audit
from valueloop.domain.collaboration import NotificationKind, RecordType
from valueloop.domain.roles import Principal
from valueloop.services.unit_of_work import UnitOfWork

# Fields that say nothing a person needs in the trail.
# Bookkeeping a change carries along (edited_at: a hand edit of a note) is not itself news.
_QUIET = frozenset({"created_at", "updated_at", "version", "password_hash", "edited_at"})


def now() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def fields_of(record: Any) -> dict[str, object]:
    """A record's fields without the bookkeeping ones."""
    return {k: v for k, v in dataclasses.asdict(record).items() if k not in _QUIET}


# A record kind is a RecordType when people watch and comment on such records; other records
# (releases, capacity, discovery records, ...) are audited under a plain name, with no watchers.
Kind = RecordType | str


def _name(kind: Kind) -> str:
    return kind.value if isinstance(kind, RecordType) else kind


def created(uow: UnitOfWork, actor: Principal, kind: Kind, record: Any) -> None:
    """Audit a new record and make its creator a watcher (of a watchable kind)."""
    logged(uow, actor, _name(kind), record.id, "create", audit.snapshot(fields_of(record)))
    if isinstance(kind, RecordType):
        uow.watches.watch(actor.user_id, kind.value, record.id, now())


def updated(
    uow: UnitOfWork, actor: Principal, kind: Kind, before: Any, after: Any, label: str = ""
) -> None:
    """Audit what changed and notify the record's watchers (not the actor)."""
    changes = audit.diff(fields_of(before), fields_of(after))
    if not changes:
        return
    logged(uow, actor, _name(kind), after.id, "update", changes)
    if isinstance(kind, RecordType):
        what = ", ".join(sorted(changes))
        notify_watchers(uow, actor, kind, after.id, f"{actor.username} changed {what} of {label}")


def logged(
    uow: UnitOfWork,
    actor: Principal,
    record_type: str,
    record_id: int,
    action: str,
    changes: dict[str, Any],
) -> None:
    """Audit an action on a record beyond create, update and delete (estimate, assess, import)."""
    uow.audit.add(
        {
            "actor_id": actor.user_id,
            "at": now(),
            "record_type": record_type,
            "record_id": record_id,
            "action": action,
            "changes": changes,
        }
    )


def deleted(uow: UnitOfWork, actor: Principal, kind: Kind, record: Any, label: str = "") -> None:
    """Audit a removal and tell the watchers, before the record is gone."""
    gone = {k: [v[1], None] for k, v in audit.snapshot(fields_of(record)).items()}
    logged(uow, actor, _name(kind), record.id, "delete", gone)
    if isinstance(kind, RecordType):
        notify_watchers(uow, actor, kind, record.id, f"{actor.username} deleted {label}")


def notify_watchers(
    uow: UnitOfWork,
    actor: Principal,
    kind: RecordType,
    record_id: int,
    message: str,
    *,
    notification: NotificationKind = NotificationKind.CHANGE,
    skip: frozenset[int] = frozenset(),
) -> None:
    """One notification per watcher of the record, except the actor and anyone in `skip`."""
    for user_id in uow.watches.watchers(kind.value, record_id):
        if user_id == actor.user_id or user_id in skip:
            continue
        notify(uow, user_id, actor, kind, record_id, message, notification)


def notify(
    uow: UnitOfWork,
    user_id: int,
    actor: Principal,
    kind: RecordType,
    record_id: int,
    message: str,
    notification: NotificationKind,
) -> None:
    """Write one in-app notification."""
    uow.notifications.add(
        {
            "user_id": user_id,
            "kind": notification,
            "record_type": kind.value,
            "record_id": record_id,
            "actor_id": actor.user_id,
            "message": message[:1000],
            "created_at": now(),
            "read_at": None,
        }
    )
