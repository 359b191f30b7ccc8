"""The ASGI application: the REST API under /api/v1 and the web pages, sharing one container."""

from __future__ import annotations

from fastapi import FastAPI

from valueloop import __version__
from valueloop.bootstrap import Container, build
from valueloop.entrypoints.api import mount_api
from valueloop.entrypoints.http import install_middleware
from valueloop.entrypoints.web import mount_web


def create_app(container: Container | None = None) -> FastAPI:
    """The whole application for a container (built from the environment when not given)."""
    container = container or build()
    app = FastAPI(
        title="valueloop",
        version=__version__,
        summary="Evidence-based product management.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.container = container
    install_middleware(app, container.settings)
    mount_api(app)
    mount_web(app)
    return app
