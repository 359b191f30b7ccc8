"""Customers: /api/v1/customers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.customers import CustomerStatus
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import customers

router = APIRouter(prefix="/customers", tags=["customers"])


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    external_id: str | None = Field(default=None, max_length=200)
    domain: str = Field(default="", max_length=200)
    segment: str = Field(default="", max_length=200)
    plan: str = Field(default="", max_length=200)
    arr: float = Field(default=0, ge=0)
    status: CustomerStatus = CustomerStatus.ACTIVE


class CustomerPatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    external_id: str | None = Field(default=None, max_length=200)
    domain: str | None = Field(default=None, max_length=200)
    segment: str | None = Field(default=None, max_length=200)
    plan: str | None = Field(default=None, max_length=200)
    arr: float | None = Field(default=None, ge=0)
    status: CustomerStatus | None = None


class CustomerOut(BaseModel):
    id: int
    name: str
    external_id: str | None
    domain: str
    segment: str
    plan: str
    arr: float
    status: CustomerStatus
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@router.get("")
def list_customers(
    actor: Actor,
    uow: Uow,
    q: str = "",
    segment: str | None = None,
    plan: str | None = None,
    status: CustomerStatus | None = None,
    sort: Literal["name", "-name", "arr", "-arr", "created_at", "-created_at"] = "name",
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[CustomerOut]:
    where = {
        k: v
        for k, v in {"segment": segment, "plan": plan, "status": status}.items()
        if v is not None
    }
    page = customers.list_customers(
        uow, actor, where=where, search=q, sort=sort, limit=limit, offset=offset
    )
    return page_out(page, CustomerOut)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_customer(body: CustomerIn, actor: Actor, uow: Uow) -> CustomerOut:
    created = customers.create_customer(uow, actor, body.model_dump(exclude_unset=True))
    return CustomerOut.model_validate(created, from_attributes=True)


@router.get("/{customer_id}")
def get_customer(customer_id: int, actor: Actor, uow: Uow) -> CustomerOut:
    return CustomerOut.model_validate(
        customers.get_customer(uow, actor, customer_id), from_attributes=True
    )


@router.patch("/{customer_id}")
def update_customer(customer_id: int, body: CustomerPatch, actor: Actor, uow: Uow) -> CustomerOut:
    updated = customers.update_customer(uow, actor, customer_id, body.version, changes(body))
    return CustomerOut.model_validate(updated, from_attributes=True)
