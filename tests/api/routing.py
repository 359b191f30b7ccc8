"""The API's routes as (METHOD, path) pairs, for tests that must cover every one of them."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI

from valueloop.adapters.db.engine import create_engine
from valueloop.bootstrap import Container
from valueloop.entrypoints.app import create_app
from valueloop.settings import Settings

PREFIX = "/api/v1"
_IGNORED_METHODS = {"HEAD", "OPTIONS"}


def api_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every documented operation under /api/v1: the mounted routes and the OpenAPI document."""
    found: set[tuple[str, str]] = set()

    def walk(routes: Iterable[Any]) -> None:
        for route in routes:
            # Recent FastAPI keeps included routers lazily and expands them on demand.
            if hasattr(route, "effective_route_contexts"):
                walk(route.effective_route_contexts())
            elif isinstance(getattr(route, "routes", None), list):
                walk(route.routes)
            elif getattr(route, "include_in_schema", False):
                path = getattr(route, "path", "")
                if path.startswith(PREFIX + "/"):
                    for method in set(getattr(route, "methods", None) or ()) - _IGNORED_METHODS:
                        found.add((method, path))

    walk(app.routes)
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            found.add((method.upper(), path))
    return found


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, generated once per test session (it takes a good half second)."""
    settings = Settings(database_url="sqlite://", secret_key="openapi")
    container = Container(settings=settings, engine=create_engine("sqlite://"))
    return create_app(container).openapi()
