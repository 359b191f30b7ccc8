"""Moving a whole workspace: `valueloop export` and `valueloop import`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.entrypoints.cli.console import fail, out, progress
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, opened, settings, where
from valueloop.services import transfer


def export(
    path: Annotated[Path, typer.Argument(help="The archive to write (.zip).", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the whole workspace into one archive (a zip of JSON-lines files, one per table)."""
    if path.exists() and not force:
        fail(f"{path} already exists (--force overwrites it)")
    # Exporting reads the database as it is; it never migrates it.
    with opened(settings(data_dir, database_url), migrate=False) as container:
        started = time.perf_counter()
        with progress("Exporting") as report:
            manifest = transfer.export_workspace(
                SqlBulkUnitOfWork(container.engine), path, progress=report
            )
        seconds = time.perf_counter() - started
    out.print(
        f"Exported {manifest.rows} rows of {len(manifest.tables)} tables to {path} in "
        f"{seconds:.1f} s (schema revision {manifest.schema_revision})."
    )


def import_(
    path: Annotated[Path, typer.Argument(help="An archive written by `valueloop export`.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Restore an archive into an empty database (migrated first); all of it or nothing."""
    with opened(settings(data_dir, database_url)) as container:
        started = time.perf_counter()
        with progress("Importing") as report:
            manifest = transfer.import_workspace(
                SqlBulkUnitOfWork(container.engine), path, progress=report
            )
        seconds = time.perf_counter() - started
        location = where(container)
    out.print(
        f"Imported {manifest.rows} rows of {len(manifest.tables)} tables into {location} "
        f"in {seconds:.1f} s."
    )
