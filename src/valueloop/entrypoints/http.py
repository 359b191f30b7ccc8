"""HTTP plumbing shared by the API and the pages: body limits, security headers, auth lookup."""

from __future__ import annotations

from fastapi import FastAPI, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from valueloop.bootstrap import Container
from valueloop.domain.accounts import WebSession
from valueloop.domain.errors import Unauthenticated
from valueloop.domain.roles import Principal
from valueloop.services import accounts
from valueloop.settings import Settings

SESSION_COOKIE = "vl_session"
CSRF_HEADER = "x-csrf-token"


class BodyLimit:
    """Refuse request bodies over their limit with 413, whether announced or streamed: `limit`
    bytes in general, `upload_limit` for file uploads (multipart forms)."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        uploading = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = self.upload_limit if uploading else self.limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await _too_large(send, limit)


class BodyTooLarge(HTTPException):
    """A streamed body passed the limit.

    It is an HTTPException because FastAPI turns any other error raised while reading the
    body into "400 There was an error parsing the body"; this one it re-raises, so the
    app's handlers answer 413 (and the middleware catches it where no handler did).
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is larger than {limit} bytes")


async def _too_large(send: Send, limit: int) -> None:
    body = (
        '{"type":"about:blank","title":"Payload Too Large","status":413,'
        f'"detail":"request body is larger than {limit} bytes"}}'
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Headers every response carries: no sniffing, no framing, a strict content policy."""

    # blob: images: Plotly draws a chart's PNG download from a blob URL of its SVG.
    POLICY = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-eval'; frame-ancestors 'none'; form-action 'self'"
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"referrer-policy": b"same-origin",
                    b"content-security-policy": self.POLICY.encode(),
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def install_middleware(app: FastAPI, settings: Settings) -> None:
    # Plotly's bundle evaluates code at load time, hence 'unsafe-eval' in the policy above.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes
    )


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def cookie_signer(container: Container) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(container.settings.resolved_secret_key(), salt="vl-session")


def session_from_cookie(request: Request) -> tuple[Principal, WebSession] | None:
    """The signed-in principal and session behind the request's cookie, if any."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    container = container_of(request)
    try:
        secret = cookie_signer(container).loads(raw, max_age=container.settings.session_max_age_s)
    except BadSignature:
        return None
    try:
        return accounts.session_principal(container.uow(), str(secret))
    except Unauthenticated:
        return None


def cookie_secret(request: Request) -> str | None:
    """The session secret inside the signed cookie (for sign-out)."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        return str(cookie_signer(container_of(request)).loads(raw))
    except BadSignature:
        return None
