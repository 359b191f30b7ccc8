"""Pages for customers: the list with filters and sorting, and one customer with their notes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.customers import CustomerStatus
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import (
    form_state,
    page_number,
    pager,
    redirect,
    render,
    status_for,
)
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import customers, feedback, overview

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
SORTS = {"name": "Name", "-arr": "ARR, highest first", "arr": "ARR, lowest first"}
_TEXT = ("name", "domain", "segment", "plan", "status", "external_id")


@router.get("/customers")
def customer_list(
    request: Request,
    who: Signed,
    q: str = "",
    segment: str = "",
    plan: str = "",
    status: str = "",
    sort: str = "name",
    page: str = "1",
) -> Response:
    filters = {"q": q, "segment": segment, "plan": plan, "status": status, "sort": sort}
    return _list_page(request, who, filters, page_number(page))


def _list_page(
    request: Request,
    who: Viewer,
    filters: dict[str, str],
    number: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    where: dict[str, Any] = {k: filters[k] for k in ("segment", "plan") if filters[k]}
    if filters["status"] in set(CustomerStatus):
        where["status"] = CustomerStatus(filters["status"])
    sort = filters["sort"] if filters["sort"] in SORTS else "name"
    listed = customers.list_customers(
        uow(),
        who.principal,
        where=where,
        search=filters["q"],
        sort=sort,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "customers/list.html",
        {
            "page": listed,
            "pager": pager(request, listed),
            "facets": overview.customer_facets(uow(), who.principal),
            "filters": {**filters, "sort": sort},
            "filtered": any(filters[k] for k in ("q", "segment", "plan", "status")),
            "sorts": SORTS,
            "error": error,
            "failed": "create" if error else None,
            "form": form or {},
        },
        viewer=who,
        status_code=status_for(error) if error else 200,
    )


@router.post("/customers")
def create_customer(request: Request, who: Signed, form: Posted) -> Response:
    try:
        created = customers.create_customer(
            container_of(request).uow(),
            who.principal,
            _fields(form.pick(text=_TEXT, numbers=("arr",))),
        )
    except (ValidationFailed, Conflict) as error:
        blank = {"q": "", "segment": "", "plan": "", "status": "", "sort": "name"}
        return _list_page(request, who, blank, 1, error=error, form=form.values())
    return redirect(request, f"/customers/{created.id}", notice=f"Customer “{created.name}” added.")


def _fields(values: dict[str, object]) -> dict[str, object]:
    # A blank ARR means "not known yet", which the customer record keeps as 0.
    if "arr" in values and values["arr"] is None:
        values["arr"] = 0.0
    return values


@router.get("/customers/{customer_id}")
def customer_page(request: Request, customer_id: int, who: Signed, page: str = "1") -> Response:
    return _customer_page(request, who, customer_id, page_number(page))


def _customer_page(
    request: Request,
    who: Viewer,
    customer_id: int,
    number: int = 1,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    customer = customers.get_customer(uow(), who.principal, customer_id)
    notes = feedback.list_notes(
        uow(),
        who.principal,
        where={"customer_id": customer_id},
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "customers/customer.html",
        {
            "customer": customer,
            "notes": notes,
            "pager": pager(request, notes),
            "talk": overview.discussion(uow(), who.principal, RecordType.CUSTOMER, customer_id),
            "record": (RecordType.CUSTOMER, customer_id),
            **form_state(error, "edit" if error else None, form),
        },
        viewer=who,
        status_code=status_for(error) if error else 200,
    )


@router.post("/customers/{customer_id}")
def edit_customer(request: Request, customer_id: int, who: Signed, form: Posted) -> Response:
    try:
        customers.update_customer(
            container_of(request).uow(),
            who.principal,
            customer_id,
            form.version(),
            _fields(form.pick(text=_TEXT, numbers=("arr",))),
        )
    except (ValidationFailed, Conflict) as error:
        return _customer_page(request, who, customer_id, error=error, form=form.values())
    return redirect(request, f"/customers/{customer_id}", notice="Customer saved.")
