"""The `valueloop` command: set up, serve, seed the demo, move data in and out, manage access.

Each command parses its options, calls one use case and prints the outcome; errors a user can
cause become one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from valueloop import __version__
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.engine import current_revision, head_revision, upgrade
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.bootstrap import Container, build
from valueloop.domain.errors import DomainError
from valueloop.domain.roles import Role
from valueloop.services import accounts, transfer
from valueloop.services import demo as demo_workspace
from valueloop.settings import Settings

_err = Console(stderr=True, highlight=False, soft_wrap=True)
_out = Console(highlight=False, soft_wrap=True, markup=False)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


class _Guarded(TyperGroup):
    """Turns the errors a user can cause into one line on stderr and exit status 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DomainError as error:
            _fail(error.message)
        except sa.exc.ArgumentError as error:
            _fail(f"bad database URL ({error})")
        except sa.exc.DBAPIError as error:
            detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            _fail(f"the database refused: {detail}")
        except OSError as error:
            _fail(str(error))


app = typer.Typer(
    cls=_Guarded,
    name="valueloop",
    help="Evidence-based product management: serve the workspace, seed a demo, move data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
user_app = typer.Typer(help="People who sign in.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts and integrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        file_okay=False,
        help="Directory for the SQLite database, events and the cookie key "
        "[default: $VALUELOOP_DATA_DIR or ./data].",
        show_default=False,
    ),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL of the workspace database, e.g. postgresql://user@host/db "
        "[default: $VALUELOOP_DATABASE_URL or SQLite in the data directory].",
        show_default=False,
    ),
]
Host = Annotated[str, typer.Option("--host", help="Interface to listen on.")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]
OpenBrowser = Annotated[
    bool, typer.Option("--open", help="Open the web app in a browser once it is up.")
]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
]


def _settings(data_dir: Path | None, database_url: str | None) -> Settings:
    """Settings from the environment, with the command-line options taking precedence."""
    overrides: dict[str, Any] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return Settings(**overrides)


@contextmanager
def _workspace(settings: Settings, *, migrate: bool = True) -> Iterator[Container]:
    container = build(settings, migrate=migrate)
    try:
        yield container
    finally:
        container.close()


def _where(container: Container) -> str:
    return container.engine.url.render_as_string(hide_password=True)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            _fail("no password on stdin")
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@contextmanager
def _progress(title: str) -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar on stderr, fed by a use case's (step, done, total) reports."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    # Only on a terminal: in logs and pipes a progress bar is noise.
    with Progress(*columns, console=_err, transient=True, disable=not _err.is_terminal) as bar:
        task = bar.add_task(title, total=None)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"{title}: {step}", completed=done, total=total)

        yield report


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


