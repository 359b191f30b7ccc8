"""Role-matrix cases of Opportunity Solution Trees: opportunities, solutions, assumption tests."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P, patch_body
from tests.api.world import World
from valueloop.services import opportunities, solutions


def setup(world: World) -> dict[str, Any]:
    """A small tree under the world's goal, with one of each record to move and to delete.
    World attributes (for test_conflicts) mirror the path parameters."""
    c, boss, product, goal = world.container, world.boss, world.product, world.goal

    def opportunity(title: str, **fields: Any) -> int:
        return opportunities.create_opportunity(
            c.uow(), boss, product, {"title": title, "goal_id": goal, **fields}
        ).id

    root = opportunity("Leads can't see breaches coming")
    child = opportunity("Breaches happen at night", parent_id=root)
    loose = opportunity("Escalations get lost")
    doomed = opportunity("Nobody reads the SLA report")
    solution, other, doomed_solution = (
        solutions.create_solution(c.uow(), boss, root, {"title": t}).id
        for t in ("Breach warnings", "Night rota", "Auto-escalation")
    )
    test, doomed_test = (
        solutions.add_test(
            c.uow(), boss, solution, {"assumption": a, "category": "desirability"}
        ).id
        for a in ("Leads act on a warning", "Leads read e-mail")
    )
    return {
        "opportunity_id": root,
        "child_opportunity_id": child,
        "loose_opportunity_id": loose,
        "doomed_opportunity_id": doomed,
        "solution_id": solution,
        "other_solution_id": other,
        "doomed_solution_id": doomed_solution,
        "test_id": test,
        "doomed_test_id": doomed_test,
    }


def _ids(**names: str) -> Any:
    return lambda w: {param: w.extra[record] for param, record in names.items()}


def _record(kind: str, record: str) -> Any:
    """Path parameters naming one of the tree's records for the comment/watch/history routes."""
    return lambda w: {"record_type": kind, "record_id": w.extra[record]}


# Comments, watching and history on the tree's records, one kind each (the routes are the core's).
TALK = [
    ("opportunity", "opportunity_id"),
    ("solution", "solution_id"),
    ("assumption_test", "test_id"),
]


CASES: list[Case] = [
    Case("GET", "/products/{product_id}/opportunity-tree", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/opportunity-hints", P, (A.VIEW,)),
    Case("GET", "/goals/{goal_id}/opportunity-tree", P, (A.VIEW,)),
    Case("GET", "/opportunities/{opportunity_id}", P, (A.VIEW,)),
    Case("GET", "/opportunities/{opportunity_id}/notes", P, (A.VIEW,)),
    Case("GET", "/opportunities/{opportunity_id}/solutions", P, (A.VIEW,)),
    Case("GET", "/solutions/{solution_id}", P, (A.VIEW,)),
    Case("GET", "/solutions/{solution_id}/tests", P, (A.VIEW,)),
    Case("GET", "/assumption-tests/{test_id}", P, (A.VIEW,)),
    *(
        Case(
            "GET",
            f"/records/{{record_type}}/{{record_id}}/{what}",
            P,
            (A.VIEW,),
            ids=_record(kind, record),
            label=kind,
        )
        for kind, record in TALK
        for what in ("comments", "watch", "history")
    ),
    # creations
    *(
        Case(
            "POST",
            "/records/{record_type}/{record_id}/comments",
            P,
            (A.COMMENT,),
            body=lambda w: {"body": f"Is this still true, @{w.member}?"},
            ids=_record(kind, record),
            label=kind,
        )
        for kind, record in TALK
    ),
    *(
        Case(
            "PUT",
            "/records/{record_type}/{record_id}/watch",
            P,
            (A.VIEW,),
            ids=_record(kind, record),
            label=kind,
        )
        for kind, record in TALK
    ),
    Case(
        "POST",
        "/products/{product_id}/opportunities",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"title": "Reports take an hour", "goal_id": w.goal},
    ),
    Case(
        "POST",
        "/opportunities/{opportunity_id}/solutions",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"title": "Weekend rota"},
    ),
    Case(
        "POST",
        "/solutions/{solution_id}/tests",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"assumption": "Leads open the app", "category": "usability"},
    ),
    # changes
    Case(
        "PATCH",
        "/opportunities/{opportunity_id}",
        P,
        (A.EDIT_ITEM,),
        body=patch_body("opportunities", "opportunity_id", status="exploring"),
    ),
    Case(
        "PATCH",
        "/solutions/{solution_id}",
        P,
        (A.EDIT_ITEM,),
        body=patch_body("solutions", "solution_id", description="Warn an hour before"),
    ),
    Case(
        "PATCH",
        "/solutions/{solution_id}",
        P,
        (A.EDIT_ITEM, A.RECORD_DECISION),
        body=patch_body("solutions", "other_solution_id", status="discarded"),
        ids=_ids(solution_id="other_solution_id"),
        label="discard: a decision",
    ),
    Case(
        "PATCH",
        "/assumption-tests/{test_id}",
        P,
        (A.EDIT_ITEM,),
        body=patch_body("assumption_tests", "test_id", result="passed", findings="9 of 10 did"),
    ),
    Case(
        "POST",
        "/opportunities/{opportunity_id}/move",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"parent_id": w.extra["opportunity_id"]},
        ids=_ids(opportunity_id="loose_opportunity_id"),
    ),
    Case(
        "POST",
        "/opportunities/{opportunity_id}/target",
        P,
        (A.RECORD_DECISION,),
        body=lambda w: {"target": True, "rationale": "Most evidence"},
    ),
    Case(
        "POST",
        "/solutions/{solution_id}/move",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"before_id": w.extra["solution_id"]},
        ids=_ids(solution_id="other_solution_id"),
    ),
    Case(
        "PUT",
        "/solutions/{solution_id}/item",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"item_id": w.item},
    ),
    # removals
    Case(
        "DELETE",
        "/assumption-tests/{test_id}",
        P,
        (A.EDIT_ITEM,),
        ids=_ids(test_id="doomed_test_id"),
    ),
    Case(
        "DELETE",
        "/solutions/{solution_id}",
        P,
        (A.EDIT_ITEM,),
        ids=_ids(solution_id="doomed_solution_id"),
    ),
    Case(
        "DELETE",
        "/opportunities/{opportunity_id}",
        P,
        (A.EDIT_ITEM,),
        ids=_ids(opportunity_id="doomed_opportunity_id"),
    ),
]
