"""Messages to send (email or webhook), written in the transaction of the change behind them."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    """How a message travels."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class MessageStatus(StrEnum):
    """Whether a message still waits, went out, or gave up after MAX_ATTEMPTS."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


# A message that failed this many times stays failed; `outbox send --retry-failed` tries again.
MAX_ATTEMPTS = 5
SIGNATURE_HEADER = "X-Valueloop-Signature"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message to send, and whether it was sent."""

    id: int
    product_id: int | None
    topic: str
    channel: Channel
    recipient: str
    subject: str
    body: str
    payload: Any
    status: MessageStatus
    attempts: int
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


def after_failure(attempts: int) -> MessageStatus:
    """The status of a message whose latest attempt (number `attempts`) failed."""
    return MessageStatus.FAILED if attempts >= MAX_ATTEMPTS else MessageStatus.PENDING


def webhook_body(payload: Any) -> bytes:
    """The exact bytes posted to a webhook (and signed): compact JSON with sorted keys."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def signature(secret: str, body: bytes) -> str:
    """The value of the signature header: `sha256=` and the hex HMAC of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
