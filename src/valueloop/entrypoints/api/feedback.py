"""Feedback notes and their links to items: /api/v1/feedback, /api/v1/feedback-links."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.feedback import MAX_TEXT
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import feedback

router = APIRouter(tags=["feedback"])


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_TEXT)
    source: str = Field(default="manual", max_length=100)
    customer_id: int | None = None
    author: str = Field(default="", max_length=200)
    received_on: dt.date | None = None
    external_id: str | None = Field(default=None, max_length=200)
    product_id: int | None = None


class NotePatch(Patch):
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    source: str | None = Field(default=None, max_length=100)
    customer_id: int | None = None
    author: str | None = Field(default=None, max_length=200)
    received_on: dt.date | None = None
    external_id: str | None = Field(default=None, max_length=200)
    product_id: int | None = None


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


@router.get("/feedback")
def list_notes(
    actor: Actor,
    uow: Uow,
    q: str = "",
    source: str | None = None,
    customer_id: int | None = None,
    product_id: int | None = None,
    sort: Literal["received_on", "-received_on", "id", "-id"] = "-received_on",
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[NoteOut]:
    where = {
        k: v
        for k, v in {"source": source, "customer_id": customer_id, "product_id": product_id}.items()
        if v is not None
    }
    page = feedback.list_notes(
        uow, actor, where=where, search=q, sort=sort, limit=limit, offset=offset
    )
    return page_out(page, NoteOut)


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
