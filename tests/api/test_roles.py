"""The role matrix: every API route, called by every role, allows exactly the decision rights."""

from __future__ import annotations

import httpx
import pytest

from tests import factories
from tests.api import world
from tests.api.matrix import CASES, PREFIX
from tests.api.routing import api_routes
from valueloop.entrypoints.app import create_app


def outcome(response: httpx.Response) -> str:
    """ "allow" for 2xx, the status for a refusal, and the detail for anything unexpected."""
    if 200 <= response.status_code < 300:
        return "allow"
    if response.status_code in (403, 404, 422):
        return str(response.status_code)
    return f"{response.status_code}: {response.text[:300]}"


def test_the_matrix_covers_every_api_route(container):
    routes = api_routes(create_app(container))
    covered = {(case.method, PREFIX + case.route) for case in CASES}

    missing = sorted(routes - covered)
    stale = sorted(covered - routes)

    assert [] == missing, "add these routes to tests/api/matrix.py"
    assert [] == stale, "these routes no longer exist"


@pytest.mark.parametrize("role", world.ROLES)
def test_every_route_allows_exactly_the_roles_holding_its_decision_right(container, role):
    w = world.build(container, role)
    who = factories.principal(container, w.who.username)

    expected = {case.name: case.expected(who, w.product) for case in CASES}
    actual = {case.name: outcome(case.call(w)) for case in CASES}

    assert expected == actual


def test_a_stakeholder_reads_and_comments_but_does_not_create_items(container):
    w = world.build(container, "stakeholder")

    read = w.client.get(f"/api/v1/products/{w.product}/items")
    comment = w.client.post(f"/api/v1/records/item/{w.item}/comments", json={"body": "+1"})
    create = w.client.post(f"/api/v1/products/{w.product}/items", json={"title": "Mine"})

    assert (200, 201, 403) == (read.status_code, comment.status_code, create.status_code)


def test_a_contributor_creates_and_estimates_items_but_does_not_rank(container):
    w = world.build(container, "contributor")

    create = w.client.post(
        f"/api/v1/products/{w.product}/items", json={"title": "T", "estimate": 2}
    )
    move = w.client.post(f"/api/v1/items/{w.item}/move", json={"after_id": w.item2})

    assert (201, 2.0) == (create.status_code, create.json()["estimate"])
    assert 403 == move.status_code


def test_a_product_owner_ranks_but_does_not_estimate(container):
    w = world.build(container, "product_owner")
    version = w.version("items", w.item)

    move = w.client.post(f"/api/v1/items/{w.item}/move", json={"after_id": w.item2})
    estimate = w.client.patch(f"/api/v1/items/{w.item}", json={"version": version, "estimate": 8})

    assert (200, 403) == (move.status_code, estimate.status_code)
    assert "may not estimate" in estimate.json()["detail"]


def test_a_non_member_gets_404_on_the_products_records_and_no_hint_they_exist(container):
    w = world.build(container, "role_elsewhere")

    seen = w.client.get(f"/api/v1/items/{w.item}")
    missing = w.client.get("/api/v1/items/999999")

    assert (404, 404) == (seen.status_code, missing.status_code)
    assert missing.json()["detail"].replace("999999", str(w.item)) == seen.json()["detail"]


def test_a_non_member_sees_no_products_in_the_list(container):
    w = world.build(container, "no_role")

    listed = w.client.get("/api/v1/products").json()

    assert ([], 0) == (listed["items"], listed["total"])
