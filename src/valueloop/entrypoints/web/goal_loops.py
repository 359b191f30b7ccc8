"""Goal page actions: closing a goal as a decision, and the EBM experiment loop's steps."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.goals import show_goal
from valueloop.entrypoints.web.rendering import redirect
from valueloop.entrypoints.web.sessions import Posted, Signed
from valueloop.services import goal_experiments, goals

router = APIRouter(include_in_schema=False)


@router.post("/goals/{goal_id}/close")
def close_goal(request: Request, goal_id: int, who: Signed, form: Posted) -> Response:
    """Mark the goal achieved or dropped; the decision keeps its measures' standing."""
    try:
        decision = goals.close_goal(
            container_of(request).uow(),
            who.principal,
            goal_id,
            form.text("status"),
            rationale=form.text("rationale"),
            version=form.version(),
        )
    except (ValidationFailed, Conflict) as error:
        return show_goal(request, who, goal_id, error=error, failed="close", form=form.values())
    return redirect(
        request,
        f"/goals/{goal_id}#closed",
        notice=f"{decision.title}. The decision and its evidence are in the log.",
    )


@router.post("/goals/{goal_id}/loops")
def start_loop(request: Request, goal_id: int, who: Signed, form: Posted) -> Response:
    try:
        loop = goal_experiments.start_loop(
            container_of(request).uow(),
            who.principal,
            goal_id,
            form.pick(
                text=("hypothesis", "measurement"),
                ids=("measure_id",),
                dates=("hypothesized_on",),
            ),
        )
    except ValidationFailed as error:
        return show_goal(request, who, goal_id, error=error, failed="loop", form=form.values())
    return redirect(
        request,
        f"/goals/{goal_id}#loop-{loop.id}",
        notice="Hypothesis recorded. Run it, then read the result.",
    )


@router.post("/loops/{loop_id}/steps")
def advance_loop(request: Request, loop_id: int, who: Signed, form: Posted) -> Response:
    """Date the loop's next step: shipped, the result read, or the adaptation decided."""
    goal_id = form.integer("goal_id")
    try:
        loop = goal_experiments.advance_loop(
            container_of(request).uow(),
            who.principal,
            loop_id,
            form.text("step"),
            on=form.text("on").strip() or None,
            result=form.text("result"),
            adaptation=form.text("adaptation") or None,
            rationale=form.text("rationale"),
            version=form.version(),
        )
    except (ValidationFailed, Conflict) as error:
        if goal_id is None:
            raise
        failed = f"{form.text('step')}-{loop_id}"
        return show_goal(request, who, goal_id, error=error, failed=failed, form=form.values())
    notices = {
        "shipped": "Marked as shipped.",
        "result": "Result recorded.",
        "adapted": "Adaptation recorded as a decision.",
    }
    return redirect(request, f"/goals/{loop.goal_id}#loop-{loop.id}", notice=notices[loop.step])
