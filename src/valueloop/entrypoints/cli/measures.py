"""`valueloop measures`: observations from a file, and recomputing the computed measures."""

from __future__ import annotations

import typer

from valueloop.domain.imports import ImportReport
from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.options import (
    AnyProduct,
    CsvFile,
    DatabaseUrl,
    DataDir,
    Product,
    User,
    acting,
)
from valueloop.services.measure_sources import RefreshReport

app = typer.Typer(help="Where measure numbers come from.", no_args_is_help=True)


def imported(report: ImportReport, what: str) -> str:
    """One line saying what an import did."""
    return (
        f"{report.source}: {report.rows} {what} — {report.created} new, {report.updated} "
        f"changed, {report.unchanged} unchanged."
    )


def refreshed(report: RefreshReport) -> list[str]:
    """What a refresh computed, and which measures have no source to compute them yet."""
    lines = [
        f"Refreshed {report.measures} computed measures with {report.observations} observations."
    ]
    if report.unavailable:
        waiting = ", ".join(
            f"{key} ({n} measure{'s' if n > 1 else ''})"
            for key, n in sorted(report.unavailable.items())
        )
        lines.append(f"No source computes these yet, so they were left as they are: {waiting}.")
    return lines


@app.command("import")
def import_observations(
    path: CsvFile,
    product: Product,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import observations (CSV: measure,date,value[,note]); all rows or none, re-runnable."""
    with acting(data_dir, database_url, user) as ws, progress(f"Importing {path.name}"):
        product_id = ws.products.find(product).id
        report = ws.measures.import_file(product_id, path)
    out.print(imported(report, "observations"))


@app.command("refresh")
def refresh(
    product: AnyProduct = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Recompute the computed measures (surveys, finance, …) from their sources."""
    with acting(data_dir, database_url, user) as ws, progress("Refreshing computed measures"):
        product_id = ws.products.find(product).id if product else None
        report = ws.measures.refresh(product_id)
    for line in refreshed(report):
        out.print(line)
