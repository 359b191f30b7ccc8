"""The product owner's scoring decisions: MoSCoW, confidence overrides, the framework."""

from __future__ import annotations

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.priorities import choose, validate_priority, validate_settings
from valueloop.domain.scoring import Framework, IceAggregation, Moscow


def test_a_confidence_override_needs_its_reason():
    with pytest.raises(ValidationFailed) as error:
        validate_priority({"confidence_override": 0.9})

    assert "override_reason" == error.value.field


def test_clearing_the_override_clears_its_reason():
    assert {"confidence_override": None, "override_reason": ""} == validate_priority(
        {"confidence_override": None}
    )


def test_a_reason_alone_is_refused():
    with pytest.raises(ValidationFailed) as error:
        validate_priority({"override_reason": "because"})

    assert "override_reason" == error.value.field


def test_moscow_and_override_are_checked():
    assert {
        "moscow": Moscow.MUST,
        "confidence_override": 0.8,
        "override_reason": "an A/B test",
    } == validate_priority(
        {"moscow": "must", "confidence_override": 0.8, "override_reason": " an A/B test "}
    )
    with pytest.raises(ValidationFailed):
        validate_priority({"confidence_override": 1.5, "override_reason": "sure"})


@pytest.mark.parametrize(
    ("text", "framework", "formula_id"),
    [
        ("rice", Framework.RICE, None),
        ("opportunity", Framework.OPPORTUNITY, None),
        ("formula:12", None, 12),
    ],
)
def test_a_framework_is_built_in_or_a_saved_formula(text, framework, formula_id):
    chosen = choose(text)

    assert (framework, formula_id, text) == (chosen.framework, chosen.formula_id, chosen.key)


@pytest.mark.parametrize("text", ["RICE", "formula:", "formula:x", "kano", None, 3])
def test_anything_else_is_refused_naming_the_framework(text):
    with pytest.raises(ValidationFailed) as error:
        choose(text)

    assert "framework" == error.value.field


def test_settings_are_checked():
    assert {"framework": "formula:3", "ice_aggregation": IceAggregation.PRODUCT} == (
        validate_settings({"framework": "formula:3", "ice_aggregation": "product"})
    )
    with pytest.raises(ValidationFailed) as error:
        validate_settings({"half_life_days": 0})

    assert "half_life_days" == error.value.field


def test_the_saved_grid_keeps_its_axes_as_text_and_blank_or_null_clears_them():
    fields = {
        "quadrant_value": "  arr / 1000 ",
        "quadrant_effort": "",
        "quadrant_value_threshold": 50,
        "quadrant_effort_threshold": None,
    }

    assert {
        "quadrant_value": "arr / 1000",
        "quadrant_effort": None,
        "quadrant_value_threshold": 50.0,
        "quadrant_effort_threshold": None,
    } == validate_settings(fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quadrant_effort_threshold": -1}, "quadrant_effort_threshold"),
        ({"quadrant_value_threshold": float("inf")}, "quadrant_value_threshold"),
        ({"quadrant_value_threshold": "high"}, "quadrant_value_threshold"),
        ({"quadrant_value": 3}, "quadrant_value"),
        ({"quadrant_effort": "x" * 1001}, "quadrant_effort"),
    ],
)
def test_a_bad_saved_grid_field_is_refused_naming_it(fields, field):
    with pytest.raises(ValidationFailed) as raised:
        validate_settings(fields)

    assert field == raised.value.field
