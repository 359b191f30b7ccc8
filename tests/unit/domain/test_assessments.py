"""Desirability, viability, feasibility: each rated with the evidence it rests on."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.assessments import Assessment, Dimension, Rating, summary, validate
from valueloop.domain.errors import ValidationFailed

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_a_rating_needs_evidence_a_link_or_a_feedback_note():
    with pytest.raises(ValidationFailed) as error:
        validate({"rating": "high"})

    assert "evidence" == error.value.field
    assert Rating.HIGH == validate({"rating": "high", "note_id": 4})["rating"]
    assert "https://x.test/a" == validate({"rating": "low", "link": "https://x.test/a"})["link"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"rating": "great", "evidence": "x"}, "rating"),
        ({"rating": "high", "link": "javascript:alert(1)"}, "link"),
        ({"rating": "high", "link": "see the wiki"}, "link"),
        ({"rating": "high", "evidence": "x", "score": 3}, "score"),
    ],
)
def test_bad_assessments_name_the_field(values, field):
    with pytest.raises(ValidationFailed) as error:
        validate(values)

    assert field == error.value.field


def test_the_summary_shows_each_dimension_and_what_is_missing():
    made = [
        Assessment(1, 1, Dimension.FEASIBILITY, Rating.LOW, "spike", "", None, 1, T0, T0, 1),
        Assessment(2, 1, Dimension.DESIRABILITY, Rating.HIGH, "asks", "", None, 1, T0, T0, 1),
    ]

    dvf = summary(made)

    assert (Rating.HIGH, None, Rating.LOW) == (dvf.desirability, dvf.viability, dvf.feasibility)
    assert ((Dimension.VIABILITY,), False) == (dvf.missing, dvf.complete)
