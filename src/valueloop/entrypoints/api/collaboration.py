"""Comments, watching, history and notifications on any core record; /api/v1/notifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.collaboration import NotificationKind, RecordType
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.services import audit, collaboration

router = APIRouter(tags=["collaboration"])


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(max_length=10_000, description="Text; @username mentions notify that user.")


class CommentOut(BaseModel):
    id: int
    record_type: RecordType
    record_id: int
    author_id: int
    body: str
    created_at: dt.datetime


class WatchOut(BaseModel):
    watching: bool


class AuditOut(BaseModel):
    id: int
    actor_id: int | None
    at: dt.datetime
    action: str
    changes: dict[str, Any]


class NotificationOut(BaseModel):
    id: int
    kind: NotificationKind
    record_type: RecordType
    record_id: int
    actor_id: int | None
    message: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class ReadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[int] | None = Field(default=None, description="Which to mark read; omit for all.")


class ReadOut(BaseModel):
    marked: int


@router.get("/records/{record_type}/{record_id}/comments")
def list_comments(
    record_type: RecordType, record_id: int, actor: Actor, uow: Uow
) -> list[CommentOut]:
    rows = collaboration.list_comments(uow, actor, record_type, record_id)
    return [CommentOut.model_validate(c, from_attributes=True) for c in rows]


@router.post("/records/{record_type}/{record_id}/comments", status_code=status.HTTP_201_CREATED)
def add_comment(
    record_type: RecordType, record_id: int, body: CommentIn, actor: Actor, uow: Uow
) -> CommentOut:
    comment = collaboration.add_comment(uow, actor, record_type, record_id, body.body)
    return CommentOut.model_validate(comment, from_attributes=True)


@router.get("/records/{record_type}/{record_id}/watch")
def get_watch(record_type: RecordType, record_id: int, actor: Actor, uow: Uow) -> WatchOut:
    return WatchOut(watching=collaboration.is_watching(uow, actor, record_type, record_id))


@router.put("/records/{record_type}/{record_id}/watch")
def watch(record_type: RecordType, record_id: int, actor: Actor, uow: Uow) -> WatchOut:
    return WatchOut(watching=collaboration.set_watching(uow, actor, record_type, record_id, True))


@router.delete("/records/{record_type}/{record_id}/watch")
def unwatch(record_type: RecordType, record_id: int, actor: Actor, uow: Uow) -> WatchOut:
    return WatchOut(watching=collaboration.set_watching(uow, actor, record_type, record_id, False))


@router.get("/records/{record_type}/{record_id}/history")
def history(record_type: RecordType, record_id: int, actor: Actor, uow: Uow) -> list[AuditOut]:
    """The audit trail: who changed what, and when."""
    rows = audit.history(uow, actor, record_type, record_id)
    return [AuditOut.model_validate(e, from_attributes=True) for e in rows]


@router.get("/notifications")
def list_notifications(
    actor: Actor, uow: Uow, unread: bool = False, limit: Limit = 50, offset: Offset = 0
) -> PageOut[NotificationOut]:
    page = collaboration.list_notifications(
        uow, actor, unread_only=unread, limit=limit, offset=offset
    )
    return page_out(page, NotificationOut)


@router.post("/notifications/read")
def mark_read(body: ReadIn, actor: Actor, uow: Uow) -> ReadOut:
    return ReadOut(marked=collaboration.mark_read(uow, actor, body.ids))
