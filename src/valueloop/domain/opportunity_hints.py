"""Hints for the published rules of Opportunity Solution Trees (Teresa Torres).

Hints advise, they never block: a team may have good reasons to break a rule for a while, but
it should see that it does and why the rule exists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain.opportunities import ACTIVE, Opportunity
from valueloop.domain.solutions import (
    AssumptionTest,
    Solution,
    SolutionStatus,
    TestResult,
    untested_categories,
)

MIN_SOLUTIONS = 3  # "at least three solutions" for the target opportunity

# Verbs that open a solution ("Add dark mode") rather than a customer's problem
# ("I can't read the screen at night"). Words that are also nouns people use to open a problem
# ("support", "search", "report") are left out on purpose.
SOLUTION_VERBS = frozenset(
    {
        *("add", "build", "integrate", "create", "implement", "introduce", "launch", "offer"),
        *("provide", "enable", "allow", "develop", "ship", "redesign", "automate", "improve"),
        *("make", "let", "give", "show", "display", "rebuild", "replace", "migrate", "extend"),
        *("upgrade", "refactor", "optimize", "optimise", "streamline", "install", "deploy"),
        *("use", "adopt", "switch"),
    }
)
_FIRST_WORD = re.compile(r"[A-Za-z']+")


class HintKind(StrEnum):
    SEVERAL_OUTCOMES = "several_outcomes"
    NO_OUTCOME = "no_outcome"
    SOLUTION_PHRASED = "solution_phrased"
    NO_TARGET = "no_target"
    FEW_SOLUTIONS = "few_solutions"
    SINGLE_IDEA = "single_idea"
    UNTESTED_CHOICE = "untested_choice"
    FAILED_CHOICE = "failed_choice"


REASONS: dict[HintKind, str] = {
    HintKind.SEVERAL_OUTCOMES: "Work one desired outcome at a time: a team that chases several "
    "outcomes at once spreads its discovery thin and learns slowly about each.",
    HintKind.NO_OUTCOME: "A tree starts from one measurable desired outcome; an opportunity "
    "without one cannot be compared with its siblings by what it would move.",
    HintKind.SOLUTION_PHRASED: "Opportunities are customer needs, pains or desires phrased as "
    "problems; a solution in disguise closes the search before it starts.",
    HintKind.NO_TARGET: "Choose one target opportunity per outcome, so the team compares "
    "solutions for one problem instead of spreading over many.",
    HintKind.FEW_SOLUTIONS: "Consider at least three solutions for the target opportunity: "
    "the first idea is rarely the best, and comparing is how better ones appear.",
    HintKind.SINGLE_IDEA: "A single idea is a whether-or-not decision; compare it with "
    "alternatives (compare-and-contrast) before investing in it.",
    HintKind.UNTESTED_CHOICE: "Test a solution's riskiest assumptions across desirability, "
    "viability, feasibility and usability before committing to build it.",
    HintKind.FAILED_CHOICE: "A failed assumption test is evidence against the solution; "
    "choosing it anyway should be a conscious, recorded decision.",
}


@dataclass(frozen=True, slots=True)
class Hint:
    """One rule the tree breaks: what, where and why the rule exists."""

    kind: HintKind
    message: str
    goal_id: int | None = None
    opportunity_id: int | None = None
    solution_id: int | None = None

    @property
    def reason(self) -> str:
        return REASONS[self.kind]


def reads_like_solution(title: str) -> bool:
    """Whether a title opens with a verb that usually starts a solution ("Add", "Build", ...)."""
    match = _FIRST_WORD.search(title)
    return match is not None and match.group(0).lower() in SOLUTION_VERBS


def hints(
    opportunities: Sequence[Opportunity],
    solutions: Sequence[Solution],
    tests: Sequence[AssumptionTest],
    goal_titles: Mapping[int, str],
) -> list[Hint]:
    """The rules this product's tree (or one outcome's part of it) breaks, most general first."""
    found: list[Hint] = []
    active_goals = sorted(
        {o.goal_id for o in opportunities if o.goal_id is not None and o.status in ACTIVE}
    )
    if len(active_goals) > 1:
        names = ", ".join(f"“{goal_titles.get(g, f'goal {g}')}”" for g in active_goals)
        found.append(
            Hint(
                HintKind.SEVERAL_OUTCOMES,
                f"Open opportunities serve {len(active_goals)} outcomes at once: {names}.",
            )
        )
    for o in opportunities:
        if o.goal_id is None and o.parent_id is None:
            found.append(
                Hint(
                    HintKind.NO_OUTCOME,
                    f"“{o.title}” serves no desired outcome.",
                    opportunity_id=o.id,
                )
            )
    for o in opportunities:
        if reads_like_solution(o.title):
            found.append(
                Hint(
                    HintKind.SOLUTION_PHRASED,
                    f"“{o.title}” reads like a solution; phrase it as the customer's problem "
                    "(what they struggle with, need or want).",
                    goal_id=o.goal_id,
                    opportunity_id=o.id,
                )
            )
    by_opportunity: dict[int, list[Solution]] = {}
    for s in solutions:
        by_opportunity.setdefault(s.opportunity_id, []).append(s)
    targets = {o.goal_id for o in opportunities if o.is_target}
    for goal_id in sorted({o.goal_id for o in opportunities if o.goal_id is not None}):
        if goal_id not in targets:
            found.append(
                Hint(
                    HintKind.NO_TARGET,
                    f"No target opportunity is chosen for “{goal_titles.get(goal_id, goal_id)}”.",
                    goal_id=goal_id,
                )
            )
    for o in opportunities:
        considered = by_opportunity.get(o.id, [])
        if o.is_target and len(considered) < MIN_SOLUTIONS:
            found.append(
                Hint(
                    HintKind.FEW_SOLUTIONS,
                    f"The target “{o.title}” has {len(considered)} solution"
                    f"{'' if len(considered) == 1 else 's'}; "
                    f"consider at least {MIN_SOLUTIONS}.",
                    goal_id=o.goal_id,
                    opportunity_id=o.id,
                )
            )
        elif (
            not o.is_target
            and len(considered) == 1
            and considered[0].status
            in (
                SolutionStatus.TESTING,
                SolutionStatus.CHOSEN,
            )
        ):
            found.append(
                Hint(
                    HintKind.SINGLE_IDEA,
                    f"“{considered[0].title}” is the only solution considered for “{o.title}”.",
                    goal_id=o.goal_id,
                    opportunity_id=o.id,
                    solution_id=considered[0].id,
                )
            )
    found.extend(_choice_hints(opportunities, solutions, tests))
    return found


def _choice_hints(
    opportunities: Sequence[Opportunity],
    solutions: Sequence[Solution],
    tests: Sequence[AssumptionTest],
) -> list[Hint]:
    goal_of = {o.id: o.goal_id for o in opportunities}
    tests_of: dict[int, list[AssumptionTest]] = {}
    for t in tests:
        tests_of.setdefault(t.solution_id, []).append(t)
    found: list[Hint] = []
    for s in solutions:
        if s.status is not SolutionStatus.CHOSEN:
            continue
        mine = tests_of.get(s.id, [])
        missing = untested_categories(mine)
        goal_id = goal_of.get(s.opportunity_id)
        if missing:
            names = ", ".join(c.value for c in missing)
            found.append(
                Hint(
                    HintKind.UNTESTED_CHOICE,
                    f"“{s.title}” is chosen without a finished test of its {names} assumptions.",
                    goal_id=goal_id,
                    opportunity_id=s.opportunity_id,
                    solution_id=s.id,
                )
            )
        failed = [t for t in mine if t.result is TestResult.FAILED]
        if failed:
            found.append(
                Hint(
                    HintKind.FAILED_CHOICE,
                    f"“{s.title}” is chosen although {len(failed)} of its assumption tests "
                    f"failed (“{failed[0].assumption}”).",
                    goal_id=goal_id,
                    opportunity_id=s.opportunity_id,
                    solution_id=s.id,
                )
            )
    return found
