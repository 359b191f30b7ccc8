"""Pagination, filters, search and sorting on the list endpoints."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api import world
from valueloop.domain.roles import Role
from valueloop.services import backlog, customers, decisions, feedback


@pytest.fixture
def w(container) -> world.World:
    return world.build(container, areas=False)


def titles(response) -> list[str]:
    assert 200 == response.status_code, response.text
    return [
        row.get("title") or row.get("name") or row.get("text") for row in response.json()["items"]
    ]


def test_a_page_carries_its_items_the_total_and_its_window(w):
    for n in range(7):
        backlog.create_item(w.container.uow(), w.boss, w.product, {"title": f"Extra {n}"})

    page = w.client.get(f"/api/v1/products/{w.product}/items", params={"limit": 4, "offset": 2})

    body = page.json()
    assert (10, 4, 2) == (body["total"], body["limit"], body["offset"])
    assert ["Dark mode", "Extra 0", "Extra 1", "Extra 2"] == titles(page)


def test_walking_the_pages_visits_every_item_once_in_rank_order(w):
    for n in range(9):
        backlog.create_item(w.container.uow(), w.boss, w.product, {"title": f"Extra {n}"})
    everything = titles(w.client.get(f"/api/v1/products/{w.product}/items", params={"limit": 500}))

    walked: list[str] = []
    for offset in range(0, 12, 5):
        params = {"limit": 5, "offset": offset}
        walked += titles(w.client.get(f"/api/v1/products/{w.product}/items", params=params))

    assert everything == walked
    assert 12 == len(walked)


def test_a_page_past_the_end_is_empty_but_keeps_the_total(w):
    page = w.client.get(f"/api/v1/products/{w.product}/items", params={"offset": 100}).json()

    assert ([], 3) == (page["items"], page["total"])


def test_the_default_page_size_is_fifty(w):
    assert 50 == w.client.get(f"/api/v1/products/{w.product}/items").json()["limit"]


def test_items_filter_by_several_statuses_and_a_type(w):
    uow = w.container.uow
    backlog.create_item(uow(), w.boss, w.product, {"title": "Crash", "type": "bug"})
    backlog.create_item(uow(), w.boss, w.product, {"title": "Spike", "status": "ready"})
    backlog.create_item(uow(), w.boss, w.product, {"title": "Old bug", "type": "bug"})
    backlog.update_item(uow(), w.boss, w.item, None, {"status": "in_progress"})
    url = f"/api/v1/products/{w.product}/items"

    assert ["Single sign-on", "Spike"] == titles(
        w.client.get(url, params=[("status", "ready"), ("status", "in_progress")])
    )
    assert ["Crash", "Old bug"] == titles(w.client.get(url, params={"type": "bug"}))
    assert [] == titles(w.client.get(url, params={"type": "bug", "status": "done"}))


def test_items_filter_by_goal_and_owner(w):
    uow = w.container.uow
    owner = factories.user(w.container, Role.CONTRIBUTOR, w.product)
    backlog.create_item(uow(), w.boss, w.product, {"title": "Goal work", "goal_id": w.goal})
    backlog.create_item(uow(), w.boss, w.product, {"title": "Owned", "owner_id": owner.user_id})
    url = f"/api/v1/products/{w.product}/items"

    assert ["Goal work"] == titles(w.client.get(url, params={"goal_id": w.goal}))
    assert ["Owned"] == titles(w.client.get(url, params={"owner_id": owner.user_id}))


def test_items_search_title_and_description_case_insensitively(w):
    uow = w.container.uow
    backlog.create_item(uow(), w.boss, w.product, {"title": "Reports", "description": "SAML too"})
    url = f"/api/v1/products/{w.product}/items"

    assert ["Reports"] == titles(w.client.get(url, params={"q": "saml"}))
    assert ["Single sign-on"] == titles(w.client.get(url, params={"q": "SIGN"}))
    assert [] == titles(w.client.get(url, params={"q": "100%"}))


def test_items_sort_by_title_or_newest_first(w):
    url = f"/api/v1/products/{w.product}/items"

    assert ["Audit export", "Dark mode", "Single sign-on"] == titles(
        w.client.get(url, params={"sort": "title"})
    )
    assert ["Dark mode", "Audit export", "Single sign-on"] == titles(
        w.client.get(url, params={"sort": "-created_at"})
    )


def test_moving_an_item_changes_the_rank_order(w):
    url = f"/api/v1/products/{w.product}/items"

    w.client.post(f"/api/v1/items/{w.doomed_item}/move", json={"after_id": None})
    w.client.post(f"/api/v1/items/{w.item}/move", json={"before_id": w.doomed_item})

    assert ["Single sign-on", "Dark mode", "Audit export"] == titles(w.client.get(url))


def test_customers_filter_by_segment_plan_and_status_and_sort_by_arr(w):
    uow = w.container.uow
    for name, segment, plan, status, arr in [
        ("Initech", "smb", "basic", "active", 300),
        ("Hooli", "enterprise", "gold", "churned", 9000),
        ("Umbrella", "enterprise", "gold", "active", 5000),
    ]:
        customers.create_customer(
            uow(),
            w.boss,
            {"name": name, "segment": segment, "plan": plan, "status": status, "arr": arr},
        )
    url = "/api/v1/customers"

    assert ["Globex", "Hooli", "Umbrella"] == titles(
        w.client.get(url, params={"segment": "enterprise"})
    )
    assert ["Hooli", "Umbrella"] == titles(w.client.get(url, params={"plan": "gold"}))
    assert ["Hooli"] == titles(w.client.get(url, params={"status": "churned"}))
    assert ["Hooli", "Umbrella", "Globex", "Initech"] == titles(
        w.client.get(url, params={"sort": "-arr"})
    )
    assert ["Umbrella"] == titles(w.client.get(url, params={"q": "UMB"}))


def test_feedback_filters_by_source_customer_and_product_newest_first(w):
    uow = w.container.uow
    feedback.record_note(
        uow(), w.boss, {"text": "Call notes", "source": "sales", "received_on": "2024-05-01"}
    )
    feedback.record_note(
        uow(),
        w.boss,
        {"text": "Other product", "product_id": w.elsewhere, "received_on": "2023-01-01"},
    )
    url = "/api/v1/feedback"

    assert ["Call notes"] == titles(w.client.get(url, params={"source": "sales"}))
    assert ["We need SSO badly"] == titles(w.client.get(url, params={"customer_id": w.customer}))
    assert ["Other product"] == titles(w.client.get(url, params={"product_id": w.elsewhere}))
    assert "Other product" == titles(w.client.get(url))[-1]


def test_members_see_the_feedback_of_their_products_and_the_workspace_wide_only(container):
    w = world.build(container, "stakeholder", areas=False)
    uow = container.uow
    feedback.record_note(uow(), w.boss, {"text": "Workspace-wide"})
    feedback.record_note(uow(), w.boss, {"text": "Hidden", "product_id": w.elsewhere})

    visible = titles(w.client.get("/api/v1/feedback", params={"sort": "id"}))
    elsewhere = w.client.get("/api/v1/feedback", params={"product_id": w.elsewhere}).json()

    assert ["We need SSO badly", "Workspace-wide"] == visible
    assert ([], 0) == (elsewhere["items"], elsewhere["total"])


def test_decisions_are_listed_newest_first_and_searched(w):
    decisions.record_decision(
        w.container.uow(),
        w.boss,
        w.product,
        {"title": "Pricing", "decision": "Raise the price", "rationale": "Costs went up"},
    )
    url = f"/api/v1/products/{w.product}/decisions"

    assert ["Pricing", "SSO first"] == titles(w.client.get(url))
    assert ["Pricing"] == titles(w.client.get(url, params={"q": "costs"}))


def test_products_are_listed_by_name_and_searched_in_the_vision(w):
    w.client.post("/api/v1/products", json={"name": "Zeta", "vision": "Fewer meetings"})
    url = "/api/v1/products"

    assert ["Acme", "Elsewhere", "Zeta"] == titles(w.client.get(url))
    assert ["Zeta"] == titles(w.client.get(url, params={"q": "meetings"}))
    assert (["Elsewhere"], 3) == (
        titles(w.client.get(url, params={"limit": 1, "offset": 1})),
        w.client.get(url, params={"limit": 1}).json()["total"],
    )


def test_unread_notifications_can_be_listed_alone(container):
    w = world.build(container, "stakeholder", areas=False)
    boss = factories.api(container)
    for n in range(3):
        boss.post(
            f"/api/v1/records/item/{w.item}/comments", json={"body": f"@{w.who.username} {n}"}
        )
    first = w.client.get("/api/v1/notifications").json()["items"][-1]["id"]
    w.client.post("/api/v1/notifications/read", json={"ids": [first]})

    unread = w.client.get("/api/v1/notifications", params={"unread": True}).json()
    everything = w.client.get("/api/v1/notifications", params={"limit": 2}).json()

    assert 2 == unread["total"]
    assert (3, 2) == (everything["total"], len(everything["items"]))
