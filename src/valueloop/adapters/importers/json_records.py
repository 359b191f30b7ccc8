"""Reading JSON exports (Zendesk, Intercom) with errors that name the file, record and field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valueloop.adapters.importers import text_files
from valueloop.domain.errors import ValidationFailed

MAX_BYTES = 200 * 1024 * 1024  # an export larger than this is better sent as JSON Lines


def load(path: Path | str, text: str | None = None) -> Any:
    """The file's JSON document, or ValidationFailed naming the file (and a syntax error's line)."""
    source = Path(path).name
    if text is None:
        text = text_files.read(path, max_bytes=MAX_BYTES)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationFailed(
            f"{source}, line {error.lineno}: not valid JSON ({error.msg} at column {error.colno})",
            field="file",
        ) from None


@dataclass(frozen=True, slots=True)
class JsonRecord:
    """One object of an export and where it sits ("tickets.json, tickets[3]")."""

    where: str
    data: dict[str, Any]

    def fail(self, field: str, message: str) -> ValidationFailed:
        return ValidationFailed(f"{self.where}, field {field}: {message}", field=field)

    def text(self, field: str, *, required: bool = False) -> str:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                raise self.fail(field, "is missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(field, f"expected text, found {type(value).__name__}")
        return str(value).strip()

    def identifier(self, field: str) -> str:
        """An id (a number or a string), required."""
        value = self.text(field, required=True)
        if len(value) > 200:
            raise self.fail(field, "is longer than 200 characters")
        return value

    def date(self, field: str, *, required: bool = True) -> dt.date | None:
        """A date from an ISO 8601 time ("2024-05-01T09:30:00Z") or Unix seconds."""
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                raise self.fail(field, "is missing")
            return None
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return dt.datetime.fromtimestamp(value, dt.UTC).date()
            if isinstance(value, str):
                stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
                return (stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp).date()
        except (ValueError, OverflowError, OSError):
            pass
        raise self.fail(field, f"{value!r} is not an ISO 8601 time or Unix seconds")

    def obj(self, field: str) -> dict[str, Any]:
        value = self.data.get(field)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(field, f"expected an object, found {type(value).__name__}")
        return value

    def array(self, field: str) -> list[Any]:
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(field, f"expected an array, found {type(value).__name__}")
        return value

    def child(self, field: str) -> JsonRecord:
        return JsonRecord(f"{self.where}.{field}", self.obj(field))


def records(source: str, document: Any, key: str, *, required: bool = True) -> Iterator[JsonRecord]:
    """The objects in `document[key]` (or the document itself when it is an array)."""
    if isinstance(document, list) and required:
        items, path = document, ""
    elif isinstance(document, dict):
        found = document.get(key)
        if found is None:
            if required:
                raise ValidationFailed(f"{source}, field {key}: is missing", field=key)
            return
        if not isinstance(found, list):
            raise ValidationFailed(f"{source}, field {key}: expected an array", field=key)
        items, path = found, key
    else:
        raise ValidationFailed(f"{source}: expected a JSON object with {key!r}", field="file")
    for index, item in enumerate(items):
        where = f"{source}, record {path}[{index}]"
        if not isinstance(item, dict):
            raise ValidationFailed(f"{where}: expected an object", field=key)
        yield JsonRecord(where, item)
