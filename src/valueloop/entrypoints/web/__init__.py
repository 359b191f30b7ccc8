"""Server-rendered pages (Jinja2, autoescaped) with small hand-written JavaScript."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse


def mount_web(app: FastAPI) -> None:
    """Add the pages to `app` (placeholder until the web routers land)."""

    async def web_error(request: Request, error: Any) -> PlainTextResponse:
        return PlainTextResponse(str(getattr(error, "message", error)), status_code=400)

    async def web_http_error(request: Request, error: Any) -> PlainTextResponse:
        return PlainTextResponse(str(error.detail), status_code=error.status_code)

    app.state.web_error = web_error
    app.state.web_http_error = web_http_error
