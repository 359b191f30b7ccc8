"""Signing in and out, and creating the first admin of an empty workspace."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from valueloop.domain.errors import DomainError, Unauthenticated
from valueloop.entrypoints.http import container_of, cookie_secret, session_from_cookie
from valueloop.entrypoints.web.forms import Form
from valueloop.entrypoints.web.rendering import PRODUCT_COOKIE, redirect, render_plain
from valueloop.entrypoints.web.sessions import (
    Posted,
    clear_session_cookie,
    keep_login_token,
    login_token,
    login_token_matches,
    safe_next,
    set_session_cookie,
)
from valueloop.services import accounts, overview

router = APIRouter(include_in_schema=False)

_EXPIRED = "The sign-in form had expired. Please try again."


@router.get("/")
def home(request: Request) -> RedirectResponse:
    remembered = request.cookies.get(PRODUCT_COOKIE, "")
    target = f"/products/{remembered}" if remembered.isdigit() else "/products"
    return RedirectResponse(target, status_code=303)


def _login_page(
    request: Request, next_url: str, *, error: str | None = None, username: str = ""
) -> Response:
    token = login_token(request)
    response = render_plain(
        request,
        "login.html",
        {"next": next_url, "login_token": token, "message": error, "username": username},
        status_code=401 if error else 200,
    )
    keep_login_token(request, response, token)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    target = safe_next(next)
    if session_from_cookie(request) is not None:
        return RedirectResponse(target, status_code=303)
    if overview.needs_setup(container_of(request).uow()):
        return RedirectResponse("/setup", status_code=303)
    return _login_page(request, target)


@router.post("/login")
async def login(request: Request) -> Response:
    form = Form(await request.form())
    target = safe_next(form.text("next"))
    username = form.text("username")
    if not login_token_matches(request, form):
        return _login_page(request, target, error=_EXPIRED, username=username)
    return await _sign_in(request, form, target)


async def _sign_in(request: Request, form: Form, target: str) -> Response:
    container = container_of(request)
    username = form.text("username")
    try:
        # Password hashing is slow on purpose; keep it off the event loop.
        user = await run_in_threadpool(
            accounts.authenticate, container.uow(), username, form.text("password")
        )
    except Unauthenticated as error:
        return _login_page(request, target, error=error.message, username=username)
    secret, _ = await run_in_threadpool(
        accounts.start_session, container.uow(), user, container.settings.session_max_age_s
    )
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, secret)
    return response


@router.post("/logout")
def logout(request: Request, form: Posted) -> Response:
    secret = cookie_secret(request)
    if secret is not None:
        accounts.end_session(container_of(request).uow(), secret)
    response = redirect(request, "/login", notice="You are signed out.")
    clear_session_cookie(request, response)
    return response


def _setup_page(request: Request, *, error: str | None = None, username: str = "") -> Response:
    token = login_token(request)
    response = render_plain(
        request,
        "setup.html",
        {"login_token": token, "message": error, "username": username},
        status_code=422 if error else 200,
    )
    keep_login_token(request, response, token)
    return response


@router.get("/setup")
def setup_form(request: Request) -> Response:
    if not overview.needs_setup(container_of(request).uow()):
        return RedirectResponse("/login", status_code=303)
    return _setup_page(request)


@router.post("/setup")
async def setup(request: Request) -> Response:
    form = Form(await request.form())
    username = form.text("username")
    if not login_token_matches(request, form):
        return _setup_page(request, error=_EXPIRED, username=username)
    if form.text("password") != form.text("password_again"):
        return _setup_page(request, error="The two passwords differ.", username=username)
    try:
        await run_in_threadpool(
            accounts.create_first_admin,
            container_of(request).uow(),
            username,
            form.text("password"),
            form.text("email"),
        )
    except DomainError as error:
        return _setup_page(request, error=error.message, username=username)
    return await _sign_in(request, form, "/products")
