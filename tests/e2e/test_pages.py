"""The pages over HTTP without a browser: sign-in, CSRF, redirects, escaping and error pages."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from tests.e2e.page_client import client_for, csrf_field, signed_in
from valueloop.domain.collaboration import RecordType
from valueloop.domain.roles import Role
from valueloop.entrypoints.http import SESSION_COOKIE
from valueloop.services import (
    backlog,
    collaboration,
    customers,
    decisions,
    feedback,
    goals,
    products,
)

XSS = "<script>alert('x')</script>"


def test_a_page_asked_for_without_a_session_redirects_to_sign_in_and_back(container):
    factories.admin(container)
    client = client_for(container)

    answer = client.get("/products/7/backlog?status=all")

    assert 303 == answer.status_code
    assert "/login?next=%2Fproducts%2F7%2Fbacklog%3Fstatus%3Dall" == answer.headers["location"]


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_sign_in_never_redirects_off_the_site(container, target):
    factories.admin(container)
    client = client_for(container)
    token = csrf_field(client.get("/login").text)

    answer = client.post(
        "/login",
        data={
            "username": "admin",
            "password": factories.PASSWORD,
            "csrf_token": token,
            "next": target,
        },
    )

    assert 303 == answer.status_code
    assert "/" == answer.headers["location"]


def test_the_session_cookie_is_signed_http_only_and_same_site_lax(container):
    factories.admin(container)
    client = client_for(container)
    token = csrf_field(client.get("/login").text)

    answer = client.post(
        "/login", data={"username": "admin", "password": factories.PASSWORD, "csrf_token": token}
    )

    cookie = next(
        h for h in answer.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert f"Max-Age={container.settings.session_max_age_s}" in cookie
    assert "Secure" not in cookie


def test_a_wrong_password_shows_the_form_again_with_a_message(container):
    factories.admin(container)
    client = client_for(container)
    token = csrf_field(client.get("/login").text)

    answer = client.post(
        "/login", data={"username": "admin", "password": "not it at all", "csrf_token": token}
    )

    assert 401 == answer.status_code
    assert "Wrong username or password" in answer.text
    assert SESSION_COOKIE not in answer.cookies


def test_a_sign_in_form_without_its_token_is_refused(container):
    factories.admin(container)
    client = client_for(container)
    client.get("/login")

    answer = client.post(
        "/login", data={"username": "admin", "password": factories.PASSWORD, "csrf_token": "x"}
    )

    assert 401 == answer.status_code
    assert "expired" in answer.text


def test_a_form_post_without_the_csrf_token_is_refused_and_changes_nothing(container):
    client, _ = signed_in(container)

    answer = client.post("/products", data={"name": "Forged"})

    assert 403 == answer.status_code
    assert "reload the page" in answer.text
    assert 0 == products.list_products(container.uow(), factories.admin(container)).total


def test_signing_out_ends_the_session(container):
    client, token = signed_in(container)

    answer = client.post("/logout", data={"csrf_token": token})

    assert 303 == answer.status_code
    assert 303 == client.get("/products").status_code


def test_the_first_visit_to_an_empty_workspace_creates_the_admin(container):
    client = client_for(container)
    assert "/setup" == client.get("/login").headers["location"]
    token = csrf_field(client.get("/setup").text)

    answer = client.post(
        "/setup",
        data={
            "username": "founder",
            "password": factories.PASSWORD,
            "password_again": factories.PASSWORD,
            "csrf_token": token,
        },
    )

    assert "/products" == answer.headers["location"]
    assert 200 == client.get("/products").status_code
    assert "/login" == client.get("/setup").headers["location"]


def test_the_rest_api_accepts_the_page_session_with_its_csrf_header(container):
    client, token = signed_in(container)
    product_id = factories.product(container)
    boss = factories.admin(container)
    first = backlog.create_item(container.uow(), boss, product_id, {"title": "one"})
    second = backlog.create_item(container.uow(), boss, product_id, {"title": "two"})

    refused = client.post(f"/api/v1/items/{second.id}/move", json={"before_id": first.id})
    moved = client.post(
        f"/api/v1/items/{second.id}/move",
        json={"before_id": first.id},
        headers={"X-CSRF-Token": token},
    )

    assert 403 == refused.status_code
    assert 200 == moved.status_code


def test_plotly_is_served_from_the_installed_package(container):
    answer = client_for(container).get("/static/vendor/plotly.min.js")

    assert 200 == answer.status_code
    assert answer.headers["content-type"].startswith("text/javascript")
    assert len(answer.content) > 1_000_000


def test_an_unknown_page_is_an_html_404_without_a_trace(container):
    client, _ = signed_in(container)

    answer = client.get("/items/424242")

    assert 404 == answer.status_code
    assert "text/html" in answer.headers["content-type"]
    assert "Page not found" in answer.text
    assert "backlog item 424242 does not exist" in answer.text
    assert "Traceback" not in answer.text


def test_a_stakeholder_sees_no_edit_forms_and_a_forbidden_edit_explains_why(container):
    product_id = factories.product(container, name="Orbit")
    factories.user(container, Role.STAKEHOLDER, product_id, name="stake")
    client, token = signed_in(container, "stake")

    page = client.get(f"/products/{product_id}")
    answer = client.post(
        f"/products/{product_id}", data={"csrf_token": token, "version": "1", "name": "Mine"}
    )

    assert "Edit product" not in page.text
    assert 403 == answer.status_code
    assert "stake may not edit product" in answer.text


def test_an_invalid_form_is_shown_again_with_the_message_and_what_was_typed(container):
    client, token = signed_in(container)
    product_id = factories.product(container)
    goal = goals.create_goal(
        container.uow(), factories.admin(container), product_id, {"title": "G"}
    )

    answer = client.post(
        f"/goals/{goal.id}/measures",
        data={"csrf_token": token, "name": "Churn", "baseline": "5", "target": "lots"},
    )

    assert 422 == answer.status_code
    assert "Target must be a number" in answer.text
    assert 'value="Churn"' in answer.text


def _workspace_full_of_markup(container):
    """Every kind of record, each named with a script tag, linked together."""
    boss = factories.admin(container)
    uow = container.uow
    product_id = factories.product(container, name=XSS, vision=XSS)
    other = factories.user(container, Role.PRODUCT_MANAGER, product_id, name="pm")
    root = goals.create_goal(uow(), boss, product_id, {"title": XSS})
    child = goals.create_goal(
        uow(), boss, product_id, {"title": XSS, "level": "tactical", "parent_id": root.id}
    )
    measure = goals.add_measure(
        uow(), boss, child.id, {"name": XSS, "unit": XSS, "baseline": 1.0, "target": 2.0}
    )
    goals.record_observation(uow(), boss, measure.id, dt.date(2025, 1, 2), 1.5, note=XSS)
    customer = customers.create_customer(
        uow(), boss, {"name": XSS, "segment": XSS, "plan": XSS, "arr": 1000.0}
    )
    note = feedback.record_note(
        uow(), boss, {"text": XSS, "customer_id": customer.id, "product_id": product_id}
    )
    item = backlog.create_item(uow(), boss, product_id, {"title": XSS, "description": XSS})
    feedback.link_note(uow(), boss, note.id, item.id, 3, "alert")
    decision = decisions.record_decision(
        uow(), boss, product_id, {"title": XSS, "decision": XSS, "options": [XSS]}
    )
    collaboration.add_comment(uow(), other, RecordType.ITEM, item.id, f"@admin {XSS}")
    return {
        "product": product_id,
        "goal": child.id,
        "measure": measure.id,
        "customer": customer.id,
        "note": note.id,
        "item": item.id,
        "decision": decision.id,
    }


def test_every_page_renders_and_escapes_what_people_typed(container):
    ids = _workspace_full_of_markup(container)
    client, _ = signed_in(container)
    pages = [
        "/products",
        f"/products/{ids['product']}",
        f"/products/{ids['product']}/goals",
        f"/goals/{ids['goal']}",
        f"/measures/{ids['measure']}",
        f"/products/{ids['product']}/backlog",
        f"/products/{ids['product']}/backlog?status=all&type=feature&q=script&page=2",
        f"/items/{ids['item']}",
        "/feedback",
        f"/feedback?customer_id={ids['customer']}&source=manual&q=alert",
        f"/feedback/{ids['note']}",
        "/customers",
        "/customers?sort=-arr&status=active",
        f"/customers/{ids['customer']}",
        f"/products/{ids['product']}/decisions",
        f"/decisions/{ids['decision']}",
        "/notifications",
        "/notifications?unread=1",
    ]

    for path in pages:
        answer = client.get(path)
        assert 200 == answer.status_code, path
        assert XSS not in answer.text, path
        assert "<script>alert" not in answer.text, path

    assert "&lt;script&gt;" in client.get(f"/items/{ids['item']}").text
    assert "mentioned you" in client.get("/notifications").text
