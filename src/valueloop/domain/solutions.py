"""Solutions to opportunities and the assumption tests that check them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Solution:
    """A way to address an opportunity."""

    id: int
    opportunity_id: int
    title: str
    description: str
    status: str
    item_id: int | None
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class AssumptionTest:
    """A test of one assumption behind a solution, with its result."""

    id: int
    solution_id: int
    assumption: str
    category: str
    method: str
    success_criterion: str
    result: str
    findings: str
    run_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
