"""Use cases for customers (workspace-wide accounts)."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import customers
from valueloop.domain.collaboration import RecordType
from valueloop.domain.customers import Customer
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.unit_of_work import Filters, Page, UnitOfWork


def _require_member(actor: Principal) -> None:
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")


def create_customer(uow: UnitOfWork, actor: Principal, fields: Mapping[str, object]) -> Customer:
    actor.require(Action.MANAGE_CUSTOMERS)
    values = customers.validate(fields, creating=True)
    with uow:
        customer = uow.customers.add(values)
        changes.created(uow, actor, RecordType.CUSTOMER, customer)
        uow.commit()
        return customer


def update_customer(
    uow: UnitOfWork,
    actor: Principal,
    customer_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Customer:
    actor.require(Action.MANAGE_CUSTOMERS)
    values = customers.validate(fields, creating=False)
    with uow:
        before = uow.customers.require(customer_id)
        after = uow.customers.update(customer_id, version, values)
        changes.updated(uow, actor, RecordType.CUSTOMER, before, after, f"customer “{after.name}”")
        uow.commit()
        return after


def get_customer(uow: UnitOfWork, actor: Principal, customer_id: int) -> Customer:
    _require_member(actor)
    with uow:
        return uow.customers.require(customer_id)


def list_customers(
    uow: UnitOfWork,
    actor: Principal,
    *,
    where: Filters | None = None,
    search: str = "",
    sort: str = "name",
    limit: int | None = None,
    offset: int = 0,
) -> Page[Customer]:
    """Customers filtered by segment, plan or status, searched by name or domain."""
    _require_member(actor)
    with uow:
        return uow.customers.list(
            where, search=(("name", "domain"), search), order_by=(sort,), limit=limit, offset=offset
        )
