"""A person at a customer account (from a CRM export or entered by hand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class Contact:
    """A person at a customer account."""

    id: int
    customer_id: int | None
    name: str
    email: str
    title: str
    external_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


EDITABLE = frozenset({"customer_id", "name", "email", "title", "external_id"})


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized contact fields (e-mail lower-cased), or ValidationFailed naming the bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    if creating or "email" in fields:
        email = f.text(fields, "email", max_len=320).lower()
        if email and (email.count("@") != 1 or " " in email or "." not in email.split("@")[1]):
            raise ValidationFailed(f"{email!r} is not an e-mail address", field="email")
        out["email"] = email
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=200)
    if creating or "external_id" in fields:
        out["external_id"] = f.text(fields, "external_id", max_len=200) or None
    if creating or "customer_id" in fields:
        out["customer_id"] = fields.get("customer_id")
    return out
