"""The team's side of the portal: the moderation queue, the ideas list, an idea's page (status,
merge, link to an item, corrections, replies), the outbox, and closing the loop on an item."""

from __future__ import annotations

from typing import TypeVar

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import Conflict, DomainError, NotFound, ValidationFailed
from valueloop.domain.feedback import Importance
from valueloop.domain.ideas import IdeaStatus, Moderation
from valueloop.domain.outbox import MessageStatus
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.csv_files import csv_response, file_name
from valueloop.entrypoints.web.rendering import (
    form_state,
    page_number,
    pager,
    redirect,
    render,
    status_for,
)
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer, safe_next
from valueloop.services import backlog, close_the_loop, idea_evidence, ideas, outbox, products

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
IMPORTANCE = [(str(int(i)), f"{int(i)} · {i.name.replace('_', ' ').lower()}") for i in Importance]
VERDICTS = {"approve": Moderation.APPROVED, "reject": Moderation.REJECTED, "spam": Moderation.SPAM}


E = TypeVar("E", IdeaStatus, Moderation, MessageStatus)


def _choice(kind: type[E], raw: str) -> E | None:
    """A filter value from the query string; anything unknown means no filter."""
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


def _verdict(form: Posted) -> Moderation:
    verdict = VERDICTS.get(form.text("verdict"))
    if verdict is None:
        raise ValidationFailed("choose approve, reject or spam", field="verdict")
    return verdict


