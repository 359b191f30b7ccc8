"""Customers (accounts) with segment, plan, ARR and status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    CHURNED = "churned"
    PROSPECT = "prospect"
    LOST_DEAL = "lost_deal"


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    name: str
    external_id: str | None
    domain: str
    segment: str
    plan: str
    arr: float
    status: CustomerStatus
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


EDITABLE = frozenset({"name", "external_id", "domain", "segment", "plan", "arr", "status"})


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized customer fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    for name in ("domain", "segment", "plan"):
        if creating or name in fields:
            out[name] = f.text(fields, name, max_len=200)
    if "external_id" in fields:
        external = f.text(fields, "external_id", max_len=200)
        out["external_id"] = external or None
    elif creating:
        out["external_id"] = None
    if "arr" in fields:
        out["arr"] = f.number(fields["arr"], "arr", minimum=0)
    elif creating:
        out["arr"] = 0.0
    if "status" in fields:
        out["status"] = f.choice(fields["status"], "status", CustomerStatus)
    elif creating:
        out["status"] = CustomerStatus.ACTIVE
    return out


def email_domain(value: str) -> str:
    """The domain of an e-mail address ("" when it is not one)."""
    _, at_sign, domain = value.strip().lower().rpartition("@")
    return domain if at_sign and "." in domain else ""


def web_domain(value: str) -> str:
    """acme.com from "https://www.acme.com/about", "www.acme.com" or "acme.com"."""
    host = value.strip().lower()
    host = host.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")
