"""Use cases for signed webhooks: create one for a product (its secret shown once), list and
revoke them, and receive a note signed with a hook's secret.

Creating and revoking a hook is an access decision (it lets another tool write into the
product), so it takes the right to manage the product's members: product leaders and admins.

A hook's secret is not stored: the row keeps a random salt, and the secret is derived from it
with the workspace's secret key (`workspace_secret`, passed in by the entry point) when the hook
is created and whenever a request arrives. Changing the key therefore invalidates every hook.
"""

from __future__ import annotations

import datetime as dt
import secrets

from valueloop.domain import inbound_hooks
from valueloop.domain.errors import Conflict, Unauthenticated
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.feedback_imports import note_values
from valueloop.domain.inbound_hooks import InboundHook
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.feedback_imports import CustomerLookup, Tally, store
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


def create_hook(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    fields: dict[str, object],
    workspace_secret: str,
) -> tuple[InboundHook, str]:
    """A new hook and its secret; the secret is not stored, nor shown again."""
    values = inbound_hooks.validate_hook(fields)
    salt = secrets.token_urlsafe(24)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.MANAGE_MEMBERS, product_id)
        hook = uow.inbound_hooks.add(
            {
                **values,
                "product_id": product_id,
                "secret": None,
                "secret_salt": salt,
                "created_by": actor.user_id,
                "created_at": changes.now(),
            }
        )
        changes.logged(
            uow, actor, "product", product_id, "create", {"webhook": [None, _summary(hook)]}
        )
        uow.commit()
        return hook, inbound_hooks.derived_secret(workspace_secret, salt)


def list_hooks(uow: UnitOfWork, actor: Principal, product_id: int) -> list[InboundHook]:
    """The product's hooks, newest first (revoked ones included)."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return uow.inbound_hooks.list({"product_id": product_id}, order_by=("-id",)).items


def revoke_hook(uow: UnitOfWork, actor: Principal, hook_id: int) -> InboundHook:
    """Stop accepting requests signed with the hook's secret (revoking twice changes nothing)."""
    with uow:
        hook = uow.inbound_hooks.require(hook_id)
        require_visible(actor, hook.product_id, "webhook", hook_id)
        actor.require(Action.MANAGE_MEMBERS, hook.product_id)
        if hook.revoked_at is not None:
            return hook
        revoked = uow.inbound_hooks.update(hook_id, None, {"revoked_at": changes.now()})
        changes.logged(
            uow, actor, "product", hook.product_id, "revoke", {"webhook": [_summary(hook), None]}
        )
        uow.commit()
        return revoked


def receive_note(
    uow: UnitOfWork,
    hook_id: int,
    timestamp: str,
    signed: str,
    body: bytes,
    workspace_secret: str,
    now: dt.datetime | None = None,
) -> tuple[FeedbackNote, bool]:
    """Store the note a signed request carries; (note, True) when it is new.

    The request is its own credential: an unknown hook, a revoked one, a stale timestamp or a
    wrong signature all raise Unauthenticated. Deliveries are idempotent by external id (or by
    the body's hash when it has none), so a retried or replayed request stores nothing twice.
    """
    with uow:
        hook = uow.inbound_hooks.get(hook_id)
        if hook is None:
            raise Unauthenticated("no such webhook")
        inbound_hooks.verify(hook, workspace_secret, timestamp, signed, body, now or changes.now())
        draft = inbound_hooks.draft_from(body, hook.source)
        values = note_values(draft)
        values["customer_id"] = CustomerLookup(uow).require(draft)
        values["product_id"] = hook.product_id
        tally = Tally()
        store(uow, [(draft, values)], created_by=hook.created_by, tally=tally)
        if tally.skipped:
            raise Conflict(
                f"a note from {hook.source} with external id {draft.external_id!r} belongs to "
                "another product",
                field="external_id",
            )
        key = {"source": hook.source, "external_id": values["external_id"]}
        note = uow.notes.list(key).items[0]
        uow.inbound_hooks.update(hook.id, None, {"last_used_at": changes.now()})
        if tally.created and hook.created_by is not None:
            sender = Principal(user_id=hook.created_by, username=f"webhook {hook.name}")
            changes.logged(
                uow, sender, "feedback", note.id, "create", {"webhook": [None, hook.name]}
            )
        uow.commit()
        return note, bool(tally.created)


def _summary(hook: InboundHook) -> dict[str, object]:
    return {"id": hook.id, "name": hook.name, "source": hook.source}