@app.command()
def init(
    username: Annotated[
        str | None, typer.Option("--username", help="The admin's username (prompted if absent).")
    ] = None,
    email: Annotated[str, typer.Option("--email", help="The admin's e-mail address.")] = "",
    password_stdin: PasswordStdin = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Migrate the database and create the workspace's first admin (refused once users exist)."""
    name = username or str(typer.prompt("Admin username"))
    password = _password(password_stdin)
    with _workspace(_settings(data_dir, database_url)) as container:
        user = accounts.create_first_admin(container.uow(), name, password, email)
        where = _where(container)
    _out.print(f"Created admin {user.username} in {where}.")
    _out.print("Start the server with: valueloop serve")


@app.command()
def serve(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    open_browser: OpenBrowser = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Serve the web app and the REST API (migrating the database first)."""
    container = build(_settings(data_dir, database_url))
    _out.print(f"valueloop {__version__} on {_where(container)}")
    _serve(container, host, port, open_browser)


@app.command()
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
    container = build(_settings(data_dir, database_url))
    try:
        started = time.perf_counter()
        with _progress("Building the demo workspace") as report:
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
        _out.print(
            f"Built the demo workspace in {seconds:.1f} s: {counts.get('customers', 0)} "
            f"customers, {counts.get('feedback_notes', 0)} feedback notes, "
            f"{counts.get('backlog_items', 0)} backlog items, {counts.get('goals', 0)} goals "
            f"with {counts.get('observations', 0)} measure observations "
            f"({sum(counts.values())} rows)."
        )
    else:
        _out.print("Using the demo workspace already there (--reset rebuilds it).")
    _out.print(f"Database: {_where(container)}")
    logins = Table(title="Demo logins (every user has the same password)", title_justify="left")
    logins.add_column("username")
    logins.add_column("who")
    for login in result.logins:
        logins.add_row(login.username, f"{login.display_name}, {login.what}")
    _out.print(logins)
    _out.print(f"Sign in as {demo_workspace.DEMO_USER} with password {result.password}")
    if no_serve:
        container.close()
        return
    _serve(container, host, port, open_browser)


def _serve(container: Container, host: str, port: int, open_browser: bool) -> None:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 (only a display name)
    url = f"http://{shown}:{port}/"
    _out.print(f"Open {url}  (API: {url}api/v1/docs) — press Ctrl+C to stop")
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


@db_app.command("upgrade")
def db_upgrade(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Migrate the database schema to the newest revision and print the revisions."""
    with _workspace(_settings(data_dir, database_url), migrate=False) as container:
        before = current_revision(container.engine)
        upgrade(container.engine)
        after, head = current_revision(container.engine), head_revision(container.engine)
        where = _where(container)
    change = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    _out.print(f"{where}: {change} revision {after} (head {head})")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name: letters, digits, '.', '-', '_'.")],
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an admin.")] = False,
    email: Annotated[str, typer.Option("--email", help="E-mail address.")] = "",
    display_name: Annotated[str, typer.Option("--display-name", help="Full name.")] = "",
    product: Annotated[
        int | None, typer.Option("--product", help="Give a role on this product (by id).")
    ] = None,
    role: Annotated[
        Role | None, typer.Option("--role", help="The role on --product.", case_sensitive=False)
    ] = None,
    password_stdin: PasswordStdin = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a user, as the local operator (acting for the workspace's first admin)."""
    if (product is None) != (role is None):
        _fail("--product and --role go together")
    password = _password(password_stdin)
    with _workspace(_settings(data_dir, database_url)) as container:
        operator = accounts.operator(container.uow())
        user = accounts.add_user(
            container.uow(),
            operator,
            username,
            password,
            email=email,
            display_name=display_name,
            is_admin=admin,
        )
        if product is not None and role is not None:
            accounts.set_role(container.uow(), operator, product, user.username, role)
    kind = "admin" if user.is_admin else "user"
    extra = f" as {role.value} of product {product}" if role is not None else ""
    _out.print(f"Added {kind} {user.username}{extra}.")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="Whose token it is.")],
    name: Annotated[str, typer.Option("--name", help="A label saying what uses the token.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create an API token for a user; the secret is printed once, on stdout."""
    with _workspace(_settings(data_dir, database_url)) as container:
        owner = accounts.principal_named(container.uow(), user)
        secret, token = accounts.create_token(container.uow(), owner, name)
    typer.echo(
        f"API token “{token.name}” for {owner.username} (starts {token.prefix}); "
        "store it now, it is not shown again:",
        err=True,
    )
    typer.echo(secret)


@app.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="The archive to write (.zip).", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the whole workspace into one archive (a zip of JSON-lines files, one per table)."""
    if path.exists() and not force:
        _fail(f"{path} already exists (--force overwrites it)")
    # Exporting reads the database as it is; it never migrates it.
    with _workspace(_settings(data_dir, database_url), migrate=False) as container:
        started = time.perf_counter()
        with _progress("Exporting") as report:
            manifest = transfer.export_workspace(
                SqlBulkUnitOfWork(container.engine), path, progress=report
            )
        seconds = time.perf_counter() - started
    _out.print(
        f"Exported {manifest.rows} rows of {len(manifest.tables)} tables to {path} in "
        f"{seconds:.1f} s (schema revision {manifest.schema_revision})."
    )


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="An archive written by `valueloop export`.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Restore an archive into an empty database (migrated first); all of it or nothing."""
    with _workspace(_settings(data_dir, database_url)) as container:
        started = time.perf_counter()
        with _progress("Importing") as report:
            manifest = transfer.import_workspace(
                SqlBulkUnitOfWork(container.engine), path, progress=report
            )
        seconds = time.perf_counter() - started
        where = _where(container)
    _out.print(
        f"Imported {manifest.rows} rows of {len(manifest.tables)} tables into {where} "
        f"in {seconds:.1f} s."
    )
