"""Jobs to be Done: job statements, desired-outcome statements and their ratings, job stories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Job:
    """A job a performer is trying to get done."""

    id: int
    product_id: int
    performer: str
    statement: str
    kind: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class DesiredOutcome:
    """A desired-outcome statement of a job."""

    id: int
    job_id: int
    statement: str
    opportunity_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class OutcomeRating:
    """One respondent's importance and satisfaction for a desired outcome (1-5)."""

    id: int
    outcome_id: int
    respondent: str
    customer_id: int | None
    importance: int
    satisfaction: int
    answered_on: dt.date | None
    source_file: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class JobStory:
    """When <situation>, I want to <motivation>, so I can <expected outcome>."""

    id: int
    product_id: int
    job_id: int | None
    situation: str
    motivation: str
    expected_outcome: str
    item_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
