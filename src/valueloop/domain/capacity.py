"""Team capacity per period, to compare against the effort planned in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CapacityPeriod:
    """A team's capacity over a period."""

    id: int
    product_id: int
    team: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: float
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
