"""The public portal, roadmap and changelog as JSON: /api/v1/public/{slug}/... (no sign-in).

Every answer is built from the public views in services/portal.py and public_pages.py, which
carry no email, customer, item or hash; writes need a form token and are rate limited."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain import ideas as rules
from valueloop.domain.errors import RateLimited
from valueloop.domain.ideas import IdeaStatus, PublicSort
from valueloop.entrypoints.api.deps import Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out, wire
from valueloop.entrypoints.api.problems import domain_problem
from valueloop.entrypoints.http import container_of
from valueloop.services import portal, public_pages

router = APIRouter(prefix="/public/{slug}", tags=["public"])


def guard(request: Request) -> portal.Guard:
    """The request's keys: the workspace secret and the client's address (hashed when kept)."""
    secret = container_of(request).settings.resolved_secret_key()
    return portal.Guard(secret, request.client.host if request.client else "unknown")


def limited(error: RateLimited) -> JSONResponse:
    response = domain_problem(error)
    response.headers["Retry-After"] = str(max(error.retry_after_s, 1))
    return response


class Visitor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(max_length=200, description="From GET /public/{slug}/form-token.")
    website: str = Field(default="", max_length=500, description="Leave empty (a honeypot).")


class IdeaIn(Visitor):
    name: str = Field(default="", max_length=rules.NAME_MAX)
    email: str = Field(max_length=rules.EMAIL_MAX)
    title: str = Field(max_length=rules.TITLE_MAX)
    body: str = Field(default="", max_length=rules.BODY_MAX)


class VoteIn(Visitor):
    email: str = Field(max_length=rules.EMAIL_MAX)


class CommentIn(Visitor):
    name: str = Field(default="", max_length=rules.NAME_MAX)
    email: str = Field(max_length=rules.EMAIL_MAX)
    body: str = Field(max_length=rules.COMMENT_MAX)


class PublicProductOut(BaseModel):
    name: str
    slug: str
    portal: bool
    roadmap: bool


class PublicIdeaOut(BaseModel):
    id: int
    title: str
    body: str
    status: IdeaStatus
    votes: int
    author: str
    created_on: dt.date


class PublicCommentOut(BaseModel):
    id: int
    author: str
    body: str
    team: bool
    created_on: dt.date


class IdeaPageOut(BaseModel):
    product: PublicProductOut
    idea: PublicIdeaOut
    comments: list[PublicCommentOut]


class TokenOut(BaseModel):
    token: str
    max_age_s: int


class OutcomeOut(BaseModel):
    accepted: bool
    message: str
    votes: int | None


class PublicItemOut(BaseModel):
    title: str
    description: str
    shipped_on: dt.date | None


class LaneOut(BaseModel):
    name: str
    items: list[PublicItemOut]


class RoadmapOut(BaseModel):
    product: PublicProductOut
    lanes: list[LaneOut]


class ChangelogGroupOut(BaseModel):
    heading: str
    released_on: dt.date | None
    items: list[PublicItemOut]


class ChangelogOut(BaseModel):
    product: PublicProductOut
    groups: list[ChangelogGroupOut]


@router.get("/form-token")
def form_token(slug: str, request: Request, uow: Uow) -> TokenOut:
    """A signed token to send with the next submission, vote or comment."""
    portal.published(uow, slug, portal.Feature.PORTAL)
    return TokenOut(
        token=portal.form_token(guard(request).secret, slug), max_age_s=portal.TOKEN_MAX_AGE_S
    )


@router.get("/ideas")
def list_ideas(
    slug: str,
    uow: Uow,
    status_: Annotated[IdeaStatus | None, Query(alias="status")] = None,
    sort: PublicSort = PublicSort.VOTES,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Offset = 0,
) -> PageOut[PublicIdeaOut]:
    _, page = portal.list_ideas(uow, slug, status=status_, sort=sort, limit=limit, offset=offset)
    return page_out(page, PublicIdeaOut)


@router.get("/ideas/{idea_id}")
def get_idea(slug: str, idea_id: int, uow: Uow) -> IdeaPageOut:
    product, idea, comments = portal.get_idea(uow, slug, idea_id)
    return IdeaPageOut(
        product=wire(PublicProductOut, product),
        idea=wire(PublicIdeaOut, idea),
        comments=[wire(PublicCommentOut, c) for c in comments],
    )


@router.post("/ideas", status_code=status.HTTP_202_ACCEPTED, response_model=OutcomeOut)
def submit_idea(slug: str, body: IdeaIn, request: Request, uow: Uow) -> object:
    """Submit an idea; it shows once a moderator approves it."""
    fields = body.model_dump(include={"name", "email", "title", "body"})
    try:
        done = portal.submit_idea(
            uow, guard(request), slug, fields, portal.Attempt(body.token, body.website)
        )
    except RateLimited as error:
        return limited(error)
    return wire(OutcomeOut, done)


@router.post("/ideas/{idea_id}/votes", response_model=OutcomeOut)
def vote(slug: str, idea_id: int, body: VoteIn, request: Request, uow: Uow) -> object:
    """Vote for an idea: one vote per email; a repeated vote answers accepted: false."""
    try:
        done = portal.vote(
            uow, guard(request), slug, idea_id, body.email, portal.Attempt(body.token, body.website)
        )
    except RateLimited as error:
        return limited(error)
    return wire(OutcomeOut, done)


@router.post(
    "/ideas/{idea_id}/comments", status_code=status.HTTP_202_ACCEPTED, response_model=OutcomeOut
)
def comment(slug: str, idea_id: int, body: CommentIn, request: Request, uow: Uow) -> object:
    """Comment on an idea; it shows once a moderator approves it."""
    fields = body.model_dump(include={"name", "email", "body"})
    try:
        done = portal.comment(
            uow, guard(request), slug, idea_id, fields, portal.Attempt(body.token, body.website)
        )
    except RateLimited as error:
        return limited(error)
    return wire(OutcomeOut, done)


@router.get("/roadmap")
def roadmap(slug: str, uow: Uow) -> RoadmapOut:
    """Public items on the now, next and later lanes."""
    product, lanes = public_pages.roadmap(uow, slug)
    return RoadmapOut(
        product=wire(PublicProductOut, product), lanes=[wire(LaneOut, lane) for lane in lanes]
    )


@router.get("/changelog")
def changelog(slug: str, uow: Uow) -> ChangelogOut:
    """Shipped public items, newest first, grouped by public release or month."""
    product, groups = public_pages.changelog(uow, slug)
    return ChangelogOut(
        product=wire(PublicProductOut, product),
        groups=[wire(ChangelogGroupOut, g) for g in groups],
    )
