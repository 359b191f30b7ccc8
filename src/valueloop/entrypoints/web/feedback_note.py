"""The feedback note page: triage (status, assignee), and linking a highlighted passage to a
backlog item or an opportunity with an importance."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.feedback import NoteStatus, display_title
from valueloop.domain.roles import Action
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import PRODUCT_COOKIE, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import (
    backlog,
    feedback,
    opportunity_links,
    overview,
    products,
    suggestions,
)

router = APIRouter(include_in_schema=False)

CHOICES = 500  # items or opportunities offered in a menu
IMPORTANCE = [
    ("3", "3 · Critical"),
    ("2", "2 · Important"),
    ("1", "1 · Nice to have"),
    ("0", "0 · Not important"),
]


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
    failed: str = "link",
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    detail = overview.note_detail(uow(), who.principal, note_id)
    note = detail.note
    product_id = _link_product(request, who, note.product_id)
    can_link = product_id is not None and who.principal.can(Action.LINK_EVIDENCE, product_id)
    items = (
        backlog.list_items(uow(), who.principal, product_id, limit=CHOICES).items
        if can_link and product_id is not None
        else []
    )
    opportunities = (
        opportunity_links.opportunity_choices(uow(), who.principal, product_id)[:CHOICES]
        if can_link and product_id is not None
        else []
    )
    people = feedback.assignable_people(uow(), who.principal, note.product_id)
    names = {**detail.names, **{u.id: u.display_name or u.username for u in people}}
    return render(
        request,
        "feedback/note.html",
        {
            "detail": detail,
            "note": note,
            "title": display_title(note),
            "can_link": can_link,
            "can_triage": who.principal.can(Action.RECORD_FEEDBACK, note.product_id),
            "link_product": (
                products.get_product(uow(), who.principal, product_id) if product_id else None
            ),
            "item_options": [(i.id, i.title) for i in items],
            "opportunity_options": [(o.id, o.title) for o in opportunities],
            "opportunity_links": opportunity_links.note_opportunities(
                uow(), who.principal, note_id
            ),
            "suggested": suggestions.for_note(uow(), who.principal, note_id),
            "importance_options": IMPORTANCE,
            "statuses": list(NoteStatus),
            "people": [(u.id, names[u.id]) for u in people],
            "names": names,
            "error": error,
            "failed": failed if error else None,
            "form": form or {},
        },
        viewer=who,
        product=detail.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/feedback/{note_id}/triage")
def triage(request: Request, note_id: int, who: Signed, form: Posted) -> Response:
    """Set the note's status or assignee (the version read guards against a concurrent edit)."""
    values: dict[str, object] = {}
    if form.has("status"):
        values["status"] = form.text("status")
    if form.has("assignee_id"):
        values["assignee_id"] = form.integer("assignee_id")
    try:
        note = feedback.update_note(
            container_of(request).uow(), who.principal, note_id, form.version(), values
        )
    except (ValidationFailed, Conflict) as error:
        return _note_page(request, who, note_id, error=error, failed="triage", form=form.values())
    whom = "nobody" if note.assignee_id is None else "the assignee"
    notice = f"Marked {note.status.value}." if "status" in values else f"Assigned to {whom}; saved."
    return redirect(request, f"/feedback/{note_id}", notice=notice)


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


@router.post("/feedback/{note_id}/opportunity-links")
def link_opportunity(request: Request, note_id: int, who: Signed, form: Posted) -> Response:
    passage = form.text("highlight").strip() or form.text("highlight_typed").strip()
    try:
        opportunity_id = form.integer("opportunity_id")
        if opportunity_id is None:
            raise ValidationFailed(
                "choose the opportunity this is evidence for", field="opportunity_id"
            )
        importance = form.integer("importance")
        link = opportunity_links.link_note(
            container_of(request).uow(),
            who.principal,
            note_id,
            opportunity_id,
            2 if importance is None else importance,
            passage,
        )
    except ValidationFailed as error:
        return _note_page(
            request, who, note_id, error=error, failed="opportunity", form=form.values()
        )
    return redirect(
        request,
        f"/feedback/{note_id}#opportunity-link-{link.id}",
        notice="Linked as evidence for the opportunity.",
    )


@router.post("/opportunity-links/{link_id}/delete")
def unlink_opportunity(request: Request, link_id: int, who: Signed, form: Posted) -> Response:
    note_id = form.integer("note_id")
    back = f"/feedback/{note_id}" if note_id is not None else "/feedback"
    try:
        opportunity_links.unlink(container_of(request).uow(), who.principal, link_id)
    except ValidationFailed as error:
        return redirect(request, back, notice=f"Not removed: {error.message}.", failed=True)
    return redirect(request, back, notice="Opportunity link removed.")
