"""Close the loop: tell the customers who asked for an item that it shipped.

The audience is everyone whose evidence is linked to the item (feedback notes with a customer,
that customer's contacts) and everyone who voted for or submitted a portal idea linked to it,
one row per customer (people without a customer one row each), with ARR and segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from valueloop.domain import fields
from valueloop.domain.backlog import ItemStatus
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.outbox import Channel
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, idea_evidence, outbox
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

TOPIC = "item.shipped"


class Via(StrEnum):
    """How a person or customer asked for the item."""

    FEEDBACK = "feedback"
    VOTE = "vote"
    IDEA = "idea"


@dataclass
class Recipient:
    """A customer (or a lone person) to tell, with their emails and how they asked."""

    customer_id: int | None
    name: str
    arr: float
    segment: str
    emails: list[str] = field(default_factory=list)
    via: set[Via] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Audience:
    item_id: int
    title: str
    shipped: bool
    recipients: list[Recipient]

    @property
    def emails(self) -> list[str]:
        return list(dict.fromkeys(e for r in self.recipients for e in r.emails))


def audience(uow: UnitOfWork, actor: Principal, item_id: int) -> Audience:
    """Who asked for the item, deduplicated by customer, biggest ARR first."""
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.VIEW, item.product_id)
        return _audience(uow, item_id)


def _audience(uow: UnitOfWork, item_id: int) -> Audience:
    item = uow.items.require(item_id)
    by_customer: dict[int, Recipient] = {}
    lone: dict[str, Recipient] = {}

    def customer(customer_id: int) -> Recipient:
        if customer_id not in by_customer:
            row = uow.customers.require(customer_id)
            by_customer[customer_id] = Recipient(customer_id, row.name, row.arr, row.segment)
        return by_customer[customer_id]

    def person(email: str, customer_id: int | None, via: Via) -> None:
        if not email:
            return
        email = email.lower()
        target = customer(customer_id) if customer_id is not None else None
        if target is None:
            target = lone.setdefault(email, Recipient(None, email, 0.0, ""))
        if email not in target.emails:
            target.emails.append(email)
        target.via.add(via)

    links = uow.links.list({"item_id": item_id}).items
    note_ids = sorted({link.note_id for link in links})
    notes = uow.notes.list({"id": note_ids}).items if note_ids else []
    for note in notes:
        if note.source == idea_evidence.SOURCE:
            continue  # votes and ideas are counted from the portal's own records below
        if note.customer_id is not None:
            customer(note.customer_id).via.add(Via.FEEDBACK)
    for linked in uow.ideas.list({"item_id": item_id}).items:
        related = [linked, *uow.ideas.list({"merged_into_id": linked.id}).items]
        for idea in related:
            person(idea.submitter_email, idea.customer_id, Via.IDEA)
        for vote in uow.idea_votes.list({"idea_id": linked.id}).items:
            person(vote.email, vote.customer_id, Via.VOTE)
    if by_customer:
        for contact in uow.contacts.list({"customer_id": sorted(by_customer)}).items:
            if contact.email and contact.customer_id is not None:
                found = by_customer[contact.customer_id]
                if contact.email.lower() not in found.emails:
                    found.emails.append(contact.email.lower())
    recipients = sorted(
        [*by_customer.values(), *lone.values()], key=lambda r: (-r.arr, r.name.lower())
    )
    return Audience(item.id, item.title, item.status is ItemStatus.DONE, recipients)


CSV_HEADER = ("customer", "arr", "segment", "emails", "via")


def csv_rows(found: Audience) -> list[list[object]]:
    """The audience as CSV rows under CSV_HEADER: one per customer or person."""
    return [
        [r.name, r.arr, r.segment, " ".join(r.emails), " ".join(sorted(v.value for v in r.via))]
        for r in found.recipients
    ]


def recipient_fields(r: Recipient) -> dict[str, object]:
    """A recipient as plain fields, for the API and the webhook payload."""
    return {
        "customer_id": r.customer_id,
        "name": r.name,
        "arr": r.arr,
        "segment": r.segment,
        "emails": r.emails,
        "via": sorted(v.value for v in r.via),
    }


def notify(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    channel: object,
    *,
    subject: object = "",
    message: object = "",
) -> int:
    """Queue the shipped news: one email per address, or one webhook payload listing everyone.
    How many messages were queued."""
    how = fields.choice(channel, "channel", Channel)
    text = fields.text({"message": message}, "message", max_len=5000)
    title = fields.text({"subject": subject}, "subject", max_len=300)
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.MANAGE_CUSTOMERS, item.product_id)
        if item.status is not ItemStatus.DONE:
            raise ValidationFailed(
                "the item has not shipped yet (its status is not done)", field="item_id"
            )
        found = _audience(uow, item_id)
        product = uow.products.require(item.product_id)
        name = item.public_title or item.title
        if how is Channel.EMAIL:
            queued = outbox.enqueue_email(
                uow,
                product.id,
                TOPIC,
                found.emails,
                title or f"{product.name}: “{name}” has shipped",
                text or f"You asked for “{name}”. It has shipped; thank you for telling us.",
            )
        else:
            if not product.portal_webhook_url:
                raise ValidationFailed(
                    "the product has no webhook address; set one in its public settings",
                    field="channel",
                )
            outbox.enqueue_webhook(
                uow, product.id, TOPIC, product.portal_webhook_url, _payload(found, name, text)
            )
            queued = 1
        changes.logged(
            uow,
            actor,
            "item",
            item_id,
            "close_loop",
            {"notified": [None, {"channel": how.value, "messages": queued}]},
        )
        uow.commit()
        return queued


def _payload(found: Audience, name: str, text: str) -> dict[str, object]:
    return {
        "event": TOPIC,
        "item": {"id": found.item_id, "title": name},
        "message": text,
        "customers": [recipient_fields(r) for r in found.recipients],
    }
