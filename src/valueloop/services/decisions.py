"""Use cases for the decision log (append-only)."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import decisions
from valueloop.domain.collaboration import RecordType
from valueloop.domain.decisions import Decision
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import locate, require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork


def record_decision(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Decision:
    """Record a decision with its options, rationale and a snapshot of the evidence seen."""
    values = decisions.validate(fields)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_DECISION, product_id)
        if values["record_type"] is not None:
            kind = RecordType(str(values["record_type"]))
            _, about = locate(uow, kind, int(str(values["record_id"])))
            if about not in (None, product_id):
                raise ValidationFailed("the record belongs to another product", field="record_id")
        decision = append(uow, actor, product_id, values)
        uow.commit()
        return decision


def append(
    uow: UnitOfWork, actor: Principal, product_id: int, values: Mapping[str, object]
) -> Decision:
    """Add a decision inside an open unit of work, decided now by the actor: audited, watched
    by its decider, announced to the product's watchers. Use cases that decide something as
    part of their work (a stage move, closing a goal, adapting a loop) log it through here."""
    stamp = changes.now()
    decision = uow.decisions.add(
        {
            "record_type": None,
            "record_id": None,
            **values,
            "product_id": product_id,
            "decided_by": actor.user_id,
            "decided_at": stamp,
            "created_at": stamp,
        }
    )
    changes.created(uow, actor, RecordType.DECISION, decision)
    changes.notify_watchers(
        uow,
        actor,
        RecordType.PRODUCT,
        product_id,
        f"{actor.username} recorded decision “{decision.title}”",
    )
    return decision


def get_decision(uow: UnitOfWork, actor: Principal, decision_id: int) -> Decision:
    with uow:
        decision = uow.decisions.require(decision_id)
        require_visible(actor, decision.product_id, "decision", decision_id)
        return decision


def list_decisions(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> Page[Decision]:
    """A product's decisions, newest first."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return uow.decisions.list(
            {"product_id": product_id},
            search=(("title", "decision", "rationale"), search),
            order_by=("-decided_at",),
            limit=limit,
            offset=offset,
        )
