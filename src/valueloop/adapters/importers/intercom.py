"""Intercom conversations exports: `{"conversations": [...]}` as the conversations API returns.

Each conversation becomes one note: the opening message (`source.body`, HTML) and the later
parts written by the customer, as plain text; the team's replies are not customer evidence and
are left out. The customer is matched by the author's company, then their e-mail domain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valueloop.adapters.importers import html_text, json_records
from valueloop.adapters.importers.json_records import JsonRecord
from valueloop.domain.feedback_imports import NoteDraft

SOURCE = "intercom"
_CUSTOMERS = frozenset({"user", "lead", "contact"})


def read(path: Path | str, *, source: str = SOURCE, text: str | None = None) -> list[NoteDraft]:
    """Every conversation as a draft note, or ValidationFailed naming the record and field."""
    name = Path(path).name
    document = json_records.load(path, text)
    return [
        _conversation(record, source)
        for record in json_records.records(name, document, "conversations")
    ]


def _conversation(record: JsonRecord, source: str) -> NoteDraft:
    external_id = record.identifier("id")
    opening = record.child("source")
    author = opening.child("author")
    bodies = [html_text.to_text(opening.text("body"))]
    parts_holder = record.child("conversation_parts")
    for index, raw in enumerate(parts_holder.array("conversation_parts")):
        part = JsonRecord(f"{parts_holder.where}.conversation_parts[{index}]", raw)
        if not isinstance(raw, dict):
            raise part.fail("body", "expected an object")
        if part.child("author").text("type") in _CUSTOMERS and part.text("body"):
            bodies.append(html_text.to_text(part.text("body")))
    text = "\n\n".join(b for b in bodies if b)
    if not text:
        raise opening.fail("body", "is empty (no message from the customer)")
    email = author.text("email")
    hints = [*_company_hints(author), email]
    tags = [
        str(tag.get("name", ""))
        for tag in record.child("tags").array("tags")
        if isinstance(tag, dict)
    ]
    attributes: dict[str, Any] = {
        "tags": [t for t in tags if t],
        "author_email": email,
        "state": record.text("state"),
        "url": opening.text("url"),
    }
    return NoteDraft(
        where=record.where,
        text=text,
        source=source,
        title=(record.text("title") or opening.text("subject"))[:300],
        external_id=external_id,
        customer_hints=tuple(h for h in hints if h),
        author=author.text("name") or email,
        received_on=record.date("created_at"),
        attributes={k: v for k, v in attributes.items() if v},
    )


def _company_hints(author: JsonRecord) -> list[str]:
    """The author's company (`company`, or the first of `companies`) by id and name."""
    companies = [author.obj("company")] if author.data.get("company") else []
    holder = author.data.get("companies")
    if isinstance(holder, dict):
        holder = holder.get("companies") or holder.get("data")
    if isinstance(holder, list):
        companies += [c for c in holder if isinstance(c, dict)]
    hints: list[str] = []
    for company in companies[:1]:
        for key in ("company_id", "id", "name"):
            value = company.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                hints.append(str(value))
    return hints
