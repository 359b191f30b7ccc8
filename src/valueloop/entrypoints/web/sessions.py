"""Who is looking at a page, CSRF checks on every form post, and the session cookie itself."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response

from valueloop.domain.accounts import WebSession
from valueloop.domain.errors import PermissionDenied, Unauthenticated
from valueloop.domain.roles import Principal
from valueloop.entrypoints.http import (
    SESSION_COOKIE,
    container_of,
    cookie_signer,
    session_from_cookie,
)
from valueloop.entrypoints.web.forms import Form

# A double-submit token for the sign-in and first-run forms, which come before any session.
LOGIN_COOKIE = "vl_login"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person behind a page request and their browser session."""

    principal: Principal
    session: WebSession

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token


def viewer(request: Request) -> Viewer:
    """The signed-in viewer; Unauthenticated (a redirect to the sign-in page) otherwise."""
    signed_in = session_from_cookie(request)
    if signed_in is None:
        raise Unauthenticated("sign in to continue")
    return Viewer(*signed_in)


async def posted(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> Form:
    """The submitted form, after checking its CSRF token against the viewer's session."""
    data = await request.form()
    token = data.get(CSRF_FIELD)
    if not isinstance(token, str) or not hmac.compare_digest(token, who.csrf_token):
        raise PermissionDenied(
            "this form was not sent from a page of this site or has expired; "
            "go back, reload the page and try again"
        )
    return Form(data)


Signed = Annotated[Viewer, Depends(viewer)]
Posted = Annotated[Form, Depends(posted)]


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site; `default` for anything that could leave it."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def login_token(request: Request) -> str:
    """The pre-session form token: the browser's existing one, or a new one."""
    existing = request.cookies.get(LOGIN_COOKIE, "")
    return existing if len(existing) >= 32 else secrets.token_urlsafe(32)


def keep_login_token(request: Request, response: Response, token: str) -> None:
    settings = container_of(request).settings
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def login_token_matches(request: Request, form: Form) -> bool:
    """Whether the form carries the same pre-session token as the browser's cookie."""
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    sent = form.text(CSRF_FIELD)
    return bool(cookie) and hmac.compare_digest(cookie, sent)


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    """Hand the browser its signed session secret."""
    container = container_of(request)
    settings = container.settings
    response.set_cookie(
        SESSION_COOKIE,
        cookie_signer(container).dumps(secret),
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    response.delete_cookie(LOGIN_COOKIE)


def clear_session_cookie(request: Request, response: Response) -> None:
    settings = container_of(request).settings
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.secure_cookies
    )
