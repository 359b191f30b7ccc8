"""`valueloop finance import`: cost, revenue and headcount per period."""

from __future__ import annotations

import typer

from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.measures import imported
from valueloop.entrypoints.cli.options import CsvFile, DatabaseUrl, DataDir, User, acting

app = typer.Typer(help="Finance data behind the cost and revenue measures.", no_args_is_help=True)


@app.command("import")
def import_finance(
    path: CsvFile,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import finance rows (CSV: period,product,initiative,cost,revenue,headcount); all or none."""
    with acting(data_dir, database_url, user) as ws, progress(f"Importing {path.name}"):
        report = ws.finance.import_file(path)
    out.print(imported(report, "rows"))
    out.print("The finance measures of the products in the file were recomputed.")
