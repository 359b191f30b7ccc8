"""Moderating the portal, closing the loop and the outbox, for members of the product."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain import ideas as rules
from valueloop.domain.ideas import IdeaStatus, Moderation
from valueloop.domain.outbox import Channel, MessageStatus
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out, wire
from valueloop.services import close_the_loop, idea_evidence, ideas, outbox

router = APIRouter(tags=["portal"])


class IdeaOut(BaseModel):
    id: int
    product_id: int
    title: str
    body: str
    status: IdeaStatus
    moderation: Moderation
    submitter_name: str
    submitter_email: str
    customer_id: int | None
    item_id: int | None
    merged_into_id: int | None
    note_id: int | None
    votes: int
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class VoteOut(BaseModel):
    id: int
    email: str
    customer_id: int | None
    note_id: int | None
    created_at: dt.datetime


class CommentOut(BaseModel):
    id: int
    idea_id: int
    author_name: str
    author_email: str
    user_id: int | None
    body: str
    moderation: Moderation
    created_at: dt.datetime


class IdeaDetailOut(BaseModel):
    idea: IdeaOut
    votes: list[VoteOut]
    comments: list[CommentOut]
    merged: list[IdeaOut]


class QueueOut(BaseModel):
    ideas: list[IdeaOut]
    comments: list[CommentOut]


class ModerationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    moderation: Moderation


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: IdeaStatus


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    into_id: int = Field(description="The idea that keeps the votes.")


class ItemLinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: int | None = Field(description="The backlog item; null unlinks.")
    importance: int = Field(default=int(idea_evidence.DEFAULT_IMPORTANCE), ge=0, le=3)


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(max_length=rules.COMMENT_MAX)


class RecipientOut(BaseModel):
    customer_id: int | None
    name: str
    arr: float
    segment: str
    emails: list[str]
    via: list[str]


class AudienceOut(BaseModel):
    item_id: int
    title: str
    shipped: bool
    recipients: list[RecipientOut]


class NotifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: Channel
    subject: str = Field(default="", max_length=300)
    message: str = Field(default="", max_length=5000)


class QueuedOut(BaseModel):
    queued: int


class MessageOut(BaseModel):
    id: int
    product_id: int | None
    topic: str
    channel: Channel
    recipient: str
    subject: str
    status: MessageStatus
    attempts: int
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


def _site(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/products/{product_id}/ideas")
def list_ideas(
    product_id: int,
    actor: Actor,
    uow: Uow,
    moderation: Moderation | None = None,
    status: Annotated[IdeaStatus | None, Query()] = None,
    q: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[IdeaOut]:
    page = ideas.list_ideas(
        uow,
        actor,
        product_id,
        moderation=moderation,
        status=status,
        search=q,
        limit=limit,
        offset=offset,
    )
    return page_out(page, IdeaOut)


@router.get("/products/{product_id}/ideas/queue")
def moderation_queue(product_id: int, actor: Actor, uow: Uow) -> QueueOut:
    """Pending ideas and comments, oldest first."""
    found = ideas.queue(uow, actor, product_id)
    return QueueOut(
        ideas=[wire(IdeaOut, i) for i in found.ideas],
        comments=[wire(CommentOut, c) for c, _ in found.comments],
    )


@router.get("/ideas/{idea_id}")
def get_idea(idea_id: int, actor: Actor, uow: Uow) -> IdeaDetailOut:
    return wire(IdeaDetailOut, ideas.get_idea(uow, actor, idea_id))


@router.post("/ideas/{idea_id}/moderation")
def moderate_idea(idea_id: int, body: ModerationIn, actor: Actor, uow: Uow) -> IdeaOut:
    """Approve (public, and evidence), reject or mark as spam."""
    return wire(IdeaOut, ideas.moderate_idea(uow, actor, idea_id, body.moderation.value))


@router.post("/ideas/{idea_id}/status")
def set_status(idea_id: int, body: StatusIn, actor: Actor, uow: Uow, request: Request) -> IdeaOut:
    """Set the public status; the submitter and voters get an email in the outbox."""
    changed = ideas.set_status(uow, actor, idea_id, body.status.value, site_url=_site(request))
    return wire(IdeaOut, changed)


@router.post("/ideas/{idea_id}/merge")
def merge(idea_id: int, body: MergeIn, actor: Actor, uow: Uow) -> IdeaOut:
    """Merge this idea into `into_id`; answers the target."""
    return wire(IdeaOut, ideas.merge(uow, actor, idea_id, body.into_id))


@router.put("/ideas/{idea_id}/item")
def link_item(idea_id: int, body: ItemLinkIn, actor: Actor, uow: Uow) -> IdeaOut:
    """Link the idea to a backlog item: its votes become feedback links with `importance`."""
    return wire(IdeaOut, ideas.link_item(uow, actor, idea_id, body.item_id, body.importance))


@router.post("/ideas/{idea_id}/comments", status_code=201)
def reply(idea_id: int, body: ReplyIn, actor: Actor, uow: Uow) -> CommentOut:
    """A public reply from the team."""
    return wire(CommentOut, ideas.reply(uow, actor, idea_id, body.body))


@router.post("/idea-comments/{comment_id}/moderation")
def moderate_comment(comment_id: int, body: ModerationIn, actor: Actor, uow: Uow) -> CommentOut:
    return wire(CommentOut, ideas.moderate_comment(uow, actor, comment_id, body.moderation.value))


def _audience_out(found: close_the_loop.Audience) -> AudienceOut:
    return AudienceOut(
        item_id=found.item_id,
        title=found.title,
        shipped=found.shipped,
        recipients=[
            RecipientOut.model_validate(close_the_loop.recipient_fields(r))
            for r in found.recipients
        ],
    )


@router.get("/items/{item_id}/close-the-loop")
def audience(item_id: int, actor: Actor, uow: Uow) -> AudienceOut:
    """Customers and people who asked for the item (feedback, votes, ideas), deduplicated."""
    return _audience_out(close_the_loop.audience(uow, actor, item_id))


@router.post("/items/{item_id}/close-the-loop")
def notify(item_id: int, body: NotifyIn, actor: Actor, uow: Uow) -> QueuedOut:
    """Queue the news that a shipped item shipped: an email each, or one webhook payload."""
    queued = close_the_loop.notify(
        uow, actor, item_id, body.channel.value, subject=body.subject, message=body.message
    )
    return QueuedOut(queued=queued)


@router.get("/products/{product_id}/outbox")
def list_outbox(
    product_id: int,
    actor: Actor,
    uow: Uow,
    status: MessageStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[MessageOut]:
    """The product's queued, sent and failed messages, newest first (product leaders)."""
    page = outbox.list_messages(
        uow, actor, product_id=product_id, status=status, limit=limit, offset=offset
    )
    return page_out(page, MessageOut)
