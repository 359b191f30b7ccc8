"""The reference docs cover the code: every API route in api.md, every CLI command in cli.md."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.routing import openapi_document

DOCS = Path(__file__).resolve().parent.parent / "docs"
# A route row of a table: | GET | `/api/v1/products/{product_id}` | ... |
ROUTE_ROW = re.compile(r"^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`(/api/v1/[^`]*)`\s*\|", re.M)


def documented_routes() -> set[tuple[str, str]]:
    return set(ROUTE_ROW.findall((DOCS / "api.md").read_text(encoding="utf-8")))


def api_routes() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }


def test_every_api_route_is_documented_in_api_md():
    assert [] == sorted(api_routes() - documented_routes())


def test_api_md_documents_no_route_that_does_not_exist():
    assert [] == sorted(documented_routes() - api_routes())


def cli_commands(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    """Full names of the leaf commands of a (Typer's) Click command tree."""
    children = getattr(command, "commands", None)
    if isinstance(children, dict) and children:
        for name, child in children.items():
            if not getattr(child, "hidden", False):
                yield from cli_commands(child, (*prefix, name))
    elif prefix:
        yield " ".join(prefix)


def test_every_cli_command_is_documented_in_cli_md():
    try:
        cli = importlib.import_module("valueloop.entrypoints.cli")
    except ModuleNotFoundError:
        pytest.skip("the CLI (valueloop.entrypoints.cli) does not exist yet")
    import typer.main

    commands = sorted(cli_commands(typer.main.get_command(cli.app)))
    text = (DOCS / "cli.md").read_text(encoding="utf-8")

    assert commands, "found no CLI commands; has the Typer app changed shape?"
    assert [] == [name for name in commands if f"valueloop {name}" not in text]
