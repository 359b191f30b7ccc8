"""Initiatives and the items they contain: /api/v1/products/{id}/initiatives, /initiatives."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.initiatives import InitiativeKind, InitiativeStatus
from valueloop.domain.products import LifecycleStage
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import initiatives

router = APIRouter(tags=["initiatives"])


class InitiativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=10_000)
    kind: InitiativeKind = InitiativeKind.FEATURE
    status: InitiativeStatus = InitiativeStatus.PLANNED
    goal_id: int | None = None
    owner_id: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: float | None = Field(default=None, ge=0)


class InitiativePatch(Patch):
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    kind: InitiativeKind | None = None
    status: InitiativeStatus | None = None
    goal_id: int | None = None
    owner_id: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: float | None = Field(default=None, ge=0)


class InitiativeOut(BaseModel):
    id: int
    product_id: int
    goal_id: int | None
    title: str
    description: str
    kind: InitiativeKind
    status: InitiativeStatus
    owner_id: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    budget: float | None
    stage: LifecycleStage | None
    version: int


class ProgressOut(BaseModel):
    items: int
    done: int
    share_done: float | None
    weighted_by: str
    spend: float
    budget: float | None
    budget_used: float | None


class InitiativeStandingOut(BaseModel):
    initiative: InitiativeOut
    item_ids: list[int]
    progress: ProgressOut


class ItemsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    add: list[int] = Field(default_factory=list, max_length=1000)
    remove: list[int] = Field(default_factory=list, max_length=1000)


@router.get("/products/{product_id}/initiatives")
def list_initiatives(
    product_id: int, actor: Actor, uow: Uow, goal_id: int | None = None
) -> list[InitiativeStandingOut]:
    rows = initiatives.list_initiatives(uow, actor, product_id, goal_id=goal_id)
    return [wire(InitiativeStandingOut, row) for row in rows]


@router.post("/products/{product_id}/initiatives", status_code=status.HTTP_201_CREATED)
def create_initiative(product_id: int, body: InitiativeIn, actor: Actor, uow: Uow) -> InitiativeOut:
    created = initiatives.create_initiative(
        uow, actor, product_id, body.model_dump(exclude_unset=True)
    )
    return wire(InitiativeOut, created)


@router.get("/initiatives/{initiative_id}")
def get_initiative(initiative_id: int, actor: Actor, uow: Uow) -> InitiativeStandingOut:
    return wire(InitiativeStandingOut, initiatives.get_initiative(uow, actor, initiative_id))


@router.patch("/initiatives/{initiative_id}")
def update_initiative(
    initiative_id: int, body: InitiativePatch, actor: Actor, uow: Uow
) -> InitiativeOut:
    updated = initiatives.update_initiative(uow, actor, initiative_id, body.version, changes(body))
    return wire(InitiativeOut, updated)


@router.post("/initiatives/{initiative_id}/items")
def set_initiative_items(initiative_id: int, body: ItemsIn, actor: Actor, uow: Uow) -> list[int]:
    """Put backlog items into the initiative (`add`) or take them out (`remove`)."""
    return initiatives.set_items(uow, actor, initiative_id, body.add, body.remove)
