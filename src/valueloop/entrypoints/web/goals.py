"""Pages for the goal tree, one goal with its measures, and one measure with its chart."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.goals import GoalLevel, GoalStanding
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.csv_files import file_name
from valueloop.entrypoints.web.formatting import day, number
from valueloop.entrypoints.web.rendering import form_state, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import dashboards, goals, overview, products

router = APIRouter(include_in_schema=False)

_GOAL_TEXT = ("title", "description", "level", "kva", "status")
_MEASURE_TEXT = ("name", "definition", "unit", "direction", "kind")


def parent_choices(forest: list[GoalStanding]) -> list[tuple[str, str]]:
    """Goals that can hold sub-goals (strategic and intermediate), indented by depth."""
    out: list[tuple[str, str]] = []

    def walk(nodes: list[GoalStanding], depth: int) -> None:
        for node in nodes:
            if node.goal.level != GoalLevel.TACTICAL:
                out.append((str(node.goal.id), "\u2003" * depth + node.goal.title))
            walk(node.children, depth + 1)

    walk(forest, 0)
    return out


@router.get("/products/{product_id}/goals")
def goal_tree(request: Request, product_id: int, who: Signed) -> Response:
    return _tree_page(request, who, product_id)


def _tree_page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    forest = goals.goal_tree(uow(), who.principal, product_id)
    return render(
        request,
        "goals/tree.html",
        {
            "product": product,
            "forest": forest,
            "parents": parent_choices(forest),
            "error": error,
            "failed": "goal" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/goals")
def create_goal(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        goal = goals.create_goal(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.pick(text=_GOAL_TEXT, ids=("parent_id",), dates=("target_date",)),
        )
    except ValidationFailed as error:
        return _tree_page(request, who, product_id, error=error, form=form.values())
    return redirect(
        request, f"/goals/{goal.id}", notice="Goal added. Give it a measure to track progress."
    )


@router.get("/goals/{goal_id}")
def goal_page(request: Request, goal_id: int, who: Signed) -> Response:
    return show_goal(request, who, goal_id)


def show_goal(
    request: Request,
    who: Viewer,
    goal_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    """The goal page, with a form shown again with its error when `error` is given."""
    uow = container_of(request).uow
    standing = goals.get_goal(uow(), who.principal, goal_id)
    product = products.get_product(uow(), who.principal, standing.goal.product_id)
    return render(
        request,
        "goals/goal.html",
        {
            "node": standing,
            "goal": standing.goal,
            "product": product,
            "loops": dashboards.goal_loops(uow(), who.principal, goal_id),
            "today": dt.datetime.now(dt.UTC).date(),
            "talk": overview.discussion(uow(), who.principal, RecordType.GOAL, goal_id),
            "record": (RecordType.GOAL, goal_id),
            **form_state(error, failed, form),
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/goals/{goal_id}")
def edit_goal(request: Request, goal_id: int, who: Signed, form: Posted) -> Response:
    try:
        goals.update_goal(
            container_of(request).uow(),
            who.principal,
            goal_id,
            form.version(),
            form.pick(text=("title", "description", "kva", "status"), dates=("target_date",)),
        )
    except (ValidationFailed, Conflict) as error:
        return show_goal(request, who, goal_id, error=error, failed="edit", form=form.values())
    return redirect(request, f"/goals/{goal_id}", notice="Goal saved.")


@router.post("/goals/{goal_id}/measures")
def add_measure(request: Request, goal_id: int, who: Signed, form: Posted) -> Response:
    try:
        measure = goals.add_measure(
            container_of(request).uow(),
            who.principal,
            goal_id,
            form.pick(text=_MEASURE_TEXT, numbers=("baseline", "target"), dates=("target_date",)),
        )
    except ValidationFailed as error:
        return show_goal(request, who, goal_id, error=error, failed="measure", form=form.values())
    return redirect(
        request,
        f"/goals/{goal_id}#measure-{measure.id}",
        notice=f"Measure “{measure.name}” added. Record an observation to see progress.",
    )


@router.get("/measures/{measure_id}")
def measure_page(request: Request, measure_id: int, who: Signed) -> Response:
    return _measure_page(request, who, measure_id)


def _measure_page(
    request: Request,
    who: Viewer,
    measure_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    detail = overview.measure_detail(uow(), who.principal, measure_id)
    measure = detail.measure
    chart = {
        "name": measure.name,
        "unit": measure.unit,
        "dates": [o.observed_on.isoformat() for o in detail.observations],
        "values": [o.value for o in detail.observations],
        "baseline": measure.baseline,
        "target": measure.target,
        "target_date": measure.target_date.isoformat() if measure.target_date else None,
        "filename": file_name(detail.product.name, measure.name)[:-4],
    }
    return render(
        request,
        "goals/measure.html",
        {
            "detail": detail,
            "measure": measure,
            "goal": detail.goal,
            "product": detail.product,
            "chart": chart,
            "today": dt.datetime.now(dt.UTC).date(),
            "talk": overview.discussion(uow(), who.principal, RecordType.MEASURE, measure_id),
            "record": (RecordType.MEASURE, measure_id),
            **form_state(error, failed, form),
        },
        viewer=who,
        product=detail.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/measures/{measure_id}")
def edit_measure(request: Request, measure_id: int, who: Signed, form: Posted) -> Response:
    try:
        goals.update_measure(
            container_of(request).uow(),
            who.principal,
            measure_id,
            form.version(),
            form.pick(text=_MEASURE_TEXT, numbers=("baseline", "target"), dates=("target_date",)),
        )
    except (ValidationFailed, Conflict) as error:
        return _measure_page(
            request, who, measure_id, error=error, failed="edit", form=form.values()
        )
    return redirect(request, f"/measures/{measure_id}", notice="Measure saved.")


@router.post("/measures/{measure_id}/observations")
def record_observation(request: Request, measure_id: int, who: Signed, form: Posted) -> Response:
    try:
        observation = goals.record_observation(
            container_of(request).uow(),
            who.principal,
            measure_id,
            form.text("observed_on").strip() or None,
            form.number("value"),
            note=form.text("note"),
        )
    except ValidationFailed as error:
        return _measure_page(
            request, who, measure_id, error=error, failed="observe", form=form.values()
        )
    return redirect(
        request,
        f"/measures/{measure_id}",
        notice=f"Recorded {number(observation.value)} on {day(observation.observed_on)}.",
    )
