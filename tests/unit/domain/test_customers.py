"""Customer validation."""

from __future__ import annotations

import pytest

from valueloop.domain.customers import CustomerStatus, validate
from valueloop.domain.errors import ValidationFailed


def test_a_new_customer_is_active_with_no_arr():
    assert {
        "name": "Acme",
        "domain": "",
        "segment": "",
        "plan": "",
        "external_id": None,
        "arr": 0.0,
        "status": CustomerStatus.ACTIVE,
    } == validate({"name": "Acme"}, creating=True)


def test_a_blank_external_id_means_none():
    assert {"external_id": None} == validate({"external_id": "  "}, creating=False)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "name"),
        ({"name": "A", "arr": -1}, "arr"),
        ({"name": "A", "arr": "lots"}, "arr"),
        ({"name": "A", "status": "happy"}, "status"),
        ({"name": "A", "mrr": 3}, "mrr"),
    ],
)
def test_an_invalid_customer_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate(fields, creating=True)

    assert field == error.value.field
