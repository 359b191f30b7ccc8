"""Evidence links from a feedback note to what it supports (a backlog item, an opportunity): the
steps both kinds share once the target was found and shown to be visible to the actor."""

from __future__ import annotations

from typing import TypeVar

from valueloop.domain import feedback
from valueloop.domain.feedback import FeedbackNote, Importance
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.unit_of_work import Records, UnitOfWork

L = TypeVar("L")


def add(
    uow: UnitOfWork,
    actor: Principal,
    links: Records[L],
    note: FeedbackNote,
    level: Importance,
    highlight: str,
    *,
    target: tuple[str, int],
    product_id: int,
    audit_type: str,
) -> L:
    """Within an open unit of work: check the right to link evidence, add the link and log it.

    `target` is the link's column for what it points at and that record's id, e.g.
    `("item_id", 7)`; the audit trail records the link on that record.
    """
    column, target_id = target
    actor.require(Action.LINK_EVIDENCE, product_id)
    link = links.add(
        {
            "note_id": note.id,
            column: target_id,
            "importance": int(level),
            "highlight": feedback.highlight(note.text, highlight),
            "created_by": actor.user_id,
            "created_at": changes.now(),
        }
    )
    changes.logged(
        uow,
        actor,
        audit_type,
        target_id,
        "link",
        {"feedback": [None, {"note_id": note.id, "importance": int(level)}]},
    )
    return link


def remove(
    uow: UnitOfWork,
    actor: Principal,
    links: Records[L],
    link_id: int,
    *,
    note_id: int,
    importance: int,
    product_id: int,
    audit_type: str,
    target_id: int,
) -> None:
    """Within an open unit of work: check the right to link evidence, delete the link, log it."""
    actor.require(Action.LINK_EVIDENCE, product_id)
    links.delete(link_id)
    changes.logged(
        uow,
        actor,
        audit_type,
        target_id,
        "unlink",
        {"feedback": [{"note_id": note_id, "importance": int(importance)}, None]},
    )
