"""`valueloop customers import`: customers and people from a CRM export (Salesforce, HubSpot)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from valueloop.domain.crm_imports import CrmKind
from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.feedback import counted
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, acting

app = typer.Typer(help="Customers (accounts) and the people at them.", no_args_is_help=True)


@app.command("import")
def import_customers(
    path: Annotated[Path, typer.Argument(help="A CRM accounts or contacts export (CSV).")],
    kind: Annotated[
        CrmKind | None,
        typer.Option(
            "--kind",
            help="accounts or contacts \\[default: contacts when the file has an e-mail column].",
            show_default=False,
        ),
    ] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import customers or contacts; all rows or none, matched by external id on re-import."""
    with acting(data_dir, database_url, user) as ws, progress(f"Importing {path.name}") as report:
        counts = ws.imports.customers(
            path, kind=kind, progress=lambda done, total: report("rows", done, total)
        )
    out.print(counted(counts, "rows"))
