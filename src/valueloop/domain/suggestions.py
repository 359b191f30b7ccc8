"""Suggestions for a note (a link to an item or opportunity, or a duplicate) and their fate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested link or duplicate for a note, and what a person decided."""

    id: int
    note_id: int
    kind: str
    target_id: int
    score: float
    status: str
    decided_by: int | None
    decided_at: dt.datetime | None
    created_at: dt.datetime
