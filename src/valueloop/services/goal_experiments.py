"""Use cases for the EBM experiment loop on goals: hypothesis → measure → result → adapt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from valueloop.domain import fields as f
from valueloop.domain import goal_experiments
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.goal_experiments import Adaptation, GoalExperiment, Step
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, decisions
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


def start_loop(
    uow: UnitOfWork, actor: Principal, goal_id: int, fields: Mapping[str, object]
) -> GoalExperiment:
    """Record a hypothesis for a goal and how its success will be measured."""
    values = goal_experiments.start(fields, changes.now().date())
    with uow:
        goal = uow.goals.require(goal_id)
        require_visible(actor, goal.product_id, "goal", goal_id)
        actor.require(Action.MANAGE_GOALS, goal.product_id)
        if values["measure_id"] is not None:
            measure = uow.measures.require(int(str(values["measure_id"])))
            if measure.goal_id != goal_id:
                raise ValidationFailed("the measure belongs to another goal", field="measure_id")
        loop = uow.goal_experiments.add({**values, "goal_id": goal_id, "result": ""})
        uow.commit()
        return loop


def advance_loop(
    uow: UnitOfWork,
    actor: Principal,
    loop_id: int,
    step: object,
    *,
    on: object = None,
    result: str = "",
    adaptation: object = None,
    rationale: str = "",
    version: int | None = None,
) -> GoalExperiment:
    """Date the next step; adapting (keep, change, drop) is recorded as a decision."""
    which = f.choice(step, "step", Step)
    day = f.date(on, "on") if on is not None else changes.now().date()
    with uow:
        loop = uow.goal_experiments.require(loop_id)
        goal = uow.goals.require(loop.goal_id)
        require_visible(actor, goal.product_id, "goal experiment", loop_id)
        actor.require(Action.MANAGE_GOALS, goal.product_id)
        values = goal_experiments.advance(loop, which, day, result=result, adaptation=adaptation)
        if which is Step.ADAPTED:
            actor.require(Action.RECORD_DECISION, goal.product_id)
            verdict = Adaptation(str(values["adaptation"]))
            decision = decisions.append(
                uow,
                actor,
                goal.product_id,
                {
                    "title": f"{verdict.value.capitalize()} the approach to “{goal.title}”",
                    "decision": f"{verdict.value}: {loop.hypothesis}",
                    "options": [a.value for a in Adaptation],
                    "rationale": f.text({"rationale": rationale}, "rationale", max_len=10_000),
                    "evidence": {
                        "hypothesis": loop.hypothesis,
                        "measurement": loop.measurement,
                        "result": loop.result,
                        "time_to_learn_days": loop.time_to_learn_days,
                    },
                    "record_type": RecordType.GOAL.value,
                    "record_id": goal.id,
                },
            )
            values["decision_id"] = decision.id
        after = uow.goal_experiments.update(loop_id, version, values)
        uow.commit()
        return after


def list_loops(uow: UnitOfWork, actor: Principal, goal_id: int) -> list[GoalExperiment]:
    with uow:
        goal = uow.goals.require(goal_id)
        require_visible(actor, goal.product_id, "goal", goal_id)
        return uow.goal_experiments.list({"goal_id": goal_id}, order_by=("hypothesized_on",)).items


def time_to_learn(loops: list[GoalExperiment]) -> list[tuple[dt.date, float]]:
    """Days from hypothesis to result, dated by when the result was read."""
    return [
        (loop.result_on, float(loop.time_to_learn_days))
        for loop in sorted(loops, key=lambda x: (x.result_on or dt.date.min, x.id))
        if loop.result_on is not None and loop.time_to_learn_days is not None
    ]
