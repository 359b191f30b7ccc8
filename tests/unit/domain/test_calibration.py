"""Calibration: predicted scores against measured impact, per framework and per estimator."""

from __future__ import annotations

import datetime as dt

import pytest
from scipy import stats

from valueloop.domain.calibration import Prediction, calibrate
from valueloop.domain.errors import ValidationFailed

DAY = dt.date(2026, 1, 5)


def predictions(framework: str, estimator: str, scores: list[float], first_item: int = 1):
    return [
        Prediction(first_item + i, framework, estimator, score, DAY)
        for i, score in enumerate(scores)
    ]


def test_scores_that_order_items_as_their_impact_did_correlate_perfectly():
    report = calibrate(
        predictions("rice", "ana", [10, 20, 30, 40, 50]), {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}
    )

    (rice,) = report.by_framework
    assert ("rice", 5) == (rice.key, rice.count)
    assert 1.0 == pytest.approx(rice.spearman)
    assert 0.0 == pytest.approx(rice.mae)
    assert rice.verdict.startswith(
        "strong: higher scores went with higher measured impact (ρ = 1.00"
    )


def test_scores_that_order_items_backwards_correlate_inversely():
    report = calibrate(predictions("ice", "ben", [5, 4, 3, 2, 1]), {1: 1, 2: 2, 3: 3, 4: 4, 5: 5})

    (ice,) = report.by_framework
    assert -1.0 == pytest.approx(ice.spearman)
    # Normalized scores 1, .75, .5, .25, 0 against impacts 0, .25, .5, .75, 1: mean |gap| = 0.6.
    assert 0.6 == pytest.approx(ice.mae)
    assert ice.verdict.startswith("inverse")


def test_the_rank_correlation_is_scipys_spearman_with_ties():
    scores = [3, 1, 4, 1, 5, 9, 2, 6]
    impacts = [2.0, 7.0, 1.0, 8.0, 2.0, 8.0, 1.0, 8.0]

    report = calibrate(predictions("wsjf", "cy", scores), {i + 1: v for i, v in enumerate(impacts)})

    expected = stats.spearmanr(scores, impacts)
    (wsjf,) = report.by_framework
    assert expected.statistic == pytest.approx(wsjf.spearman)
    assert expected.pvalue == pytest.approx(wsjf.p_value)


def test_too_few_points_give_a_verdict_instead_of_noise():
    report = calibrate(predictions("rice", "ana", [1, 2, 3]), {1: 3, 2: 2, 3: 1})

    (rice,) = report.by_framework
    assert (3, None, None, None) == (rice.count, rice.spearman, rice.mae, rice.impact_mae)
    assert "too few points: 3 of the 5 needed" == rice.verdict


def test_estimators_are_compared_across_frameworks_on_normalized_scores():
    # Ana scores with RICE (hundreds) and ICE (ones); both put the items in impact order.
    ana = predictions("rice", "ana", [100, 300, 500]) + predictions("ice", "ana", [2, 6], 4)
    ben = predictions("rice", "ben", [500, 300, 100])
    impacts = {1: 10.0, 2: 30.0, 3: 50.0, 4: 10.0, 5: 50.0}

    report = calibrate(ana + ben, impacts, min_points=3)

    by_estimator = {g.key: g for g in report.by_estimator}
    assert 1.0 == pytest.approx(by_estimator["ana"].spearman)
    assert 0.0 == pytest.approx(by_estimator["ana"].mae)
    assert -1.0 == pytest.approx(by_estimator["ben"].spearman)
    assert ["ice", "rice"] == [g.key for g in report.by_framework]


def test_the_latest_snapshot_of_an_item_counts_and_unmeasured_items_wait():
    old = Prediction(1, "rice", "ana", 999.0, DAY - dt.timedelta(days=30))
    rest = predictions("rice", "ana", [10, 20, 30, 40, 50])
    later = [Prediction(9, "rice", "ana", 60.0, DAY)]

    report = calibrate([*rest, old, *later], {1: 1, 2: 2, 3: 3, 4: 4, 5: 5})

    assert (5, 1) == (report.measured, report.awaiting)
    assert 1.0 == pytest.approx(report.by_framework[0].spearman)


def test_predicted_impact_is_compared_in_the_measures_own_units():
    points = [
        Prediction(i, "rice", "ana", float(i), DAY, predicted_impact=float(i) + 2)
        for i in range(1, 6)
    ]

    report = calibrate(points, {i: float(i) for i in range(1, 6)})

    assert 2.0 == report.by_framework[0].impact_mae


def test_equal_scores_have_no_ranking_to_compare():
    report = calibrate(predictions("rice", "ana", [7] * 5), {1: 1, 2: 2, 3: 3, 4: 4, 5: 5})

    (rice,) = report.by_framework
    assert rice.spearman is None
    assert rice.verdict.startswith("no ranking to compare")


@pytest.mark.parametrize("min_points", [2, 0, 2.5, True])
def test_min_points_is_a_whole_number_of_at_least_three(min_points):
    with pytest.raises(ValidationFailed) as error:
        calibrate([], {}, min_points=min_points)

    assert "min_points" == error.value.field


def test_a_measured_impact_must_be_a_finite_number():
    with pytest.raises(ValidationFailed) as error:
        calibrate(predictions("rice", "ana", [1]), {1: float("nan")})

    assert "measured_impact" == error.value.field


def test_each_measured_prediction_is_a_point_of_scaled_score_against_scaled_impact():
    rice = predictions("RICE", "ana", [10, 20, 30])
    ice = [Prediction(2, "ICE", "ben", 4, DAY, predicted_impact=2.5)]
    waiting = [Prediction(9, "RICE", "ana", 99, DAY)]

    report = calibrate([*rice, *ice, *waiting], {1: 5, 2: 1, 3: 3})

    # Scores scale within their framework (RICE 10…30, ICE alone is the middle, 0.5); measured
    # impacts over every measured item (1…5): item 1 → 1, item 2 → 0, item 3 → 0.5.
    assert [
        ("ICE", 2, 0.5, 0.0, 1.0),
        ("RICE", 1, 0.0, 1.0, 5.0),
        ("RICE", 2, 0.5, 0.0, 1.0),
        ("RICE", 3, 1.0, 0.5, 3.0),
    ] == [
        (p.prediction.framework, p.prediction.item_id, p.score, p.actual, p.measured)
        for p in report.points
    ]
    assert 2.5 == report.points[0].prediction.predicted_impact


def test_no_measured_item_gives_no_points():
    report = calibrate(predictions("RICE", "ana", [1, 2]), {})

    assert ((), 0, 2) == (report.points, report.measured, report.awaiting)
