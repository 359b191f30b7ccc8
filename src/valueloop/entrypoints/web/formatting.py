"""Template filters: dates, numbers and labels for people, and escaped markup for user text."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from enum import Enum
from typing import Any

from markupsafe import Markup, escape

from valueloop.domain.collaboration import MENTION, RecordType

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

RECORD_PATHS = {
    RecordType.PRODUCT: "/products/{}",
    RecordType.GOAL: "/goals/{}",
    RecordType.MEASURE: "/measures/{}",
    RecordType.CUSTOMER: "/customers/{}",
    RecordType.FEEDBACK: "/feedback/{}",
    RecordType.ITEM: "/items/{}",
    RecordType.DECISION: "/decisions/{}",
    RecordType.INITIATIVE: "/initiatives/{}",
    RecordType.OPPORTUNITY: "/opportunities/{}",
    RecordType.SOLUTION: "/solutions/{}",  # redirects to its opportunity's page
    RecordType.ASSUMPTION_TEST: "/assumption-tests/{}",  # likewise
}


def record_url(kind: RecordType | str, record_id: int) -> str | None:
    """The page of a core record, or None for a kind that has no page of its own."""
    try:
        path = RECORD_PATHS[RecordType(kind)]
    except (KeyError, ValueError):
        return None
    return path.format(int(record_id))


def day(value: dt.date | dt.datetime | None) -> str:
    """A calendar date as "3 Mar 2025"."""
    if value is None:
        return "—"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def moment(value: dt.datetime | None) -> str:
    """A timestamp as "3 Mar 2025, 14:05 UTC"."""
    if value is None:
        return "—"
    utc = value.astimezone(dt.UTC) if value.tzinfo else value
    return f"{day(utc)}, {utc:%H:%M} UTC"


def ago(value: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """How long ago, in the largest whole unit ("just now", "5 min ago", "3 days ago")."""
    if value is None:
        return "—"
    now = now or dt.datetime.now(dt.UTC)
    seconds = (now - value).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in ((86400 * 365, "year"), (86400 * 30, "month"), (86400, "day"), (3600, "h")):
        if seconds >= size:
            n = int(seconds // size)
            if unit == "h":
                return f"{n} h ago"
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return f"{int(seconds // 60)} min ago"


def number(value: float | int | None, places: int = 2) -> str:
    """A number with thousands separators and at most `places` decimals ("1,234.5")."""
    if value is None:
        return "—"
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def money(value: float | int | None) -> str:
    """An amount of money without decimals ("12,300"); the workspace has one currency."""
    if value is None:
        return "—"
    return f"{value:,.0f}"


def compact(value: float | int | None) -> str:
    """A large amount in short form ("12.3k", "4.5M")."""
    if value is None:
        return "—"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{number(value / size, 1)}{suffix}"
    return number(value, 1)


def percent(value: float | None) -> str:
    """A share as a whole percentage ("42%")."""
    if value is None:
        return "—"
    return f"{round(value * 100):d}%"


def label(value: object) -> str:
    """An enum value or snake_case word as a label ("in_progress" → "In progress")."""
    if isinstance(value, Enum):
        value = value.value
    text = str(value).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """Text with its first letter upper-cased and the rest untouched (names keep their case)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def mentions(body: str) -> Markup:
    """Comment text, escaped, with each @mention wrapped so it stands out."""
    parts: list[Markup] = []
    last = 0
    for match in MENTION.finditer(body):
        parts.append(escape(body[last : match.start()]))
        parts.append(Markup('<span class="mention">{}</span>').format(match.group(0)))
        last = match.end()
    parts.append(escape(body[last:]))
    return Markup("").join(parts)


def highlights(text: str, passages: Iterable[str]) -> Markup:
    """A note's text, escaped, with the first occurrence of each linked passage marked."""
    spans: list[tuple[int, int]] = []
    for passage in {p for p in passages if p}:
        start = text.find(passage)
        if start >= 0:
            spans.append((start, start + len(passage)))
    parts: list[Markup] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:  # overlapping passages: the earlier one is marked
            continue
        parts.append(escape(text[last:start]))
        parts.append(Markup("<mark>{}</mark>").format(text[start:end]))
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def brief(value: Any, limit: int = 80) -> str:
    """A history value in a short readable form (long text cut, objects as compact JSON)."""
    if value is None or value == "":
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_value(value: object) -> str:
    """A value as a form field shows it: blank for nothing, whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_PAST = {
    "create": "created this",
    "update": "changed",
    "delete": "deleted this",
    "move": "moved this",  # in the backlog, or in an opportunity solution tree
    "target": "changed the target",
    "untarget": "unset the target",
    "link": "linked feedback",
    "unlink": "unlinked feedback",
}


def past_tense(action: str) -> str:
    """An audit action as the sentence after the actor's name."""
    return _PAST.get(action, action)


def pretty_json(value: Any) -> str:
    """JSON indented for reading (shown as escaped text, never as markup)."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


FILTERS = {
    "day": day,
    "moment": moment,
    "ago": ago,
    "number": number,
    "money": money,
    "compact": compact,
    "percent": percent,
    "label": label,
    "sentence": sentence,
    "mentions": mentions,
    "highlights": highlights,
    "brief": brief,
    "pretty_json": pretty_json,
    "field_value": field_value,
    "past_tense": past_tense,
}
