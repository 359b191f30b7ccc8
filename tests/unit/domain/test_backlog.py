"""Backlog items: field validation and the status workflow."""

from __future__ import annotations

import pytest

from valueloop.domain.backlog import (
    TRANSITIONS,
    ItemStatus,
    ItemType,
    check_transition,
    validate,
)
from valueloop.domain.errors import ValidationFailed

S = ItemStatus

# The workflow as the product describes it: rows are "from", the set is where an item may go.
WORKFLOW = {
    S.NEW: {S.READY, S.IN_PROGRESS, S.REJECTED},
    S.READY: {S.NEW, S.IN_PROGRESS, S.REJECTED},
    S.IN_PROGRESS: {S.READY, S.DONE},
    S.DONE: {S.IN_PROGRESS},
    S.REJECTED: {S.NEW},
}


def test_the_transition_table_covers_every_status():
    assert set(ItemStatus) == set(TRANSITIONS)


@pytest.mark.parametrize("current", list(ItemStatus))
@pytest.mark.parametrize("target", list(ItemStatus))
def test_a_status_change_follows_the_workflow(current, target):
    allowed = target == current or target in WORKFLOW[current]

    if allowed:
        check_transition(current, target)
    else:
        with pytest.raises(ValidationFailed) as error:
            check_transition(current, target)
        assert "status" == error.value.field
        assert current.value in error.value.message


def test_a_new_item_defaults_to_a_new_feature_without_estimate():
    values = validate({"title": " Export to CSV "}, creating=True)

    assert {
        "title": "Export to CSV",
        "description": "",
        "type": ItemType.FEATURE,
        "status": ItemStatus.NEW,
        "estimate": None,
        "owner_id": None,
        "goal_id": None,
    } == values


def test_an_item_update_returns_only_the_fields_given():
    assert {"estimate": 3.0} == validate({"estimate": 3}, creating=False)


def test_an_estimate_can_be_cleared():
    assert {"estimate": None} == validate({"estimate": None}, creating=False)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "t" * 301}, "title"),
        ({"title": "t", "type": "story"}, "type"),
        ({"title": "t", "status": "blocked"}, "status"),
        ({"title": "t", "estimate": -1}, "estimate"),
        ({"title": "t", "estimate": 10_001}, "estimate"),
        ({"title": "t", "estimate": "3"}, "estimate"),
        ({"title": "t", "rank": "a"}, "rank"),
        ({"title": "t", "product_id": 2}, "product_id"),
    ],
)
def test_an_invalid_item_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate(fields, creating=True)

    assert field == error.value.field
