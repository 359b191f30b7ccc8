"""Use cases for feedback notes and the evidence links from notes to backlog items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import feedback
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.feedback import Demand, FeedbackLink, FeedbackNote
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Filters, Page, UnitOfWork


@dataclass(frozen=True, slots=True)
class LinkedNote:
    """A link seen from the item's side: the link and the note it quotes."""

    link: FeedbackLink
    note: FeedbackNote


def _check_refs(uow: UnitOfWork, actor: Principal, values: Mapping[str, object]) -> None:
    if values.get("customer_id") is not None:
        uow.customers.require(int(str(values["customer_id"])))
    if values.get("product_id") is not None:
        product_id = int(str(values["product_id"]))
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)


def record_note(uow: UnitOfWork, actor: Principal, fields: Mapping[str, object]) -> FeedbackNote:
    """Record a piece of customer feedback."""
    values = feedback.validate(fields, creating=True)
    product_id = values.get("product_id")
    actor.require(Action.RECORD_FEEDBACK, int(str(product_id)) if product_id is not None else None)
    values.setdefault("received_on", dt.datetime.now(dt.UTC).date())
    values["created_by"] = actor.user_id
    with uow:
        _check_refs(uow, actor, values)
        note = uow.notes.add(values)
        changes.created(uow, actor, RecordType.FEEDBACK, note)
        uow.commit()
        return note


def update_note(
    uow: UnitOfWork,
    actor: Principal,
    note_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> FeedbackNote:
    values = feedback.validate(fields, creating=False)
    with uow:
        before = uow.notes.require(note_id)
        require_visible(actor, before.product_id, "feedback note", note_id)
        actor.require(Action.RECORD_FEEDBACK, before.product_id)
        _check_refs(uow, actor, values)
        after = uow.notes.update(note_id, version, values)
        changes.updated(uow, actor, RecordType.FEEDBACK, before, after, f"feedback note {note_id}")
        uow.commit()
        return after


def get_note(uow: UnitOfWork, actor: Principal, note_id: int) -> FeedbackNote:
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        return note


def list_notes(
    uow: UnitOfWork,
    actor: Principal,
    *,
    where: Filters | None = None,
    search: str = "",
    sort: str = "-received_on",
    limit: int | None = None,
    offset: int = 0,
) -> Page[FeedbackNote]:
    """Notes the actor can see (their products' and workspace-wide ones), newest first."""
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    scope = dict(where or {})
    visible = actor.visible_product_ids()
    if visible is not None:
        wanted = scope.get("product_id")
        if wanted is not None and wanted not in visible:
            return Page(items=[], total=0, limit=limit, offset=offset)
        if wanted is None:
            scope["product_id"] = [*sorted(visible), None]
    with uow:
        return uow.notes.list(
            scope, search=(("text", "author"), search), order_by=(sort,), limit=limit, offset=offset
        )


def link_note(
    uow: UnitOfWork,
    actor: Principal,
    note_id: int,
    item_id: int,
    importance: object,
    highlight: str = "",
) -> FeedbackLink:
    """Link a note (or a highlighted passage of it) to a backlog item as evidence."""
    level = feedback.importance(importance)
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.LINK_EVIDENCE, item.product_id)
        link = uow.links.add(
            {
                "note_id": note_id,
                "item_id": item_id,
                "importance": int(level),
                "highlight": feedback.highlight(note.text, highlight),
                "created_by": actor.user_id,
                "created_at": changes.now(),
            }
        )
        changes.logged(
            uow,
            actor,
            RecordType.ITEM.value,
            item_id,
            "link",
            {"feedback": [None, {"note_id": note_id, "importance": int(level)}]},
        )
        changes.notify_watchers(
            uow,
            actor,
            RecordType.ITEM,
            item_id,
            f"{actor.username} linked feedback to item “{item.title}” "
            f"({level.name.lower().replace('_', ' ')})",
        )
        uow.commit()
        return link


def unlink(uow: UnitOfWork, actor: Principal, link_id: int) -> None:
    with uow:
        link = uow.links.require(link_id)
        item = uow.items.require(link.item_id)
        require_visible(actor, item.product_id, "feedback link", link_id)
        actor.require(Action.LINK_EVIDENCE, item.product_id)
        uow.links.delete(link_id)
        changes.logged(
            uow,
            actor,
            RecordType.ITEM.value,
            item.id,
            "unlink",
            {
                "feedback": [
                    {"note_id": link.note_id, "importance": int(link.importance)},
                    None,
                ]
            },
        )
        uow.commit()


def item_evidence(
    uow: UnitOfWork, actor: Principal, item_id: int
) -> tuple[Demand, list[LinkedNote]]:
    """An item's demand roll-up and the notes behind it, newest first."""
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        evidence = uow.links.evidence_for_items([item_id])[item_id]
        links = uow.links.list({"item_id": item_id}, order_by=("-id",)).items
        notes = (
            {n.id: n for n in uow.notes.list({"id": [lk.note_id for lk in links]}).items}
            if links
            else {}
        )
    return feedback.demand(evidence), [LinkedNote(lk, notes[lk.note_id]) for lk in links]


def demand_for_items(
    uow: UnitOfWork, actor: Principal, product_id: int, item_ids: list[int]
) -> dict[int, Demand]:
    """Demand roll-ups for many items of one product at once (for backlog lists)."""
    with uow:
        require_visible(actor, product_id, "product", product_id)
        evidence = uow.links.evidence_for_items(item_ids) if item_ids else {}
    return {item_id: feedback.demand(rows) for item_id, rows in evidence.items()}


def note_links(uow: UnitOfWork, actor: Principal, note_id: int) -> list[FeedbackLink]:
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        return uow.links.list({"note_id": note_id}, order_by=("id",)).items
