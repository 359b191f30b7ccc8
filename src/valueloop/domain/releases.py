"""Releases and milestones on a product's roadmap timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Release:
    """A release or milestone with a target date."""

    id: int
    product_id: int
    name: str
    kind: str
    target_date: dt.date | None
    released_on: dt.date | None
    status: str
    description: str
    goal_id: int | None
    initiative_id: int | None
    public: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
