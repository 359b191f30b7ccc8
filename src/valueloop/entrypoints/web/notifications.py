"""The notifications page: what happened on records one watches or was mentioned on."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import page_number, pager, redirect, render
from valueloop.entrypoints.web.sessions import Posted, Signed
from valueloop.services import collaboration

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 30


@router.get("/notifications")
def notification_list(request: Request, who: Signed, unread: str = "", page: str = "1") -> Response:
    uow = container_of(request).uow
    listed = collaboration.list_notifications(
        uow(),
        who.principal,
        unread_only=unread == "1",
        limit=PAGE_SIZE,
        offset=(page_number(page) - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "notifications.html",
        {
            "page": listed,
            "pager": pager(request, listed),
            "unread_only": unread == "1",
        },
        viewer=who,
    )


@router.post("/notifications/read")
def mark_read(request: Request, who: Signed, form: Posted) -> Response:
    # Without ids the button means "mark all read".
    ids = [int(i) for i in form.texts("id") if i.isdigit()] if form.has("id") else None
    marked = collaboration.mark_read(container_of(request).uow(), who.principal, ids)
    notice = f"Marked {marked} notification{'s' if marked != 1 else ''} read."
    return redirect(request, "/notifications", notice=notice)
