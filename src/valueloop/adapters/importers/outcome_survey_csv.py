"""Importance/satisfaction survey answers from CSV: respondent, outcome (id or exact statement),
importance and satisfaction (1–5)[, date, customer (external id or name)]."""

from __future__ import annotations

from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.domain.jtbd import SurveyRow


def read(path: Path | str, *, text: str | None = None) -> list[SurveyRow]:
    """Every answer in the file, or ValidationFailed naming the file, line and field."""
    rows = csv_rows.read(
        path,
        ("respondent", "outcome", "importance", "satisfaction"),
        ("date", "customer"),
        text=text,
    )
    return [
        SurveyRow(
            line=row.line,
            outcome=row.text("outcome", required=True, max_len=1000),
            respondent=row.text("respondent", required=True, max_len=200),
            importance=_rating(row, "importance"),
            satisfaction=_rating(row, "satisfaction"),
            answered_on=row.date("date") if row.text("date") else None,
            customer=row.text("customer", max_len=200),
        )
        for row in rows
    ]


def _rating(row: csv_rows.CsvRow, field: str) -> int:
    value = row.integer(field)
    if not 1 <= value <= 5:
        raise row.fail(field, f"{value} is not a rating from 1 to 5")
    return value
