"""What the `valueloop` command prints: results on stdout; errors, progress and hints on stderr.

Errors a user can cause become one line starting with `error:` on stderr and exit status 1,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from valueloop.domain.errors import DomainError

err = Console(stderr=True, highlight=False, soft_wrap=True)
# Results: plain text (no markup, so "[1]" or a user's "[b]" prints as written), never wrapped.
out = Console(highlight=False, soft_wrap=True, markup=False)
if not out.is_terminal:
    # Piped or captured: tables as wide as their content (a terminal's width wraps them).
    out.width = 240


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


class Guarded(TyperGroup):
    """Turns the errors a user can cause into one line on stderr and exit status 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DomainError as error:
            fail(error.message)
        except sa.exc.ArgumentError as error:
            fail(f"bad database URL ({error})")
        except sa.exc.DBAPIError as error:
            detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            fail(f"the database refused: {detail}")
        except OSError as error:
            fail(str(error))


@contextmanager
def progress(title: str) -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar on stderr, fed by a use case's (step, done, total) reports.

    Without reports it pulses, which tells the person at the terminal that work goes on.
    """
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    # Only on a terminal: in logs and pipes a progress bar is noise.
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(title, total=None)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"{title}: {step}", completed=done, total=total)

        yield report


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def number(value: float | None, digits: int = 1) -> str:
    """A value for people: whole numbers without decimals, others rounded."""
    if value is None:
        return "no data"
    if abs(value) >= 10:
        return f"{value:,.{digits}f}".removesuffix(".0")
    return f"{value:,.{digits + 1}f}".rstrip("0").rstrip(".")
