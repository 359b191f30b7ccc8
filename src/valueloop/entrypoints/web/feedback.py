"""Pages for customer feedback: the list, adding a note, and linking a passage to an item."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import DomainError, ValidationFailed
from valueloop.domain.roles import Action
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import (
    PRODUCT_COOKIE,
    page_number,
    pager,
    redirect,
    render,
    status_for,
)
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import backlog, customers, feedback, overview, products

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
CHOICES = 500  # customers or items offered in a menu
SOURCES = ["support", "interview", "survey", "nps", "app_review", "sales_call", "portal", "manual"]
_NOTE_TEXT = ("text", "source", "author", "external_id")


@router.get("/feedback")
def feedback_list(
    request: Request,
    who: Signed,
    q: str = "",
    source: str = "",
    customer_id: str = "",
    product_id: str = "",
    page: str = "1",
) -> Response:
    filters = {"q": q, "source": source, "customer_id": customer_id, "product_id": product_id}
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
    where: dict[str, Any] = {}
    if filters["source"].strip():
        where["source"] = filters["source"].strip()
    for name in ("customer_id", "product_id"):
        if filters[name].isdigit():
            where[name] = int(filters[name])
    listed = feedback.list_notes(
        uow(),
        who.principal,
        where=where,
        search=filters["q"],
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    menu = customers.list_customers(uow(), who.principal, limit=CHOICES)
    return render(
        request,
        "feedback/list.html",
        {
            "page": listed,
            "pager": pager(request, listed),
            "filters": filters,
            "filtered": any(filters.values()),
            "customer_names": overview.customer_names(
                uow(), who.principal, [n.customer_id for n in listed.items]
            ),
            "customer_options": [(c.id, c.name) for c in menu.items],
            "sources": SOURCES,
            "error": error,
            "failed": "note" if error else None,
            "form": form or {},
        },
        viewer=who,
        status_code=status_for(error) if error else 200,
    )


@router.post("/feedback")
def record_note(request: Request, who: Signed, form: Posted) -> Response:
    try:
        note = feedback.record_note(
            container_of(request).uow(),
            who.principal,
            form.pick(text=_NOTE_TEXT, ids=("customer_id", "product_id"), dates=("received_on",)),
        )
    except ValidationFailed as error:
        empty = {"q": "", "source": "", "customer_id": "", "product_id": ""}
        return _list_page(request, who, empty, 1, error=error, form=form.values())
    return redirect(
        request,
        f"/feedback/{note.id}",
        notice="Note recorded. Highlight a passage to link it to a backlog item.",
    )


@router.get("/feedback/{note_id}")
def note_page(request: Request, note_id: int, who: Signed) -> Response:
    return _note_page(request, who, note_id)


def _link_product(request: Request, who: Viewer, note_product: int | None) -> int | None:
    """Whose backlog the link form offers: the note's product, else the one last looked at."""
    if note_product is not None:
        return note_product
    remembered = request.cookies.get(PRODUCT_COOKIE, "")
    if remembered.isdigit() and who.principal.can(Action.VIEW, int(remembered)):
        return int(remembered)
    first = products.list_products(container_of(request).uow(), who.principal, limit=1).items
    return first[0].id if first else None


def _note_page(
    request: Request,
    who: Viewer,
    note_id: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    detail = overview.note_detail(uow(), who.principal, note_id)
    product_id = _link_product(request, who, detail.note.product_id)
    can_link = product_id is not None and who.principal.can(Action.LINK_EVIDENCE, product_id)
    items = (
        backlog.list_items(uow(), who.principal, product_id, limit=CHOICES).items
        if can_link and product_id is not None
        else []
    )
    return render(
        request,
        "feedback/note.html",
        {
            "detail": detail,
            "note": detail.note,
            "can_link": can_link,
            "link_product": (
                products.get_product(uow(), who.principal, product_id) if product_id else None
            ),
            "item_options": [(i.id, i.title) for i in items],
            "error": error,
            "failed": "link" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=detail.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/feedback/{note_id}/links")
def link_note(request: Request, note_id: int, who: Signed, form: Posted) -> Response:
    # The selection captured by the page script wins; the typed passage is the no-script fallback.
    passage = form.text("highlight").strip() or form.text("highlight_typed").strip()
    try:
        item_id = form.integer("item_id")
        if item_id is None:
            raise ValidationFailed("choose the backlog item this is evidence for", field="item_id")
        importance = form.integer("importance")
        link = feedback.link_note(
            container_of(request).uow(),
            who.principal,
            note_id,
            item_id,
            2 if importance is None else importance,
            passage,
        )
    except ValidationFailed as error:
        return _note_page(request, who, note_id, error=error, form=form.values())
    return redirect(
        request,
        f"/feedback/{note_id}#link-{link.id}",
        notice="Linked as evidence. The item's demand now counts this customer.",
    )
