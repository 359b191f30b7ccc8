"""`valueloop surveys`: import NPS, eNPS, CSAT and satisfaction-gap answers; scores per period."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from valueloop.domain.surveys import GAP, Period, SurveyKind
from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.measures import imported
from valueloop.entrypoints.cli.options import CsvFile, DatabaseUrl, DataDir, Product, User, acting

app = typer.Typer(help="Customer and employee surveys.", no_args_is_help=True)


class Survey(StrEnum):
    NPS = SurveyKind.NPS.value
    ENPS = SurveyKind.ENPS.value
    CSAT = SurveyKind.CSAT.value
    GAP = GAP


@app.command("import")
def import_answers(
    path: CsvFile,
    product: Product,
    survey: Annotated[
        Survey,
        typer.Option(
            "--survey",
            help="nps or enps (scores 0–10), csat (1–5) or gap (desired and current pairs).",
        ),
    ],
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import survey answers; comments become feedback notes of the customer; all or nothing."""
    with acting(data_dir, database_url, user) as ws, progress(f"Importing {path.name}"):
        product_id = ws.products.find(product).id
        report = ws.surveys.import_file(product_id, survey.value, path)
    out.print(imported(report, "answers"))
    out.print("The product's survey measures were recomputed.")


@app.command("scores")
def scores(
    product: Product,
    survey: Annotated[SurveyKind, typer.Option("--survey", help="nps, enps or csat.")],
    period: Annotated[
        Period, typer.Option("--period", help="Score each month, quarter or week.")
    ] = Period.MONTH,
    confidence: Annotated[
        float,
        typer.Option("--confidence", min=0.5, max=0.999, help="Confidence of the interval."),
    ] = 0.95,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The survey's score per period with its confidence interval."""
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        rows = ws.surveys.scores(chosen.id, survey, period=period, confidence=confidence)
    if not rows:
        out.print(f"No {survey.value} answers for {chosen.name} yet.")
        return
    table = Table(
        title=f"{survey.value.upper()} of {chosen.name} per {period.value}", title_justify="left"
    )
    table.add_column(period.value)
    for name in ("score", f"{confidence:.0%} interval", "answers"):
        table.add_column(name, justify="right")
    for row in rows:
        s = row.score
        table.add_row(
            label(row.period_start, period),
            f"{s.value:.1f}",
            f"{s.low:.1f} to {s.high:.1f}",
            str(s.responses),
        )
    out.print(table)


def label(start: dt.date, period: Period) -> str:
    """2025-06 for a month, 2025-Q2 for a quarter, 2025-W23 for a week."""
    if period is Period.MONTH:
        return start.strftime("%Y-%m")
    if period is Period.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"
