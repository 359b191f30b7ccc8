"""The `valueloop` command: set up, serve, seed the demo, move data, run strategy from a shell.

Each command parses its options, calls one use case and prints the outcome; errors a user can
cause become one line on stderr and exit status 1, never a traceback. One module per command
group; this one assembles them into `app` (the `valueloop` entry point).
"""

from __future__ import annotations

from typing import Annotated

import typer

from valueloop import __version__
from valueloop.entrypoints.cli import (
    admin,
    catalogue,
    customers,
    feedback,
    finance,
    goals,
    jtbd,
    lifecycle,
    measures,
    ost,
    outbox,
    roadmap,
    scoring,
    server,
    surveys,
    synthesis,
    transfer,
)
from valueloop.entrypoints.cli.console import Guarded

__all__ = ["app"]

app = typer.Typer(
    cls=Guarded,
    name="valueloop",
    help="Evidence-based product management: serve the workspace, seed a demo, move data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"valueloop {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Evidence-based product management: serve the workspace, seed a demo, move data."""


app.command("init")(admin.init)
app.command("serve")(server.serve)
app.command("demo")(server.demo)
app.command("export")(transfer.export)
app.command("import")(transfer.import_)
app.command("synthesize")(synthesis.synthesize)
app.add_typer(admin.db_app, name="db")
app.add_typer(admin.user_app, name="user")
app.add_typer(admin.token_app, name="token")
app.add_typer(goals.app, name="goals")
app.add_typer(measures.app, name="measures")
app.add_typer(roadmap.app, name="roadmap")
app.add_typer(surveys.app, name="surveys")
app.add_typer(outbox.app, name="outbox")
app.add_typer(finance.app, name="finance")
app.add_typer(feedback.app, name="feedback")
app.add_typer(customers.app, name="customers")
app.add_typer(catalogue.app, name="catalogue")
app.add_typer(lifecycle.app, name="stage")
app.add_typer(scoring.app, name="score")
app.add_typer(jtbd.app, name="jtbd")
app.add_typer(ost.app, name="ost")
