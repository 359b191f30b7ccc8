"""Reading outcome survey files: typed rows, and errors naming the file, line and field."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.adapters.importers import outcome_survey_csv
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.jtbd import SurveyRow

HEADER = "Respondent,Outcome,Importance,Satisfaction,Date,Customer\n"


def test_rows_are_read_with_their_line_numbers_and_optional_columns():
    rows = outcome_survey_csv.read(
        "s.csv", text=HEADER + "ann,17,5,2,2026-02-03,SF-1\n\nbo,17,4,4,,\n"
    )

    assert [
        SurveyRow(2, "17", "ann", 5, 2, dt.date(2026, 2, 3), "SF-1"),
        SurveyRow(4, "17", "bo", 4, 4, None, ""),
    ] == rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("respondent,outcome,importance\n", "s.csv, line 1: missing column satisfaction"),
        (
            HEADER + "ann,17,0,2,,\n",
            "s.csv, line 2, field importance: 0 is not a rating from 1 to 5",
        ),
        (HEADER + "ann,17,4.5,2,,\n", "s.csv, line 2, field importance: 4.5 is not a whole number"),
        (HEADER + ",17,4,2,,\n", "s.csv, line 2, field respondent: is empty"),
        (HEADER + "ann,17,4,2,3 Feb,\n", "s.csv, line 2, field date: '3 Feb' is not a date"),
        (HEADER + "ann,17,4\n", "s.csv, line 2: expected 6 fields, found 3"),
    ],
)
def test_a_malformed_file_names_the_file_line_and_field(text, expected):
    with pytest.raises(ValidationFailed) as failure:
        outcome_survey_csv.read("s.csv", text=text)

    assert failure.value.message.startswith(expected), failure.value.message
