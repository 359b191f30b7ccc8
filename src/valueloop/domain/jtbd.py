"""Jobs to be Done: job statements, desired-outcome statements and their ratings, job stories.

A job statement names a performer's goal as verb + object + context ("get paid for work done
while travelling"). A desired-outcome statement follows Ulwick's form: direction + metric +
object of control + contextual clarifier ("Minimize the time it takes to find an overdue
invoice when closing the month"). Survey respondents rate each outcome's importance and their
satisfaction with today's solutions on 1–5; Ulwick's opportunity score (DOMAIN.md §4) is
importance + max(importance − satisfaction, 0), both the share of respondents answering 4 or 5,
times 10.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class JobKind(StrEnum):
    """Ulwick's kinds of job: the core functional job and the jobs around it."""

    CORE = "core"
    RELATED = "related"
    EMOTIONAL = "emotional"
    SOCIAL = "social"
    CONSUMPTION = "consumption"


class Served(StrEnum):
    """How well today's solutions serve a desired outcome."""

    UNDER_SERVED = "under_served"
    APPROPRIATELY_SERVED = "appropriately_served"
    OVER_SERVED = "over_served"


@dataclass(frozen=True, slots=True)
class Job:
    """A job a performer is trying to get done."""

    id: int
    product_id: int
    performer: str
    statement: str
    kind: JobKind
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

    @property
    def text(self) -> str:
        """The story as one sentence."""
        return story_text(self.situation, self.motivation, self.expected_outcome)


@dataclass(frozen=True, slots=True)
class SurveyRow:
    """One line of an importance/satisfaction survey file, as read (checked on import)."""

    line: int
    outcome: str  # the outcome's id or its exact statement
    respondent: str
    importance: int
    satisfaction: int
    answered_on: dt.date | None
    customer: str  # a customer's external id or name; "" for none


# --- validation ---------------------------------------------------------------------------------

JOB_EDITABLE = frozenset({"performer", "statement", "kind"})
OUTCOME_EDITABLE = frozenset({"statement", "opportunity_id"})
STORY_EDITABLE = frozenset({"job_id", "situation", "motivation", "expected_outcome", "item_id"})


def validate_job(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized job fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, JOB_EDITABLE)
    out: dict[str, object] = {}
    if creating or "statement" in fields:
        out["statement"] = f.text(fields, "statement", max_len=1000, required=True)
    if creating or "performer" in fields:
        out["performer"] = f.text(fields, "performer", max_len=200)
    if "kind" in fields:
        out["kind"] = f.choice(fields["kind"], "kind", JobKind)
    elif creating:
        out["kind"] = JobKind.CORE
    return out


def validate_outcome(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized desired-outcome fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, OUTCOME_EDITABLE)
    out: dict[str, object] = {}
    if creating or "statement" in fields:
        out["statement"] = f.text(fields, "statement", max_len=1000, required=True)
    if "opportunity_id" in fields:
        out["opportunity_id"] = f.reference(fields["opportunity_id"], "opportunity_id")
    elif creating:
        out["opportunity_id"] = None
    return out


# What people type in front of each part of a job story, removed so the sentence reads once.
_STORY_LEADS = {
    "situation": re.compile(r"^when\b[\s,]*", re.IGNORECASE),
    "motivation": re.compile(r"^(i\s+want\s+to|i\s+want|want\s+to)\b[\s,]*", re.IGNORECASE),
    "expected_outcome": re.compile(r"^(so\s+(that\s+)?i\s+can|so\s+(that\s+)?)\b[\s,]*", re.I),
}


