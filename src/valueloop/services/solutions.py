"""Use cases for solutions (and their assumption tests) under opportunities of the tree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valueloop.domain import backlog, ranking, solutions
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.opportunities import Opportunity
from valueloop.domain.roles import Action, Principal
from valueloop.domain.solutions import AssumptionTest, Solution, SolutionStatus
from valueloop.services import changes, decisions
from valueloop.services.opportunities import deleted_tests, require_opportunity, respace
from valueloop.services.records import check_goal_and_owner, label, of_product, require_visible
from valueloop.services.unit_of_work import UnitOfWork

# People comment on, watch and audit solutions and assumption tests.
KIND, TEST_KIND = RecordType.SOLUTION, RecordType.ASSUMPTION_TEST


def _require(
    uow: UnitOfWork, actor: Principal, solution_id: int, noun: str = "solution", shown: int = 0
) -> tuple[Solution, Opportunity]:
    """The solution and its opportunity; NotFound (naming what was asked for) when hidden."""
    s = uow.solutions.require(solution_id)
    o = uow.opportunities.require(s.opportunity_id)
    require_visible(actor, o.product_id, noun, shown or solution_id)
    return s, o


def _siblings(uow: UnitOfWork, opportunity_id: int) -> list[Solution]:
    return uow.solutions.list({"opportunity_id": opportunity_id}, order_by=("rank",)).items


def _check_item(uow: UnitOfWork, product_id: int, item_id: object) -> None:
    of_product(uow.items, item_id, product_id, "backlog item", "item_id")


def create_solution(
    uow: UnitOfWork, actor: Principal, opportunity_id: int, fields: Mapping[str, object]
) -> Solution:
    """Add a solution after the opportunity's others (choosing it at once is a decision)."""
    values = solutions.validate(fields, creating=True)
    with uow:
        o = require_opportunity(uow, actor, opportunity_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        if values["status"] in solutions.DECIDED:
            actor.require(Action.RECORD_DECISION, o.product_id)
        _check_item(uow, o.product_id, values["item_id"])
        siblings = _siblings(uow, o.id)
        values["opportunity_id"] = o.id
        values["rank"] = ranking.key_between(siblings[-1].rank if siblings else None, None)
        s = uow.solutions.add(values)
        changes.created(uow, actor, KIND, s)
        if s.status in solutions.DECIDED:
            _record_decision(uow, actor, o, s, "")
        uow.commit()
        return s


def update_solution(
    uow: UnitOfWork,
    actor: Principal,
    solution_id: int,
    version: int | None,
    fields: Mapping[str, object],
    *,
    rationale: str = "",
) -> Solution:
    """Edit a solution; choosing or discarding it records a decision (with `rationale`)."""
    values = solutions.validate(fields, creating=False)
    with uow:
        before, o = _require(uow, actor, solution_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        deciding = "status" in values and values["status"] != before.status
        if deciding and values["status"] in solutions.DECIDED:
            actor.require(Action.RECORD_DECISION, o.product_id)
        after = uow.solutions.update(solution_id, version, values)
        changes.updated(uow, actor, KIND, before, after, label(KIND, after))
        if deciding and after.status in solutions.DECIDED:
            _record_decision(uow, actor, o, after, rationale)
        uow.commit()
        return after


def _record_decision(
    uow: UnitOfWork, actor: Principal, o: Opportunity, s: Solution, rationale: str
) -> None:
    """The decision to choose or discard a solution, with the alternatives and test results."""
    others = _siblings(uow, o.id)
    tests = uow.assumption_tests.list({"solution_id": [x.id for x in others]}).items
    chosen = s.status is SolutionStatus.CHOSEN
    verb = "Chose" if chosen else "Discarded"
    decisions.append(
        uow,
        actor,
        o.product_id,
        {
            "title": f"{verb} solution: {s.title}"[:300],
            "decision": (
                f"“{s.title}” is {'the solution we pursue' if chosen else 'set aside'} "
                f"for the opportunity “{o.title}”."
            )[:4000],
            "options": [x.title for x in others][:50],
            "rationale": rationale.strip()[:10_000],
            "evidence": {
                "opportunity_id": o.id,
                "solution_id": s.id,
                "solutions": {str(x.id): x.status.value for x in others},
                "assumption_tests": [
                    {
                        "solution_id": t.solution_id,
                        "assumption": t.assumption[:500],
                        "category": t.category.value,
                        "result": t.result.value,
                    }
                    for t in tests[:200]
                ],
                "evidence_links": uow.opportunity_links.count({"opportunity_id": o.id}),
            },
            "record_type": RecordType.GOAL if o.goal_id is not None else None,
            "record_id": o.goal_id,
        },
    )


def move_solution(
    uow: UnitOfWork,
    actor: Principal,
    solution_id: int,
    *,
    opportunity_id: int | None = None,
    after_id: int | None = None,
    before_id: int | None = None,
) -> Solution:
    """Move a solution to another opportunity of the same outcome (None: stay) and place it."""
    with uow:
        s, o = _require(uow, actor, solution_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        target = o
        if opportunity_id is not None and opportunity_id != o.id:
            target = uow.opportunities.require(opportunity_id)
            if target.product_id != o.product_id or target.goal_id != o.goal_id:
                raise ValidationFailed(
                    "a solution moves only to an opportunity of the same outcome",
                    field="opportunity_id",
                )
        rank = ranking.key_among(
            [(x.id, x.rank) for x in _siblings(uow, target.id)],
            s.id,
            after_id=after_id,
            before_id=before_id,
            where="the opportunity's solutions",
        )
        moved = uow.solutions.update(s.id, None, {"opportunity_id": target.id, "rank": rank})
        changes.logged(
            uow,
            actor,
            KIND,
            s.id,
            "move",
            {"opportunity_id": [o.id, target.id], "rank": [s.rank, rank]},
        )
        if respace(uow.solutions, {"opportunity_id": target.id}, rank):
            moved = uow.solutions.require(s.id)
        uow.commit()
        return moved


def link_item(
    uow: UnitOfWork,
    actor: Principal,
    solution_id: int,
    item_id: int | None,
    *,
    create: Mapping[str, object] | None = None,
) -> Solution:
    """Point a solution at the backlog item that delivers it, or at a new item made from
    `create` (item fields; the title defaults to the solution's); None unlinks."""
    with uow:
        s, o = _require(uow, actor, solution_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        if create is not None:
            if item_id is not None:
                raise ValidationFailed("give an item_id or create one, not both", field="item_id")
            values = backlog.validate(
                {"title": s.title, "description": s.description, **create}, creating=True
            )
            if values.get("estimate") is not None:
                actor.require(Action.ESTIMATE, o.product_id)
            if values.get("goal_id") is None:
                values["goal_id"] = o.goal_id
            check_goal_and_owner(uow, o.product_id, values)
            values["product_id"] = o.product_id
            values["rank"] = ranking.key_between(uow.items.last_rank(o.product_id), None)
            item = uow.items.add(values)
            changes.created(uow, actor, RecordType.ITEM, item)
            item_id = item.id
        _check_item(uow, o.product_id, item_id)
        after = uow.solutions.update(s.id, None, {"item_id": item_id})
        changes.updated(uow, actor, KIND, s, after, label(KIND, after))
        uow.commit()
        return after


def delete_solution(
    uow: UnitOfWork, actor: Principal, solution_id: int, version: int | None
) -> None:
    """Remove a solution and its assumption tests (a linked backlog item stays)."""
    with uow:
        s, o = _require(uow, actor, solution_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        changes.deleted(uow, actor, KIND, s, label(KIND, s))
        deleted_tests(uow, actor, [s.id])
        uow.solutions.delete(s.id, version)
        uow.commit()


def get_solution(uow: UnitOfWork, actor: Principal, solution_id: int) -> Solution:
    with uow:
        return _require(uow, actor, solution_id)[0]


def list_solutions(uow: UnitOfWork, actor: Principal, opportunity_id: int) -> list[Solution]:
    """An opportunity's solutions in their order."""
    with uow:
        require_opportunity(uow, actor, opportunity_id)
        return _siblings(uow, opportunity_id)


# ---------------------------------------------------------------------------------------------
# Assumption tests


def _require_test(
    uow: UnitOfWork, actor: Principal, test_id: int
) -> tuple[AssumptionTest, Solution, Opportunity]:
    t = uow.assumption_tests.require(test_id)
    s, o = _require(uow, actor, t.solution_id, "assumption test", test_id)
    return t, s, o


def add_test(
    uow: UnitOfWork, actor: Principal, solution_id: int, fields: Mapping[str, object]
) -> AssumptionTest:
    """Plan (or record) a test of one assumption behind a solution."""
    values = solutions.validate_test(fields, creating=True)
    with uow:
        s, o = _require(uow, actor, solution_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        t = uow.assumption_tests.add({**values, "solution_id": s.id})
        changes.created(uow, actor, TEST_KIND, t)
        uow.commit()
        return t


def update_test(
    uow: UnitOfWork,
    actor: Principal,
    test_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> AssumptionTest:
    """Edit a test or record its result and findings."""
    values: dict[str, Any] = solutions.validate_test(fields, creating=False)
    with uow:
        before, _, o = _require_test(uow, actor, test_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        after = uow.assumption_tests.update(test_id, version, values)
        changes.updated(uow, actor, TEST_KIND, before, after, label(TEST_KIND, after))
        uow.commit()
        return after


def delete_test(uow: UnitOfWork, actor: Principal, test_id: int, version: int | None) -> None:
    with uow:
        t, _, o = _require_test(uow, actor, test_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        changes.deleted(uow, actor, TEST_KIND, t, label(TEST_KIND, t))
        uow.assumption_tests.delete(t.id, version)
        uow.commit()


def get_test(uow: UnitOfWork, actor: Principal, test_id: int) -> AssumptionTest:
    with uow:
        return _require_test(uow, actor, test_id)[0]


def list_tests(uow: UnitOfWork, actor: Principal, solution_id: int) -> list[AssumptionTest]:
    """A solution's assumption tests, oldest first."""
    with uow:
        s, _ = _require(uow, actor, solution_id)
        return uow.assumption_tests.list({"solution_id": s.id}).items
