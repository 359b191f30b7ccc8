"""Feedback evidence: importance, highlights and the demand roll-up."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import (
    FeedbackNote,
    Importance,
    LinkedEvidence,
    NoteStatus,
    demand,
    edits_imported_fields,
    highlight,
    importance,
    validate,
)


def evidence(
    link_id: int,
    day: int,
    customer_id: int | None,
    level: Importance = Importance.IMPORTANT,
    arr: float = 0.0,
    segment: str = "",
) -> LinkedEvidence:
    return LinkedEvidence(
        link_id=link_id,
        received_on=dt.date(2024, 3, day),
        customer_id=customer_id,
        importance=level,
        customer_arr=arr,
        customer_segment=segment,
    )


def test_demand_without_evidence_is_empty():
    rolled = demand([])

    assert (0, 0, 0.0, {}, {}, None) == (
        rolled.notes,
        rolled.customers,
        rolled.arr,
        rolled.importance_by_customer,
        rolled.segments,
        rolled.latest_on,
    )


def test_a_customer_counts_once_per_item_however_many_notes_they_sent():
    rolled = demand([evidence(1, 1, 7, arr=1000), evidence(2, 2, 7, arr=1000)])

    assert 1 == rolled.customers
    assert 2 == rolled.notes
    assert 1000.0 == rolled.arr


def test_the_latest_importance_by_date_wins():
    rolled = demand(
        [
            evidence(1, 10, 7, Importance.NICE_TO_HAVE),
            evidence(2, 5, 7, Importance.CRITICAL),  # linked later, but older feedback
        ]
    )

    assert {7: Importance.NICE_TO_HAVE} == rolled.importance_by_customer


def test_on_the_same_date_the_later_link_wins():
    rolled = demand(
        [
            evidence(9, 5, 7, Importance.CRITICAL),
            evidence(3, 5, 7, Importance.NOT_IMPORTANT),
        ]
    )

    assert {7: Importance.CRITICAL} == rolled.importance_by_customer


def test_arr_is_summed_once_per_distinct_customer():
    rolled = demand(
        [
            evidence(1, 1, 1, arr=100.0),
            evidence(2, 2, 1, arr=100.0),
            evidence(3, 3, 2, arr=250.0),
            evidence(4, 4, None, arr=0.0),
        ]
    )

    assert 350.0 == rolled.arr
    assert 2 == rolled.customers


def test_notes_without_a_customer_count_as_notes_but_not_as_customers():
    rolled = demand([evidence(1, 1, None), evidence(2, 2, None)])

    assert (2, 0) == (rolled.notes, rolled.customers)


def test_segments_count_distinct_customers_and_name_the_unsegmented():
    rolled = demand(
        [
            evidence(1, 1, 1, segment="enterprise"),
            evidence(2, 2, 1, segment="enterprise"),
            evidence(3, 3, 2, segment="enterprise"),
            evidence(4, 4, 3, segment="smb"),
            evidence(5, 5, 4, segment=""),
        ]
    )

    assert {"enterprise": 2, "smb": 1, "unsegmented": 1} == rolled.segments


def test_the_latest_date_of_any_evidence_is_reported():
    rolled = demand([evidence(1, 9, None), evidence(2, 3, 1)])

    assert dt.date(2024, 3, 9) == rolled.latest_on


@pytest.mark.parametrize("value", [0, 1, 2, 3])
def test_importance_accepts_zero_to_three(value):
    assert Importance(value) == importance(value)


@pytest.mark.parametrize("value", [-1, 4, 2.0, "2", True, None])
def test_importance_refuses_anything_else(value):
    with pytest.raises(ValidationFailed) as error:
        importance(value)

    assert "importance" == error.value.field


def test_a_highlight_must_occur_in_the_note():
    assert "slow export" == highlight("The slow export hurts.", "  slow export ")

    with pytest.raises(ValidationFailed) as error:
        highlight("The slow export hurts.", "fast import")

    assert "highlight" == error.value.field


def test_an_empty_highlight_means_the_whole_note():
    assert "" == highlight("Anything", "   ")


def test_a_new_note_defaults_its_source_to_manual():
    values = validate({"text": "Need SSO"}, creating=True)

    assert {
        "text": "Need SSO",
        "source": "manual",
        "author": "",
        "external_id": None,
        "customer_id": None,
        "product_id": None,
        "title": "",
        "assignee_id": None,
    } == values


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": "t", "received_on": "yesterday"}, "received_on"),
        ({"text": "t", "mood": "sad"}, "mood"),
    ],
)
def test_an_invalid_note_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate(fields, creating=True)

    assert field == error.value.field


def _note() -> FeedbackNote:
    at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    return FeedbackNote(
        id=1,
        text="Export is slow",
        source="zendesk",
        customer_id=7,
        author="Ana",
        received_on=dt.date(2025, 3, 1),
        external_id="T-1",
        product_id=1,
        created_by=None,
        created_at=at,
        updated_at=at,
        version=1,
        status=NoteStatus.NEW,
        assignee_id=None,
        title="",
        duplicate_of_id=None,
        attributes=None,
    )


@pytest.mark.parametrize(
    "values",
    [
        {"text": "Export is very slow"},
        {"title": "Slow export"},
        {"customer_id": None},
        {"author": "Ben"},
        {"received_on": dt.date(2025, 3, 2)},
        {"external_id": "T-2"},
        {"status": NoteStatus.PROCESSED, "text": "Export is very slow"},
    ],
)
def test_changing_a_field_an_importer_writes_is_an_edit(values):
    assert edits_imported_fields(_note(), values)


@pytest.mark.parametrize(
    "values",
    [
        {"status": NoteStatus.ARCHIVED},
        {"assignee_id": 3},
        {"product_id": 2},
        {"text": "Export is slow", "customer_id": 7},  # the same values again
        {},
    ],
)
def test_triage_or_unchanged_values_are_not_an_edit(values):
    assert not edits_imported_fields(_note(), values)
