"""Survey answers from CSV: respondent, customer, date, score, comment (or desired and current)."""

from __future__ import annotations

from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.domain.surveys import GAP, SurveyAnswer


def read(path: Path | str, survey: str, *, text: str | None = None) -> list[SurveyAnswer]:
    """Every answer in the file, or ValidationFailed naming the file, line and field."""
    gap = survey == GAP
    required = (
        ("respondent", "date", "desired", "current") if gap else ("respondent", "date", "score")
    )
    rows = csv_rows.read(
        path, required, ("customer", "comment", "score", "desired", "current"), text=text
    )
    return [
        SurveyAnswer(
            line=row.line,
            respondent=row.text("respondent", required=True, max_len=200),
            customer=row.text("customer", max_len=200),
            responded_on=row.date("date"),
            score=None if gap else row.number("score"),
            desired=row.number("desired") if gap else None,
            current=row.number("current") if gap else None,
            comment=row.text("comment", max_len=20_000),
        )
        for row in rows
    ]
