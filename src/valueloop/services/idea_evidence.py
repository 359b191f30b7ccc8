"""Portal ideas and votes as customer evidence: a feedback note each, linked to the idea's item,
and the vote count an idea keeps for sorting."""

from __future__ import annotations

import datetime as dt

from valueloop.domain.customers import email_domain, web_domain
from valueloop.domain.feedback import Importance, NoteStatus
from valueloop.domain.ideas import Idea, IdeaVote
from valueloop.services import changes
from valueloop.services.unit_of_work import UnitOfWork

SOURCE = "portal"
# How much a portal vote says the voter needs the item when a moderator links the idea without
# choosing: "nice to have" (a click costs a voter little; interviews and tickets weigh more).
DEFAULT_IMPORTANCE = Importance.NICE_TO_HAVE


def customer_for_email(uow: UnitOfWork, address: str) -> int | None:
    """The customer an address belongs to: a contact with that email, else the email's domain."""
    address = address.strip().lower()
    if not address:
        return None
    for contact in uow.contacts.list(search=(("email",), address), limit=20).items:
        if contact.email.strip().lower() == address and contact.customer_id is not None:
            return contact.customer_id
    domain = email_domain(address)
    if not domain:
        return None
    for customer in uow.customers.list(search=(("domain",), domain), limit=50).items:
        if web_domain(customer.domain) == domain:
            return customer.id
    return None


def idea_note(
    *,
    idea_id: int,
    product_id: int,
    title: str,
    body: str,
    author: str,
    customer_id: int | None,
    received_on: dt.date,
) -> dict[str, object]:
    """The fields of the note an approved idea stands for (new: the inbox triages it)."""
    text = title + ("\n\n" + body if body else "")
    return _note_values(
        idea_id, product_id, title, f"idea:{idea_id}", author, text, customer_id, received_on
    )


def vote_note(
    *,
    idea_id: int,
    product_id: int,
    title: str,
    vote_id: int,
    email: str,
    customer_id: int | None,
    received_on: dt.date,
) -> dict[str, object]:
    """The fields of the note a vote stands for (processed: there is nothing to triage)."""
    text = f"Voted for the portal idea “{title}”"
    values = _note_values(
        idea_id, product_id, title, f"vote:{vote_id}", email, text, customer_id, received_on
    )
    return {**values, "status": NoteStatus.PROCESSED}


def _note_values(
    idea_id: int,
    product_id: int,
    title: str,
    external_id: str,
    author: str,
    text: str,
    customer_id: int | None,
    received_on: dt.date,
) -> dict[str, object]:
    return {
        "text": text,
        "source": SOURCE,
        "customer_id": customer_id,
        "author": author[:200],
        "received_on": received_on,
        "external_id": external_id,
        "product_id": product_id,
        "created_by": None,
        "title": title[:300],
        "attributes": {"idea_id": idea_id},
    }


def link_values(
    note_id: int, item_id: int, importance: Importance, actor_id: int | None, at: dt.datetime
) -> dict[str, object]:
    """The fields of a feedback link that makes a portal note evidence on an item."""
    return {
        "note_id": note_id,
        "item_id": item_id,
        "importance": int(importance),
        "highlight": "",
        "created_by": actor_id,
        "created_at": at,
    }


def record_idea(uow: UnitOfWork, idea: Idea) -> Idea:
    """Give an approved idea its note (once), linked to its item if it has one."""
    if idea.note_id is not None:
        return idea
    note = uow.notes.add(
        idea_note(
            idea_id=idea.id,
            product_id=idea.product_id,
            title=idea.title,
            body=idea.body,
            author=idea.submitter_name or idea.submitter_email,
            customer_id=idea.customer_id,
            received_on=changes.now().date(),
        )
    )
    idea = uow.ideas.update(idea.id, None, {"note_id": note.id})
    if idea.item_id is not None:
        link_notes(uow, [note.id], idea.item_id, importance_on(uow, idea), None)
    return idea


def record_vote(uow: UnitOfWork, idea: Idea, vote: IdeaVote) -> Idea:
    """Give a vote its note, linked like the idea's; the idea with its votes counted again."""
    note = uow.notes.add(
        vote_note(
            idea_id=idea.id,
            product_id=idea.product_id,
            title=idea.title,
            vote_id=vote.id,
            email=vote.email,
            customer_id=vote.customer_id,
            received_on=changes.now().date(),
        )
    )
    if idea.item_id is not None:
        link_notes(uow, [note.id], idea.item_id, importance_on(uow, idea), None)
    uow.idea_votes.update(vote.id, None, {"note_id": note.id})
    return count_votes(uow, idea.id)


def count_votes(uow: UnitOfWork, idea_id: int) -> Idea:
    """The idea with `votes` set to the number of its vote rows: the one place the count is
    written (it is kept on the idea only so that lists can sort by it)."""
    return uow.ideas.update(idea_id, None, {"votes": uow.idea_votes.count({"idea_id": idea_id})})


def evidence_notes(uow: UnitOfWork, idea_id: int) -> list[int]:
    """Every note an idea stands for: its own and its votes'."""
    idea = uow.ideas.require(idea_id)
    votes = uow.idea_votes.list({"idea_id": idea_id}).items
    found = [idea.note_id] + [v.note_id for v in votes]
    return [n for n in found if n is not None]


def importance_on(uow: UnitOfWork, idea: Idea) -> Importance:
    """The importance the idea's evidence carries on its item: what the moderator chose."""
    if idea.item_id is None or idea.note_id is None:
        return DEFAULT_IMPORTANCE
    existing = uow.links.list({"note_id": idea.note_id, "item_id": idea.item_id}, limit=1).items
    return existing[0].importance if existing else DEFAULT_IMPORTANCE


def link_notes(
    uow: UnitOfWork,
    note_ids: list[int],
    item_id: int,
    importance: Importance,
    actor_id: int | None,
) -> int:
    """Link each note to the item unless it already is; how many links were added."""
    if not note_ids:
        return 0
    linked = {
        link.note_id for link in uow.links.list({"item_id": item_id, "note_id": note_ids}).items
    }
    added = 0
    for note_id in note_ids:
        if note_id in linked:
            continue
        uow.links.add(link_values(note_id, item_id, importance, actor_id, changes.now()))
        added += 1
    return added


def unlink_notes(uow: UnitOfWork, note_ids: list[int], item_id: int) -> None:
    """Remove the links from these notes to the item (when an idea moves to another item)."""
    if note_ids:
        for link in uow.links.list({"item_id": item_id, "note_id": note_ids}).items:
            uow.links.delete(link.id)
