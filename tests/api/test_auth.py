"""Authentication: API tokens and browser sessions, and the CSRF rule for sessions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests import factories
from valueloop.domain.roles import Role
from valueloop.entrypoints.app import create_app
from valueloop.entrypoints.http import CSRF_HEADER, SESSION_COOKIE, cookie_signer
from valueloop.services import accounts


@pytest.fixture
def anonymous(container) -> TestClient:
    return TestClient(create_app(container), raise_server_exceptions=False)


def signed_in(container, client: TestClient, max_age_s: int = 3600) -> str:
    """Sign the admin in on `client` with a session cookie; returns the CSRF token."""
    user = accounts.authenticate(container.uow(), "admin", factories.PASSWORD)
    secret, session = accounts.start_session(container.uow(), user, max_age_s)
    client.cookies.set(SESSION_COOKIE, cookie_signer(container).dumps(secret))
    return session.csrf_token


def assert_unauthorized(response) -> None:
    assert 401 == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    assert "Bearer" == response.headers["www-authenticate"]


def test_a_valid_token_identifies_its_user(container):
    client = factories.api(container)

    me = client.get("/api/v1/me")

    assert (200, "admin", True) == (me.status_code, me.json()["username"], me.json()["is_admin"])


def test_no_credentials_is_401(container, anonymous):
    factories.admin(container)

    assert_unauthorized(anonymous.get("/api/v1/products"))


@pytest.mark.parametrize(
    "header",
    ["Bearer vl_not-a-real-token", "Bearer ", "Basic YWRtaW46cGFzc3dvcmQ=", "vl_token-alone"],
)
def test_an_invalid_token_or_scheme_is_401(container, anonymous, header):
    factories.admin(container)

    assert_unauthorized(anonymous.get("/api/v1/me", headers={"Authorization": header}))


def test_a_revoked_token_is_401_from_the_next_request_on(container):
    client = factories.api(container)
    token_id = next(t["id"] for t in client.get("/api/v1/tokens").json() if t["name"] == "tests")

    revoked = client.delete(f"/api/v1/tokens/{token_id}")
    after = client.get("/api/v1/me")

    assert (200, True) == (revoked.status_code, revoked.json()["revoked_at"] is not None)
    assert_unauthorized(after)


def test_a_token_is_shown_once_and_listed_without_its_secret(container):
    client = factories.api(container)

    created = client.post("/api/v1/tokens", json={"name": "ci"}).json()
    listed = [t for t in client.get("/api/v1/tokens").json() if t["id"] == created["id"]]

    assert created["token"].startswith("vl_")
    assert created["token"].startswith(created["prefix"])
    assert "token" not in listed[0]


def test_a_new_token_works_and_records_when_it_was_last_used(container):
    client = factories.api(container)
    created = client.post("/api/v1/tokens", json={"name": "ci"}).json()

    other = TestClient(create_app(container), raise_server_exceptions=False)
    me = other.get("/api/v1/me", headers={"Authorization": f"Bearer {created['token']}"})
    listed = {t["id"]: t for t in client.get("/api/v1/tokens").json()}

    assert 200 == me.status_code
    assert listed[created["id"]]["last_used_at"] is not None


def test_someone_elses_token_cannot_be_revoked(container):
    product_id = factories.product(container)
    alice = factories.user(container, Role.STAKEHOLDER, product_id)
    bob = factories.user(container, Role.STAKEHOLDER, product_id)
    _, bobs = accounts.create_token(container.uow(), bob, "bob's")

    response = factories.api(container, alice).delete(f"/api/v1/tokens/{bobs.id}")

    assert 404 == response.status_code


def test_a_disabled_account_is_401(container):
    client = factories.api(container, factories.user(container, name="leaver"))
    with container.uow() as uow:
        user = uow.users.by_username("leaver")
        uow.users.update(user.id, None, {"is_active": False})
        uow.commit()

    assert_unauthorized(client.get("/api/v1/me"))


def test_a_session_cookie_authenticates_reads(container, anonymous):
    factories.admin(container)
    signed_in(container, anonymous)

    assert 200 == anonymous.get("/api/v1/me").status_code


def test_a_session_post_without_the_csrf_header_is_403(container, anonymous):
    factories.admin(container)
    signed_in(container, anonymous)

    response = anonymous.post("/api/v1/products", json={"name": "Forged"})

    assert 403 == response.status_code
    assert "CSRF" in response.json()["detail"]
    assert 0 == anonymous.get("/api/v1/products").json()["total"]


def test_a_session_post_with_a_wrong_csrf_header_is_403(container, anonymous):
    factories.admin(container)
    signed_in(container, anonymous)

    response = anonymous.post(
        "/api/v1/products", json={"name": "Forged"}, headers={CSRF_HEADER: "guess"}
    )

    assert 403 == response.status_code


def test_a_session_post_with_the_csrf_header_is_allowed(container, anonymous):
    factories.admin(container)
    csrf = signed_in(container, anonymous)

    response = anonymous.post(
        "/api/v1/products", json={"name": "Real"}, headers={CSRF_HEADER: csrf}
    )

    assert 201 == response.status_code


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/api/v1/products/{id}"),
        ("PUT", "/api/v1/records/product/{id}/watch"),
        ("DELETE", "/api/v1/records/product/{id}/watch"),
    ],
)
def test_every_unsafe_method_needs_the_csrf_header(container, anonymous, method, path):
    factories.admin(container)
    signed_in(container, anonymous)
    product_id = factories.product(container)

    response = anonymous.request(
        method, path.format(id=product_id), json={"version": 1, "name": "Forged"}
    )

    assert 403 == response.status_code


def test_a_tampered_session_cookie_is_401(container, anonymous):
    factories.admin(container)
    signed_in(container, anonymous)
    anonymous.cookies.set(SESSION_COOKIE, anonymous.cookies[SESSION_COOKIE] + "x")

    assert_unauthorized(anonymous.get("/api/v1/me"))


def test_an_expired_session_is_401(container, anonymous):
    factories.admin(container)
    signed_in(container, anonymous, max_age_s=-1)

    assert_unauthorized(anonymous.get("/api/v1/me"))


def test_a_token_wins_over_a_session_cookie_and_needs_no_csrf(container):
    client = factories.api(container)
    signed_in(container, client)

    response = client.post("/api/v1/products", json={"name": "Scripted"})

    assert 201 == response.status_code


def test_only_admins_add_users(container):
    product_id = factories.product(container)
    leader = factories.user(container, Role.PRODUCT_LEADER, product_id)

    refused = factories.api(container, leader).post(
        "/api/v1/users", json={"username": "eve", "password": factories.PASSWORD}
    )
    added = factories.api(container).post(
        "/api/v1/users", json={"username": "Eve", "password": factories.PASSWORD}
    )

    assert 403 == refused.status_code
    assert (201, "eve") == (added.status_code, added.json()["username"])
    assert {"password", "password_hash"}.isdisjoint(added.json())


def test_a_taken_username_is_409_and_a_short_password_422(container):
    client = factories.api(container)

    taken = client.post("/api/v1/users", json={"username": "admin", "password": factories.PASSWORD})
    short = client.post("/api/v1/users", json={"username": "newbie", "password": "short"})

    assert (409, "username") == (taken.status_code, taken.json()["errors"][0]["field"])
    assert (422, "password") == (short.status_code, short.json()["errors"][0]["field"])
