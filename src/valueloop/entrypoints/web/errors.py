"""Error pages for the web UI: a clear message and a way back, never a stack trace."""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from valueloop.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
    ValidationFailed,
)
from valueloop.entrypoints.web.rendering import render_plain
from valueloop.entrypoints.web.sessions import safe_next

_HEADINGS = {
    400: "That request did not make sense",
    401: "Please sign in",
    403: "You may not do that",
    404: "Page not found",
    405: "That action is not available here",
    409: "Someone else changed this",
    413: "That was too much to send",
    422: "Please check what you entered",
    429: "Slow down a little",
    500: "Something went wrong on our side",
}


def _status(error: DomainError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, ValidationFailed):
        return 422
    if isinstance(error, RateLimited):
        return 429
    return 400


def login_redirect(request: Request) -> RedirectResponse:
    """Send the browser to the sign-in page, coming back here (or where a form came from)."""
    if request.method in ("GET", "HEAD"):
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        referer = request.headers.get("referer", "")
        origin = f"{request.url.scheme}://{request.url.netloc}"
        back = referer.removeprefix(origin) if referer.startswith(origin + "/") else "/"
    target = safe_next(back)
    url = "/login" if target == "/" else f"/login?next={quote(target, safe='')}"
    return RedirectResponse(url, status_code=303)


def error_page(request: Request, status: int, message: str) -> Response:
    """An HTML error page with a heading for `status` and the message under it."""
    heading = _HEADINGS.get(status) or HTTPStatus(status).phrase
    return render_plain(
        request,
        "error.html",
        {"status": status, "heading": heading, "message": message},
        status_code=status,
    )


async def web_error(request: Request, error: DomainError) -> Response:
    """A use case refused: sign in again, or read why on an error page."""
    if isinstance(error, Unauthenticated):
        return login_redirect(request)
    return error_page(request, _status(error), error.message)


async def web_http_error(request: Request, error: HTTPException) -> Response:
    """A routing or server error on a page path."""
    if error.status_code == 401:
        return login_redirect(request)
    messages = {
        404: "There is nothing at this address. It may have been moved or deleted.",
        405: "This address does not accept that kind of request.",
        500: "The error is logged. Go back and try again; if it keeps happening, tell your admin.",
    }
    message = messages.get(error.status_code) or str(error.detail)
    return error_page(request, error.status_code, message)
