"""Signing in to the pages over HTTP (no browser), for tests of the pages' forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests import factories
from valueloop.bootstrap import Container
from valueloop.entrypoints.app import create_app


def client_for(container: Container) -> TestClient:
    """A client of the whole app that does not follow redirects (so tests can see them)."""
    return TestClient(create_app(container), follow_redirects=False)


def csrf_field(html: str) -> str:
    """The value of the first csrf_token field on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def signed_in(container: Container, username: str = "admin") -> tuple[TestClient, str]:
    """A client signed in through the form, and the session's CSRF token."""
    if username == "admin":
        factories.admin(container)
    client = client_for(container)
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "username": username,
            "password": factories.PASSWORD,
            "csrf_token": csrf_field(form.text),
            "next": "/products",
        },
    )
    assert 303 == answer.status_code, answer.text
    page = client.get("/products")
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert token
    return client, token.group(1)
