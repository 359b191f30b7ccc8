"""Suggestions from synthesis and merges: /api/v1/suggestions/{id}/accept, …/reject, …"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.feedback import MAX_TEXT
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.themes import NoteRef, note_ref
from valueloop.services import suggestions
from valueloop.services.suggestions import SuggestionView

router = APIRouter(tags=["suggestions"])


class SuggestionOut(BaseModel):
    id: int
    note_id: int
    kind: str
    target_id: int
    score: float
    status: str
    decided_by: int | None
    decided_at: dt.datetime | None
    created_at: dt.datetime


class SuggestionViewOut(BaseModel):
    suggestion: SuggestionOut
    note: NoteRef
    target_title: str
    target_text: str


class SuggestionsOut(BaseModel):
    items: list[SuggestionViewOut]
    total: int


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    importance: int = Field(default=1, ge=0, le=3, description="For links: 0 … 3 critical.")
    highlight: str = Field(default="", max_length=MAX_TEXT, description="A passage of the note.")


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    into_id: int = Field(description="The note to keep; this note becomes its duplicate.")


def view_out(view: SuggestionView) -> SuggestionViewOut:
    return SuggestionViewOut(
        suggestion=SuggestionOut.model_validate(view.suggestion, from_attributes=True),
        note=note_ref(view.note),
        target_title=view.target_title,
        target_text=view.target_text,
    )


@router.get("/products/{product_id}/suggestions")
def product_suggestions(
    product_id: int,
    actor: Actor,
    uow: Uow,
    kind: Literal["item", "opportunity", "duplicate"] | None = None,
    status: Literal["pending", "accepted", "rejected"] = "pending",
    limit: Limit = 50,
    offset: Offset = 0,
) -> SuggestionsOut:
    views, total = suggestions.for_product(
        uow, actor, product_id, kind=kind, status=status, limit=limit, offset=offset
    )
    return SuggestionsOut(items=[view_out(v) for v in views], total=total)


@router.get("/feedback/{note_id}/suggestions")
def note_suggestions(note_id: int, actor: Actor, uow: Uow) -> list[SuggestionViewOut]:
    return [view_out(v) for v in suggestions.for_note(uow, actor, note_id)]


@router.post("/suggestions/{suggestion_id}/accept")
def accept(
    suggestion_id: int, actor: Actor, uow: Uow, body: AcceptIn | None = None
) -> SuggestionOut:
    choice = body or AcceptIn()
    decided = suggestions.accept(uow, actor, suggestion_id, choice.importance, choice.highlight)
    return SuggestionOut.model_validate(decided, from_attributes=True)


@router.post("/suggestions/{suggestion_id}/reject")
def reject(suggestion_id: int, actor: Actor, uow: Uow) -> SuggestionOut:
    decided = suggestions.reject(uow, actor, suggestion_id)
    return SuggestionOut.model_validate(decided, from_attributes=True)


@router.post("/feedback/{note_id}/merge")
def merge(note_id: int, body: MergeIn, actor: Actor, uow: Uow) -> NoteRef:
    return note_ref(suggestions.merge(uow, actor, note_id, body.into_id))
