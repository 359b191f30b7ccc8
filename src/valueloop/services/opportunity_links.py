"""Use cases for evidence on opportunities: a note (or a passage) linked with an importance."""

from __future__ import annotations

from dataclasses import dataclass

from valueloop.domain import feedback
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.opportunities import Opportunity, OpportunityLink
from valueloop.domain.roles import Action, Principal
from valueloop.services import evidence_links
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

# Opportunities have no record type of their own in the audit trail's vocabulary yet.
AUDIT_TYPE = "opportunity"


@dataclass(frozen=True, slots=True)
class LinkedOpportunity:
    """A link seen from the note's side: the link and the opportunity it supports."""

    link: OpportunityLink
    opportunity: Opportunity


def add_link(
    uow: UnitOfWork,
    actor: Principal,
    note: FeedbackNote,
    opportunity_id: int,
    importance: object,
    highlight: str = "",
) -> OpportunityLink:
    """Within an open unit of work: check rights on the opportunity's product, link, audit."""
    level = feedback.importance(importance)
    opportunity = uow.opportunities.require(opportunity_id)
    require_visible(actor, opportunity.product_id, "opportunity", opportunity_id)
    return evidence_links.add(
        uow,
        actor,
        uow.opportunity_links,
        note,
        level,
        highlight,
        target=("opportunity_id", opportunity_id),
        product_id=opportunity.product_id,
        audit_type=AUDIT_TYPE,
    )


def link_note(
    uow: UnitOfWork,
    actor: Principal,
    note_id: int,
    opportunity_id: int,
    importance: object,
    highlight: str = "",
) -> OpportunityLink:
    """Link a note (or a highlighted passage of it) to an opportunity as evidence."""
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        link = add_link(uow, actor, note, opportunity_id, importance, highlight)
        uow.commit()
        return link


def unlink(uow: UnitOfWork, actor: Principal, link_id: int) -> None:
    """Remove an opportunity link (the note and the opportunity stay)."""
    with uow:
        link = uow.opportunity_links.require(link_id)
        opportunity = uow.opportunities.require(link.opportunity_id)
        require_visible(actor, opportunity.product_id, "opportunity link", link_id)
        evidence_links.remove(
            uow,
            actor,
            uow.opportunity_links,
            link_id,
            note_id=link.note_id,
            importance=link.importance,
            product_id=opportunity.product_id,
            audit_type=AUDIT_TYPE,
            target_id=opportunity.id,
        )
        uow.commit()


def note_opportunities(uow: UnitOfWork, actor: Principal, note_id: int) -> list[LinkedOpportunity]:
    """A note's opportunity links, oldest first; opportunities the actor cannot see left out."""
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        links = uow.opportunity_links.list({"note_id": note_id}, order_by=("id",)).items
        found = (
            {
                o.id: o
                for o in uow.opportunities.list({"id": [lk.opportunity_id for lk in links]}).items
            }
            if links
            else {}
        )
    return [
        LinkedOpportunity(lk, found[lk.opportunity_id])
        for lk in links
        if lk.opportunity_id in found
        and actor.can(Action.VIEW, found[lk.opportunity_id].product_id)
    ]


def opportunity_choices(uow: UnitOfWork, actor: Principal, product_id: int) -> list[Opportunity]:
    """The product's opportunities a note can be linked to, in tree order."""
    with uow:
        require_visible(actor, product_id, "product", product_id)
        return uow.opportunities.list({"product_id": product_id}, order_by=("rank",)).items
