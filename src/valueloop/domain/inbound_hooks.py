"""Signed webhooks through which other tools send feedback notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InboundHook:
    """A webhook endpoint for one product, with the secret its senders sign with."""

    id: int
    product_id: int
    name: str
    source: str
    secret: str
    created_by: int | None
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
