"""Reading CSV files into typed rows, with errors that name the file, line and field."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from valueloop.adapters.importers import text_files
from valueloop.domain.errors import ValidationFailed

if TYPE_CHECKING:
    from _csv import Reader

MAX_FIELD = 100_000
_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: its 1-based line number in the file and its cells by header name."""

    line: int
    cells: dict[str, str]
    source: str

    def fail(self, field: str, message: str) -> ValidationFailed:
        return ValidationFailed(
            f"{self.source}, line {self.line}, field {field}: {message}", field=field
        )

    def text(self, field: str, *, required: bool = False, max_len: int = 10_000) -> str:
        value = (self.cells.get(field) or "").strip()
        if required and not value:
            raise self.fail(field, "is empty")
        if len(value) > max_len:
            raise self.fail(field, f"is longer than {max_len} characters")
        return value

    def number(self, field: str, *, required: bool = True) -> float | None:
        value = self.text(field, required=required)
        if not value:
            return None
        try:
            # "1,234.5" (thousands separators) is common in spreadsheet exports.
            number = float(value.replace(",", "") if _THOUSANDS.fullmatch(value) else value)
        except ValueError:
            raise self.fail(field, f"{value!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.fail(field, f"{value!r} is not a finite number")
        return number

    def required_number(self, field: str) -> float:
        number = self.number(field, required=True)
        assert number is not None  # required=True never yields None
        return number

    def integer(self, field: str) -> int:
        number = self.required_number(field)
        if not number.is_integer():
            raise self.fail(field, f"{number:g} is not a whole number")
        return int(number)

    def date(self, field: str) -> dt.date:
        value = self.text(field, required=True)
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise self.fail(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def read(
    path: Path | str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    text: str | None = None,
) -> list[CsvRow]:
    """Every row of a CSV file (or of `text`) once the header names the columns we need."""
    return table(path, required, optional, text=text)[1]


def table(
    path: Path | str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    text: str | None = None,
) -> tuple[list[str], list[CsvRow]]:
    """The header's column names (lower-cased) and the rows `read` gives, for files whose
    columns go by one of several names."""
    source = Path(path).name
    if text is None:
        text = text_files.read(path)
    header, data = stream(io.StringIO(text), source)
    names = [h.lower() for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        raise ValidationFailed(
            f"{source}, line 1: missing column {missing[0]} (found: {', '.join(names)})",
            field=missing[0],
        )
    known = set(required) | set(optional)
    rows = [
        CsvRow(
            line=line,
            cells={n: c for n, c in zip(names, cells, strict=True) if n in known},
            source=source,
        )
        for line, cells in data
    ]
    return names, rows


def stream(lines: Iterable[str], source: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header's cells (stripped), then lazily each row that is not blank with its line
    number; a malformed file, or a row with too few or too many fields, names its line."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(lines)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValidationFailed(f"{source}: the file is empty", field="file") from None
    except csv.Error as error:
        raise ValidationFailed(f"{source}, line 1: {error}", field="file") from None
    return header, _data(reader, source, len(header))


def _data(reader: Reader, source: str, width: int) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != width:
                raise ValidationFailed(
                    f"{source}, line {reader.line_num}: expected {width} fields, "
                    f"found {len(cells)}",
                    field="row",
                )
            yield reader.line_num, cells
    except csv.Error as error:
        raise ValidationFailed(f"{source}, line {reader.line_num}: {error}", field="row") from None
