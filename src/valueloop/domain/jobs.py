"""Background jobs (imports, synthesis) with their progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class BackgroundJob:
    """A long-running piece of work and how far it has got."""

    id: int
    kind: str
    product_id: int | None
    status: str
    done: int
    total: int | None
    message: str
    result: Any
    error: str
    created_by: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
