"""Feedback notes, the inbox (filters, search, triage, bulk actions) and their links to items and
opportunities: /api/v1/feedback, /api/v1/feedback-links, /api/v1/opportunity-links."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.feedback import MAX_TEXT, MAX_TITLE, NoteStatus
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import feedback, feedback_bulk, opportunity_links
from valueloop.services.feedback import InboxFilters

router = APIRouter(tags=["feedback"])

Sort = Literal["relevance", "-received_on", "received_on", "-updated_at", "id", "-id"]


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_TEXT)
    source: str = Field(default="manual", max_length=100)
    customer_id: int | None = None
    author: str = Field(default="", max_length=200)
    received_on: dt.date | None = None
    external_id: str | None = Field(default=None, max_length=200)
    product_id: int | None = None
    title: str = Field(default="", max_length=MAX_TITLE)
    assignee_id: int | None = None


class NotePatch(Patch):
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    source: str | None = Field(default=None, max_length=100)
    customer_id: int | None = None
    author: str | None = Field(default=None, max_length=200)
    received_on: dt.date | None = None
    external_id: str | None = Field(default=None, max_length=200)
    product_id: int | None = None
    title: str | None = Field(default=None, max_length=MAX_TITLE)
    status: NoteStatus | None = Field(default=None, description="Triage: new, processed, archived.")
    assignee_id: int | None = Field(default=None, description="A user; null unassigns.")


class NoteOut(BaseModel):
    id: int
    text: str
    source: str
    customer_id: int | None
    author: str
    received_on: dt.date
    external_id: str | None
    product_id: int | None
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    title: str
    status: NoteStatus
    assignee_id: int | None
    duplicate_of_id: int | None
    edited_at: dt.datetime | None = Field(
        default=None,
        description="When someone last changed what an importer writes; a re-import keeps it.",
    )


class StatusCounts(BaseModel):
    new: int
    processed: int
    archived: int


class BulkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note_ids: list[int] = Field(min_length=1, max_length=feedback_bulk.MAX_NOTES)
    action: feedback_bulk.BulkAction
    status: NoteStatus | None = Field(default=None, description="For action status.")
    assignee_id: int | None = Field(default=None, description="For action assign; null unassigns.")
    target_id: int | None = Field(
        default=None, description="The item (link_item) or opportunity (link_opportunity)."
    )
    importance: int = Field(default=2, ge=0, le=3, description="For the link actions.")


class BulkOut(BaseModel):
    changed: int
    notes: list[NoteOut]


class OpportunityLinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    opportunity_id: int
    importance: int = Field(ge=0, le=3, description="0 not important … 3 critical.")
    highlight: str = Field(default="", max_length=MAX_TEXT, description="A passage of the note.")


class OpportunityLinkOut(BaseModel):
    id: int
    note_id: int
    opportunity_id: int
    importance: int
    highlight: str
    created_by: int | None
    created_at: dt.datetime


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: int
    importance: int = Field(ge=0, le=3, description="0 not important … 3 critical.")
    highlight: str = Field(default="", max_length=MAX_TEXT, description="A passage of the note.")


class LinkOut(BaseModel):
    id: int
    note_id: int
    item_id: int
    importance: int
    highlight: str
    created_by: int | None
    created_at: dt.datetime


def _filters(
    q: str = "",
    status: NoteStatus | None = None,
    source: str | None = None,
    customer_id: int | None = None,
    segment: str | None = None,
    theme_id: int | None = None,
    product_id: int | None = None,
    assignee: str = Query("", description="me, unassigned or a user id"),
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    linked: bool | None = Query(None, description="Linked to any item or opportunity."),
) -> InboxFilters:
    return InboxFilters(
        q=q,
        status=status,
        source=source,
        customer_id=customer_id,
        segment=segment,
        theme_id=theme_id,
        product_id=product_id,
        assignee=assignee,
        received_from=received_from,
        received_to=received_to,
        linked=linked,
    )


Filters = Annotated[InboxFilters, Depends(_filters)]


@router.get("/feedback")
def list_notes(
    actor: Actor,
    uow: Uow,
    filters: Filters,
    sort: Sort | None = Query(None, description="Default: relevance with q, else -received_on."),
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[NoteOut]:
    inbox = feedback.inbox(uow, actor, filters, sort=sort or "", limit=limit, offset=offset)
    return page_out(inbox.page, NoteOut)


@router.get("/feedback/status-counts")
def status_counts(actor: Actor, uow: Uow, filters: Filters) -> StatusCounts:
    counts = feedback.inbox(uow, actor, filters, limit=1).counts
    return StatusCounts(**{status.value: n for status, n in counts.items()})


@router.post("/feedback/bulk")
def bulk(body: BulkIn, actor: Actor, uow: Uow) -> BulkOut:
    result = feedback_bulk.apply(
        uow,
        actor,
        body.note_ids,
        body.action,
        status=body.status,
        assignee_id=body.assignee_id,
        target_id=body.target_id,
        importance=body.importance,
    )
    notes = [NoteOut.model_validate(n, from_attributes=True) for n in result.notes]
    return BulkOut(changed=result.changed, notes=notes)


@router.post("/feedback", status_code=status.HTTP_201_CREATED)
def record_note(body: NoteIn, actor: Actor, uow: Uow) -> NoteOut:
    note = feedback.record_note(uow, actor, body.model_dump(exclude_unset=True))
    return NoteOut.model_validate(note, from_attributes=True)


@router.get("/feedback/{note_id}")
def get_note(note_id: int, actor: Actor, uow: Uow) -> NoteOut:
    return NoteOut.model_validate(feedback.get_note(uow, actor, note_id), from_attributes=True)


@router.patch("/feedback/{note_id}")
def update_note(note_id: int, body: NotePatch, actor: Actor, uow: Uow) -> NoteOut:
    note = feedback.update_note(uow, actor, note_id, body.version, changes(body))
    return NoteOut.model_validate(note, from_attributes=True)


@router.get("/feedback/{note_id}/links")
def note_links(note_id: int, actor: Actor, uow: Uow) -> list[LinkOut]:
    return [
        LinkOut.model_validate(lk, from_attributes=True)
        for lk in feedback.note_links(uow, actor, note_id)
    ]


@router.post("/feedback/{note_id}/links", status_code=status.HTTP_201_CREATED)
def link_note(note_id: int, body: LinkIn, actor: Actor, uow: Uow) -> LinkOut:
    link = feedback.link_note(uow, actor, note_id, body.item_id, body.importance, body.highlight)
    return LinkOut.model_validate(link, from_attributes=True)


@router.delete("/feedback-links/{link_id}", status_code=status.HTTP_204_NO_CONTENT)
def unlink(link_id: int, actor: Actor, uow: Uow) -> Response:
    feedback.unlink(uow, actor, link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/feedback/{note_id}/opportunity-links")
def note_opportunity_links(note_id: int, actor: Actor, uow: Uow) -> list[OpportunityLinkOut]:
    return [
        OpportunityLinkOut.model_validate(row.link, from_attributes=True)
        for row in opportunity_links.note_opportunities(uow, actor, note_id)
    ]


@router.post("/feedback/{note_id}/opportunity-links", status_code=status.HTTP_201_CREATED)
def link_opportunity(
    note_id: int, body: OpportunityLinkIn, actor: Actor, uow: Uow
) -> OpportunityLinkOut:
    link = opportunity_links.link_note(
        uow, actor, note_id, body.opportunity_id, body.importance, body.highlight
    )
    return OpportunityLinkOut.model_validate(link, from_attributes=True)


@router.delete("/opportunity-links/{link_id}", status_code=status.HTTP_204_NO_CONTENT)
def unlink_opportunity(link_id: int, actor: Actor, uow: Uow) -> Response:
    opportunity_links.unlink(uow, actor, link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
