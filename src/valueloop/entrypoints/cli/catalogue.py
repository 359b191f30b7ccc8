"""`valueloop catalogue`: the workspace's Key Value Measure catalogue."""

from __future__ import annotations

import typer
from rich.table import Table

from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.entrypoints.cli.console import out
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, acting
from valueloop.services import measure_sources

app = typer.Typer(help="The Key Value Measure catalogue.", no_args_is_help=True)


@app.command("sync")
def sync(
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Bring in the catalogue shipped with valueloop; entries people edited are kept."""
    catalogue = load_kvm_catalogue()
    with acting(data_dir, database_url, user) as ws:
        added, refreshed = ws.catalogue.sync(catalogue)
    out.print(
        f"Catalogue {catalogue.version}: {added} measures added, {refreshed} refreshed "
        f"({len(catalogue.measures)} in the catalogue; edited ones are kept)."
    )


@app.command("list")
def list_catalogue(
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The workspace's Key Value Measures by Key Value Area, with where each is computed from."""
    with acting(data_dir, database_url, user) as ws:
        entries = ws.catalogue.list()
    if not entries:
        out.print("The catalogue is empty; bring it in with: valueloop catalogue sync")
        return
    computed = measure_sources.sources_of(e.computed_by for e in entries)
    table = Table(title="Key Value Measures", title_justify="left")
    for name in ("key", "name", "area", "unit", "better", "kind", "computed by"):
        table.add_column(name)
    for e in entries:
        source = e.computed_by if computed[e.computed_by] else f"{e.computed_by} (not yet)"
        table.add_row(
            e.key + (" *" if e.edited else ""),
            e.name,
            e.kva.value.replace("_", " "),
            e.unit,
            e.direction.value,
            e.kind.value,
            source,
        )
    out.print(table)
    if any(e.edited for e in entries):
        out.print("* edited in this workspace; `catalogue sync` leaves it as it is")
