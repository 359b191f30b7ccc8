"""The demo's prioritization rows obey the domain rules and give every view something to show."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from valueloop.domain import calibration, estimates, kano
from valueloop.domain.backlog import ItemStatus
from valueloop.domain.formulas import compile_formula
from valueloop.services import demo

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)


def _plan():
    return demo.generate(NOW, password_hash="x")


def test_every_demo_estimate_passes_the_estimate_rules_and_many_are_ranges():
    rows = _plan().rows["item_estimates"]

    for row in rows:
        values = {k: row[k] for k in ("low", "likely", "high")}
        if row["low"] != row["high"]:
            values["distribution"] = row["distribution"]
        checked = estimates.validate(str(row["field"]), values)
        assert row["distribution"] == checked["distribution"].value, row
    ranges = sum(1 for r in rows if r["low"] != r["high"])
    assert ranges > 200
    assert {"reach", "impact", "effort", "job_size", "predicted_impact"} <= {
        r["field"] for r in rows
    }


def test_demo_formulas_compile_and_keep_their_versions():
    plan = _plan()

    for row in plan.rows["formulas"]:
        compile_formula(row["text"])
    revisions = Counter(r["formula_id"] for r in plan.rows["formula_versions"])
    assert [2, 1] == sorted(set(revisions.values()), reverse=True)


def test_demo_kano_answers_give_each_surveyed_feature_a_category():
    answers = _plan().rows["kano_answers"]
    pairs: dict[object, list[tuple[object, object]]] = {}
    for a in answers:
        pairs.setdefault(a["item_id"], []).append((a["functional"], a["dysfunctional"]))

    results = [kano.evaluate(found) for found in pairs.values()]

    assert len(results) >= 12  # up to eight open features per product
    assert len({r.category for r in results}) >= 3


def test_delivered_demo_items_calibrate_per_framework_and_estimator():
    plan = _plan()
    items = {r["id"]: r for r in plan.rows["backlog_items"]}
    snapshots = plan.rows["score_snapshots"]
    predictions = [
        calibration.Prediction(
            item_id=int(s["item_id"]),
            framework=str(s["label"]),
            estimator=str(s["estimator"]),
            score=float(s["score"]),
            committed_on=s["taken_at"].date(),
            predicted_impact=s["predicted_impact"],
        )
        for s in snapshots
        if items[s["item_id"]]["product_id"] == 1
    ]
    measured = {int(m["item_id"]): float(m["value"]) for m in plan.rows["measured_impacts"]}

    report = calibration.calibrate(predictions, measured)

    assert all(items[s["item_id"]]["status"] == ItemStatus.DONE.value for s in snapshots)
    assert {"RICE", "WSJF", "Goal-weighted RICE v1"} == {g.key for g in report.by_framework}
    assert all(g.spearman is not None for g in report.by_framework)
    assert len(report.by_estimator) >= 2
