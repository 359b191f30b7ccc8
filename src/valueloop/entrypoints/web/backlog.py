"""Pages for the backlog (ranked by hand, filtered, paged) and one item with its evidence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.backlog import TRANSITIONS, ItemStatus, ItemType
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.forms import Form
from valueloop.entrypoints.web.rendering import (
    form_state,
    page_number,
    pager,
    redirect,
    render,
    status_for,
)
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer, safe_next
from valueloop.services import backlog, feedback, overview, products

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
OPEN = [ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS]
_ITEM_TEXT = ("title", "description", "type")
_PLAN_TEXT = ("team", "public_title", "public_description")


def status_filter(value: str) -> list[ItemStatus] | None:
    """ "open" (the default), "all", or one status."""
    if value == "all":
        return None
    if value in set(ItemStatus):
        return [ItemStatus(value)]
    return OPEN


@router.get("/products/{product_id}/backlog")
def backlog_page(
    request: Request,
    product_id: int,
    who: Signed,
    q: str = "",
    status: str = "open",
    type: str = "",
    page: str = "1",
) -> Response:
    return _backlog_page(request, who, product_id, q, status, type, page_number(page))


def _backlog_page(
    request: Request,
    who: Viewer,
    product_id: int,
    q: str,
    status: str,
    kind: str,
    number: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    where: dict[str, Any] = {}
    statuses = status_filter(status)
    if statuses is not None:
        where["status"] = statuses
    if kind in set(ItemType):
        where["type"] = ItemType(kind)
    listed = backlog.list_items(
        uow(),
        who.principal,
        product_id,
        where=where,
        search=q,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    ids = [i.id for i in listed.items]
    return render(
        request,
        "backlog/list.html",
        {
            "product": product,
            "page": listed,
            "pager": pager(request, listed),
            "demand": feedback.demand_for_items(uow(), who.principal, product_id, ids),
            "names": overview.user_names(uow(), who.principal, [i.owner_id for i in listed.items]),
            "filters": {"q": q, "status": status, "type": kind},
            "filtered": bool(q or kind or status != "open"),
            "error": error,
            "failed": "create" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/backlog")
def create_item(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        item = backlog.create_item(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.pick(text=_ITEM_TEXT, numbers=("estimate",)),
        )
    except ValidationFailed as error:
        return _backlog_page(
            request, who, product_id, "", "open", "", 1, error=error, form=form.values()
        )
    return redirect(
        request,
        f"/products/{product_id}/backlog#item-{item.id}",
        notice=f"Added “{item.title}” at the bottom of the backlog.",
    )


@router.post("/items/{item_id}/move")
def move_item(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    """The no-script fallback of the move buttons (with scripts they call the REST API)."""
    moved = backlog.move_item(
        container_of(request).uow(),
        who.principal,
        item_id,
        after_id=form.integer("after_id"),
        before_id=form.integer("before_id"),
    )
    back = safe_next(form.text("next"), f"/products/{moved.product_id}/backlog")
    return redirect(request, f"{back}#item-{item_id}", notice=f"Moved “{moved.title}”.")


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: int, who: Signed) -> Response:
    return _item_page(request, who, item_id)


def _item_page(
    request: Request,
    who: Viewer,
    item_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    context = overview.item_context(uow(), who.principal, item_id)
    demand, evidence = feedback.item_evidence(uow(), who.principal, item_id)
    customers = overview.customer_names(
        uow(), who.principal, [row.note.customer_id for row in evidence]
    )
    item = context.item
    return render(
        request,
        "backlog/item.html",
        {
            "item": item,
            "product": context.product,
            "goal": next((g for g in context.goals if g.id == item.goal_id), None),
            "people_options": [(u.id, overview.display_name(u)) for u in context.people],
            "goal_options": [(g.id, g.title) for g in context.goals],
            "names": context.names,
            "next_statuses": sorted(TRANSITIONS[item.status], key=list(ItemStatus).index),
            "demand": demand,
            "evidence": evidence,
            "customers": customers,
            "talk": overview.discussion(uow(), who.principal, RecordType.ITEM, item_id),
            "record": (RecordType.ITEM, item_id),
            **form_state(error, failed, form),
        },
        viewer=who,
        product=context.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/items/{item_id}")
def edit_item(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    try:
        backlog.update_item(
            container_of(request).uow(),
            who.principal,
            item_id,
            form.version(),
            _edited(form),
        )
    except (ValidationFailed, Conflict) as error:
        return _item_page(request, who, item_id, error=error, failed="edit", form=form.values())
    return redirect(request, f"/items/{item_id}", notice="Item saved.")


def _edited(form: Form) -> dict[str, object]:
    """The edit form's fields; its public checkbox is sent only when ticked, so the form marks
    that it carries one."""
    fields = form.pick(
        text=(*_ITEM_TEXT, *_PLAN_TEXT), numbers=("estimate",), ids=("owner_id", "goal_id")
    )
    if form.has("public_shown"):
        fields["public"] = form.has("public")
    return fields


@router.post("/items/{item_id}/status")
def change_status(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    try:
        item = backlog.update_item(
            container_of(request).uow(),
            who.principal,
            item_id,
            form.version(),
            form.pick(text=("status",)),
        )
    except (ValidationFailed, Conflict) as error:
        return _item_page(request, who, item_id, error=error, failed="status", form=form.values())
    return redirect(
        request, f"/items/{item_id}", notice=f"Status is now {item.status.value.replace('_', ' ')}."
    )
