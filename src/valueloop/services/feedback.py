"""Use cases for feedback notes: recording, triage (status, assignee), the inbox query, and the
evidence links from notes to backlog items.

Editing what an importer writes (text, title, customer, author, date, source, external id)
stamps the note's `edited_at`, so a later re-import of its source row leaves the edit alone;
triage (status, assignee) does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import feedback
from valueloop.domain import fields as f
from valueloop.domain import note_search as ns
from valueloop.domain.accounts import User
from valueloop.domain.collaboration import NotificationKind, RecordType
from valueloop.domain.errors import PermissionDenied, ValidationFailed
from valueloop.domain.feedback import Demand, FeedbackLink, FeedbackNote, NoteStatus
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, evidence_links
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Filters, Page, UnitOfWork


@dataclass(frozen=True, slots=True)
class LinkedNote:
    """A link seen from the item's side: the link and the note it quotes."""

    link: FeedbackLink
    note: FeedbackNote


@dataclass(frozen=True, slots=True)
class InboxFilters:
    """What the inbox is asked for, as the entry points read it; empty means "any"."""

    q: str = ""
    status: str | None = None
    source: str | None = None
    customer_id: int | None = None
    segment: str | None = None
    theme_id: int | None = None
    product_id: int | None = None
    assignee: str = ""  # "", "me", "unassigned" or a user id
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    linked: bool | None = None


@dataclass(frozen=True, slots=True)
class Inbox:
    """One page of the inbox, how many notes each triage tab holds, and the order used."""

    page: Page[FeedbackNote]
    counts: dict[NoteStatus, int]
    sort: str


def _check_refs(
    uow: UnitOfWork, actor: Principal, values: Mapping[str, object], product_id: int | None
) -> None:
    if values.get("customer_id") is not None:
        uow.customers.require(int(str(values["customer_id"])))
    if values.get("product_id") is not None:
        product_id = int(str(values["product_id"]))
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
    if values.get("assignee_id") is not None:
        check_assignee(uow, int(str(values["assignee_id"])), product_id)


def check_assignee(uow: UnitOfWork, user_id: int, product_id: int | None) -> User:
    """An assignee is an active user with a role on the note's product (admins always are)."""
    user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise ValidationFailed(f"user {user_id} does not exist", field="assignee_id")
    if user.is_admin:
        return user
    where: dict[str, object] = {"user_id": user_id}
    if product_id is not None:
        where["product_id"] = product_id
    if not uow.memberships.count(where):
        raise ValidationFailed(
            f"{user.username} has no role on the note's product", field="assignee_id"
        )
    return user


def tell_assignee(
    uow: UnitOfWork, actor: Principal, before: FeedbackNote | None, after: FeedbackNote
) -> None:
    """Notify a note's new assignee (unless they assigned it to themselves)."""
    new = after.assignee_id
    if new is None or new == actor.user_id or (before is not None and before.assignee_id == new):
        return
    changes.notify(
        uow,
        new,
        actor,
        RecordType.FEEDBACK,
        after.id,
        f"{actor.username} assigned you feedback note “{feedback.display_title(after, 60)}”",
        NotificationKind.CHANGE,
    )


def record_note(uow: UnitOfWork, actor: Principal, fields: Mapping[str, object]) -> FeedbackNote:
    """Record a piece of customer feedback."""
    values = feedback.validate(fields, creating=True)
    product_id = values.get("product_id")
    actor.require(Action.RECORD_FEEDBACK, int(str(product_id)) if product_id is not None else None)
    values.setdefault("received_on", dt.datetime.now(dt.UTC).date())
    values["created_by"] = actor.user_id
    with uow:
        _check_refs(uow, actor, values, int(str(product_id)) if product_id is not None else None)
        note = uow.notes.add(values)
        changes.created(uow, actor, RecordType.FEEDBACK, note)
        tell_assignee(uow, actor, None, note)
        uow.commit()
        return note


