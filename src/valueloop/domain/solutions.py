"""Solutions to opportunities and the assumption tests that check them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class SolutionStatus(StrEnum):
    IDEA = "idea"
    TESTING = "testing"
    CHOSEN = "chosen"
    DISCARDED = "discarded"


# Choosing or discarding a solution is a product decision: it goes into the decision log.
DECIDED = frozenset({SolutionStatus.CHOSEN, SolutionStatus.DISCARDED})


class AssumptionCategory(StrEnum):
    """The kinds of risk a solution carries (Torres adds usability to the classic three)."""

    DESIRABILITY = "desirability"
    VIABILITY = "viability"
    FEASIBILITY = "feasibility"
    USABILITY = "usability"


class TestResult(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"
    INCONCLUSIVE = "inconclusive"


FINISHED = frozenset({TestResult.PASSED, TestResult.FAILED, TestResult.INCONCLUSIVE})


@dataclass(frozen=True, slots=True)
class Solution:
    """A way to address an opportunity."""

    id: int
    opportunity_id: int
    title: str
    description: str
    status: SolutionStatus
    item_id: int | None  # the backlog item that delivers it, once there is one
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
    category: AssumptionCategory
    method: str
    success_criterion: str
    result: TestResult
    findings: str
    run_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


# The backlog link and the opportunity change through their own use cases (link item, move).
EDITABLE = frozenset({"title", "description", "status"})
CREATABLE = EDITABLE | {"item_id"}
TEST_EDITABLE = frozenset(
    {"assumption", "category", "method", "success_criterion", "result", "findings", "run_on"}
)


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized solution fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, CREATABLE if creating else EDITABLE)
    out: dict[str, object] = {}
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=300, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=20_000)
    if "status" in fields:
        out["status"] = f.choice(fields["status"], "status", SolutionStatus)
    elif creating:
        out["status"] = SolutionStatus.IDEA
    if creating:
        out["item_id"] = f.reference(fields.get("item_id"), "item_id")
    return out


def validate_test(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized assumption test fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, TEST_EDITABLE)
    out: dict[str, object] = {}
    if creating or "assumption" in fields:
        out["assumption"] = f.text(fields, "assumption", max_len=4000, required=True)
    if "category" in fields:
        out["category"] = f.choice(fields["category"], "category", AssumptionCategory)
    elif creating:
        raise ValidationFailed(
            "category is required (desirability, viability, feasibility or usability)",
            field="category",
        )
    if creating or "method" in fields:
        out["method"] = f.text(fields, "method", max_len=200)
    for name in ("success_criterion", "findings"):
        if creating or name in fields:
            out[name] = f.text(fields, name, max_len=10_000)
    if "result" in fields:
        out["result"] = f.choice(fields["result"], "result", TestResult)
    elif creating:
        out["result"] = TestResult.PLANNED
    if fields.get("run_on") is not None:
        out["run_on"] = f.date(fields["run_on"], "run_on")
    elif creating or "run_on" in fields:
        out["run_on"] = None
    return out


def untested_categories(tests: Iterable[AssumptionTest]) -> list[AssumptionCategory]:
    """The categories no test of a solution has finished in, in the canonical order."""
    covered = {t.category for t in tests if t.result in FINISHED}
    return [c for c in AssumptionCategory if c not in covered]
