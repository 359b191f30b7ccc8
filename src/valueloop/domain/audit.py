"""The audit trail: who changed what on a core record, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor_id: int | None
    at: dt.datetime
    record_type: str
    record_id: int
    action: str
    changes: dict[str, Any]


def plain(value: object) -> object:
    """A JSON-friendly form of a field value (enums by value, dates as ISO text)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def diff(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """Fields whose value differs, as {field: [old, new]} in JSON-friendly form."""
    return {
        name: [plain(before.get(name)), plain(value)]
        for name, value in after.items()
        if plain(before.get(name)) != plain(value)
    }


def snapshot(values: Mapping[str, object]) -> dict[str, list[object]]:
    """A created or deleted record's fields as changes from or to nothing."""
    return {name: [None, plain(value)] for name, value in values.items()}
