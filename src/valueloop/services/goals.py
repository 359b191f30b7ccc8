"""Use cases for goals, their measures and observations of those measures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from valueloop.domain import fields as f
from valueloop.domain import goals
from valueloop.domain.collaboration import RecordType
from valueloop.domain.decisions import Decision
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.goals import (
    Goal,
    GoalLevel,
    GoalStanding,
    GoalStatus,
    Measure,
    Observation,
    ObservationRow,
)
from valueloop.domain.imports import ImportReport, at_line
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, decisions
from valueloop.services.records import of_product, require_visible
from valueloop.services.unit_of_work import UnitOfWork


def _check_parent(
    uow: UnitOfWork, product_id: int, level: GoalLevel, parent_id: object, goal_id: int | None
) -> None:
    if parent_id is None:
        goals.check_parent(level, None)
        return
    parent = of_product(uow.goals, parent_id, product_id, "parent goal", "parent_id")
    if goal_id is not None and parent.id == goal_id:
        raise ValidationFailed("a goal cannot be its own parent", field="parent_id")
    goals.check_parent(level, parent.level)


def create_goal(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Goal:
    values = goals.validate_goal(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.MANAGE_GOALS, product_id)
        _check_parent(
            uow, product_id, GoalLevel(str(values["level"])), values.get("parent_id"), None
        )
        values["product_id"] = product_id
        values.setdefault("owner_id", actor.user_id)
        goal = uow.goals.add(values)
        changes.created(uow, actor, RecordType.GOAL, goal)
        uow.commit()
        return goal


def update_goal(
    uow: UnitOfWork,
    actor: Principal,
    goal_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Goal:
    values = goals.validate_goal(fields, creating=False)
    with uow:
        before = uow.goals.require(goal_id)
        require_visible(actor, before.product_id, "goal", goal_id)
        actor.require(Action.MANAGE_GOALS, before.product_id)
        if "level" in values or "parent_id" in values:
            level = GoalLevel(str(values.get("level", before.level)))
            _check_parent(
                uow, before.product_id, level, values.get("parent_id", before.parent_id), goal_id
            )
        after = uow.goals.update(goal_id, version, values)
        changes.updated(uow, actor, RecordType.GOAL, before, after, f"goal “{after.title}”")
        uow.commit()
        return after


def get_goal(uow: UnitOfWork, actor: Principal, goal_id: int) -> GoalStanding:
    """A goal with its measures' standing and its sub-goals."""
    with uow:
        goal = uow.goals.require(goal_id)
        require_visible(actor, goal.product_id, "goal", goal_id)
        forest = _standings(uow, goal.product_id)
    found = _find(forest, goal_id)
    assert found is not None
    return found


def goal_tree(uow: UnitOfWork, actor: Principal, product_id: int) -> list[GoalStanding]:
    """The product's goals as a tree, with progress computed from the latest observations."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return _standings(uow, product_id)


def _standings(uow: UnitOfWork, product_id: int) -> list[GoalStanding]:
    all_goals = uow.goals.list({"product_id": product_id}).items
    measures = uow.measures.list({"goal_id": [g.id for g in all_goals]}).items if all_goals else []
    latest = uow.observations.latest_by_measure([m.id for m in measures]) if measures else {}
    return goals.standings(all_goals, measures, latest)


def _find(forest: list[GoalStanding], goal_id: int) -> GoalStanding | None:
    for node in forest:
        if node.goal.id == goal_id:
            return node
        found = _find(node.children, goal_id)
        if found is not None:
            return found
    return None


def add_measure(
    uow: UnitOfWork, actor: Principal, goal_id: int, fields: Mapping[str, object]
) -> Measure:
    values = goals.validate_measure(fields, creating=True)
    with uow:
        goal = uow.goals.require(goal_id)
        require_visible(actor, goal.product_id, "goal", goal_id)
        actor.require(Action.MANAGE_GOALS, goal.product_id)
        values["goal_id"] = goal_id
        measure = uow.measures.add(values)
        changes.created(uow, actor, RecordType.MEASURE, measure)
        uow.commit()
        return measure


def update_measure(
    uow: UnitOfWork,
    actor: Principal,
    measure_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Measure:
    with uow:
        before = uow.measures.require(measure_id)
        product_id = uow.goals.require(before.goal_id).product_id
        require_visible(actor, product_id, "measure", measure_id)
        actor.require(Action.MANAGE_GOALS, product_id)
        merged = {k: getattr(before, k) for k in ("baseline", "target", "direction")} | dict(fields)
        values = goals.validate_measure(merged, creating=False)
        after = uow.measures.update(measure_id, version, values)
        changes.updated(uow, actor, RecordType.MEASURE, before, after, f"measure “{after.name}”")
        uow.commit()
        return after


def record_observation(
    uow: UnitOfWork,
    actor: Principal,
    measure_id: int,
    observed_on: object,
    value: object,
    *,
    source: str = "manual",
    note: str = "",
) -> Observation:
    """Record one observed value of a measure on a date."""
    day = f.date(observed_on, "observed_on")
    number = f.number(value, "value")
    with uow:
        measure = uow.measures.require(measure_id)
        product_id = uow.goals.require(measure.goal_id).product_id
        require_visible(actor, product_id, "measure", measure_id)
        actor.require(Action.RECORD_OBSERVATION, product_id)
        observation = uow.observations.add(
            {
                "measure_id": measure_id,
                "observed_on": day,
                "value": number,
                "source": f.text({"source": source}, "source", max_len=100) or "manual",
                "note": f.text({"note": note}, "note", max_len=2000),
                "created_at": changes.now(),
            }
        )
        changes.notify_watchers(
            uow,
            actor,
            RecordType.MEASURE,
            measure_id,
            f"{actor.username} recorded {number:g} {measure.unit} for “{measure.name}” on {day}",
        )
        uow.commit()
        return observation


def list_observations(
    uow: UnitOfWork, actor: Principal, measure_id: int, *, since: dt.date | None = None
) -> list[Observation]:
    """A measure's observations in date order."""
    with uow:
        measure = uow.measures.require(measure_id)
        product_id = uow.goals.require(measure.goal_id).product_id
        require_visible(actor, product_id, "measure", measure_id)
        rows = uow.observations.list(
            {"measure_id": measure_id}, order_by=("observed_on", "id")
        ).items
    return [o for o in rows if since is None or o.observed_on >= since]


