"""Estimates: a likely value, optionally a range with a distribution, within the field's rules."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.estimates import ItemEstimate, field_name, main_estimator, validate
from valueloop.domain.rank_stability import Distribution

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_a_likely_value_alone_is_a_point():
    assert {
        "low": 450.0,
        "likely": 450.0,
        "high": 450.0,
        "distribution": Distribution.POINT,
        "note": "",
    } == validate("reach", {"likely": 450})


def test_a_range_is_triangular_unless_another_distribution_is_named():
    assert (
        Distribution.TRIANGULAR
        == validate("reach", {"likely": 4, "low": 1, "high": 9})["distribution"]
    )
    assert (
        Distribution.PERT
        == validate("reach", {"likely": 4, "low": 1, "high": 9, "distribution": "pert"})[
            "distribution"
        ]
    )


@pytest.mark.parametrize(
    ("field", "values", "at_fault"),
    [
        ("reach", {"low": 1, "high": 2}, "likely"),
        ("reach", {"likely": 5, "low": 1}, "high"),
        ("reach", {"likely": 5, "low": 6, "high": 9}, "likely"),
        ("reach", {"likely": -1}, "likely"),
        ("effort", {"likely": 0}, "likely"),
        ("effort", {"likely": 1, "low": 0, "high": 2}, "low"),
        ("impact", {"likely": 4}, "likely"),
        ("impact", {"likely": 2, "low": 0.25, "high": 5}, "high"),
        ("job_size", {"likely": 4}, "likely"),
        ("ice_ease", {"likely": 11}, "likely"),
        ("reach", {"likely": 5, "low": 1, "high": 9, "distribution": "point"}, "distribution"),
        ("reach", {"likely": 5, "colour": "red"}, "colour"),
    ],
)
def test_estimates_outside_the_rules_name_the_value_at_fault(field, values, at_fault):
    with pytest.raises(ValidationFailed) as error:
        validate(field, values)

    assert at_fault == error.value.field


def test_a_distribution_without_a_range_is_a_point():
    assert (
        Distribution.POINT
        == validate("reach", {"likely": 5, "distribution": "pert"})["distribution"]
    )


def test_impact_may_range_between_scale_values_but_its_likely_value_stays_on_the_scale():
    assert 2.0 == validate("impact", {"likely": 2, "low": 0.25, "high": 3})["likely"]


def test_custom_fields_take_any_finite_number_and_lower_case_names():
    assert 0.0 == validate("risk_appetite", {"likely": 0})["likely"]
    assert "risk_appetite" == field_name("risk_appetite")


@pytest.mark.parametrize("name", ["Reach", "2fast", "a-b", "", "x" * 41, 7])
def test_a_field_name_is_a_lower_case_identifier(name):
    with pytest.raises(ValidationFailed):
        field_name(name)


@pytest.mark.parametrize("name", ["arr", "segment_enterprise"])
def test_computed_variables_cannot_be_estimated(name):
    with pytest.raises(ValidationFailed) as error:
        field_name(name, frozenset({"arr"}))

    assert "computed" in error.value.message


def _estimate(field: str, who: int | None, minutes: int) -> ItemEstimate:
    at = T0 + dt.timedelta(minutes=minutes)
    return ItemEstimate(1, 1, field, 1, 1, 1, Distribution.POINT, who, "", at, at, 1)


def test_the_main_estimator_gave_most_of_the_inputs_and_ties_go_to_the_latest():
    most = {"reach": _estimate("reach", 7, 1), "impact": _estimate("impact", 7, 2)}
    tied = {"reach": _estimate("reach", 7, 1), "effort": _estimate("effort", 8, 5)}

    assert 7 == main_estimator({**most, "effort": _estimate("effort", 8, 9)})
    assert 8 == main_estimator(tied)
    assert main_estimator({"reach": _estimate("reach", None, 1)}) is None


def test_a_range_is_sampled_and_a_point_is_a_number():
    point = _estimate("reach", 1, 0)
    ranged = ItemEstimate(1, 1, "reach", 1, 2, 4, Distribution.PERT, 1, "", T0, T0, 1)

    assert 1 == point.sampled()
    assert {"low": 1, "likely": 2, "high": 4, "distribution": "pert"} == ranged.sampled()
