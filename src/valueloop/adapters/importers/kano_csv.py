"""Kano survey answers from CSV: item (id or title), respondent, functional, dysfunctional
[, customer, date]."""

from __future__ import annotations

from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.domain.kano import KanoRow


def read(path: Path | str, *, text: str | None = None) -> list[KanoRow]:
    """Every answer pair in the file, or ValidationFailed naming the file, line and field."""
    rows = csv_rows.read(
        path, ("item", "respondent", "functional", "dysfunctional"), ("customer", "date"), text=text
    )
    return [
        KanoRow(
            line=row.line,
            item=row.text("item", required=True, max_len=300),
            respondent=row.text("respondent", required=True, max_len=200),
            functional=row.text("functional", required=True, max_len=100),
            dysfunctional=row.text("dysfunctional", required=True, max_len=100),
            customer=row.text("customer", max_len=200),
            answered_on=row.date("date") if row.text("date") else None,
        )
        for row in rows
    ]
