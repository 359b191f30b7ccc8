"""CSV downloads: cells a spreadsheet cannot mistake for formulas, and a safe file name."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from enum import Enum
from urllib.parse import quote

from fastapi.responses import Response

# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def cell(value: object) -> str:
    """One value as CSV text; text that would start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:.10g}"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        value = value.value
    text = str(value)
    # Plain numbers such as "-3.5" are safe and stay numbers; anything else is neutralised.
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def file_name(*parts: object) -> str:
    """A download name from parts ("Relay", "ebm" → "relay-ebm.csv"), ASCII only."""
    stem = "-".join(_UNSAFE_NAME.sub("-", str(p)).strip("-.").lower() for p in parts if p)
    return (stem or "export")[:120] + ".csv"


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A `text/csv` attachment (UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return Response(
        content="\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
            ),
            "Cache-Control": "no-store",
        },
    )
