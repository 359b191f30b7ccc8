"""The public pages of a product at /p/{slug}: the portal (ideas, votes, comments), the roadmap
and the changelog. No sign-in; every form carries a signed token and a honeypot; nothing but
the public views of services/portal.py and public_pages.py reaches a template."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from valueloop.domain.errors import NotFound, RateLimited, ValidationFailed
from valueloop.domain.ideas import IdeaStatus, PublicSort
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.forms import Form
from valueloop.entrypoints.web.rendering import page_number, render_plain
from valueloop.services import portal, public_pages

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 30
HONEYPOT = "website"
# Fixed messages after a form, chosen by key: nothing a visitor typed is echoed from the URL.
NOTICES = {
    "submitted": "Thank you! Your idea is waiting for a moderator and shows once approved.",
    "voted": "Thank you for your vote!",
    "already": "You have already voted for this idea.",
    "commented": "Thank you! Your comment shows once a moderator approves it.",
}


def _guard(request: Request) -> portal.Guard:
    secret = container_of(request).settings.resolved_secret_key()
    return portal.Guard(secret, request.client.host if request.client else "unknown")


def _attempt(request: Request, form: Form) -> portal.Attempt:
    return portal.Attempt(form.text("token"), form.text(HONEYPOT))


def _page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    slug = context["product"].slug
    values = {
        "token": portal.form_token(_guard(request).secret, slug),
        "honeypot": HONEYPOT,
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "statuses": list(IdeaStatus),
        **context,
    }
    response = render_plain(request, template, values, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("/p/{slug}")
def ideas_page(
    request: Request, slug: str, status: str = "", sort: str = "votes", page: str = "1"
) -> Response:
    return _ideas(request, slug, status, sort, page_number(page))


def _ideas(
    request: Request,
    slug: str,
    status: str,
    sort: str,
    number: int,
    *,
    error: Exception | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    uow = container_of(request).uow
    chosen = IdeaStatus(status) if status in set(IdeaStatus) else None
    order = PublicSort(sort) if sort in set(PublicSort) else PublicSort.VOTES
    try:
        product, listed = portal.list_ideas(
            uow(), slug, status=chosen, sort=order, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
        )
    except NotFound:
        # No portal here: a product that publishes only its roadmap lands there (404 otherwise).
        portal.published(uow(), slug, portal.Feature.ROADMAP)
        return RedirectResponse(f"/p/{slug}/roadmap", status_code=303)
    return _page(
        request,
        "portal/ideas.html",
        {
            "product": product,
            "ideas": listed,
            "status": chosen,
            "sort": order,
            "number": number,
            "error": error,
            "form": form or {},
        },
        status_code,
    )


@router.post("/p/{slug}/ideas")
async def submit_idea(request: Request, slug: str) -> Response:
    form = Form(await request.form())
    fields = {name: form.text(name) for name in ("name", "email", "title", "body")}
    try:
        portal.submit_idea(
            container_of(request).uow(), _guard(request), slug, fields, _attempt(request, form)
        )
    except (ValidationFailed, RateLimited) as error:
        code = 429 if isinstance(error, RateLimited) else 422
        return _ideas(request, slug, "", "votes", 1, error=error, form=fields, status_code=code)
    return RedirectResponse(f"/p/{slug}?notice=submitted", status_code=303)


@router.get("/p/{slug}/ideas/{idea_id}")
def idea_page(request: Request, slug: str, idea_id: int) -> Response:
    return _idea(request, slug, idea_id)


def _idea(
    request: Request,
    slug: str,
    idea_id: int,
    *,
    error: Exception | None = None,
    failed: str = "",
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    product, idea, comments = portal.get_idea(container_of(request).uow(), slug, idea_id)
    if idea.id != idea_id:  # merged into another idea: its votes and comments are there now
        return RedirectResponse(f"/p/{slug}/ideas/{idea.id}", status_code=301)
    return _page(
        request,
        "portal/idea.html",
        {
            "product": product,
            "idea": idea,
            "comments": comments,
            "error": error,
            "failed": failed,
            "form": form or {},
        },
        status_code,
    )


@router.post("/p/{slug}/ideas/{idea_id}/vote")
async def vote(request: Request, slug: str, idea_id: int) -> Response:
    form = Form(await request.form())
    try:
        outcome = portal.vote(
            container_of(request).uow(),
            _guard(request),
            slug,
            idea_id,
            form.text("email"),
            _attempt(request, form),
        )
    except (ValidationFailed, RateLimited) as error:
        code = 429 if isinstance(error, RateLimited) else 422
        fields = {"vote_email": form.text("email")}
        return _idea(
            request, slug, idea_id, error=error, failed="vote", form=fields, status_code=code
        )
    notice = "voted" if outcome.accepted else "already"
    return RedirectResponse(f"/p/{slug}/ideas/{idea_id}?notice={notice}", status_code=303)


@router.post("/p/{slug}/ideas/{idea_id}/comments")
async def comment(request: Request, slug: str, idea_id: int) -> Response:
    form = Form(await request.form())
    fields = {name: form.text(name) for name in ("name", "email", "body")}
    try:
        portal.comment(
            container_of(request).uow(),
            _guard(request),
            slug,
            idea_id,
            fields,
            _attempt(request, form),
        )
    except (ValidationFailed, RateLimited) as error:
        code = 429 if isinstance(error, RateLimited) else 422
        return _idea(
            request, slug, idea_id, error=error, failed="comment", form=fields, status_code=code
        )
    return RedirectResponse(f"/p/{slug}/ideas/{idea_id}?notice=commented", status_code=303)


@router.get("/p/{slug}/roadmap")
def roadmap_page(request: Request, slug: str) -> Response:
    product, lanes = public_pages.roadmap(container_of(request).uow(), slug)
    return _page(request, "portal/roadmap.html", {"product": product, "lanes": lanes})


@router.get("/p/{slug}/changelog")
def changelog_page(request: Request, slug: str) -> Response:
    product, groups = public_pages.changelog(container_of(request).uow(), slug)
    return _page(request, "portal/changelog.html", {"product": product, "groups": groups})
