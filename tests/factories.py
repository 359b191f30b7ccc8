"""Factories that build test data through the use cases, so tests never share leftovers."""

from __future__ import annotations

from itertools import count
from typing import Any

from fastapi.testclient import TestClient

from valueloop.bootstrap import Container
from valueloop.domain.roles import Principal, Role
from valueloop.services import accounts, products

PASSWORD = "correct horse battery staple"
_serial = count(1)


def admin(container: Container, username: str = "admin") -> Principal:
    """The workspace's first admin (created on first call)."""
    with container.uow() as uow:
        user = uow.users.by_username(username)
    if user is None:
        user = accounts.create_first_admin(container.uow(), username, PASSWORD)
    return principal(container, user.username)


def principal(container: Container, username: str) -> Principal:
    with container.uow() as uow:
        user = uow.users.by_username(username)
        assert user is not None, username
        return accounts.principal_for(uow, user)


def user(
    container: Container,
    role: Role | None = None,
    product_id: int | None = None,
    *,
    name: str | None = None,
) -> Principal:
    """A new user, optionally with `role` on `product_id`."""
    boss = admin(container)
    username = name or f"user{next(_serial)}"
    accounts.add_user(container.uow(), boss, username, PASSWORD)
    if role is not None and product_id is not None:
        accounts.set_role(container.uow(), boss, product_id, username, role)
    return principal(container, username)


def product(container: Container, **fields: Any) -> int:
    values = {"name": f"Product {next(_serial)}", **fields}
    return products.create_product(container.uow(), admin(container), values).id


def api(container: Container, who: Principal | None = None) -> TestClient:
    """An HTTP client authenticated with a fresh API token of `who` (admin by default)."""
    from valueloop.entrypoints.app import create_app  # the web layer loads only for HTTP tests

    who = who or admin(container)
    secret, _ = accounts.create_token(container.uow(), who, "tests")
    client = TestClient(create_app(container), raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client
