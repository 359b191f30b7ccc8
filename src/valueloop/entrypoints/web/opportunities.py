"""Pages for Opportunity Solution Trees: one outcome's interactive tree, and one opportunity with
its evidence, solutions, assumption tests and discussion. Forms post here; drag and keyboard moves
call the REST API from static/js/ost.js, which then swaps in the tree's parts rendered here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import DomainError
from valueloop.domain.opportunities import OpportunityStatus
from valueloop.domain.roles import Action
from valueloop.domain.solutions import AssumptionCategory, SolutionStatus, TestResult
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import redirect, render
from valueloop.entrypoints.web.sessions import Posted, Signed, safe_next
from valueloop.services import opportunities, overview, solutions

router = APIRouter(include_in_schema=False)


def _tree_url(product_id: int, goal_id: int | None, part: str = "") -> str:
    goal = "none" if goal_id is None else goal_id
    return f"/products/{product_id}/opportunities{part}?goal={goal}"


def _tree_context(request: Request, who: Signed, product_id: int, goal: str) -> dict[str, Any]:
    """What the tree page and its refreshed parts show of one desired outcome."""
    tree = opportunities.product_tree(container_of(request).uow(), who.principal, product_id)
    flat_goals = tree.goals
    by_id = {(o.goal.id if o.goal else None): o for o in tree.outcomes}
    if goal == "none":
        chosen: int | None = None
    elif goal.isdigit() and int(goal) in {g.id for g in flat_goals}:
        chosen = int(goal)
    else:
        chosen = next(iter(by_id), flat_goals[0].id if flat_goals else None)
    outcome = by_id.get(chosen) or opportunities.OutcomeTree(
        next((g for g in flat_goals if g.id == chosen), None),
        [],
        [h for h in tree.hints if h.goal_id == chosen],
    )
    here = _tree_url(product_id, chosen)
    return {
        "product": tree.product,
        "tree": tree,
        "outcome": outcome,
        "nodes": outcome.nodes,
        "goals": flat_goals,
        "counts": {g: len(o.nodes) for g, o in by_id.items()},
        "chosen": chosen,
        "can_edit": who.principal.can(Action.EDIT_ITEM, product_id),
        "can_decide": who.principal.can(Action.RECORD_DECISION, product_id),
        "statuses": list(OpportunityStatus),
        "here_url": here,
        "parts_url": _tree_url(product_id, chosen, "/parts"),
        "section": "discovery",
    }


@router.get("/products/{product_id}/opportunities")
def tree_page(request: Request, product_id: int, who: Signed, goal: str = "") -> Response:
    """The tree of one desired outcome (`goal`: an id or "none"; default: the first one)."""
    context = _tree_context(request, who, product_id, goal)
    return render(
        request, "opportunities/tree.html", context, viewer=who, product=context["product"]
    )


@router.get("/products/{product_id}/opportunities/parts")
def tree_parts(request: Request, product_id: int, who: Signed, goal: str = "") -> Response:
    """The parts of the tree page a move changes (the nodes with their evidence counts, and the
    hints), without the layout: static/js/ost.js swaps them in after a drag or a keyboard move."""
    context = _tree_context(request, who, product_id, goal)
    return render(
        request, "opportunities/tree_parts.html", context, viewer=who, product=context["product"]
    )


@router.get("/opportunities/{opportunity_id}")
def opportunity_page(request: Request, opportunity_id: int, who: Signed) -> Response:
    """One opportunity: its evidence (linked notes), solutions and their assumption tests."""
    uow = container_of(request).uow
    view = opportunities.opportunity_view(uow(), who.principal, opportunity_id)
    o = view.node.opportunity
    solution_ids = [sn.solution.id for sn in view.node.solutions]
    return render(
        request,
        "opportunities/detail.html",
        {
            "product": view.product,
            "outcome": view.outcome,
            "node": view.node,
            "path": view.path,
            "parent_options": [("", "— top level —")]
            + [
                (str(n.opportunity.id), "  " * n.depth + n.opportunity.title)
                for n in view.new_parents
            ],
            "status_options": [(s.value, s.value.title()) for s in OpportunityStatus],
            "category_options": [(c.value, c.value.title()) for c in AssumptionCategory],
            "notes": view.notes,
            "hints": view.hints,
            "can_edit": who.principal.can(Action.EDIT_ITEM, o.product_id),
            "can_decide": who.principal.can(Action.RECORD_DECISION, o.product_id),
            "solution_statuses": list(SolutionStatus),
            "results": list(TestResult),
            "tree_url": _tree_url(o.product_id, o.goal_id),
            "here_url": f"/opportunities/{o.id}",
            "section": "discovery",
            "talk": overview.discussion(uow(), who.principal, RecordType.OPPORTUNITY, o.id),
            "record": (RecordType.OPPORTUNITY, o.id),
            "solution_talk": {
                s: overview.discussion(uow(), who.principal, RecordType.SOLUTION, s)
                for s in solution_ids
            },
        },
        viewer=who,
        product=view.product,
    )


@router.get("/solutions/{solution_id}")
def solution_page(request: Request, solution_id: int, who: Signed) -> Response:
    """A solution is shown on its opportunity's page (links from notifications land here)."""
    s = solutions.get_solution(container_of(request).uow(), who.principal, solution_id)
    return redirect(request, f"/opportunities/{s.opportunity_id}#solution-{s.id}")


