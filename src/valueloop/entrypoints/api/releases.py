"""Releases and milestones: /api/v1/products/{id}/releases, /api/v1/releases."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.releases import ReleaseKind, ReleaseStatus
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import releases

router = APIRouter(tags=["roadmap"])


class ReleaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    kind: ReleaseKind = ReleaseKind.RELEASE
    target_date: dt.date | None = None
    released_on: dt.date | None = None
    status: ReleaseStatus = ReleaseStatus.PLANNED
    description: str = Field(default="", max_length=10_000)
    goal_id: int | None = None
    initiative_id: int | None = None
    public: bool = False


class ReleasePatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    kind: ReleaseKind | None = None
    target_date: dt.date | None = None
    released_on: dt.date | None = None
    status: ReleaseStatus | None = None
    description: str | None = Field(default=None, max_length=10_000)
    goal_id: int | None = None
    initiative_id: int | None = None
    public: bool | None = None


class ReleaseOut(BaseModel):
    id: int
    product_id: int
    name: str
    kind: ReleaseKind
    target_date: dt.date | None
    released_on: dt.date | None
    status: ReleaseStatus
    description: str
    goal_id: int | None
    initiative_id: int | None
    public: bool
    version: int


class ReleaseItemsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    add: list[int] = Field(default_factory=list, max_length=1000)
    remove: list[int] = Field(default_factory=list, max_length=1000)


@router.get("/products/{product_id}/releases")
def list_releases(
    product_id: int,
    actor: Actor,
    uow: Uow,
    status_: ReleaseStatus | None = Query(default=None, alias="status"),
) -> list[ReleaseOut]:
    """The product's releases and milestones by target date (undated last)."""
    return [
        wire(ReleaseOut, r) for r in releases.list_releases(uow, actor, product_id, status=status_)
    ]


@router.post("/products/{product_id}/releases", status_code=status.HTTP_201_CREATED)
def create_release(product_id: int, body: ReleaseIn, actor: Actor, uow: Uow) -> ReleaseOut:
    made = releases.create_release(uow, actor, product_id, body.model_dump(exclude_unset=True))
    return wire(ReleaseOut, made)


@router.get("/releases/{release_id}")
def get_release(release_id: int, actor: Actor, uow: Uow) -> ReleaseOut:
    return wire(ReleaseOut, releases.get_release(uow, actor, release_id))


@router.patch("/releases/{release_id}")
def update_release(release_id: int, body: ReleasePatch, actor: Actor, uow: Uow) -> ReleaseOut:
    """Edit a release; status released without a date dates it today."""
    return wire(
        ReleaseOut, releases.update_release(uow, actor, release_id, body.version, changes(body))
    )


@router.delete("/releases/{release_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_release(release_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    """Remove a release; its items stay on the roadmap without one."""
    releases.delete_release(uow, actor, release_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/releases/{release_id}/items")
def set_release_items(release_id: int, body: ReleaseItemsIn, actor: Actor, uow: Uow) -> list[int]:
    """Put backlog items into the release (`add`) or take them out (`remove`)."""
    return releases.set_items(uow, actor, release_id, body.add, body.remove)
