"""Use cases for calibration: snapshot an item's scores when it is committed, record the impact it
turned out to have, and compare the two per framework and per estimator.

An item is committed when its status moves to in progress: the team has started on it, so the
scores and predicted impact of that moment are the ones that chose it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from valueloop.domain import calibration
from valueloop.domain import fields as f
from valueloop.domain.backlog import BacklogItem, ItemStatus
from valueloop.domain.calibration import CalibrationReport, MeasuredImpact, ScoreSnapshot
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.estimates import main_estimator
from valueloop.domain.priorities import Chosen
from valueloop.domain.roles import Action, Principal
from valueloop.domain.scoring import Framework, Score
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.score_inputs import fact_values, item_facts
from valueloop.services.scoring import LABELS, Scorer, scorer_for, settings_of
from valueloop.services.unit_of_work import UnitOfWork

COMMITTED = ItemStatus.IN_PROGRESS


def on_status_change(
    uow: UnitOfWork, actor: Principal, before: BacklogItem, after: BacklogItem
) -> list[ScoreSnapshot]:
    """Snapshot the item's scores when it becomes committed (inside the caller's unit of work)."""
    if after.status is COMMITTED and before.status is not COMMITTED:
        return take_snapshots(uow, after, reason="committed")
    return []


def take_snapshots(
    uow: UnitOfWork, item: BacklogItem, *, reason: str, today: dt.date | None = None
) -> list[ScoreSnapshot]:
    """The item's score under every framework and saved formula it has the inputs for, kept
    with its estimator and predicted impact (inside an open unit of work)."""
    day = today or changes.now().date()
    settings = settings_of(uow, item.product_id)
    facts = item_facts(uow, [item], settings, day)[item.id]
    values = fact_values(facts, settings, settings.confidence_model())
    predicted = facts.estimates.get("predicted_impact")
    base: dict[str, object] = {
        "item_id": item.id,
        "product_id": item.product_id,
        "predicted_impact": predicted.likely if predicted else None,
        "measure_id": facts.priority.impact_measure_id if facts.priority else None,
        "reason": reason,
        "taken_at": changes.now(),
    }
    scorers = [Scorer(fw.value, LABELS[fw], framework=fw) for fw in Framework] + [
        scorer_for(uow, item.product_id, Chosen(None, saved.id))
        for saved in uow.formulas.list({"product_id": item.product_id}, order_by=("name",)).items
    ]
    taken: list[ScoreSnapshot] = []
    for scorer in scorers:
        score = scorer.score_row(values, settings)
        if not isinstance(score, Score):
            continue  # the item lacks an input of this framework, or its inputs give no score
        who = main_estimator({n: e for n, e in facts.estimates.items() if n in scorer.names})
        user = uow.users.get(who) if who is not None else None
        snapshot = uow.snapshots.add(
            {
                **base,
                "framework": scorer.key,
                "label": scorer.label,
                "formula_id": scorer.formula_id,
                "formula_revision": scorer.formula_revision,
                "estimator_id": who,
                "estimator": user.username if user else "",
                "score": score.value,
                "terms": {t.name: t.value for t in score.terms},
            }
        )
        taken.append(snapshot)
    return taken


def item_snapshots(
    uow: UnitOfWork, actor: Principal, item_id: int
) -> tuple[list[ScoreSnapshot], MeasuredImpact | None]:
    """The item's score snapshots, newest first, and its measured impact."""
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        snapshots = uow.snapshots.list({"item_id": item_id}, order_by=("-taken_at",)).items
        impacts = uow.impacts.list({"item_id": item_id}).items
        return snapshots, impacts[0] if impacts else None


def record_impact(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    value: object,
    *,
    measured_on: object = None,
    measure_id: int | None = None,
    note: str = "",
    version: int | None = None,
) -> MeasuredImpact:
    """Record the impact an item turned out to have (replacing an earlier measurement)."""
    values: dict[str, object] = {
        "value": f.number(value, "value"),
        "measured_on": f.date(measured_on, "measured_on")
        if measured_on is not None
        else changes.now().date(),
        "note": f.text({"note": note}, "note", max_len=2000),
        "measure_id": measure_id,
        "recorded_by": actor.user_id,
    }
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.RECORD_OBSERVATION, item.product_id)
        if measure_id is not None:
            measure = uow.measures.require(measure_id)
            if uow.goals.require(measure.goal_id).product_id != item.product_id:
                raise ValidationFailed("the measure belongs to another product", field="measure_id")
        found = uow.impacts.list({"item_id": item_id}).items
        if found:
            before: MeasuredImpact | None = found[0]
            after = uow.impacts.update(found[0].id, version, values)
        else:
            before = None
            after = uow.impacts.add({**values, "item_id": item_id})
        changes.logged(
            uow,
            actor,
            "item",
            item_id,
            "measure",
            {"measured_impact": [before.value if before else None, after.value]},
        )
        uow.commit()
        return after


@dataclass(frozen=True, slots=True)
class CalibrationView:
    report: CalibrationReport
    snapshots: int
    titles: dict[int, str] = field(default_factory=dict)  # of the measured items, by id


def calibration_report(
    uow: UnitOfWork, actor: Principal, product_id: int, *, min_points: int = calibration.MIN_POINTS
) -> CalibrationView:
    """Predicted (scores at commit time) against measured impact, per framework and estimator."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        snapshots = uow.snapshots.list({"product_id": product_id}).items
        items = list({s.item_id for s in snapshots})
        measured = (
            {m.item_id: m.value for m in uow.impacts.list({"item_id": items}).items}
            if items
            else {}
        )
        titles = (
            {i.id: i.title for i in uow.items.list({"id": list(measured)}).items}
            if measured
            else {}
        )
    report = calibration.calibrate(
        (s.prediction() for s in snapshots), measured, min_points=min_points
    )
    return CalibrationView(report, len(snapshots), titles)
