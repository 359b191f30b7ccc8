"""Feedback notes as importers read them, the column mapping of generic files, and the counts an
import reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from valueloop.domain.errors import DomainError, ValidationFailed
from valueloop.domain.feedback import MAX_TEXT

# What a progress callback hears: rows done so far and the rows in the whole file.
Progress = Callable[[int, int], None]

# The note fields a generic file's columns can be mapped onto.
MAPPABLE = (
    "text",
    "title",
    "source",
    "external_id",
    "customer",
    "author",
    "received_on",
    "product",
)
MAX_TITLE = 300
MAX_ATTRIBUTES = 20_000  # characters of the attributes' JSON


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """One note read from a file, before it is matched to customers and stored.

    `where` names the place in the file ("tickets.json, record tickets[3]"), so the use case can
    name it in its errors. `customer` must name a known customer (by external id, name or
    domain); `customer_hints` (organisation names, e-mail addresses) are tried when it is empty
    and may name nobody.
    """

    where: str
    text: str
    source: str
    title: str = ""
    external_id: str = ""
    customer: str = ""
    customer_hints: tuple[str, ...] = ()
    author: str = ""
    received_on: dt.date | None = None
    product: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def fail(self, field_name: str, message: str) -> ValidationFailed:
        return ValidationFailed(f"{self.where}, field {field_name}: {message}", field=field_name)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column of a generic CSV/JSONL file holds each note field; the others become
    attributes. `date_format` is a strptime format (None: ISO dates and date-times)."""

    columns: Mapping[str, str]
    date_format: str | None = None

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


def parse_mapping(pairs: Sequence[str], *, date_format: str | None = None) -> ColumnMapping:
    """A mapping from `field=column` pairs, or ValidationFailed naming the bad pair."""
    columns: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or not column:
            raise ValidationFailed(f"mapping {pair!r} is not field=column", field="mapping")
        if name not in MAPPABLE:
            raise ValidationFailed(
                f"mapping {pair!r}: {name!r} is not one of {', '.join(MAPPABLE)}", field="mapping"
            )
        columns[name] = column
    return ColumnMapping(columns, date_format or None)


def parse_date(value: str, date_format: str | None) -> dt.date:
    """A date from `value` in `date_format`, ISO 8601 or a Unix timestamp; ValueError otherwise."""
    value = value.strip()
    if date_format:
        return dt.datetime.strptime(value, date_format).date()
    if value.isdigit() and len(value) >= 9:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    if len(value) > 10:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC).date()
    return dt.date.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did: rows read, notes (or customers) created, updated, left unchanged,
    rows skipped because their record belongs elsewhere, and changed rows whose note was kept
    because a person edited it (`kept_edited`). A failed import changes nothing."""

    source: str
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    dry_run: bool = False
    kept_edited: int = 0


def note_values(draft: NoteDraft) -> dict[str, object]:
    """The storable fields of a draft (without product and customer), or ValidationFailed naming
    the place and field at fault."""
    text = draft.text.strip()
    if not text:
        raise draft.fail("text", "is empty")
    if len(text) > MAX_TEXT:
        raise draft.fail("text", f"is longer than {MAX_TEXT} characters")
    source = draft.source.strip()
    if not source or len(source) > 100:
        raise draft.fail("source", "must be 1 to 100 characters")
    checks = (("title", draft.title, MAX_TITLE), ("author", draft.author, 200))
    for name, value, limit in checks:
        if len(value.strip()) > limit:
            raise draft.fail(name, f"is longer than {limit} characters")
    external = draft.external_id.strip()
    if len(external) > 200:
        raise draft.fail("external_id", "is longer than 200 characters")
    attributes = dict(draft.attributes) or None
    if attributes is not None and len(json.dumps(attributes, default=str)) > MAX_ATTRIBUTES:
        raise draft.fail("attributes", f"hold more than {MAX_ATTRIBUTES} characters")
    return {
        "text": text,
        "source": source,
        "title": draft.title.strip(),
        "author": draft.author.strip(),
        "external_id": external or content_id(draft),
        "received_on": draft.received_on,
        "attributes": attributes,
    }


def content_id(draft: NoteDraft) -> str:
    """An external id for a row that has none: the same text, author, date and customer give the
    same id, so re-importing the file changes nothing."""
    key = "\x1f".join(
        (draft.text.strip(), draft.author.strip(), str(draft.received_on), draft.customer)
    )
    return "sha1:" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def at(where: str, error: DomainError) -> ValidationFailed:
    """The error restated with the place in the file it came from."""
    field_part = f", field {error.field}" if error.field else ""
    return ValidationFailed(f"{where}{field_part}: {error.message}", field=error.field)
