"""Dependencies between backlog items (blocks / blocked by)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ItemDependency:
    """`blocker_id` blocks `blocked_id`."""

    id: int
    blocker_id: int
    blocked_id: int
    created_by: int | None
    created_at: dt.datetime
