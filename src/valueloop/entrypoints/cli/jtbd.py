"""`valueloop jtbd import-survey`: importance/satisfaction ratings per desired outcome, and the
opportunity scores they give."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from valueloop.adapters.importers import outcome_survey_csv
from valueloop.domain.jtbd import Served
from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.measures import imported
from valueloop.entrypoints.cli.options import CsvFile, DatabaseUrl, DataDir, User, opened, settings
from valueloop.services import accounts, jtbd_survey, products

app = typer.Typer(
    help="Jobs to be Done: outcome surveys and opportunity scores.", no_args_is_help=True
)


@app.command("import-survey")
def import_survey(
    product: Annotated[str, typer.Argument(help="The product, by id or name.")],
    path: CsvFile,
    top: Annotated[int, typer.Option("--top", min=0, help="Outcomes to list afterwards.")] = 10,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import ratings (CSV: respondent, outcome (id or exact statement), importance 1–5,
    satisfaction 1–5[, date, customer]); all rows or none; then list the opportunity scores."""
    rows = outcome_survey_csv.read(path)
    with opened(settings(data_dir, database_url)) as container:
        name = user or accounts.operator(container.uow()).username
        actor = accounts.principal_named(container.uow(), name)
        chosen = products.find_product(container.uow(), actor, product)
        with progress(f"Importing {path.name}"):
            report = jtbd_survey.import_survey(container.uow(), actor, chosen.id, rows, path.name)
        points = jtbd_survey.landscape(container.uow(), actor, chosen.id)
    out.print(imported(report, "ratings"))
    counts = jtbd_survey.served_counts(points)
    out.print(
        f"{len(points)} rated outcomes of {chosen.name}: "
        f"{counts[Served.UNDER_SERVED]} under-served, "
        f"{counts[Served.APPROPRIATELY_SERVED]} appropriately served, "
        f"{counts[Served.OVER_SERVED]} over-served."
    )
    if not points or not top:
        return
    table = Table(title="Most under-served first", title_justify="left")
    table.add_column("outcome")
    for column in ("importance", "satisfaction", "opportunity", "respondents"):
        table.add_column(column, justify="right")
    table.add_column("served")
    for p in points[:top]:
        s = p.score
        table.add_row(
            f"#{p.outcome.id} {p.outcome.statement}",
            f"{s.importance:.1f}",
            f"{s.satisfaction:.1f}",
            f"{s.opportunity:.1f}",
            str(s.respondents),
            s.served.value.replace("_", " "),
        )
    out.print(table)
