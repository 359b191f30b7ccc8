"""Signed webhooks through which other tools send feedback notes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.errors import Unauthenticated, ValidationFailed
from valueloop.domain.feedback_imports import NoteDraft


@dataclass(frozen=True, slots=True)
class InboundHook:
    """A webhook endpoint for one product and what its signing secret is derived from.

    Hooks made since 0005 keep only `secret_salt` (their secret is derived from it with the
    workspace's secret key); hooks made before keep their plain `secret` and no salt.
    """

    id: int
    product_id: int
    name: str
    source: str
    secret: str | None
    secret_salt: str | None
    created_by: int | None
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


# Senders sign `<timestamp>.<body>` with HMAC-SHA256; a request older (or newer) than this is
# refused, so a captured request cannot be replayed later.
REPLAY_WINDOW = dt.timedelta(minutes=5)
TIMESTAMP_HEADER = "X-Valueloop-Timestamp"
SIGNATURE_HEADER = "X-Valueloop-Signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix that marks secrets, not a secret)


def derived_secret(workspace_secret: str, salt: str) -> str:
    """The signing secret of a hook with this salt: SECRET_PREFIX and the unpadded URL-safe
    base64 of HMAC-SHA256(workspace secret key, "inbound-hook:" + salt)."""
    mac = hmac.new(workspace_secret.encode(), f"inbound-hook:{salt}".encode(), hashlib.sha256)
    return SECRET_PREFIX + base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def secret_of(hook: InboundHook, workspace_secret: str) -> str:
    """The secret the hook's senders sign with: derived from its salt, or the plain one stored
    for a hook made before salts."""
    if hook.secret_salt:
        return derived_secret(workspace_secret, hook.secret_salt)
    if hook.secret:
        return hook.secret
    # Neither can be written by create_hook; refuse rather than accept an empty key.
    raise Unauthenticated("this webhook has no secret; revoke it and create another")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a request: `sha256=` and the hex HMAC."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    hook: InboundHook,
    workspace_secret: str,
    timestamp: str,
    signed: str,
    body: bytes,
    now: dt.datetime,
) -> None:
    """Raise Unauthenticated unless the hook is live, the timestamp is fresh and the signature
    is the hook's (see secret_of); the message says which, never the expected signature."""
    if hook.revoked_at is not None:
        raise Unauthenticated("this webhook was revoked")
    if not timestamp.strip().isdigit():
        raise Unauthenticated(f"send the Unix time of the request in {TIMESTAMP_HEADER}")
    try:
        sent = dt.datetime.fromtimestamp(int(timestamp), dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise Unauthenticated(f"{TIMESTAMP_HEADER} is not a Unix time") from None
    if abs(now - sent) > REPLAY_WINDOW:
        raise Unauthenticated(
            f"{TIMESTAMP_HEADER} is more than {REPLAY_WINDOW.seconds // 60} minutes away from "
            "the server's clock; sign each request when it is sent"
        )
    expected = signature(secret_of(hook, workspace_secret), timestamp.strip(), body)
    if not hmac.compare_digest(expected.encode(), signed.strip().lower().encode()):
        raise Unauthenticated(
            f"{SIGNATURE_HEADER} does not match: expected sha256=HMAC-SHA256(secret, "
            "timestamp + '.' + body) in hex"
        )


def validate_hook(fields: Mapping[str, object]) -> dict[str, str]:
    """A new hook's name and note source, or ValidationFailed naming the bad one."""
    name = f.text(fields, "name", max_len=200, required=True)
    source = f.text(fields, "source", max_len=100) or "webhook"
    return {"name": name, "source": source}


MAX_BODY = 256 * 1024
_PAYLOAD = frozenset(
    {"text", "title", "external_id", "author", "customer", "email", "received_on", "attributes"}
)


def draft_from(body: bytes, source: str) -> NoteDraft:
    """The note a webhook request carries (JSON: text, and optionally title, external_id,
    author, customer, email, received_on, attributes), or ValidationFailed naming the field."""
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValidationFailed(f"the body is not valid JSON ({error})", field="body") from None
    if not isinstance(payload, dict):
        raise ValidationFailed("the body must be a JSON object", field="body")
    f.reject_unknown(payload, _PAYLOAD)
    attributes = payload.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise ValidationFailed("attributes must be a JSON object", field="attributes")
    received = payload.get("received_on")
    values = {k: f.text(payload, k, max_len=20_000) for k in _PAYLOAD - {"attributes"}}
    external = values["external_id"] or "sha256:" + hashlib.sha256(body).hexdigest()[:40]
    return NoteDraft(
        where="the request",
        text=values["text"],
        source=source,
        title=values["title"],
        external_id=external,
        customer=values["customer"],
        customer_hints=(values["email"],) if values["email"] else (),
        author=values["author"] or values["email"],
        received_on=f.date(received, "received_on") if received else None,
        attributes=attributes,
    )
