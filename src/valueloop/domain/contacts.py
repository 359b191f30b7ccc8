"""A person at a customer account (from a CRM export or entered by hand)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
