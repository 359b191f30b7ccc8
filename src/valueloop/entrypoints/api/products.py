"""Products: /api/v1/products."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.products import LifecycleStage
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import products

router = APIRouter(prefix="/products", tags=["products"])


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    vision: str = Field(default="", max_length=4000)
    target_market: str = Field(default="", max_length=1000)
    lifecycle_stage: LifecycleStage = LifecycleStage.IDEATION
    owner_id: int | None = None


class ProductPatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    vision: str | None = Field(default=None, max_length=4000)
    target_market: str | None = Field(default=None, max_length=1000)
    lifecycle_stage: LifecycleStage | None = None
    owner_id: int | None = None
    public_slug: str | None = Field(
        default=None, max_length=80, description="Address of the public pages: /p/<slug>."
    )
    portal_enabled: bool | None = None
    roadmap_public: bool | None = None
    portal_webhook_url: str | None = Field(default=None, max_length=500)


class ProductOut(BaseModel):
    id: int
    name: str
    vision: str
    target_market: str
    lifecycle_stage: LifecycleStage
    owner_id: int | None
    public_slug: str | None
    portal_enabled: bool
    roadmap_public: bool
    portal_webhook_url: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@router.get("")
def list_products(
    actor: Actor, uow: Uow, q: str = "", limit: Limit = 50, offset: Offset = 0
) -> PageOut[ProductOut]:
    return page_out(
        products.list_products(uow, actor, search=q, limit=limit, offset=offset), ProductOut
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create_product(body: ProductIn, actor: Actor, uow: Uow) -> ProductOut:
    created = products.create_product(uow, actor, body.model_dump(exclude_unset=True))
    return ProductOut.model_validate(created, from_attributes=True)


@router.get("/{product_id}")
def get_product(product_id: int, actor: Actor, uow: Uow) -> ProductOut:
    return ProductOut.model_validate(
        products.get_product(uow, actor, product_id), from_attributes=True
    )


@router.patch("/{product_id}")
def update_product(product_id: int, body: ProductPatch, actor: Actor, uow: Uow) -> ProductOut:
    updated = products.update_product(uow, actor, product_id, body.version, changes(body))
    return ProductOut.model_validate(updated, from_attributes=True)