def close_goal(
    uow: UnitOfWork,
    actor: Principal,
    goal_id: int,
    status: object,
    *,
    rationale: str,
    version: int | None = None,
) -> Decision:
    """Mark a goal achieved or dropped; the decision is logged with its measures' standing."""
    outcome = f.choice(status, "status", GoalStatus)
    if outcome not in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
        raise ValidationFailed("a goal is closed as achieved or dropped", field="status")
    why = f.text({"rationale": rationale}, "rationale", max_len=10_000, required=True)
    with uow:
        before = uow.goals.require(goal_id)
        require_visible(actor, before.product_id, "goal", goal_id)
        actor.require(Action.MANAGE_GOALS, before.product_id)
        actor.require(Action.RECORD_DECISION, before.product_id)
        if before.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
            raise ValidationFailed(f"the goal is already {before.status.value}", field="status")
        standing = _find(_standings(uow, before.product_id), goal_id)
        assert standing is not None
        after = uow.goals.update(goal_id, version, {"status": outcome})
        changes.updated(uow, actor, RecordType.GOAL, before, after, f"goal “{after.title}”")
        decision = decisions.append(
            uow,
            actor,
            before.product_id,
            {
                "title": f"Goal “{before.title}” {outcome.value}",
                "decision": goals.closing_decision(outcome),
                "options": ["keep pursuing", "achieved", "dropped"],
                "rationale": why,
                "evidence": standing_snapshot(standing),
                "record_type": RecordType.GOAL.value,
                "record_id": goal_id,
            },
        )
        uow.commit()
        return decision


def standing_snapshot(standing: GoalStanding) -> dict[str, Any]:
    """A goal's standing as JSON evidence: progress and every measure's latest value."""
    return {
        "goal": standing.goal.title,
        "level": standing.goal.level.value,
        "kva": standing.goal.kva.value,
        "progress": standing.progress,
        "vanity_risk": standing.vanity_risk,
        "measures": [
            {
                "id": m.measure.id,
                "name": m.measure.name,
                "unit": m.measure.unit,
                "baseline": m.measure.baseline,
                "target": m.measure.target,
                "latest": m.latest,
                "progress": m.progress,
                "kind": m.measure.kind.value,
                "computed_by": m.measure.computed_by,
            }
            for m in standing.measures
        ],
    }


def import_observations(
    uow: UnitOfWork, actor: Principal, product_id: int, rows: Sequence[ObservationRow], source: str
) -> ImportReport:
    """Store observations from a file (measure by id or name); all or nothing, re-runnable."""
    created = updated = unchanged = 0
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_OBSERVATION, product_id)
        goal_ids = [g.id for g in uow.goals.list({"product_id": product_id}).items]
        measures = uow.measures.list({"goal_id": goal_ids}).items if goal_ids else []
        by_ref = {m.name.lower(): m for m in measures} | {str(m.id): m for m in measures}
        label = f"file:{source}"[:100]
        seen: set[tuple[int, dt.date]] = set()
        for row in rows:
            measure = by_ref.get(row.measure.strip().lower())
            if measure is None:
                raise at_line(
                    source,
                    row.line,
                    NotFound(f"no measure {row.measure!r} in this product", field="measure"),
                )
            if measure.computed_by != "manual":
                raise at_line(
                    source,
                    row.line,
                    ValidationFailed(
                        f"{measure.name} is computed by {measure.computed_by}; "
                        "it takes no manual data",
                        field="measure",
                    ),
                )
            key = (measure.id, row.observed_on)
            if key in seen:
                raise at_line(
                    source,
                    row.line,
                    ValidationFailed("this measure and date appear twice", field="date"),
                )
            seen.add(key)
            existing = uow.observations.list(
                {"measure_id": measure.id, "observed_on": row.observed_on, "source": label}
            ).items
            if not existing:
                uow.observations.add(
                    {
                        "measure_id": measure.id,
                        "observed_on": row.observed_on,
                        "value": row.value,
                        "source": label,
                        "note": row.note,
                    }
                )
                created += 1
            elif existing[0].value != row.value or existing[0].note != row.note:
                uow.observations.update(
                    existing[0].id, None, {"value": row.value, "note": row.note}
                )
                updated += 1
            else:
                unchanged += 1
        uow.commit()
    return ImportReport(source, len(rows), created, updated, unchanged)
