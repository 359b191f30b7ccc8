"""Calibration: did the scores given at commit time predict the impact measured after delivery?

Per framework and per estimator: the Spearman rank correlation between score and measured impact,
the mean absolute error between normalized score and normalized impact (each scaled to 0–1 by
min–max: scores within their framework, impacts over every measured item), the error of the
predicted impact in the measure's own units where one was given, and the count. Groups with fewer
points than `min_points` get a "too few points" verdict instead of numbers that would be noise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed

MIN_POINTS = 5


@dataclass(frozen=True, slots=True)
class Prediction:
    """What was predicted for an item when it was committed, by which framework and estimator."""

    item_id: int
    framework: str
    estimator: str
    score: float
    committed_on: dt.date
    predicted_impact: float | None = None


@dataclass(frozen=True, slots=True)
class GroupCalibration:
    """How well one framework's or one estimator's predictions matched the measured impact."""

    key: str
    count: int
    spearman: float | None
    p_value: float | None
    mae: float | None  # normalized score vs normalized impact, 0 (perfect) … 1
    impact_mae: float | None  # predicted vs measured impact, in the measure's units
    verdict: str


@dataclass(frozen=True, slots=True)
class CalibrationPoint:
    """One measured prediction: the score scaled 0–1 within its framework against the measured
    impact scaled 0–1 over every measured item (the pair the normalized error compares, so a
    perfect prediction lies on y = x), with the raw numbers beside them."""

    prediction: Prediction
    score: float  # normalized within its framework
    actual: float  # normalized over all measured items
    measured: float  # in the measure's units


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    by_framework: tuple[GroupCalibration, ...]
    by_estimator: tuple[GroupCalibration, ...]
    measured: int  # predictions whose item has a measured impact
    awaiting: int  # predictions still waiting for one
    min_points: int
    points: tuple[CalibrationPoint, ...] = ()  # by framework, then item


def _scaled(values: Sequence[float]) -> list[float]:
    low, high = min(values), max(values)
    return [0.5 if high == low else (v - low) / (high - low) for v in values]


def _strength(rho: float) -> str:
    if rho >= 0.7:
        return "strong: higher scores went with higher measured impact"
    if rho >= 0.4:
        return "moderate: higher scores tended to go with higher measured impact"
    if rho > 0.1:
        return "weak: scores said little about measured impact"
    if rho > -0.1:
        return "none: scores did not predict measured impact"
    return "inverse: higher scores went with lower measured impact"


def _group(key: str, points: Sequence[CalibrationPoint], min_points: int) -> GroupCalibration:
    n = len(points)
    if n < min_points:
        return GroupCalibration(
            key, n, None, None, None, None, f"too few points: {n} of the {min_points} needed"
        )
    scores = [p.score for p in points]
    actuals = [p.actual for p in points]
    mae = float(np.mean(np.abs(np.subtract(scores, actuals))))
    impacts = [
        (p.prediction.predicted_impact, p.measured)
        for p in points
        if p.prediction.predicted_impact is not None
    ]
    impact_mae = (
        float(np.mean([abs(predicted - measured) for predicted, measured in impacts]))
        if len(impacts) >= min_points
        else None
    )
    if len(set(scores)) == 1 or len(set(actuals)) == 1:
        verdict = "no ranking to compare: every score or every measured impact is the same"
        return GroupCalibration(key, n, None, None, mae, impact_mae, verdict)
    result = stats.spearmanr(scores, actuals)
    rho, p_value = float(result.statistic), float(result.pvalue)
    verdict = f"{_strength(rho)} (ρ = {rho:.2f}, p = {p_value:.3g}, n = {n})"
    return GroupCalibration(key, n, rho, p_value, mae, impact_mae, verdict)


def calibrate(
    predictions: Iterable[Prediction],
    measured: Mapping[int, float],
    *,
    min_points: int = MIN_POINTS,
) -> CalibrationReport:
    """Compare predictions with measured impact (by item id), per framework and per estimator.

    When an item was snapshotted more than once by the same framework and estimator, the latest
    snapshot counts.
    """
    if isinstance(min_points, bool) or not isinstance(min_points, int) or min_points < 3:
        raise ValidationFailed(
            "min_points must be a whole number of at least 3", field="min_points"
        )
    latest: dict[tuple[int, str, str], Prediction] = {}
    for prediction in sorted(predictions, key=lambda p: p.committed_on):
        f.number(prediction.score, "score")
        if prediction.predicted_impact is not None:
            f.number(prediction.predicted_impact, "predicted_impact")
        latest[prediction.item_id, prediction.framework, prediction.estimator] = prediction
    done = [p for p in latest.values() if p.item_id in measured]
    impacts = {
        item: f.number(measured[item], "measured_impact") for item in {p.item_id for p in done}
    }
    actual = dict(zip(impacts, _scaled(list(impacts.values())), strict=True)) if impacts else {}
    by_framework: dict[str, list[Prediction]] = defaultdict(list)
    for prediction in done:
        by_framework[prediction.framework].append(prediction)
    points: list[CalibrationPoint] = []
    for group in by_framework.values():
        for prediction, score in zip(group, _scaled([p.score for p in group]), strict=True):
            item = prediction.item_id
            points.append(CalibrationPoint(prediction, score, actual[item], impacts[item]))
    frameworks: dict[str, list[CalibrationPoint]] = defaultdict(list)
    estimators: dict[str, list[CalibrationPoint]] = defaultdict(list)
    for point in points:
        frameworks[point.prediction.framework].append(point)
        estimators[point.prediction.estimator].append(point)
    return CalibrationReport(
        by_framework=tuple(_group(k, v, min_points) for k, v in sorted(frameworks.items())),
        by_estimator=tuple(_group(k, v, min_points) for k, v in sorted(estimators.items())),
        measured=len(done),
        awaiting=len(latest) - len(done),
        min_points=min_points,
        points=tuple(
            sorted(
                points,
                key=lambda p: (
                    p.prediction.framework,
                    p.prediction.item_id,
                    p.prediction.estimator,
                ),
            )
        ),
    )


@dataclass(frozen=True, slots=True)
class ScoreSnapshot:
    """An item's score under one framework (or saved formula version) when it was committed."""

    id: int
    item_id: int
    product_id: int
    framework: str  # rice, ice, … or formula:<id>
    label: str  # RICE, or the formula's name and version ("Revenue per effort v2")
    formula_id: int | None
    formula_revision: int | None
    estimator_id: int | None
    estimator: str  # the estimator's username then, or "" when nobody estimated the inputs
    score: float
    terms: dict[str, float]
    predicted_impact: float | None
    measure_id: int | None
    reason: str
    taken_at: dt.datetime

    def prediction(self) -> Prediction:
        return Prediction(
            item_id=self.item_id,
            framework=self.label,
            estimator=self.estimator or "(no estimator)",
            score=self.score,
            committed_on=self.taken_at.date(),
            predicted_impact=self.predicted_impact,
        )


@dataclass(frozen=True, slots=True)
class MeasuredImpact:
    """The impact an item turned out to have, measured after delivery (in the measure's units)."""

    id: int
    item_id: int
    value: float
    measure_id: int | None
    measured_on: dt.date
    note: str
    recorded_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
