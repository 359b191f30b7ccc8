"""The options most commands share, and opening the workspace they name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from valueloop.bootstrap import Container, build
from valueloop.services import accounts
from valueloop.settings import Settings
from valueloop.workspace import Workspace

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        file_okay=False,
        help="Directory for the SQLite database, events and the cookie key "
        "\\[default: $VALUELOOP_DATA_DIR or ./data].",
        show_default=False,
    ),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL of the workspace database, e.g. postgresql://user@host/db "
        "\\[default: $VALUELOOP_DATABASE_URL or SQLite in the data directory].",
        show_default=False,
    ),
]
User = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="Act as this user, with their rights \\[default: the workspace's first admin].",
        show_default=False,
    ),
]
Product = Annotated[str, typer.Option("--product", help="The product, by id or name.")]
AnyProduct = Annotated[
    str | None,
    typer.Option(
        "--product", help="Only this product, by id or name \\[default: every product you see]."
    ),
]
CsvFile = Annotated[Path, typer.Argument(help="The CSV file to read (UTF-8, header row).")]


def settings(data_dir: Path | None, database_url: str | None) -> Settings:
    """Settings from the environment, with the command-line options taking precedence."""
    overrides: dict[str, Any] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return Settings(**overrides)


@contextmanager
def opened(chosen: Settings, *, migrate: bool = True) -> Iterator[Container]:
    container = build(chosen, migrate=migrate)
    try:
        yield container
    finally:
        container.close()


@contextmanager
def acting(
    data_dir: Path | None, database_url: str | None, user: str | None
) -> Iterator[Workspace]:
    """The workspace (migrated first) as `user`, or as the local operator when none is named.

    Someone with a shell on the server is trusted as the workspace's first admin, as `user add`
    does; `--user` narrows the rights to that person's.
    """
    with opened(settings(data_dir, database_url)) as container:
        name = user or accounts.operator(container.uow()).username
        yield Workspace(container, name)


def where(container: Container) -> str:
    return container.engine.url.render_as_string(hide_password=True)
