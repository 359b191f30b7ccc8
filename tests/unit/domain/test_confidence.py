"""Evidence-derived confidence: kinds, amount and recency, RICE bands, reasons and overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valueloop.domain.confidence import (
    DEFAULT_WEIGHTS,
    ConfidenceModel,
    Evidence,
    EvidenceKind,
    KindWeight,
    confidence_many,
    derive_confidence,
    override,
)
from valueloop.domain.errors import ValidationFailed

TODAY = dt.date(2026, 6, 1)
K = EvidenceKind


def days_ago(kind: EvidenceKind, days: int) -> Evidence:
    return Evidence(kind, TODAY - dt.timedelta(days=days))


def test_no_evidence_means_no_confidence_and_the_lowest_rice_band():
    result = derive_confidence([], today=TODAY)

    assert (0.0, 0.5, "low") == (result.value, result.rice, result.label)
    assert ("derived confidence 0.00 → RICE 0.5 (low)", "no evidence linked") == result.reasons


def test_one_fresh_ab_test_gives_high_confidence():
    result = derive_confidence([days_ago(K.AB_TEST, 0)], today=TODAY)

    assert 0.9 == pytest.approx(result.value)
    assert (1.0, "high") == (result.rice, result.label)


def test_kinds_of_evidence_weigh_opinion_least_and_ab_tests_most():
    single = [derive_confidence([days_ago(kind, 0)], today=TODAY).value for kind in EvidenceKind]

    assert sorted(single) == single
    assert len(set(single)) == len(single)


def test_pieces_of_one_kind_add_up_as_independent_signals():
    # Two fresh interviews: 1 − (1 − 0.3)² = 0.51.
    result = derive_confidence([days_ago(K.INTERVIEW, 0), days_ago(K.INTERVIEW, 0)], today=TODAY)

    assert 0.51 == pytest.approx(result.value)


def test_the_reason_names_the_kind_the_amount_the_weight_and_the_newest_age():
    # Half-life 180 days: 0.3 × ½^(12/180) = 0.2863 and 0.3 × ½^(40/180) = 0.2572;
    # together 1 − (1 − 0.2863)(1 − 0.2572) = 0.4699.
    result = derive_confidence([days_ago(K.INTERVIEW, 40), days_ago(K.INTERVIEW, 12)], today=TODAY)

    assert "2 interviews (weight 0.3 each), newest 12 days old: 0.47" == result.reasons[1]
    assert 0.4699578 == pytest.approx(result.value)


def test_no_number_of_opinions_outweighs_the_ceiling_of_opinions():
    result = derive_confidence([days_ago(K.OPINION, 0)] * 50, today=TODAY)

    assert DEFAULT_WEIGHTS[K.OPINION].ceiling == pytest.approx(result.value)
    assert "capped at 0.3" in result.reasons[1]
    assert result.value < derive_confidence([days_ago(K.AB_TEST, 0)], today=TODAY).value


def test_evidence_loses_half_its_weight_every_half_life():
    model = ConfidenceModel(half_life_days=90)

    fresh = derive_confidence([days_ago(K.SURVEY, 0)], today=TODAY, model=model)
    old = derive_confidence([days_ago(K.SURVEY, 90)], today=TODAY, model=model)
    older = derive_confidence([days_ago(K.SURVEY, 180)], today=TODAY, model=model)

    assert (0.5, 0.25, 0.125) == pytest.approx((fresh.value, old.value, older.value))


def test_evidence_dated_in_the_future_counts_as_today():
    tomorrow = Evidence(K.SURVEY, TODAY + dt.timedelta(days=1))

    result = derive_confidence([tomorrow], today=TODAY)

    assert 0.5 == result.value
    assert "newest today" in result.reasons[1]


def test_kinds_combine_and_the_reasons_list_each_kind():
    # Interviews 0.3 and a survey 0.5, fresh: 1 − 0.7 × 0.5 = 0.65 → RICE 0.8.
    result = derive_confidence([days_ago(K.SURVEY, 1), days_ago(K.INTERVIEW, 0)], today=TODAY)

    assert 0.65 == pytest.approx(result.value, abs=0.01)
    assert (0.8, "medium") == (result.rice, result.label)
    assert [
        "1 interview (weight 0.3 each), newest today: 0.30",
        "1 survey (weight 0.5 each), newest 1 day old: 0.50",
    ] == list(result.reasons[1:])


def test_an_override_wins_and_keeps_the_derived_value_and_the_reason():
    manual = override(0.9, "Signed contract with three enterprise customers", by=7)

    result = derive_confidence([days_ago(K.OPINION, 0)], today=TODAY, manual=manual)

    assert (0.9, 1.0, manual) == (result.value, result.rice, result.override)
    assert 0.1 == pytest.approx(result.derived)
    assert result.reasons[0].startswith("set to 0.9 → RICE 1 (high) by hand: Signed contract")
    assert result.reasons[0].endswith("derived 0.10")


@pytest.mark.parametrize(
    ("value", "reason", "field"),
    [(1.5, "why", "confidence"), (-0.1, "why", "confidence"), (0.5, "  ", "override_reason")],
)
def test_an_override_needs_a_confidence_in_0_to_1_and_a_reason(value, reason, field):
    with pytest.raises(ValidationFailed) as error:
        override(value, reason)

    assert field == error.value.field


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"half_life_days": 0}, "half_life_days"),
        ({"medium": 0.8, "high": 0.7}, "medium"),
        ({"high": 1.5}, "high"),
        ({"weights": {K.OPINION: KindWeight(0.1, 0.3)}}, "weights"),
        ({"weights": {**DEFAULT_WEIGHTS, K.SURVEY: KindWeight(2, 1)}}, "survey weight"),
    ],
)
def test_a_model_with_impossible_settings_is_refused(settings, field):
    with pytest.raises(ValidationFailed) as error:
        ConfidenceModel(**settings)

    assert field == error.value.field


def test_the_rice_bands_follow_the_model_thresholds():
    model = ConfidenceModel(high=0.8, medium=0.5)

    assert [(0.5, "low"), (0.8, "medium"), (1.0, "high")] == [
        model.band(0.49),
        model.band(0.5),
        model.band(0.8),
    ]


evidence = st.lists(
    st.builds(
        Evidence,
        st.sampled_from(list(EvidenceKind)),
        st.dates(TODAY - dt.timedelta(days=2000), TODAY + dt.timedelta(days=5)),
    ),
    max_size=30,
)


@given(evidence, evidence)
def test_more_evidence_never_lowers_confidence(before, more):
    assert (
        derive_confidence(before, today=TODAY).value
        <= derive_confidence(before + more, today=TODAY).value + 1e-12
    )


@given(st.lists(evidence, min_size=1, max_size=8))
def test_the_bulk_computation_equals_one_item_at_a_time(per_item):
    kinds = list(EvidenceKind)
    rows = [(i, e) for i, pieces in enumerate(per_item) for e in pieces]

    bulk = confidence_many(
        [i for i, _ in rows],
        [kinds.index(e.kind) for _, e in rows],
        [(TODAY - e.observed_on).days for _, e in rows],
        len(per_item),
    )

    one_by_one = [derive_confidence(pieces, today=TODAY).value for pieces in per_item]
    assert one_by_one == pytest.approx(bulk.tolist(), abs=1e-12)


def test_the_bulk_computation_refuses_out_of_range_indices():
    with pytest.raises(ValidationFailed) as item:
        confidence_many([2], [0], [1], items=2)
    with pytest.raises(ValidationFailed) as kind:
        confidence_many([0], [9], [1], items=1)

    assert ("item_index", "kinds") == (item.value.field, kind.value.field)