@router.get("/assumption-tests/{test_id}")
def test_page(request: Request, test_id: int, who: Signed) -> Response:
    """An assumption test is shown on its opportunity's page, in its solution's table."""
    c = container_of(request)
    t = solutions.get_test(c.uow(), who.principal, test_id)
    s = solutions.get_solution(c.uow(), who.principal, t.solution_id)
    return redirect(request, f"/opportunities/{s.opportunity_id}#test-{t.id}")


def _act(request: Request, back: str, action: Callable[[], str]) -> Response:
    """Run a form's use case and go back with its notice (or the error, naming the field)."""
    try:
        notice = action()
    except DomainError as error:
        return redirect(request, back, notice=error.message, failed=True)
    return redirect(request, back, notice=notice)


def _back(form: Posted, default: str) -> str:
    return safe_next(form.text("next"), default)


def _solution_back(request: Request, who: Signed, form: Posted, solution_id: int) -> str:
    """Where a solution's form returns: its `next`, else the solution's opportunity page."""
    s = solutions.get_solution(container_of(request).uow(), who.principal, solution_id)
    return _back(form, f"/opportunities/{s.opportunity_id}")


@router.post("/products/{product_id}/opportunities")
def create_opportunity(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    back = _back(form, f"/products/{product_id}/opportunities")

    def act() -> str:
        fields: dict[str, object] = {"title": form.text("title")}
        if form.text("parent_id"):
            fields["parent_id"] = form.integer("parent_id")
        elif form.text("goal_id"):
            fields["goal_id"] = form.integer("goal_id")
        o = opportunities.create_opportunity(
            container_of(request).uow(), who.principal, product_id, fields
        )
        return f"Opportunity “{o.title}” added."

    return _act(request, back, act)


@router.post("/opportunities/{opportunity_id}")
def update_opportunity(
    request: Request, opportunity_id: int, who: Signed, form: Posted
) -> Response:
    back = _back(form, f"/opportunities/{opportunity_id}")

    def act() -> str:
        fields = form.pick(text=("title", "description", "status"))
        o = opportunities.update_opportunity(
            container_of(request).uow(), who.principal, opportunity_id, form.version(), fields
        )
        return f"Opportunity “{o.title}” saved."

    return _act(request, back, act)


@router.post("/opportunities/{opportunity_id}/move")
def move_opportunity(request: Request, opportunity_id: int, who: Signed, form: Posted) -> Response:
    back = _back(form, f"/opportunities/{opportunity_id}")

    def act() -> str:
        o = opportunities.move_opportunity(
            container_of(request).uow(),
            who.principal,
            opportunity_id,
            parent_id=form.integer("parent_id"),
        )
        return f"Opportunity “{o.title}” moved."

    return _act(request, back, act)


@router.post("/opportunities/{opportunity_id}/target")
def set_target(request: Request, opportunity_id: int, who: Signed, form: Posted) -> Response:
    back = _back(form, f"/opportunities/{opportunity_id}")

    def act() -> str:
        target = form.text("target", "1") == "1"
        o = opportunities.set_target(
            container_of(request).uow(),
            who.principal,
            opportunity_id,
            target,
            form.text("rationale"),
        )
        return f"“{o.title}” is {'now' if target else 'no longer'} the target opportunity."

    return _act(request, back, act)


@router.post("/opportunities/{opportunity_id}/delete")
def delete_opportunity(
    request: Request, opportunity_id: int, who: Signed, form: Posted
) -> Response:
    c = container_of(request)
    o = opportunities.get_opportunity(c.uow(), who.principal, opportunity_id)
    tree = _tree_url(o.product_id, o.goal_id)

    def act() -> str:
        opportunities.delete_opportunity(c.uow(), who.principal, opportunity_id, form.version())
        return f"Opportunity “{o.title}” deleted with everything under it."

    try:
        return redirect(request, tree, notice=act())
    except DomainError as error:
        return redirect(request, f"/opportunities/{o.id}", notice=error.message, failed=True)


@router.post("/opportunities/{opportunity_id}/solutions")
def create_solution(request: Request, opportunity_id: int, who: Signed, form: Posted) -> Response:
    back = _back(form, f"/opportunities/{opportunity_id}")

    def act() -> str:
        s = solutions.create_solution(
            container_of(request).uow(),
            who.principal,
            opportunity_id,
            form.pick(text=("title", "description")),
        )
        return f"Solution “{s.title}” added."

    return _act(request, back, act)


@router.post("/solutions/{solution_id}")
def update_solution(request: Request, solution_id: int, who: Signed, form: Posted) -> Response:
    c = container_of(request)
    back = _solution_back(request, who, form, solution_id)

    def act() -> str:
        after = solutions.update_solution(
            c.uow(),
            who.principal,
            solution_id,
            form.version(),
            form.pick(text=("title", "description", "status")),
            rationale=form.text("rationale"),
        )
        return f"Solution “{after.title}” saved ({after.status.value})."

    return _act(request, back, act)


@router.post("/solutions/{solution_id}/item")
def link_item(request: Request, solution_id: int, who: Signed, form: Posted) -> Response:
    c = container_of(request)
    back = _solution_back(request, who, form, solution_id)

    def act() -> str:
        after = solutions.link_item(c.uow(), who.principal, solution_id, None, create={})
        return f"Backlog item #{after.item_id} created for “{after.title}”."

    return _act(request, back, act)


@router.post("/solutions/{solution_id}/delete")
def delete_solution(request: Request, solution_id: int, who: Signed, form: Posted) -> Response:
    c = container_of(request)
    s = solutions.get_solution(c.uow(), who.principal, solution_id)
    back = _back(form, f"/opportunities/{s.opportunity_id}")

    def act() -> str:
        solutions.delete_solution(c.uow(), who.principal, solution_id, form.version())
        return f"Solution “{s.title}” deleted."

    return _act(request, back, act)


@router.post("/solutions/{solution_id}/tests")
def add_test(request: Request, solution_id: int, who: Signed, form: Posted) -> Response:
    c = container_of(request)
    back = _solution_back(request, who, form, solution_id)

    def act() -> str:
        t = solutions.add_test(
            c.uow(),
            who.principal,
            solution_id,
            form.pick(
                text=("assumption", "category", "method", "success_criterion", "result"),
                dates=("run_on",),
            ),
        )
        return f"Assumption test added ({t.category.value})."

    return _act(request, back, act)


@router.post("/assumption-tests/{test_id}")
def update_test(request: Request, test_id: int, who: Signed, form: Posted) -> Response:
    c = container_of(request)
    t = solutions.get_test(c.uow(), who.principal, test_id)
    back = _solution_back(request, who, form, t.solution_id)

    def act() -> str:
        after = solutions.update_test(
            c.uow(),
            who.principal,
            test_id,
            form.version(),
            form.pick(text=("result", "findings"), dates=("run_on",)),
        )
        return f"Test result recorded: {after.result.value}."

    return _act(request, back, act)
