"""`valueloop feedback import`: feedback files (CSV, JSON Lines, Zendesk, Intercom, app-store
reviews, interview notes) into a product, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from valueloop.adapters.importers.feedback_formats import Format
from valueloop.domain.feedback_imports import ImportCounts
from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, Product, User, acting

app = typer.Typer(
    help="Customer feedback: import notes from files and exports.", no_args_is_help=True
)


def counted(counts: ImportCounts, what: str) -> str:
    """One line saying what an import did (or would do, on a dry run)."""
    line = (
        f"{counts.source}: {counts.rows} {what} — {counts.created} new, {counts.updated} changed, "
        f"{counts.unchanged} unchanged"
    )
    if counts.skipped:
        line += f", {counts.skipped} skipped (already imported into another product)"
    if counts.kept_edited:
        line += f", {counts.kept_edited} kept as edited by hand (--overwrite-edited replaces them)"
    return line + (". Dry run: nothing was stored." if counts.dry_run else ".")


@app.command("import")
def import_notes(
    format: Annotated[
        Format,
        typer.Argument(
            help="csv, jsonl, zendesk (tickets JSON), intercom (conversations JSON), app-store "
            "(App Store Connect or Google Play reviews CSV) or interviews (markdown/text files)."
        ),
    ],
    path: Annotated[
        Path, typer.Argument(help="The file (for interviews: a file or a folder of notes).")
    ],
    product: Product,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="field=column for csv and jsonl (text, title, source, external_id, customer, "
            "author, received_on, product); repeat it. Unmapped columns become attributes.",
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="The notes' source \\[default: the format].")
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option("--date-format", help="strptime format of the date column, e.g. %d/%m/%Y."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and count; store nothing.")
    ] = False,
    overwrite_edited: Annotated[
        bool,
        typer.Option(
            "--overwrite-edited",
            help="Replace notes edited by hand in valueloop with the file's changed rows "
            "(by default they are kept and counted).",
        ),
    ] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import feedback notes; all rows or none, and importing again creates no duplicates."""
    with acting(data_dir, database_url, user) as ws, progress(f"Importing {path.name}") as report:
        product_id = ws.products.find(product).id
        counts = ws.imports.feedback(
            format,
            path,
            product_id,
            mapping=mapping or [],
            source=source,
            date_format=date_format,
            dry_run=dry_run,
            overwrite_edited=overwrite_edited,
            progress=lambda done, total: report("notes", done, total),
        )
    out.print(counted(counts, "notes"))
