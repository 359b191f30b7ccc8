"""Generic CSV and JSON Lines files of feedback, read row by row through a column mapping.

The file is streamed: a million-row export never sits in memory at once. Columns the mapping
does not use are kept as the note's attributes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from valueloop.adapters.importers import csv_rows
from valueloop.adapters.importers.csv_rows import MAX_FIELD
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback_imports import MAPPABLE, ColumnMapping, NoteDraft, parse_date


@contextmanager
def lines(path: Path | str, text: str | None = None) -> Iterator[Iterable[str]]:
    """The file's lines (or `text`'s), decoded as UTF-8, without reading it whole."""
    source = Path(path).name
    if text is not None:
        yield io.StringIO(text, newline="")
        return
    try:
        handle = Path(path).open(encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise ValidationFailed(
            f"{source}: cannot be read ({error.strerror})", field="file"
        ) from None
    with handle:
        yield _decoded(handle, source)


def _decoded(handle: Iterable[str], source: str) -> Iterator[str]:
    number = 0
    try:
        for number, line in enumerate(handle, 1):  # noqa: B007 (read after the loop on error)
            yield line
    except UnicodeDecodeError as error:
        raise ValidationFailed(
            f"{source}: not UTF-8 text after line {number} ({error.reason})", field="file"
        ) from None


def count_csv(path: Path | str, text: str | None = None) -> int:
    """Data rows in a CSV file (a first, cheap pass that lets progress show a total)."""
    csv.field_size_limit(MAX_FIELD)
    with lines(path, text) as handle:
        try:
            return max(0, sum(1 for cells in csv.reader(handle) if cells) - 1)
        except csv.Error:
            return 0  # the reading pass names the line


def count_jsonl(path: Path | str, text: str | None = None) -> int:
    with lines(path, text) as handle:
        return sum(1 for line in handle if line.strip())


def read_csv(
    path: Path | str, mapping: ColumnMapping, *, source: str = "csv", text: str | None = None
) -> Iterator[NoteDraft]:
    """Each row as a draft note, or ValidationFailed naming the file, line and field."""
    name = Path(path).name
    with lines(path, text) as handle:
        header, rows = csv_rows.stream(handle, name)
        fields = _columns(name, f"{name}, line 1", header, mapping)
        for line, cells in rows:
            record = dict(zip(header, cells, strict=True))
            yield _draft(f"{name}, line {line}", record, fields, mapping, source)


def read_jsonl(
    path: Path | str, mapping: ColumnMapping, *, source: str = "jsonl", text: str | None = None
) -> Iterator[NoteDraft]:
    """Each line's JSON object as a draft note, or ValidationFailed naming the line and field."""
    name = Path(path).name
    empty = True
    with lines(path, text) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{name}, line {number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValidationFailed(
                    f"{where}: not valid JSON ({error.msg} at column {error.colno})", field="row"
                ) from None
            if not isinstance(record, dict):
                raise ValidationFailed(f"{where}: expected a JSON object", field="row")
            empty = False
            fields = _columns(name, where, list(record), mapping, jsonl=True)
            yield _draft(where, record, fields, mapping, source)
    if empty:
        raise ValidationFailed(f"{name}: the file is empty", field="file")


def _columns(
    name: str, where: str, header: list[str], mapping: ColumnMapping, *, jsonl: bool = False
) -> dict[str, str]:
    """The actual column name of each mapped field (matched case-insensitively); a JSON Lines
    record may leave out any key but the text's."""
    by_lower = {h.lower(): h for h in header}
    found: dict[str, str] = {}
    for wanted in MAPPABLE:
        column = mapping.column(wanted)
        actual = by_lower.get(column.lower())
        if actual is not None:
            found[wanted] = actual
        elif wanted == "text" or (wanted in mapping.columns and not jsonl):
            hint = "" if wanted in mapping.columns else " (map it with text=COLUMN)"
            raise ValidationFailed(
                f"{where}, field {wanted}: missing column {column!r}{hint} "
                f"(found: {', '.join(header) or 'none'})",
                field=wanted,
            )
    return found


def _draft(
    where: str,
    record: dict[str, Any],
    fields: dict[str, str],
    mapping: ColumnMapping,
    source: str,
) -> NoteDraft:
    values: dict[str, str] = {}
    for wanted, column in fields.items():
        value = record.get(column)
        if isinstance(value, dict | list):
            raise ValidationFailed(
                f"{where}, field {wanted}: column {column!r} holds a {type(value).__name__}, "
                "not text",
                field=wanted,
            )
        values[wanted] = "" if value is None else str(value).strip()
    received_on = None
    if values.get("received_on"):
        try:
            received_on = parse_date(values["received_on"], mapping.date_format)
        except (ValueError, OverflowError, OSError):
            expected = mapping.date_format or "YYYY-MM-DD"
            raise ValidationFailed(
                f"{where}, field received_on: {values['received_on']!r} is not a date ({expected})",
                field="received_on",
            ) from None
    used = set(fields.values())
    attributes = {k: v for k, v in record.items() if k not in used and v not in ("", None)}
    return NoteDraft(
        where=where,
        text=values.get("text", ""),
        source=values.get("source") or source,
        title=values.get("title", ""),
        external_id=values.get("external_id", ""),
        customer=values.get("customer", ""),
        author=values.get("author", ""),
        received_on=received_on,
        product=values.get("product", ""),
        attributes=attributes,
    )
