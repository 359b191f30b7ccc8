"""Messages to send (email or webhook), written in the transaction of the change behind them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message to send, and whether it was sent."""

    id: int
    product_id: int | None
    topic: str
    channel: str
    recipient: str
    subject: str
    body: str
    payload: Any
    status: str
    attempts: int
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
