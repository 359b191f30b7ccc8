"""API-test fixtures: cheap password hashing and one shared application object."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from valueloop.adapters.db.engine import create_engine
from valueloop.bootstrap import Container
from valueloop.entrypoints import app as app_module
from valueloop.entrypoints.app import create_app
from valueloop.services import accounts
from valueloop.settings import Settings


@pytest.fixture(autouse=True)
def fast_password_hashing() -> Iterator[None]:
    # The production parameters take ~0.1 s per hash by design; the API tests create hundreds of
    # users and test HTTP behaviour, not hashing strength.
    original = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    accounts._hasher = original


@functools.cache
def _shared_app() -> FastAPI:
    settings = Settings(database_url="sqlite://", secret_key="placeholder")
    return create_app(Container(settings=settings, engine=create_engine("sqlite://")))


@pytest.fixture(autouse=True)
def shared_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients from tests.factories.api share one app, pointed at each test's container.

    Building the app (well over a hundred routes) takes longer than most API tests; the app
    keeps no state besides the container, which is swapped in for every client. So one test
    talks to one container at a time, and settings read when an app is built (the body limit)
    are the defaults: a test that needs other ones builds its own app with create_app.
    """

    def create(container: Container) -> FastAPI:
        app = _shared_app()
        app.state.container = container
        return app

    monkeypatch.setattr(app_module, "create_app", create)
