"""Pages for customer feedback: the inbox (triage tabs, search, filters, bulk actions), adding a
note, and the note page (triage, linking a passage to an item or an opportunity)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import DomainError, ValidationFailed
from valueloop.domain.feedback import NoteStatus
from valueloop.domain.note_search import Sort
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import (
    page_number,
    pager,
    redirect,
    render,
    status_for,
)
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import (
    customers,
    feedback,
    feedback_bulk,
    overview,
)
from valueloop.services.feedback import InboxFilters

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
CHOICES = 500  # customers or items offered in a menu
SOURCES = ["support", "interview", "survey", "nps", "app_review", "sales_call", "portal", "manual"]
_NOTE_TEXT = ("text", "source", "author", "external_id", "title")
FILTERS = (
    "q",
    "status",
    "source",
    "customer_id",
    "segment",
    "theme_id",
    "product_id",
    "assignee",
    "received_from",
    "received_to",
    "linked",
    "sort",
)
SORTS = [
    (Sort.RELEVANCE, "Best match"),
    (Sort.NEWEST, "Newest"),
    (Sort.OLDEST, "Oldest"),
    (Sort.UPDATED, "Recently changed"),
]


@router.get("/feedback")
def feedback_list(request: Request, who: Signed, page: str = "1") -> Response:
    filters = {name: request.query_params.get(name, "") for name in FILTERS}
    if "status" not in request.query_params:
        filters["status"] = NoteStatus.NEW.value  # the inbox opens on what nobody has read
    return _list_page(request, who, filters, page_number(page))


def _day(filters: dict[str, str], name: str) -> dt.date | None:
    value = filters[name].strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"{name} must be a date (YYYY-MM-DD)", field=name) from None


def _inbox_filters(filters: dict[str, str]) -> InboxFilters:
    def number(name: str) -> int | None:
        value = filters[name].strip()
        return int(value) if value.isdigit() and len(value) < 10 else None

    linked = {"yes": True, "no": False}.get(filters["linked"])
    return InboxFilters(
        q=filters["q"],
        status=filters["status"] if filters["status"] in set(NoteStatus) else None,
        source=filters["source"] or None,
        customer_id=number("customer_id"),
        segment=filters["segment"] or None,
        theme_id=number("theme_id"),
        product_id=number("product_id"),
        assignee=filters["assignee"],
        received_from=_day(filters, "received_from"),
        received_to=_day(filters, "received_to"),
        linked=linked,
    )


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
    failed = "note" if error else None
    try:
        inbox = feedback.inbox(
            uow(),
            who.principal,
            _inbox_filters(filters),
            sort=filters["sort"] if filters["sort"] in dict(SORTS) else "",
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    except ValidationFailed as bad:
        error, failed = bad, "filters"
        inbox = feedback.inbox(uow(), who.principal, InboxFilters(), limit=PAGE_SIZE)
    menu = customers.list_customers(uow(), who.principal, limit=CHOICES)
    listed = inbox.page
    people = feedback.assignable_people(uow(), who.principal, None)
    names = {u.id: u.display_name or u.username for u in people}
    tab_query = {k: v for k, v in filters.items() if v and k != "status"}
    return render(
        request,
        "feedback/list.html",
        {
            "page": listed,
            "inbox": inbox,
            "pager": pager(request, listed),
            "filters": filters,
            "tab_query": tab_query,
            "filtered": any(v for k, v in filters.items() if k not in ("status", "sort")),
            "customer_names": overview.customer_names(
                uow(), who.principal, [n.customer_id for n in listed.items]
            ),
            "customer_options": [(c.id, c.name) for c in menu.items],
            "segments": sorted({c.segment for c in menu.items if c.segment}),
            "themes": feedback.theme_choices(uow(), who.principal),
            "people": [(u.id, names[u.id]) for u in people],
            "names": names,
            "sorts": SORTS,
            "statuses": list(NoteStatus),
            "sources": SOURCES,
            "error": error,
            "failed": failed,
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
        empty = dict.fromkeys(FILTERS, "")
        return _list_page(request, who, empty, 1, error=error, form=form.values())
    return redirect(
        request,
        f"/feedback/{note.id}",
        notice="Note recorded. Highlight a passage to link it to a backlog item.",
    )


BULK_DONE = {
    "status": "marked {status}",
    "archive": "archived",
    "assign": "assigned",
}


@router.post("/feedback/bulk")
def bulk(request: Request, who: Signed, form: Posted) -> Response:
    """Apply the bulk bar's action to the ticked notes, then go back to the same inbox view."""
    back = form.text("next")
    if not back.startswith("/feedback") or back.startswith("//"):
        back = "/feedback"
    ids = [int(v) for v in form.texts("note_ids") if v.isdigit() and len(v) < 10]
    action, _, status = form.text("do").partition(":")
    assignee = form.text("assignee_id")
    try:
        result = feedback_bulk.apply(
            container_of(request).uow(),
            who.principal,
            ids,
            action,
            status=status or None,
            assignee_id=(  # the bar's assignee menu counts only for the assign action
                None
                if action != "assign"
                else who.principal.user_id
                if assignee == "me"
                else int(assignee)
                if assignee.isdigit() and len(assignee) < 10
                else None
            ),
        )
    except DomainError as error:
        return redirect(request, back, notice=f"Nothing changed: {error.message}.", failed=True)
    done = BULK_DONE.get(action, "changed").format(status=status)
    count = len(result.notes)
    return redirect(request, back, notice=f"{count} note{'s' if count != 1 else ''} {done}.")
