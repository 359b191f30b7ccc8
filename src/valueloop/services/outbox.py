"""The outbox: messages written in the transaction of the change behind them, sent later."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from valueloop.domain import outbox
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.outbox import Channel, MessageStatus, OutboxMessage
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork


class DeliveryFailed(Exception):
    """A sender could not deliver a message; the text says why (kept as last_error)."""


class Sender(Protocol):
    """Delivers messages: email through SMTP, webhooks through HTTP POST."""

    def send_email(self, recipient: str, subject: str, body: str) -> None:
        """Deliver one email, or raise DeliveryFailed."""
        ...

    def post_webhook(self, url: str, body: bytes, signature: str) -> None:
        """POST the body with its signature header, or raise DeliveryFailed."""
        ...


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one `send` run did."""

    sent: int
    failed: int  # gave up after MAX_ATTEMPTS
    retrying: int  # failed this time, will be tried again


def webhook_secret(workspace_secret: str, product_id: int) -> str:
    """The key a product's webhooks are signed with (derived; shown to its leaders)."""
    return hmac.new(
        workspace_secret.encode(), f"portal-webhook:{product_id}".encode(), hashlib.sha256
    ).hexdigest()


def signing_key(uow: UnitOfWork, actor: Principal, product_id: int, workspace_secret: str) -> str:
    """The key the product's webhooks are signed with, for whoever may edit the product (they
    give it to the receiving end so it can check `X-Valueloop-Signature`)."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_PRODUCT, product_id)
        return webhook_secret(workspace_secret, product_id)


def enqueue_email(
    uow: UnitOfWork,
    product_id: int | None,
    topic: str,
    recipients: Iterable[str],
    subject: str,
    body: str,
) -> int:
    """One pending email per distinct recipient; how many were queued."""
    queued = 0
    for recipient in dict.fromkeys(r.strip().lower() for r in recipients if r.strip()):
        uow.outbox.add(
            {
                "product_id": product_id,
                "topic": topic,
                "channel": Channel.EMAIL,
                "recipient": recipient,
                "subject": subject[:300],
                "body": body,
                "payload": None,
                "status": MessageStatus.PENDING,
                "created_at": changes.now(),
            }
        )
        queued += 1
    return queued


def enqueue_webhook(
    uow: UnitOfWork, product_id: int, topic: str, url: str, payload: dict[str, Any]
) -> None:
    """One pending webhook POST of `payload` to `url`."""
    uow.outbox.add(
        {
            "product_id": product_id,
            "topic": topic,
            "channel": Channel.WEBHOOK,
            "recipient": url,
            "subject": topic,
            "body": "",
            "payload": payload,
            "status": MessageStatus.PENDING,
            "created_at": changes.now(),
        }
    )


def _require_outbox_right(actor: Principal, product_id: int | None) -> None:
    if product_id is None:
        if not actor.is_admin:
            raise PermissionDenied(f"{actor.username} may not see every product's outbox")
        return
    require_visible(actor, product_id, "product", product_id)
    actor.require(Action.EDIT_PRODUCT, product_id)


def list_messages(
    uow: UnitOfWork,
    actor: Principal,
    *,
    product_id: int | None = None,
    status: MessageStatus | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> Page[OutboxMessage]:
    """Messages of one product (its leaders) or of all (admins), newest first."""
    _require_outbox_right(actor, product_id)
    where: dict[str, object] = {}
    if product_id is not None:
        where["product_id"] = product_id
    if status is not None:
        where["status"] = status
    with uow:
        if product_id is not None:
            uow.products.require(product_id)
        return uow.outbox.list(where, order_by=("-id",), limit=limit, offset=offset)


def send_pending(
    uow_factory: Callable[[], UnitOfWork],
    actor: Principal,
    sender: Sender,
    workspace_secret: str,
    *,
    product_id: int | None = None,
    retry_failed: bool = False,
    limit: int = 500,
) -> Delivery:
    """Deliver pending messages one by one, each marked in its own transaction (so a crash
    half-way never sends a message twice that was already marked sent)."""
    _require_outbox_right(actor, product_id)
    wanted = (
        [MessageStatus.PENDING, MessageStatus.FAILED] if retry_failed else MessageStatus.PENDING
    )
    where: dict[str, object] = {"status": wanted}
    if product_id is not None:
        where["product_id"] = product_id
    with uow_factory() as uow:
        batch = uow.outbox.list(where, order_by=("id",), limit=limit).items
    sent = failed = retrying = 0
    for message in batch:
        error = _deliver(sender, message, workspace_secret)
        attempts = message.attempts + 1
        values: dict[str, object] = {"attempts": attempts}
        if error is None:
            values.update(status=MessageStatus.SENT, sent_at=changes.now(), last_error="")
            sent += 1
        else:
            state = outbox.after_failure(attempts)
            values.update(status=state, last_error=error[:2000])
            failed += state is MessageStatus.FAILED
            retrying += state is MessageStatus.PENDING
        with uow_factory() as uow:
            uow.outbox.update(message.id, None, values)
            uow.commit()
    return Delivery(sent=sent, failed=failed, retrying=retrying)


def _deliver(sender: Sender, message: OutboxMessage, workspace_secret: str) -> str | None:
    """None when delivered, else the reason it was not."""
    try:
        if message.channel is Channel.EMAIL:
            sender.send_email(message.recipient, message.subject, message.body)
        else:
            body = outbox.webhook_body(message.payload)
            secret = webhook_secret(workspace_secret, message.product_id or 0)
            sender.post_webhook(message.recipient, body, outbox.signature(secret, body))
    except DeliveryFailed as error:
        return str(error) or "delivery failed"
    return None
