"""Measure observations from CSV: measure (id or name), date, value, note."""

from __future__ import annotations

from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.domain.goals import ObservationRow


def read(path: Path | str, *, text: str | None = None) -> list[ObservationRow]:
    """Every row of the file, or ValidationFailed naming the file, line and field."""
    rows = csv_rows.read(path, ("measure", "date", "value"), ("note",), text=text)
    result = []
    for row in rows:
        value = row.required_number("value")
        result.append(
            ObservationRow(
                line=row.line,
                measure=row.text("measure", required=True, max_len=200),
                observed_on=row.date("date"),
                value=value,
                note=row.text("note", max_len=2000),
            )
        )
    return result