def update_note(
    uow: UnitOfWork,
    actor: Principal,
    note_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> FeedbackNote:
    """Edit a note; triage (status, assignee) is an edit too, checked against `version`."""
    values = feedback.validate(fields, creating=False)
    with uow:
        before = uow.notes.require(note_id)
        require_visible(actor, before.product_id, "feedback note", note_id)
        actor.require(Action.RECORD_FEEDBACK, before.product_id)
        product_id = values.get("product_id", before.product_id)
        if "product_id" in values and product_id is not None:
            actor.require(Action.RECORD_FEEDBACK, int(str(product_id)))
        _check_refs(uow, actor, values, int(str(product_id)) if product_id is not None else None)
        if feedback.edits_imported_fields(before, values):
            values["edited_at"] = changes.now()  # a re-import now keeps this edit
        after = uow.notes.update(note_id, version, values)
        changes.updated(uow, actor, RecordType.FEEDBACK, before, after, f"feedback note {note_id}")
        tell_assignee(uow, actor, before, after)
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


def _note_query(actor: Principal, filters: InboxFilters) -> ns.NoteQuery | None:
    """The domain query for `filters` within the actor's visible scope; None: nothing visible."""
    scope: tuple[int | None, ...] | None = None
    visible = actor.visible_product_ids()
    if filters.product_id is not None:
        if visible is not None and filters.product_id not in visible:
            return None
        scope = (filters.product_id,)
    elif visible is not None:
        scope = (*sorted(visible), None)
    ns.date_range(filters.received_from, filters.received_to)
    assignee = filters.assignee.strip()
    assignee_id: int | None = None
    if assignee == "me":
        assignee_id = actor.user_id
    elif assignee.isdigit():
        assignee_id = int(assignee)
    elif assignee not in ("", ns.ASSIGNEE_ANYONE, ns.ASSIGNEE_NOBODY):
        raise ValidationFailed("assignee must be me, unassigned or a user id", field="assignee")
    return ns.NoteQuery(
        product_ids=scope,
        status=(f.choice(filters.status, "status", NoteStatus) if filters.status else None),
        source=filters.source.strip() if filters.source and filters.source.strip() else None,
        customer_id=filters.customer_id,
        segment=filters.segment.strip() if filters.segment and filters.segment.strip() else None,
        theme_id=filters.theme_id,
        assignee_id=assignee_id,
        unassigned=assignee == ns.ASSIGNEE_NOBODY,
        received_from=filters.received_from,
        received_to=filters.received_to,
        linked=filters.linked,
        text=ns.parse(filters.q),
    )


def inbox(
    uow: UnitOfWork,
    actor: Principal,
    filters: InboxFilters,
    *,
    sort: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> Inbox:
    """The notes the actor can see that match `filters` (best matches first when searching),
    and the number in each triage status."""
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    query = _note_query(actor, filters)
    if query is None:
        empty: Page[FeedbackNote] = Page(items=[], total=0, limit=limit, offset=offset)
        return Inbox(empty, dict.fromkeys(NoteStatus, 0), sort or ns.Sort.NEWEST)
    order = ns.sort(sort, query)
    with uow:
        page = uow.note_search.find(query, sort=order, limit=limit, offset=offset)
        counted = uow.note_search.status_counts(query)
    counts = {status: counted.get(status.value, 0) for status in NoteStatus}
    return Inbox(page, counts, order)


def assignable_people(uow: UnitOfWork, actor: Principal, product_id: int | None) -> list[User]:
    """Who a note of `product_id` can be assigned to (its members; any member when None)."""
    if not actor.can(Action.VIEW, product_id):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    with uow:
        where = {} if product_id is None else {"product_id": product_id}
        members = {m.user_id for m in uow.memberships.list(where).items}
        found = uow.users.list({"id": sorted(members)}).items if members else []
        admins = uow.users.list({"is_admin": True}).items
    people = {u.id: u for u in [*found, *admins] if u.is_active}
    return sorted(people.values(), key=lambda u: (u.display_name or u.username).lower())


def theme_choices(uow: UnitOfWork, actor: Principal) -> list[tuple[int, str]]:
    """(id, label) of the active themes of the products the actor sees, for the inbox filter."""
    visible = actor.visible_product_ids()
    where: dict[str, object] = {"status": "active"}
    if visible is not None:
        where["product_id"] = sorted(visible)
    with uow:
        return [(t.id, t.label) for t in uow.themes.list(where, order_by=("label",)).items]


def link_note(
    uow: UnitOfWork,
    actor: Principal,
    note_id: int,
    item_id: int,
    importance: object,
    highlight: str = "",
) -> FeedbackLink:
    """Link a note (or a highlighted passage of it) to a backlog item as evidence."""
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        link = add_item_link(uow, actor, note, item_id, importance, highlight)
        uow.commit()
        return link


def add_item_link(
    uow: UnitOfWork,
    actor: Principal,
    note: FeedbackNote,
    item_id: int,
    importance: object,
    highlight: str = "",
) -> FeedbackLink:
    """Within an open unit of work: check rights on the item's product, link, audit, notify."""
    level = feedback.importance(importance)
    item = uow.items.require(item_id)
    require_visible(actor, item.product_id, "backlog item", item_id)
    link = evidence_links.add(
        uow,
        actor,
        uow.links,
        note,
        level,
        highlight,
        target=("item_id", item_id),
        product_id=item.product_id,
        audit_type=RecordType.ITEM.value,
    )
    changes.notify_watchers(
        uow,
        actor,
        RecordType.ITEM,
        item_id,
        f"{actor.username} linked feedback to item “{item.title}” "
        f"({level.name.lower().replace('_', ' ')})",
    )
    return link


def unlink(uow: UnitOfWork, actor: Principal, link_id: int) -> None:
    with uow:
        link = uow.links.require(link_id)
        item = uow.items.require(link.item_id)
        require_visible(actor, item.product_id, "feedback link", link_id)
        evidence_links.remove(
            uow,
            actor,
            uow.links,
            link_id,
            note_id=link.note_id,
            importance=link.importance,
            product_id=item.product_id,
            audit_type=RecordType.ITEM.value,
            target_id=item.id,
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
