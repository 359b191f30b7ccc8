"""An item's team and public fields: part of the item resource in the API and edited on the item
page; lane, release and ship date are shown but changed elsewhere."""

from __future__ import annotations

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.domain.backlog import Lane
from valueloop.services import backlog, releases, roadmap


def test_the_item_resource_carries_team_public_fields_and_read_only_plan(container):
    boss = factories.admin(container)
    product = factories.product(container)
    api = factories.api(container)
    made = api.post(
        f"/api/v1/products/{product}/items",
        json={"title": "SSO", "team": "Core", "public": True, "public_title": "Single sign-on"},
    ).json()
    roadmap.move_to_lane(container.uow(), boss, made["id"], Lane.NEXT)
    release = releases.create_release(container.uow(), boss, product, {"name": "Spring"}).id
    releases.set_items(container.uow(), boss, release, [made["id"]], [])

    patched = api.patch(
        f"/api/v1/items/{made['id']}",
        json={"version": made["version"], "team": "Platform", "public_description": "Okta too."},
    )
    got = api.get(f"/api/v1/items/{made['id']}").json()

    assert 200 == patched.status_code, patched.text
    expected = {
        "team": "Platform",
        "public": True,
        "public_title": "Single sign-on",
        "public_description": "Okta too.",
        "lane": "next",
        "release_id": release,
        "shipped_on": None,
    }
    assert expected == {k: got[k] for k in expected}
    assert got["lane_rank"]


def test_the_lane_cannot_be_patched_on_the_item(container):
    product = factories.product(container)
    api = factories.api(container)
    made = api.post(f"/api/v1/products/{product}/items", json={"title": "SSO"}).json()

    answer = api.patch(
        f"/api/v1/items/{made['id']}", json={"version": made["version"], "lane": "now"}
    )

    assert 422 == answer.status_code


def test_the_item_page_edits_team_and_public_fields(container):
    boss = factories.admin(container)
    product = factories.product(container)
    item = backlog.create_item(container.uow(), boss, product, {"title": "SSO"})
    client, token = signed_in(container)

    answer = client.post(
        f"/items/{item.id}",
        data={
            "csrf_token": token,
            "version": item.version,
            "title": "SSO",
            "team": "Core",
            "public_shown": "1",
            "public": "on",
            "public_title": "Single sign-on <beta>",
            "public_description": "",
        },
    )
    saved = backlog.get_item(container.uow(), boss, item.id)
    page = client.get(f"/items/{item.id}").text

    assert 303 == answer.status_code
    assert ("Core", True, "Single sign-on <beta>") == (
        saved.team,
        saved.public,
        saved.public_title,
    )
    assert "Team: Core" in page
    assert 'name="public" checked' in page
    assert "Single sign-on &lt;beta&gt;" in page


def test_unticking_public_on_the_item_page_takes_it_off_the_public_roadmap(container):
    boss = factories.admin(container)
    product = factories.product(container)
    item = backlog.create_item(container.uow(), boss, product, {"title": "SSO", "public": True})
    client, token = signed_in(container)

    client.post(
        f"/items/{item.id}",
        data={"csrf_token": token, "version": item.version, "title": "SSO", "public_shown": "1"},
    )

    assert backlog.get_item(container.uow(), boss, item.id).public is False
