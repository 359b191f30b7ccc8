"""Product validation."""

from __future__ import annotations

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.products import LifecycleStage, validate


def test_a_new_product_starts_in_ideation():
    assert {
        "name": "Acme",
        "vision": "",
        "target_market": "",
        "lifecycle_stage": LifecycleStage.IDEATION,
    } == validate({"name": "Acme"}, creating=True)


def test_lifecycle_stages_are_in_the_order_of_a_products_life():
    assert [
        "ideation",
        "research",
        "mvp",
        "development",
        "beta",
        "launch",
        "optimization",
        "sunset",
    ] == [stage.value for stage in LifecycleStage]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "lifecycle_stage": "growth"}, "lifecycle_stage"),
        ({"name": "A", "vision": "v" * 4001}, "vision"),
        ({"name": "A", "id": 3}, "id"),
    ],
)
def test_an_invalid_product_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate(fields, creating=True)

    assert field == error.value.field
