"""Serving a workspace: `valueloop serve`, and `valueloop demo`, which builds one first."""

from __future__ import annotations

import threading
import time
import webbrowser
from typing import Annotated

import typer
from rich.table import Table

from valueloop import __version__
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.bootstrap import Container, build
from valueloop.entrypoints.cli.console import out, progress
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, settings, where
from valueloop.services import demo as demo_workspace

Host = Annotated[str, typer.Option("--host", help="Interface to listen on.")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]
OpenBrowser = Annotated[
    bool, typer.Option("--open", help="Open the web app in a browser once it is up.")
]


def serve(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    open_browser: OpenBrowser = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Serve the web app and the REST API (migrating the database first)."""
    container = build(settings(data_dir, database_url))
    out.print(f"valueloop {__version__} on {where(container)}")
    _serve(container, host, port, open_browser)


def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    open_browser: OpenBrowser = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete everything in the workspace and rebuild it.")
    ] = False,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Build the demo workspace, then exit.")
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Build a realistic demo workspace (first run, or with --reset) and serve it."""
    container = build(settings(data_dir, database_url))
    try:
        started = time.perf_counter()
        with progress("Building the demo workspace") as report:
            result = demo_workspace.ensure_demo(
                SqlBulkUnitOfWork(container.engine),
                reset=reset,
                catalogue=load_kvm_catalogue(),
                progress=report,
            )
        seconds = time.perf_counter() - started
    except BaseException:
        container.close()
        raise
    counts = result.counts
    if result.built:
        out.print(
            f"Built the demo workspace in {seconds:.1f} s: {counts.get('customers', 0)} "
            f"customers, {counts.get('feedback_notes', 0)} feedback notes, "
            f"{counts.get('survey_responses', 0)} survey answers, "
            f"{counts.get('backlog_items', 0)} backlog items, {counts.get('goals', 0)} goals "
            f"with {counts.get('observations', 0)} measure observations, "
            f"{counts.get('initiatives', 0)} initiatives, "
            f"{counts.get('finance_records', 0)} finance rows "
            f"({sum(counts.values())} rows)."
        )
    else:
        out.print("Using the demo workspace already there (--reset rebuilds it).")
    out.print(f"Database: {where(container)}")
    logins = Table(title="Demo logins (every user has the same password)", title_justify="left")
    logins.add_column("username")
    logins.add_column("who")
    for login in result.logins:
        logins.add_row(login.username, f"{login.display_name}, {login.what}")
    out.print(logins)
    out.print(f"Sign in as {demo_workspace.DEMO_USER} with password {result.password}")
    if no_serve:
        container.close()
        return
    _serve(container, host, port, open_browser)


def _serve(container: Container, host: str, port: int, open_browser: bool) -> None:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 (only a display name)
    url = f"http://{shown}:{port}/"
    out.print(f"Open {url}  (API: {url}api/v1/docs) — press Ctrl+C to stop")
    if open_browser:
        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    # Imported here, not at the top: the web app and server take a second to import, which
    # every other command would pay for nothing.
    import uvicorn

    from valueloop.entrypoints.app import create_app

    try:
        uvicorn.run(create_app(container), host=host, port=port, log_level="info")
    finally:
        container.close()
