"""What every part of the Python API shares: the workspace it belongs to and the acting user."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.domain.roles import Principal

if TYPE_CHECKING:
    from valueloop.workspace import Workspace


def given(**filters: Any) -> dict[str, Any]:
    """The filters that were given (not None)."""
    return {k: v for k, v in filters.items() if v is not None}


def as_csv(rows: Iterable[Mapping[str, object]], columns: Iterable[str]) -> str:
    """Rows of Python values as CSV text, so they pass the same checks as an imported file.

    The header is line 1: an error in the first row names line 2, as it would in the file.
    """
    out = io.StringIO()
    names = list(columns)
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else str(row.get(n)) for n in names])
    return out.getvalue()


class Section:
    """One area of the API (products, goals, …), acting as the workspace's user."""

    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def _call(self) -> tuple[SqlUnitOfWork, Principal]:
        return self._ws._uow(), self._ws.actor
