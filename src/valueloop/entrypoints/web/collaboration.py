"""Comments and watching on any core record's page; both come back to the record."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import record_url
from valueloop.entrypoints.web.rendering import redirect
from valueloop.entrypoints.web.sessions import Posted, Signed
from valueloop.services import collaboration

router = APIRouter(include_in_schema=False)


@router.post("/records/{kind}/{record_id}/comments")
def add_comment(
    request: Request, kind: RecordType, record_id: int, who: Signed, form: Posted
) -> Response:
    page = record_url(kind, record_id) or "/notifications"
    try:
        comment = collaboration.add_comment(
            container_of(request).uow(), who.principal, kind, record_id, form.text("body")
        )
    except ValidationFailed as error:
        return redirect(request, page, notice=f"Comment not saved: {error.message}.", failed=True)
    return redirect(request, f"{page}#comment-{comment.id}", notice="Comment added.")


@router.post("/records/{kind}/{record_id}/watch")
def set_watching(
    request: Request, kind: RecordType, record_id: int, who: Signed, form: Posted
) -> Response:
    watching = collaboration.set_watching(
        container_of(request).uow(), who.principal, kind, record_id, form.text("watch") == "1"
    )
    notice = (
        "You are watching this: changes and comments will notify you."
        if watching
        else "You stopped watching this."
    )
    return redirect(request, record_url(kind, record_id) or "/notifications", notice=notice)
