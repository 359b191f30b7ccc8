"""Rank stability: ranges, sampling, the vectorized formulas and what the report says per item."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.formulas import compile_formula
from valueloop.domain.rank_stability import (
    Distribution,
    Estimate,
    ItemEstimates,
    as_estimate,
    estimate,
    formula_framework,
    rank_stability,
    sample_estimates,
    vector_framework,
)
from valueloop.domain.scoring import CONFIDENCE_SCALE, FIBONACCI, IMPACT_SCALE, score

RICE = vector_framework("rice")


def rice_item(key, reach, impact=1, confidence=1.0, effort=1):
    return ItemEstimates(
        key, {"reach": reach, "impact": impact, "confidence": confidence, "effort": effort}
    )


# --- Estimates --------------------------------------------------------------------------------


def test_an_estimate_defaults_its_likely_value_to_the_middle_of_its_range():
    assert Estimate(2.0, 6.0, 4.0, Distribution.UNIFORM) == estimate(2, 6)


def test_numbers_and_mappings_become_estimates():
    assert Estimate(3.0, 3.0, 3.0, Distribution.POINT) == as_estimate(3, "effort")
    assert Estimate(1.0, 5.0, 2.0, Distribution.PERT) == as_estimate(
        {"low": 1, "high": 5, "likely": 2, "distribution": "pert"}, "effort"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"low": 5, "high": 1}, "effort"),
        ({"low": 1, "high": 5, "likely": 6}, "effort"),
        ({"low": 1, "high": 5, "distribution": "point"}, "effort"),
        ({"low": 1, "high": 5, "distribution": "normal"}, "effort distribution"),
        ({"low": "one", "high": 5}, "effort low"),
    ],
)
def test_an_estimate_must_hold_low_at_most_likely_at_most_high(kwargs, field):
    with pytest.raises(ValidationFailed) as error:
        estimate(name="effort", **kwargs)

    assert field == error.value.field


@pytest.mark.parametrize(
    ("spread", "mean"),
    [
        (estimate(2, 8), 5.0),
        (estimate(2, 8, likely=3, distribution="triangular"), (2 + 3 + 8) / 3),
        (estimate(2, 8, likely=3, distribution="pert"), (2 + 4 * 3 + 8) / 6),
        (estimate(4, 4, distribution="point"), 4.0),
    ],
)
def test_draws_follow_each_distribution_within_its_range(spread, mean):
    draws = sample_estimates([spread], 20_000, seed=1)[:, 0]

    assert spread.low <= draws.min() <= draws.max() <= spread.high
    assert mean == pytest.approx(draws.mean(), abs=0.05)


def test_triangular_draws_pile_up_at_the_likely_value():
    draws = sample_estimates([estimate(0, 10, likely=8, distribution="triangular")], 20_000)

    counts, _ = np.histogram(draws, bins=10, range=(0, 10))
    assert 7 == int(np.argmax(counts))  # [7, 8): the density rises to the mode, then falls faster
    # P(X ≤ 8) = (8 − 0) / (10 − 0) = 0.8 for a triangle with its mode at 8.
    assert 0.8 == pytest.approx(float(np.mean(draws <= 8)), abs=0.01)


# --- Vectorized formulas ----------------------------------------------------------------------

scalar_inputs = {
    "rice": st.fixed_dictionaries(
        {
            "reach": st.integers(0, 10_000),
            "impact": st.sampled_from(list(IMPACT_SCALE)),
            "confidence": st.sampled_from(list(CONFIDENCE_SCALE)),
            "effort": st.sampled_from([0.5, 1, 2, 3]),
        }
    ),
    "ice": st.fixed_dictionaries({k: st.integers(1, 10) for k in ("impact", "confidence", "ease")}),
    "wsjf": st.fixed_dictionaries(
        {
            k: st.sampled_from(list(FIBONACCI))
            for k in ("business_value", "time_criticality", "risk_reduction", "job_size")
        }
    ),
    "cd3": st.fixed_dictionaries(
        {"cost_of_delay": st.integers(0, 10_000), "duration": st.integers(1, 52)}
    ),
    "opportunity": st.fixed_dictionaries(
        {"importance": st.floats(0, 10), "satisfaction": st.floats(0, 10)}
    ),
}


@settings(max_examples=30)
@given(st.data())
@pytest.mark.parametrize("framework", list(scalar_inputs))
@pytest.mark.parametrize("aggregation", ["mean", "product"])
def test_each_vectorized_formula_gives_the_published_formulas_score(framework, aggregation, data):
    inputs = data.draw(st.lists(scalar_inputs[framework], min_size=1, max_size=5))
    vector = vector_framework(framework, ice_aggregation=aggregation)

    columns = {name: np.array([float(i[name]) for i in inputs]) for name in vector.fields}

    expected = [score(framework, i, ice_aggregation=aggregation).value for i in inputs]
    assert expected == pytest.approx(vector.score(columns).tolist(), rel=1e-12)


# --- The report -------------------------------------------------------------------------------


def test_point_estimates_give_every_item_one_rank_every_draw():
    items = [rice_item(key, reach) for key, reach in [("a", 10), ("b", 30), ("c", 20)]]

    report = rank_stability(items, RICE, top_k=2)

    by_key = {i.key: i for i in report.items}
    assert (1, 1.0, 1.0, 1.0, 1.0) == (
        by_key["b"].point_rank,
        by_key["b"].top_k_probability,
        by_key["b"].median_rank,
        by_key["b"].rank_low,
        by_key["b"].rank_high,
    )
    assert (3, 0.0, 3.0) == (
        by_key["a"].point_rank,
        by_key["a"].top_k_probability,
        by_key["a"].median_rank,
    )
    assert ["a", "b", "c"] == [i.key for i in report.items]
    assert (1_000, 2, "RICE") == (report.draws, report.top_k, report.framework)


def test_equal_scores_rank_in_the_order_the_items_were_given():
    items = [rice_item(key, 10) for key in ("first", "second", "third")]

    report = rank_stability(items, RICE, top_k=1)

    assert [1, 2, 3] == [i.point_rank for i in report.items]
    assert [1.0, 0.0, 0.0] == [i.top_k_probability for i in report.items]


def test_two_items_with_the_same_uncertainty_share_first_place_about_evenly():
    spread = estimate(50, 150, likely=100, distribution="pert")
    items = [rice_item("a", spread), rice_item("b", spread)]

    report = rank_stability(items, RICE, top_k=1, draws=4_000)

    assert 0.5 == pytest.approx(report.items[0].top_k_probability, abs=0.04)
    assert (1.0, 2.0) == (report.items[0].rank_low, report.items[0].rank_high)


def test_a_wide_range_spreads_an_items_rank_and_a_narrow_one_keeps_it():
    items = [
        rice_item("steady", estimate(95, 105)),
        rice_item("gamble", estimate(0, 400)),
        *[rice_item(f"filler {i}", 60 + 10 * i) for i in range(10)],
    ]

    report = rank_stability(items, RICE, top_k=3)

    steady, gamble = report.items[0], report.items[1]
    assert steady.rank_high - steady.rank_low < gamble.rank_high - gamble.rank_low
    assert steady.rank_low <= steady.median_rank <= steady.rank_high
    assert 0 < gamble.top_k_probability < 1


def test_the_same_seed_gives_the_same_report_whatever_the_number_of_workers():
    items = [
        rice_item(i, estimate(10, 100, distribution="triangular"), effort=estimate(1, 3))
        for i in range(50)
    ]

    one = rank_stability(items, RICE, seed=7, workers=1)
    two = rank_stability(items, RICE, seed=7, workers=2)
    other = rank_stability(items, RICE, seed=8, workers=2)

    assert one == two
    assert one != other


def test_an_items_point_score_does_not_depend_on_the_other_items():
    items = [rice_item(i, estimate(10, 100), effort=2) for i in range(5)]

    alone = rank_stability(items[:1], RICE, top_k=1).items[0].point_score
    together = rank_stability(items, RICE, top_k=1).items[0].point_score

    assert alone == together == 55 / 2


def test_a_custom_formula_can_be_the_framework():
    formula = compile_formula("reach / max(effort, 1)", label="Reach per effort")
    items = [
        ItemEstimates("a", {"reach": estimate(10, 20), "effort": 0}),
        ItemEstimates("b", {"reach": 100, "effort": estimate(1, 2)}),
    ]

    report = rank_stability(items, formula_framework(formula), top_k=1)

    assert ("Reach per effort", 1.0) == (report.framework, report.items[1].top_k_probability)


def test_a_custom_formula_that_fails_on_some_draws_is_refused():
    formula = compile_formula("reach / (effort - 2)")
    items = [
        ItemEstimates("a", {"reach": 1, "effort": estimate(1, 3)}),
        ItemEstimates("b", {"reach": 1, "effort": 3}),
    ]

    with pytest.raises(ValidationFailed) as error:
        rank_stability(items, formula_framework(formula), top_k=1)

    assert "division by zero" in error.value.message


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"reach": 10, "impact": 1, "confidence": 1.0, "effort": estimate(0, 2)}, "effort"),
        ({"reach": 10, "impact": 1, "confidence": estimate(0.5, 1.2), "effort": 1}, "confidence"),
        ({"reach": estimate(-5, 2), "impact": 1, "confidence": 1.0, "effort": 1}, "reach"),
        ({"reach": 10, "impact": 1, "confidence": 1.0}, "effort"),
        ({"reach": 10, "impact": 1, "confidence": 1.0, "effort": "lots"}, "effort"),
    ],
)
def test_ranges_must_stay_within_the_frameworks_inputs(inputs, field):
    with pytest.raises(ValidationFailed) as error:
        rank_stability([ItemEstimates("x", inputs)], RICE, top_k=1)

    assert field == error.value.field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"draws": 999}, "draws"),
        ({"draws": 100_001}, "draws"),
        ({"top_k": 0}, "top_k"),
        ({"top_k": 3}, "top_k"),
        ({"interval": (95, 5)}, "interval"),
        ({"interval": (-1, 50)}, "interval"),
    ],
)
def test_draws_top_k_and_the_interval_are_checked(kwargs, field):
    items = [rice_item("a", 1), rice_item("b", 2)]

    with pytest.raises(ValidationFailed) as error:
        rank_stability(items, RICE, **{"top_k": 1, **kwargs})

    assert field == error.value.field


def test_draws_times_items_is_capped_before_anything_is_allocated():
    items = [rice_item(i, i) for i in range(600)]

    with pytest.raises(ValidationFailed) as error:
        rank_stability(items, RICE, draws=100_000)

    assert "draws × items must stay within 50,000,000; use fewer draws" == error.value.message


def test_rank_stability_needs_items():
    with pytest.raises(ValidationFailed) as error:
        rank_stability([], RICE)

    assert "items" == error.value.field
