"""Rendering pages: the autoescaped Jinja2 environment, the layout's context, notices, paging."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer

from valueloop import __version__
from valueloop.domain.backlog import ItemStatus, ItemType
from valueloop.domain.collaboration import RecordType
from valueloop.domain.customers import CustomerStatus
from valueloop.domain.errors import Conflict, DomainError
from valueloop.domain.feedback import Importance
from valueloop.domain.goal_experiments import Adaptation
from valueloop.domain.goals import Direction, GoalLevel, GoalStatus, KeyValueArea, MeasureKind
from valueloop.domain.initiatives import InitiativeKind, InitiativeStatus
from valueloop.domain.lifecycle import Comparator
from valueloop.domain.products import LifecycleStage, Product
from valueloop.domain.roles import Action, Role
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web import formatting
from valueloop.entrypoints.web.sessions import Viewer
from valueloop.services import overview
from valueloop.services.unit_of_work import Page

HERE = Path(__file__).parent
STATIC = HERE / "static"
FLASH_COOKIE = "vl_flash"
PRODUCT_COOKIE = "vl_product"  # the product last looked at, for the top bar's product links


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: user text is always escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(formatting.FILTERS)
    env.globals.update(
        record_url=formatting.record_url,
        static=lambda path: f"/static/{path}?v={__version__}",
        Action=Action,
        Role=Role,
        RecordType=RecordType,
        ItemStatus=ItemStatus,
        ItemType=ItemType,
        Importance=Importance,
        LifecycleStage=LifecycleStage,
        GoalLevel=GoalLevel,
        GoalStatus=GoalStatus,
        KeyValueArea=KeyValueArea,
        MeasureKind=MeasureKind,
        Direction=Direction,
        CustomerStatus=CustomerStatus,
        InitiativeKind=InitiativeKind,
        InitiativeStatus=InitiativeStatus,
        Comparator=Comparator,
        Adaptation=Adaptation,
        version=__version__,
        is_conflict=lambda error: isinstance(error, Conflict),
        options=lambda rows, attr="name": [(row.id, getattr(row, attr)) for row in rows],
        choices=lambda kind: [(member.value, formatting.label(member)) for member in kind],
    )
    return env


templates = Jinja2Templates(env=_environment())


def _flash_signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        container_of(request).settings.resolved_secret_key(), salt="vl-flash"
    )


def _notice(request: Request) -> tuple[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        level, text = _flash_signer(request).loads(raw, max_age=120)
    except (BadSignature, ValueError, TypeError):
        return None
    return str(level), str(text)


def redirect(
    request: Request, url: str, *, notice: str | None = None, failed: bool = False
) -> RedirectResponse:
    """See-other to `url` (a path on this site), with a one-time notice for the next page."""
    response = RedirectResponse(url, status_code=303)
    if notice:
        response.set_cookie(
            FLASH_COOKIE,
            _flash_signer(request).dumps(["error" if failed else "ok", notice]),
            max_age=120,
            httponly=True,
            samesite="lax",
            secure=container_of(request).settings.secure_cookies,
        )
    return response


def status_for(error: DomainError) -> int:
    """The status a page re-shown with `error` answers with."""
    return 409 if isinstance(error, Conflict) else 422


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    viewer: Viewer,
    product: Product | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page inside the layout, for a signed-in viewer (top bar, CSRF token, one-time notice)."""
    nav = overview.navigation(container_of(request).uow(), viewer.principal)
    current = product
    if current is None:
        remembered = request.cookies.get(PRODUCT_COOKIE, "")
        current = next((p for p in nav.products if str(p.id) == remembered), None)
        if current is None and nav.products:
            current = nav.products[0]
    notice = _notice(request)
    values: dict[str, Any] = {
        "viewer": viewer,
        "me": viewer.principal,
        "csrf_token": viewer.csrf_token,
        "nav": nav,
        "current_product": current,
        "notice": notice,
        "error": None,
        "failed": None,
        "form": {},
        "unsaved": {},
        "here": _here(request),
        "section": None,
        **context,
    }
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    if product is not None and request.cookies.get(PRODUCT_COOKIE) != str(product.id):
        response.set_cookie(
            PRODUCT_COOKIE,
            str(product.id),
            max_age=365 * 86400,
            httponly=True,
            samesite="lax",
            secure=container_of(request).settings.secure_cookies,
        )
    if notice is not None or FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE)
    return response


def render_plain(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """A page outside the layout (sign-in, first run, errors): no top bar, no database."""
    values: dict[str, Any] = {"viewer": None, "error": None, "form": {}, **context}
    return templates.TemplateResponse(request, template, values, status_code=status_code)


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


@dataclass(frozen=True, slots=True)
class Pager:
    """Links to the previous and next page of a list, keeping the other query parameters."""

    first: int
    last: int
    total: int
    previous_url: str | None
    next_url: str | None


def pager(request: Request, page: Page[Any]) -> Pager:
    """Paging links for `page`, which was read with ?page=N (1-based)."""
    limit = page.limit or max(len(page.items), 1)
    number = page.offset // limit + 1
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]

    def link(n: int) -> str:
        return request.url.path + "?" + urlencode([*params, ("page", str(n))])

    return Pager(
        first=page.offset + 1 if page.items else 0,
        last=page.offset + len(page.items),
        total=page.total,
        previous_url=link(number - 1) if number > 1 else None,
        next_url=link(number + 1) if page.offset + len(page.items) < page.total else None,
    )


def page_number(value: str | None) -> int:
    """A 1-based page number from the query string (anything odd means the first page)."""
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


def form_state(
    error: DomainError | None, failed: str | None, form: dict[str, str] | None
) -> dict[str, Any]:
    """What a page needs to show a form again: its error, which form failed, and what was typed.
    After a conflict the form shows the current record, and what was typed is listed apart."""
    conflict = isinstance(error, Conflict)
    return {
        "error": error,
        "failed": failed,
        "form": {} if conflict else (form or {}),
        "unsaved": (form or {}) if conflict else {},
    }
