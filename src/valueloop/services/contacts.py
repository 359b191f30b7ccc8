"""Use cases for contacts: the people at customer accounts."""

from __future__ import annotations

from valueloop.domain.contacts import Contact
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.roles import Action, Principal
from valueloop.services.unit_of_work import Filters, Page, UnitOfWork


def list_contacts(
    uow: UnitOfWork,
    actor: Principal,
    *,
    where: Filters | None = None,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> Page[Contact]:
    """People (of one customer with `customer_id`), searched by name or e-mail, by name."""
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    with uow:
        if where and where.get("customer_id") is not None:
            uow.customers.require(int(where["customer_id"]))
        return uow.contacts.list(
            where,
            search=(("name", "email"), search),
            order_by=("name",),
            limit=limit,
            offset=offset,
        )
