"""Zendesk tickets exports: `{"tickets": [...], "users": [...], "organizations": [...]}`.

The shape of Zendesk's tickets API and JSON export (id, subject, description, created_at,
requester_id, organization_id, tags, via.channel); the `users` and `organizations` side-loads
(`?include=users,organizations`), when present, give the requester's name and e-mail and the
organisation's name and domains.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valueloop.adapters.importers import json_records
from valueloop.adapters.importers.json_records import JsonRecord
from valueloop.domain.feedback_imports import NoteDraft

SOURCE = "zendesk"


def read(path: Path | str, *, source: str = SOURCE, text: str | None = None) -> list[NoteDraft]:
    """Every ticket as a draft note, or ValidationFailed naming the file, record and field."""
    name = Path(path).name
    document = json_records.load(path, text)
    users = {
        r.identifier("id"): r for r in json_records.records(name, document, "users", required=False)
    }
    organizations = {
        r.identifier("id"): r
        for r in json_records.records(name, document, "organizations", required=False)
    }
    return [
        _ticket(ticket, users, organizations, source)
        for ticket in json_records.records(name, document, "tickets")
    ]


def _ticket(
    ticket: JsonRecord,
    users: dict[str, JsonRecord],
    organizations: dict[str, JsonRecord],
    source: str,
) -> NoteDraft:
    external_id = ticket.identifier("id")
    subject = ticket.text("subject")
    description = ticket.text("description") or subject
    if not description:
        raise ticket.fail("description", "is missing (and so is the subject)")
    requester = users.get(ticket.text("requester_id"))
    email = requester.text("email") if requester else ""
    org_id = ticket.text("organization_id") or (
        requester.text("organization_id") if requester else ""
    )
    org = organizations.get(org_id)
    hints: list[str] = []
    if org is not None:
        hints += [org.text("external_id"), org.text("name")]
        hints += [str(d) for d in org.array("domain_names") if isinstance(d, str)]
    if email:
        hints.append(email)
    tags = [str(tag) for tag in ticket.array("tags")]
    attributes: dict[str, Any] = {
        "tags": tags,
        "channel": ticket.child("via").text("channel"),
        "status": ticket.text("status"),
        "priority": ticket.text("priority"),
        "type": ticket.text("type"),
        "requester_email": email,
        "organization": org.text("name") if org else org_id,
    }
    return NoteDraft(
        where=ticket.where,
        text=description,
        source=source,
        title=subject[:300],
        external_id=external_id,
        customer_hints=tuple(h for h in hints if h),
        author=(requester.text("name") if requester else "") or email,
        received_on=ticket.date("created_at"),
        attributes={k: v for k, v in attributes.items() if v},
    )
