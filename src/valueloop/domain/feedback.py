"""Feedback notes, their links to backlog items, and the demand those links add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class Importance(IntEnum):
    """How much a piece of evidence says the customer needs the thing."""

    NOT_IMPORTANT = 0
    NICE_TO_HAVE = 1
    IMPORTANT = 2
    CRITICAL = 3


class NoteStatus(StrEnum):
    """Where a note stands in the inbox's triage."""

    NEW = "new"  # nobody has read it yet
    PROCESSED = "processed"  # read, and linked or judged; kept as evidence
    ARCHIVED = "archived"  # out of the way (noise, spam, handled elsewhere); still searchable


@dataclass(frozen=True, slots=True)
class FeedbackNote:
    id: int
    text: str
    source: str
    customer_id: int | None
    author: str
    received_on: dt.date
    external_id: str | None
    product_id: int | None
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    status: NoteStatus
    assignee_id: int | None
    title: str
    duplicate_of_id: int | None  # the note this one was merged into
    attributes: Any  # an importer's extra fields (JSON object or None)
    # When a person last changed a field an importer writes; a re-import then keeps their edit.
    edited_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedbackLink:
    """A note (or a highlighted passage of it) linked to a backlog item with an importance."""

    id: int
    note_id: int
    item_id: int
    importance: Importance
    highlight: str
    created_by: int | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Demand:
    """Evidence for one item rolled up: each customer counted once, latest importance winning."""

    notes: int
    customers: int
    arr: float
    importance_by_customer: dict[int, Importance]
    segments: dict[str, int]
    latest_on: dt.date | None


@dataclass(frozen=True, slots=True)
class LinkedEvidence:
    """One link as the roll-up sees it: when, from which customer, how important."""

    link_id: int
    received_on: dt.date
    customer_id: int | None
    importance: Importance
    customer_arr: float
    customer_segment: str


EDITABLE = frozenset(
    {
        "text",
        "source",
        "customer_id",
        "author",
        "received_on",
        "external_id",
        "product_id",
        "title",
        "status",
        "assignee_id",
    }
)
MAX_TEXT = 20_000
MAX_TITLE = 300
# The fields an importer writes; a person changing one of them makes the note "edited by hand".
# Triage (status, assignee, duplicate_of) is not an edit of what the customer said.
IMPORTED = frozenset(
    {"text", "title", "source", "external_id", "customer_id", "author", "received_on", "attributes"}
)


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized note fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "text" in fields:
        out["text"] = f.text(fields, "text", max_len=MAX_TEXT, required=True)
    if creating or "source" in fields:
        out["source"] = f.text(fields, "source", max_len=100) or "manual"
    if creating or "author" in fields:
        out["author"] = f.text(fields, "author", max_len=200)
    if fields.get("received_on") is not None:
        out["received_on"] = f.date(fields["received_on"], "received_on")
    if "external_id" in fields:
        out["external_id"] = f.text(fields, "external_id", max_len=200) or None
    elif creating:
        out["external_id"] = None
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=MAX_TITLE)
    if "status" in fields:
        out["status"] = f.choice(fields["status"], "status", NoteStatus)
    for name in ("customer_id", "product_id", "assignee_id"):
        if name in fields:
            out[name] = f.reference(fields[name], name)
        elif creating:
            out[name] = None
    return out


def edits_imported_fields(note: FeedbackNote, values: Mapping[str, object]) -> bool:
    """Whether `values` change a field an importer writes (and so mark the note as hand-edited)."""
    return any(name in IMPORTED and getattr(note, name) != value for name, value in values.items())


def display_title(note: FeedbackNote, length: int = 80) -> str:
    """The note's title, or the start of its text when it has none."""
    if note.title:
        return note.title
    first = " ".join(note.text.split())
    return first if len(first) <= length else first[: length - 1].rstrip() + "…"


def importance(value: object) -> Importance:
    """Importance 0–3, or ValidationFailed on anything else."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise ValidationFailed("importance must be 0, 1, 2 or 3", field="importance")
    return Importance(value)


def highlight(note_text: str, passage: str) -> str:
    """The highlighted passage, which must occur in the note; empty means the whole note."""
    passage = passage.strip()
    if passage and passage not in note_text:
        raise ValidationFailed(
            "the highlighted passage does not occur in the note", field="highlight"
        )
    return passage


def demand(evidence: Iterable[LinkedEvidence]) -> Demand:
    """Roll links up into demand: a customer counts once per item and their latest link wins."""
    rows = sorted(evidence, key=lambda e: (e.received_on, e.link_id))
    latest: dict[int, LinkedEvidence] = {}
    for row in rows:
        if row.customer_id is not None:
            latest[row.customer_id] = row
    segments: dict[str, int] = {}
    for row in latest.values():
        key = row.customer_segment or "unsegmented"
        segments[key] = segments.get(key, 0) + 1
    return Demand(
        notes=len(rows),
        customers=len(latest),
        arr=sum(row.customer_arr for row in latest.values()),
        importance_by_customer={cid: row.importance for cid, row in latest.items()},
        segments=segments,
        latest_on=rows[-1].received_on if rows else None,
    )
