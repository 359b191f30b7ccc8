"""A backlog scored at once: the same numbers as one item at a time, and absolute."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valueloop.domain.backlog_scores import align, positions, rank_order, score_backlog
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.formulas import compile_formula
from valueloop.domain.scoring import CONFIDENCE_SCALE, IMPACT_SCALE, Framework, score

NAN = float("nan")


def test_intercoms_three_projects_score_675_400_and_800_in_one_pass():
    columns = {
        "reach": np.array([450.0, 2000, 800]),
        "impact": np.array([3.0, 1, 2]),
        "confidence": np.array([1.0, 0.8, 0.5]),
        "effort": np.array([2.0, 4, 1]),
    }

    scores = score_backlog(Framework.RICE, columns, 3)

    assert [675.0, 400.0, 800.0] == scores.values.tolist()
    assert {} == scores.missing
    assert {} == scores.errors


def test_an_item_lacking_inputs_is_unscored_with_their_names():
    columns = {
        "reach": np.array([450.0, NAN]),
        "impact": np.array([3.0, NAN]),
        "confidence": np.array([1.0, 0.5]),
        "effort": np.array([2.0, 1]),
    }

    scores = score_backlog(Framework.RICE, columns, 2)

    assert np.isnan(scores.values[1])
    assert {1: ("reach", "impact")} == scores.missing
    assert [True, False] == scores.scored.tolist()


def test_inputs_off_the_scale_give_the_message_scoring_one_item_gives():
    columns = {
        "reach": np.array([450.0, 450]),
        "impact": np.array([3.0, 4]),
        "confidence": np.array([1.0, 1]),
        "effort": np.array([2.0, 0]),
    }

    scores = score_backlog(Framework.RICE, columns, 2)

    assert 675.0 == scores.values[0]
    assert "impact must be one of 3, 2, 1, 0.5, 0.25" == scores.errors[1]


def test_wsjf_inputs_must_be_on_the_fibonacci_scale():
    columns = {
        name: np.array([8.0, 4])
        for name in ("business_value", "time_criticality", "risk_reduction", "job_size")
    }

    scores = score_backlog(Framework.WSJF, columns, 2)

    assert 3.0 == scores.values[0]
    assert "business_value must be one of 1, 2, 3, 5, 8, 13, 20" == scores.errors[1]


def test_ice_aggregation_follows_the_setting():
    columns = {"impact": np.array([8.0]), "confidence": np.array([5.0]), "ease": np.array([2.0])}

    mean = score_backlog(Framework.ICE, columns, 1)
    product = score_backlog(Framework.ICE, columns, 1, ice_aggregation="product")

    assert (5.0, 80.0) == (mean.values[0], product.values[0])


def test_a_formula_failing_for_one_item_leaves_only_that_item_unscored_with_its_message():
    formula = compile_formula("reach / (effort - 2)")
    columns = {"reach": np.arange(1.0, 9.0), "effort": np.array([1.0, 3, 2, 4, 5, 2, 6, 7])}

    scores = score_backlog(formula, columns, 8)

    assert [2, 5] == sorted(scores.errors)
    assert "formula, column 10: division by zero (effort - 2 is 0)" == scores.errors[2]
    assert [-1.0, 2.0] == scores.values[:2].tolist()
    assert 6 == int(np.isfinite(scores.values).sum())


def test_a_column_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationFailed):
        score_backlog(Framework.CD3, {"cost_of_delay": np.ones(2), "duration": np.ones(3)}, 3)


def test_rank_order_puts_higher_scores_first_ties_in_manual_order_and_unscored_last():
    values = np.array([5.0, NAN, 9.0, 5.0, NAN, 1.0])

    assert [2, 0, 3, 5, 1, 4] == rank_order(values).tolist()


@pytest.mark.parametrize("offset", [0, 10**12])  # dense ids use a table, sparse ones a search
def test_positions_find_each_id_or_minus_one(offset):
    known = np.array([7, 3, 9, 4]) + offset

    found = positions(known, np.array([9, 5, 3, 3, -1]) + offset)

    assert [2, -1, 1, 1, -1] == found.tolist()


def test_align_places_values_by_id_and_leaves_the_rest_empty():
    aligned = align(np.array([7, 3, 9]), np.array([9, 3, 4]), np.array([90.0, 30, 40]))

    assert [True, False, False] == np.isnan(aligned).tolist()
    assert [30.0, 90.0] == aligned[1:].tolist()


# --- Absolute scores ------------------------------------------------------------------------------


def _rice_row(draw: st.DrawFn) -> dict[str, float]:
    def pick(values: list[float]) -> float:
        return NAN if draw(st.integers(0, 9)) == 0 else draw(st.sampled_from(values))

    return {
        "reach": pick([0.0, 10, 450, 2000, 1e6]),
        "impact": pick([*IMPACT_SCALE, 4.0]),  # an off-scale value now and then
        "confidence": pick(list(CONFIDENCE_SCALE)),
        "effort": pick([0.0, 0.5, 1, 2, 12]),
    }


@st.composite
def rice_backlogs(draw: st.DrawFn) -> list[dict[str, float]]:
    return [_rice_row(draw) for _ in range(draw(st.integers(1, 25)))]


def _columns(rows: list[dict[str, float]]) -> dict[str, np.ndarray]:
    return {name: np.array([r[name] for r in rows], dtype=float) for name in rows[0]}


def _same(left: float, right: float) -> bool:
    return (np.isnan(left) and np.isnan(right)) or left == right


@given(rice_backlogs(), st.data())
def test_adding_or_removing_items_never_changes_another_items_score(rows, data):
    keep = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    kept = [r for r, k in zip(rows, keep, strict=True) if k] or rows[:1]
    extra = data.draw(rice_backlogs())

    whole = score_backlog(Framework.RICE, _columns(rows), len(rows)).values
    part = score_backlog(Framework.RICE, _columns(kept), len(kept)).values
    grown = score_backlog(Framework.RICE, _columns(kept + extra), len(kept) + len(extra)).values

    kept_whole = [v for v, k in zip(whole.tolist(), keep, strict=True) if k] or whole[:1].tolist()
    assert all(_same(a, b) for a, b in zip(kept_whole, part.tolist(), strict=True))
    assert all(_same(a, b) for a, b in zip(part.tolist(), grown[: len(kept)].tolist(), strict=True))


@given(rice_backlogs())
def test_the_backlog_pass_gives_what_scoring_each_item_alone_gives(rows):
    scores = score_backlog(Framework.RICE, _columns(rows), len(rows))

    for index, row in enumerate(rows):
        if any(np.isnan(v) for v in row.values()):
            assert np.isnan(scores.values[index])
            continue
        if index in scores.errors:
            with pytest.raises(ValidationFailed, match=re.escape(scores.errors[index])):
                score(Framework.RICE, row)
        else:
            assert score(Framework.RICE, row).value == scores.values[index]


@settings(max_examples=50)
@given(
    st.sampled_from(["a / b", "a * b + 1", "if(b > 0, a / b, 0)", "sqrt(a) - log(b + 1)", "a % b"]),
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 1, 2.5, -3, 100, NAN]), st.sampled_from([0.0, 1, 2, -1, NAN])
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(0, 29),
)
def test_a_formulas_scores_do_not_depend_on_the_other_items(text, rows, drop):
    formula = compile_formula(text)
    columns = {"a": np.array([r[0] for r in rows]), "b": np.array([r[1] for r in rows])}
    whole = score_backlog(formula, columns, len(rows))
    drop %= len(rows)
    rest = {name: np.delete(values, drop) for name, values in columns.items()}

    without = score_backlog(formula, rest, len(rows) - 1)

    expected = np.delete(whole.values, drop).tolist()
    assert all(_same(a, b) for a, b in zip(expected, without.values.tolist(), strict=True))
    expected_errors = {(i if i < drop else i - 1): m for i, m in whole.errors.items() if i != drop}
    assert expected_errors == dict(without.errors)