@router.get("/products/{product_id}/ideas")
def idea_list(
    request: Request,
    product_id: int,
    who: Signed,
    status: str = "",
    moderation: str = "",
    q: str = "",
    page: str = "1",
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    found = ideas.list_ideas(
        uow(),
        who.principal,
        product_id,
        status=_choice(IdeaStatus, status),
        moderation=_choice(Moderation, moderation),
        search=q.strip()[:200],
        limit=PAGE_SIZE,
        offset=(page_number(page) - 1) * PAGE_SIZE,
    )
    waiting = ideas.queue(uow(), who.principal, product_id)
    return render(
        request,
        "ideas/list.html",
        {
            "product": product,
            "ideas": found.items,
            "pages": pager(request, found),
            "waiting": len(waiting.ideas) + len(waiting.comments),
            "filters": {"status": status, "moderation": moderation, "q": q},
            "IdeaStatus": IdeaStatus,
            "Moderation": Moderation,
            "section": "ideas",
        },
        viewer=who,
        product=product,
    )


@router.get("/products/{product_id}/ideas/queue")
def moderation_queue(request: Request, product_id: int, who: Signed) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    return render(
        request,
        "ideas/queue.html",
        {
            "product": product,
            "queue": ideas.queue(uow(), who.principal, product_id),
            "section": "ideas",
        },
        viewer=who,
        product=product,
    )


@router.post("/ideas/{idea_id}/moderate")
def moderate_idea(request: Request, idea_id: int, who: Signed, form: Posted) -> Response:
    verdict = _verdict(form)
    idea = ideas.moderate_idea(container_of(request).uow(), who.principal, idea_id, verdict)
    back = safe_next(form.text("next"), f"/ideas/{idea_id}")
    return redirect(request, back, notice=f"“{idea.title}” {_past(verdict)}.")


@router.post("/idea-comments/{comment_id}/moderate")
def moderate_comment(request: Request, comment_id: int, who: Signed, form: Posted) -> Response:
    verdict = _verdict(form)
    comment = ideas.moderate_comment(
        container_of(request).uow(), who.principal, comment_id, verdict
    )
    back = safe_next(form.text("next"), f"/ideas/{comment.idea_id}")
    return redirect(
        request, back, notice=f"Comment by {comment.author_name or 'a visitor'} {_past(verdict)}."
    )


def _past(verdict: Moderation) -> str:
    return {Moderation.APPROVED: "approved", Moderation.REJECTED: "rejected"}.get(
        verdict, "marked as spam"
    )


@router.get("/ideas/{idea_id}")
def idea_page(request: Request, idea_id: int, who: Signed) -> Response:
    return _idea_page(request, who, idea_id)


def _idea_page(
    request: Request,
    who: Viewer,
    idea_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    detail = ideas.get_idea(uow(), who.principal, idea_id)
    product = products.get_product(uow(), who.principal, detail.idea.product_id)
    item = None
    if detail.idea.item_id is not None:
        item = backlog.get_item(uow(), who.principal, detail.idea.item_id)
    others = ideas.list_ideas(uow(), who.principal, product.id, limit=500).items
    items = backlog.list_items(uow(), who.principal, product.id, limit=500).items
    return render(
        request,
        "ideas/idea.html",
        {
            "product": product,
            "detail": detail,
            "idea": detail.idea,
            "item": item,
            "others": [(i.id, f"#{i.id} {i.title}") for i in others if i.id != idea_id],
            "items": [(i.id, f"#{i.id} {i.title}") for i in items],
            "importance": IMPORTANCE,
            "statuses": [(s.value, s.value.replace("_", " ")) for s in IdeaStatus],
            "Moderation": Moderation,
            "section": "ideas",
            **form_state(error, failed, form),
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/ideas/{idea_id}/status")
def set_status(request: Request, idea_id: int, who: Signed, form: Posted) -> Response:
    site = str(request.base_url).rstrip("/")
    try:
        idea = ideas.set_status(
            container_of(request).uow(),
            who.principal,
            idea_id,
            form.text("status"),
            site_url=site,
            version=form.version(),
        )
    except (ValidationFailed, Conflict) as error:
        return _idea_page(request, who, idea_id, error=error, failed="status", form=form.values())
    label = idea.status.value.replace("_", " ")
    return redirect(
        request, f"/ideas/{idea_id}", notice=f"Status set to {label}; followers are notified."
    )


@router.post("/ideas/{idea_id}/merge")
def merge(request: Request, idea_id: int, who: Signed, form: Posted) -> Response:
    try:
        into = form.integer("into_id")
        if into is None:
            raise ValidationFailed("choose the idea to merge into", field="into_id")
        target = ideas.merge(container_of(request).uow(), who.principal, idea_id, into)
    except (ValidationFailed, Conflict, NotFound) as error:
        return _idea_page(request, who, idea_id, error=error, failed="merge", form=form.values())
    return redirect(
        request, f"/ideas/{target.id}", notice=f"Merged into “{target.title}”; votes moved."
    )


@router.post("/ideas/{idea_id}/link")
def link_item(request: Request, idea_id: int, who: Signed, form: Posted) -> Response:
    try:
        item_id = form.integer("item_id")
        ideas.link_item(
            container_of(request).uow(),
            who.principal,
            idea_id,
            item_id,
            form.integer("importance")
            if form.text("importance")
            else idea_evidence.DEFAULT_IMPORTANCE,
        )
    except (ValidationFailed, Conflict, NotFound) as error:
        return _idea_page(request, who, idea_id, error=error, failed="link", form=form.values())
    notice = "Linked; its votes count as the item's demand." if item_id else "Unlinked."
    return redirect(request, f"/ideas/{idea_id}", notice=notice)


@router.post("/ideas/{idea_id}/edit")
def edit_idea(request: Request, idea_id: int, who: Signed, form: Posted) -> Response:
    try:
        ideas.edit_idea(
            container_of(request).uow(),
            who.principal,
            idea_id,
            form.version(),
            form.pick(text=("title", "body")),
        )
    except (ValidationFailed, Conflict) as error:
        return _idea_page(request, who, idea_id, error=error, failed="edit", form=form.values())
    return redirect(request, f"/ideas/{idea_id}", notice="Idea saved.")


@router.post("/ideas/{idea_id}/reply")
def reply(request: Request, idea_id: int, who: Signed, form: Posted) -> Response:
    try:
        ideas.reply(container_of(request).uow(), who.principal, idea_id, form.text("body"))
    except ValidationFailed as error:
        return _idea_page(request, who, idea_id, error=error, failed="reply", form=form.values())
    return redirect(request, f"/ideas/{idea_id}", notice="Reply posted on the portal.")


@router.get("/products/{product_id}/outbox")
def outbox_page(
    request: Request, product_id: int, who: Signed, status: str = "", page: str = "1"
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    found = outbox.list_messages(
        uow(),
        who.principal,
        product_id=product_id,
        status=_choice(MessageStatus, status),
        limit=PAGE_SIZE,
        offset=(page_number(page) - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "ideas/outbox.html",
        {
            "product": product,
            "messages": found.items,
            "pages": pager(request, found),
            "status": status,
            "MessageStatus": MessageStatus,
            "section": "ideas",
        },
        viewer=who,
        product=product,
    )


@router.get("/items/{item_id}/close-the-loop")
def close_the_loop_page(request: Request, item_id: int, who: Signed) -> Response:
    return _loop_page(request, who, item_id)


def _loop_page(
    request: Request,
    who: Viewer,
    item_id: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    item = backlog.get_item(uow(), who.principal, item_id)
    product = products.get_product(uow(), who.principal, item.product_id)
    return render(
        request,
        "ideas/close_the_loop.html",
        {
            "product": product,
            "item": item,
            "found": close_the_loop.audience(uow(), who.principal, item_id),
            "section": "backlog",
            "error": error,
            "failed": "notify" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.get("/items/{item_id}/close-the-loop.csv")
def close_the_loop_csv(request: Request, item_id: int, who: Signed) -> Response:
    found = close_the_loop.audience(container_of(request).uow(), who.principal, item_id)
    return csv_response(
        file_name(found.title, "close-the-loop"),
        close_the_loop.CSV_HEADER,
        close_the_loop.csv_rows(found),
    )


@router.post("/items/{item_id}/close-the-loop")
def notify(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    try:
        queued = close_the_loop.notify(
            container_of(request).uow(),
            who.principal,
            item_id,
            form.text("channel"),
            subject=form.text("subject"),
            message=form.text("message"),
        )
    except ValidationFailed as error:
        return _loop_page(request, who, item_id, error=error, form=form.values())
    noun = "message" if queued == 1 else "messages"
    return redirect(
        request,
        f"/items/{item_id}/close-the-loop",
        notice=f"{queued} {noun} queued in the outbox.",
    )
