"""Bulk triage in the inbox: one action on many notes, all of it or none of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import feedback
from valueloop.domain import fields as f
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.feedback import FeedbackNote, NoteStatus
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, opportunity_links
from valueloop.services.feedback import add_item_link, check_assignee, tell_assignee
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

MAX_NOTES = 500


class BulkAction(StrEnum):
    STATUS = "status"  # set the triage status
    ARCHIVE = "archive"  # the status archived
    ASSIGN = "assign"  # assign to a user, or unassign with no assignee
    LINK_ITEM = "link_item"  # link each whole note to a backlog item
    LINK_OPPORTUNITY = "link_opportunity"  # link each whole note to an opportunity


# The optional fields each action reads; sending another is a mistake worth naming.
_USES: dict[BulkAction, frozenset[str]] = {
    BulkAction.STATUS: frozenset({"status"}),
    BulkAction.ARCHIVE: frozenset(),
    BulkAction.ASSIGN: frozenset({"assignee_id"}),
    BulkAction.LINK_ITEM: frozenset({"target_id"}),
    BulkAction.LINK_OPPORTUNITY: frozenset({"target_id"}),
}


@dataclass(frozen=True, slots=True)
class BulkResult:
    """The notes as they are after the action, and how many of them changed or got a link."""

    notes: list[FeedbackNote]
    changed: int


def _note_ids(values: Sequence[object]) -> list[int]:
    if not values:
        raise ValidationFailed("choose at least one note", field="note_ids")
    if len(values) > MAX_NOTES:
        raise ValidationFailed(f"at most {MAX_NOTES} notes at once", field="note_ids")
    ids: list[int] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationFailed("note ids must be whole numbers", field="note_ids")
        if value not in ids:
            ids.append(value)
    return ids


def apply(
    uow: UnitOfWork,
    actor: Principal,
    note_ids: Sequence[object],
    action: object,
    *,
    status: object = None,
    assignee_id: int | None = None,
    target_id: int | None = None,
    importance: object = 2,
) -> BulkResult:
    """Apply `action` to every note; a note the actor cannot see (404) or change (403) stops
    the whole action before anything is written."""
    ids = _note_ids(note_ids)
    kind = f.choice(action, "action", BulkAction)
    given = {"status": status, "assignee_id": assignee_id, "target_id": target_id}
    for name, value in given.items():
        if value is not None and name not in _USES[kind]:
            raise ValidationFailed(f"{name} does not apply to the action {kind}", field=name)
    wanted: NoteStatus | None = None
    if kind is BulkAction.STATUS:
        wanted = f.choice(status, "status", NoteStatus)
    elif kind is BulkAction.ARCHIVE:
        wanted = NoteStatus.ARCHIVED
    if kind in (BulkAction.LINK_ITEM, BulkAction.LINK_OPPORTUNITY):
        feedback.importance(importance)
        if target_id is None:
            raise ValidationFailed("choose what to link the notes to", field="target_id")
    with uow:
        found = {n.id: n for n in uow.notes.list({"id": ids}).items}
        for note_id in ids:
            note = found.get(note_id)
            if note is None:
                raise NotFound(f"feedback note {note_id} does not exist", field="note_ids")
            require_visible(actor, note.product_id, "feedback note", note_id)
        notes = [found[i] for i in ids]
        if kind in (BulkAction.LINK_ITEM, BulkAction.LINK_OPPORTUNITY):
            assert target_id is not None
            changed = _link(uow, actor, notes, kind, target_id, importance)
            after = notes
        else:
            for note in notes:
                actor.require(Action.RECORD_FEEDBACK, note.product_id)
            values: dict[str, object] = (
                {"status": wanted} if wanted is not None else {"assignee_id": assignee_id}
            )
            if assignee_id is not None and kind is BulkAction.ASSIGN:
                for note in notes:
                    check_assignee(uow, assignee_id, note.product_id)
            after, changed = _update(uow, actor, notes, values)
        uow.commit()
        return BulkResult(after, changed)


def _update(
    uow: UnitOfWork, actor: Principal, notes: list[FeedbackNote], values: dict[str, object]
) -> tuple[list[FeedbackNote], int]:
    after: list[FeedbackNote] = []
    changed = 0
    for note in notes:
        if all(getattr(note, name) == value for name, value in values.items()):
            after.append(note)
            continue
        updated = uow.notes.update(note.id, None, values)
        changes.updated(uow, actor, RecordType.FEEDBACK, note, updated, f"feedback note {note.id}")
        tell_assignee(uow, actor, note, updated)
        after.append(updated)
        changed += 1
    return after, changed


def _link(
    uow: UnitOfWork,
    actor: Principal,
    notes: list[FeedbackNote],
    kind: BulkAction,
    target_id: int,
    importance: object,
) -> int:
    """Link each note not linked to the target yet; the rights are checked on the target."""
    ids = [n.id for n in notes]
    if kind is BulkAction.LINK_ITEM:
        linked = {lk.note_id for lk in uow.links.list({"item_id": target_id, "note_id": ids}).items}
    else:
        existing = uow.opportunity_links.list({"opportunity_id": target_id, "note_id": ids})
        linked = {lk.note_id for lk in existing.items}
    added = 0
    for note in notes:
        if note.id in linked:
            continue
        if kind is BulkAction.LINK_ITEM:
            add_item_link(uow, actor, note, target_id, importance)
        else:
            opportunity_links.add_link(uow, actor, note, target_id, importance)
        added += 1
    if not added:  # every note was linked already: still check the rights on the target
        if kind is BulkAction.LINK_ITEM:
            item = uow.items.require(target_id)
            require_visible(actor, item.product_id, "backlog item", target_id)
            actor.require(Action.LINK_EVIDENCE, item.product_id)
        else:
            found = uow.opportunities.require(target_id)
            require_visible(actor, found.product_id, "opportunity", target_id)
            actor.require(Action.LINK_EVIDENCE, found.product_id)
    return added
