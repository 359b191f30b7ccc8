"""Finance data from CSV: period, product, initiative, cost, revenue, headcount."""

from __future__ import annotations

from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.domain.finance import FinanceRow


def read(path: Path | str, *, text: str | None = None) -> list[FinanceRow]:
    """Every row of the file, or ValidationFailed naming the file, line and field."""
    rows = csv_rows.read(
        path, ("period", "product", "cost", "revenue", "headcount"), ("initiative",), text=text
    )
    result = []
    for row in rows:
        cost, revenue, headcount = (
            row.required_number(n) for n in ("cost", "revenue", "headcount")
        )
        result.append(
            FinanceRow(
                line=row.line,
                period_start=row.date("period"),
                product=row.text("product", required=True, max_len=200),
                initiative=row.text("initiative", max_len=300),
                cost=cost,
                revenue=revenue,
                headcount=headcount,
            )
        )
    return result
