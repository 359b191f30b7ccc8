"""Backlog items: /api/v1/products/{id}/items, /api/v1/items."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from valueloop.domain.backlog import ItemStatus, ItemType, Lane
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.feedback import LinkOut, NoteOut
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import backlog, feedback

router = APIRouter(tags=["backlog"])


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=20_000)
    type: ItemType = ItemType.FEATURE
    status: ItemStatus = ItemStatus.NEW
    estimate: float | None = Field(default=None, ge=0, le=10_000)
    owner_id: int | None = None
    goal_id: int | None = None
    team: str = Field(default="", max_length=100, description="The team that builds it.")
    public: bool = Field(default=False, description="Shown on the public roadmap and changelog.")
    public_title: str = Field(default="", max_length=300, description="Blank: the title.")
    public_description: str = Field(default="", max_length=20_000)


class ItemPatch(Patch):
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    type: ItemType | None = None
    status: ItemStatus | None = None
    estimate: float | None = Field(default=None, ge=0, le=10_000)
    owner_id: int | None = None
    goal_id: int | None = None
    team: str | None = Field(default=None, max_length=100)
    public: bool | None = None
    public_title: str | None = Field(default=None, max_length=300)
    public_description: str | None = Field(default=None, max_length=20_000)


class ItemOut(BaseModel):
    id: int
    product_id: int
    title: str
    description: str
    type: ItemType
    status: ItemStatus
    estimate: float | None
    owner_id: int | None
    goal_id: int | None
    rank: str = Field(description="Sort key of the manual order; compare as plain strings.")
    team: str
    public: bool = Field(description="Shown on the public roadmap and changelog.")
    public_title: str = Field(description="The title the public sees (blank: the title).")
    public_description: str
    lane: Lane | None = Field(
        description="Roadmap lane (read-only here: POST /items/{id}/lane moves it)."
    )
    lane_rank: str | None = Field(description="Sort key within the lane (read-only).")
    release_id: int | None = Field(
        description="The release it is planned into (read-only: POST /releases/{id}/items)."
    )
    shipped_on: dt.date | None = Field(
        description="Set when the status becomes done, cleared when reopened (read-only)."
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after_id: int | None = Field(default=None, description="Place right after this item.")
    before_id: int | None = Field(default=None, description="Or right before this one.")

    @model_validator(mode="after")
    def one_anchor(self) -> MoveIn:
        if self.after_id is not None and self.before_id is not None:
            raise ValueError("give after_id or before_id, not both (neither: move to the top)")
        return self


class DemandOut(BaseModel):
    notes: int
    customers: int
    arr: float
    importance_by_customer: dict[int, int]
    segments: dict[str, int]
    latest_on: dt.date | None


class EvidenceOut(BaseModel):
    link: LinkOut
    note: NoteOut


class ItemEvidenceOut(BaseModel):
    demand: DemandOut
    evidence: list[EvidenceOut]


@router.get("/products/{product_id}/items")
def list_items(
    product_id: int,
    actor: Actor,
    uow: Uow,
    q: str = "",
    status_: list[ItemStatus] | None = Query(default=None, alias="status"),
    type_: list[ItemType] | None = Query(default=None, alias="type"),
    goal_id: int | None = None,
    owner_id: int | None = None,
    sort: Literal["rank", "-created_at", "created_at", "title", "-updated_at"] = "rank",
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[ItemOut]:
    """The backlog in rank order, filtered by status, type, goal or owner, one page at a time."""
    where = {
        k: v
        for k, v in {
            "status": status_,
            "type": type_,
            "goal_id": goal_id,
            "owner_id": owner_id,
        }.items()
        if v is not None
    }
    page = backlog.list_items(
        uow, actor, product_id, where=where, search=q, sort=sort, limit=limit, offset=offset
    )
    return page_out(page, ItemOut)


@router.post("/products/{product_id}/items", status_code=status.HTTP_201_CREATED)
def create_item(product_id: int, body: ItemIn, actor: Actor, uow: Uow) -> ItemOut:
    item = backlog.create_item(uow, actor, product_id, body.model_dump(exclude_unset=True))
    return ItemOut.model_validate(item, from_attributes=True)


@router.get("/items/{item_id}")
def get_item(item_id: int, actor: Actor, uow: Uow) -> ItemOut:
    return ItemOut.model_validate(backlog.get_item(uow, actor, item_id), from_attributes=True)


@router.patch("/items/{item_id}")
def update_item(item_id: int, body: ItemPatch, actor: Actor, uow: Uow) -> ItemOut:
    item = backlog.update_item(uow, actor, item_id, body.version, changes(body))
    return ItemOut.model_validate(item, from_attributes=True)


@router.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    backlog.delete_item(uow, actor, item_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/items/{item_id}/move")
def move_item(item_id: int, body: MoveIn, actor: Actor, uow: Uow) -> ItemOut:
    """Re-rank an item by hand (drag to reorder)."""
    item = backlog.move_item(uow, actor, item_id, after_id=body.after_id, before_id=body.before_id)
    return ItemOut.model_validate(item, from_attributes=True)


@router.get("/items/{item_id}/evidence")
def item_evidence(item_id: int, actor: Actor, uow: Uow) -> ItemEvidenceOut:
    """The item's demand (each customer once, latest importance wins) and the notes behind it."""
    demand, linked = feedback.item_evidence(uow, actor, item_id)
    return ItemEvidenceOut(
        demand=DemandOut.model_validate(demand, from_attributes=True),
        evidence=[
            EvidenceOut(
                link=LinkOut.model_validate(row.link, from_attributes=True),
                note=NoteOut.model_validate(row.note, from_attributes=True),
            )
            for row in linked
        ],
    )
