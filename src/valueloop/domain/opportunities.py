"""Opportunities (needs, pain points, desires phrased as problems) and the evidence for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A problem worth solving on the way to a desired outcome (a goal)."""

    id: int
    product_id: int
    goal_id: int | None
    parent_id: int | None
    title: str
    description: str
    status: str
    is_target: bool
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class OpportunityLink:
    """A note (or a highlighted passage) linked to an opportunity with an importance."""

    id: int
    note_id: int
    opportunity_id: int
    importance: int
    highlight: str
    created_by: int | None
    created_at: dt.datetime