def validate_story(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized job-story fields (leading "When"/"I want to"/"so I can" dropped)."""
    f.reject_unknown(fields, STORY_EDITABLE)
    out: dict[str, object] = {}
    for name, lead in _STORY_LEADS.items():
        if creating or name in fields:
            value = lead.sub("", f.text(fields, name, max_len=1000, required=True)).strip()
            if not value:
                raise ValidationFailed(f"{name} must say more than its lead words", field=name)
            out[name] = value.rstrip(",")
    for name in ("job_id", "item_id"):
        if name in fields:
            out[name] = f.reference(fields[name], name)
        elif creating:
            out[name] = None
    return out


def story_text(situation: str, motivation: str, expected_outcome: str) -> str:
    """ "When …, I want to …, so I can …"."""
    return f"When {situation}, I want to {motivation}, so I can {expected_outcome}."


# --- hints on the wording -----------------------------------------------------------------------

DIRECTIONS = ("minimize", "maximize", "increase", "decrease", "reduce", "lower", "raise")
# Ulwick's metrics are mostly time, likelihood and number; these are the usual wordings.
_METRIC = re.compile(
    r"\b(time|likelihood|number|frequency|amount|risk|chance|probability|effort|cost|"
    r"accuracy|speed|share|percentage|rate|cases|instances|errors?|steps)\b",
    re.IGNORECASE,
)
_CONTEXT = re.compile(
    r"\b(when|while|during|before|after|for|at|in|on|without|across|within|whenever|if)\b",
    re.IGNORECASE,
)
# Words that describe a solution rather than the job: outcome statements should outlive them.
_SOLUTION = re.compile(
    r"\b(app|button|feature|dashboard|screen|click|software|tool|website|plugin|ai)\b",
    re.IGNORECASE,
)


def outcome_hints(statement: str) -> list[str]:
    """Where a desired-outcome statement departs from direction + metric + object + clarifier."""
    text = statement.strip()
    words = text.split()
    hints: list[str] = []
    if not words or words[0].lower().strip(",:") not in DIRECTIONS:
        hints.append(
            "Start with a direction: Minimize (or Increase, Reduce, Maximize), "
            "e.g. “Minimize the time it takes to …”."
        )
    if not _METRIC.search(text):
        hints.append(
            "Name the metric being improved: the time it takes to, the likelihood that, "
            "the number of …"
        )
    if not _CONTEXT.search(" ".join(words[2:])):
        hints.append(
            "Add a contextual clarifier saying when it matters (“… when closing the month”)."
        )
    if _SOLUTION.search(text):
        hints.append(
            "Leave solutions out (app, feature, button …): the outcome should stay true "
            "whatever product serves it."
        )
    return hints


def job_hints(statement: str) -> list[str]:
    """Where a job statement departs from verb + object + context."""
    text = statement.strip()
    words = text.split()
    hints: list[str] = []
    if len(words) < 3:
        hints.append("State a verb, an object and a context, e.g. “Get paid while travelling”.")
    if words and words[0].lower() in {"i", "we", "users", "customers", "to"}:
        hints.append("Start with the verb (“Get paid …”); name the performer in its own field.")
    if _SOLUTION.search(text):
        hints.append("Leave the product out: a job exists whether or not anyone sells for it.")
    if len(words) >= 3 and not _CONTEXT.search(" ".join(words[2:])):
        hints.append("Add the context of the job (“… while on the road”, “… at month end”).")
    return hints


# --- opportunity scoring ------------------------------------------------------------------------

UNDER_SERVED_AT = 10.0  # an opportunity score of 10 or more: under-served (Ulwick)
EXTREME_AT = 15.0  # above 15: an extreme opportunity; 12–15 high; 10–12 solid


@dataclass(frozen=True, slots=True)
class OutcomeScore:
    """An outcome's importance, satisfaction and opportunity (0–10, 0–10, 0–20)."""

    respondents: int
    important: int  # respondents rating importance 4 or 5
    satisfied: int  # respondents rating satisfaction 4 or 5
    importance: float
    satisfaction: float
    opportunity: float

    @property
    def served(self) -> Served:
        return classify(self.importance, self.satisfaction, self.opportunity)

    @property
    def band(self) -> str:
        """How strong an under-served outcome's opportunity is: extreme, high or solid."""
        if self.served is not Served.UNDER_SERVED:
            return ""
        if self.opportunity > EXTREME_AT:
            return "extreme"
        return "high" if self.opportunity >= 12 else "solid"

    def explain(self) -> str:
        """The terms of the score, e.g. "8.0 + max(8.0 − 3.0, 0) = 13.0 (40 respondents)"."""
        return (
            f"{self.importance:.1f} + max({self.importance:.1f} − {self.satisfaction:.1f}, 0) "
            f"= {self.opportunity:.1f} ({self.respondents} respondents)"
        )


def score(ratings: Iterable[tuple[int, int]]) -> OutcomeScore | None:
    """Ulwick's opportunity score from (importance, satisfaction) pairs; None without ratings.

    Importance and satisfaction are the share of respondents answering 4 or 5, times 10; the
    score is importance + max(importance − satisfaction, 0). Computed from the counts with one
    division each, so boundary cases (exactly 10) are not lost to rounding.
    """
    n = important = satisfied = 0
    for imp, sat in ratings:
        n += 1
        important += imp >= 4
        satisfied += sat >= 4
    if not n:
        return None
    return OutcomeScore(
        respondents=n,
        important=important,
        satisfied=satisfied,
        importance=10 * important / n,
        satisfaction=10 * satisfied / n,
        opportunity=10 * (important + max(important - satisfied, 0)) / n,
    )


def classify(importance: float, satisfaction: float, opportunity: float) -> Served:
    """Under-served at an opportunity of 10 or more; over-served when satisfaction > importance."""
    if opportunity >= UNDER_SERVED_AT:
        return Served.UNDER_SERVED
    if satisfaction > importance:
        return Served.OVER_SERVED
    return Served.APPROPRIATELY_SERVED
