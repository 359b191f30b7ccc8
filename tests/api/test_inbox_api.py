"""The inbox over HTTP: triage by PATCH, search and filters, status counts, bulk actions."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api import world
from valueloop.domain.roles import Role
from valueloop.services import feedback


@pytest.fixture
def w(container):
    return world.build(container)


def ids(response):
    assert 200 == response.status_code, response.text
    return [n["id"] for n in response.json()["items"]]


def test_a_patch_triages_a_note_and_the_inbox_tabs_count_it(w):
    note = w.client.get(f"/api/v1/feedback/{w.note}").json()
    url = "/api/v1/feedback/status-counts"
    before = w.client.get(url, params={"product_id": w.product}).json()

    moved = w.client.patch(
        f"/api/v1/feedback/{w.note}", json={"version": note["version"], "status": "processed"}
    )
    after = w.client.get(url, params={"product_id": w.product}).json()
    bad = w.client.patch(
        f"/api/v1/feedback/{w.note}", json={"version": note["version"] + 1, "status": "done"}
    )

    assert ("new", "processed") == (note["status"], moved.json()["status"])
    assert (-1, 1, 0) == tuple(after[k] - before[k] for k in ("new", "processed", "archived"))
    assert 422 == bad.status_code


def test_a_hand_edit_is_shown_on_the_note_but_is_not_itself_news_in_its_history(w):
    note = w.client.get(f"/api/v1/feedback/{w.note}").json()
    triaged = w.client.patch(
        f"/api/v1/feedback/{w.note}", json={"version": note["version"], "status": "processed"}
    ).json()
    edited = w.client.patch(
        f"/api/v1/feedback/{w.note}",
        json={"version": triaged["version"], "text": "Exports time out after 30 s"},
    ).json()
    history = w.client.get(f"/api/v1/records/feedback/{w.note}/history").json()

    assert (None, None) == (note["edited_at"], triaged["edited_at"])
    assert edited["edited_at"] is not None
    fields = [set(entry["changes"]) for entry in history if entry["action"] == "update"]
    assert {"text"} in fields
    assert not any("edited_at" in changed for changed in fields)


def test_search_and_filters_reach_the_inbox_and_odd_queries_are_not_errors(w):
    other = feedback.record_note(
        w.container.uow(), w.boss, {"text": "Dark mode please", "product_id": w.product}
    ).id

    assert [w.note] == ids(w.client.get("/api/v1/feedback", params={"q": "sso"}))
    unlinked = ids(w.client.get("/api/v1/feedback", params={"linked": "false"}))
    assert other in unlinked
    assert w.note not in unlinked
    assert [w.note] == ids(w.client.get("/api/v1/feedback", params={"segment": "enterprise"}))
    assert [] == ids(w.client.get("/api/v1/feedback", params={"assignee": "me"}))
    for odd in ('"', "sso OR", "-", "(((", "a:b", "日本"):
        assert 200 == w.client.get("/api/v1/feedback", params={"q": odd}).status_code
    assert 422 == w.client.get("/api/v1/feedback", params={"assignee": "bob"}).status_code


def test_a_bulk_action_with_one_note_the_user_cannot_change_changes_nothing(container):
    w = world.build(container, "product_manager")
    hidden = feedback.record_note(
        container.uow(), w.boss, {"text": "Elsewhere", "product_id": w.elsewhere}
    ).id
    mine = feedback.record_note(
        container.uow(), w.boss, {"text": "Mine too", "product_id": w.product}
    ).id
    url = "/api/v1/feedback/bulk"

    refused = w.client.post(url, json={"note_ids": [w.note, mine, hidden], "action": "archive"})
    still_new = ids(w.client.get("/api/v1/feedback", params={"status": "new"}))
    done = w.client.post(url, json={"note_ids": [w.note, mine], "action": "archive"})

    assert 404 == refused.status_code
    assert {w.note, mine} <= set(still_new)
    assert (200, 2) == (done.status_code, done.json()["changed"])
    assert {"archived"} == {n["status"] for n in done.json()["notes"]}


def test_a_stakeholder_elsewhere_cannot_bulk_change_a_note_they_can_only_read(container):
    w = world.build(container, "product_manager")
    hidden = feedback.record_note(
        container.uow(), w.boss, {"text": "Elsewhere", "product_id": w.elsewhere}
    ).id
    from valueloop.services import accounts

    accounts.set_role(container.uow(), w.boss, w.elsewhere, w.who.username, Role.STAKEHOLDER)

    refused = w.client.post(
        "/api/v1/feedback/bulk", json={"note_ids": [w.note, hidden], "action": "archive"}
    )

    assert 403 == refused.status_code
    assert "new" == w.client.get(f"/api/v1/feedback/{w.note}").json()["status"]


def test_a_note_is_linked_to_an_opportunity_listed_and_unlinked(w):
    opportunity = w.extra["opportunity_id"]
    url = f"/api/v1/feedback/{w.note}/opportunity-links"

    made = w.client.post(url, json={"opportunity_id": opportunity, "importance": 3})
    not_in_note = w.client.post(
        url, json={"opportunity_id": opportunity, "importance": 1, "highlight": "nope"}
    )
    listed = w.client.get(url).json()
    gone = w.client.delete(f"/api/v1/opportunity-links/{made.json()['id']}")

    assert 201 == made.status_code
    assert "highlight" == not_in_note.json()["errors"][0]["field"]
    assert [3, 2] == sorted((lk["importance"] for lk in listed), reverse=True)
    assert 204 == gone.status_code
    assert 1 == len(w.client.get(url).json())


def test_assigning_to_someone_without_a_role_on_the_product_is_refused(w):
    outsider = factories.user(w.container, Role.PRODUCT_MANAGER, w.elsewhere)

    response = w.client.post(
        "/api/v1/feedback/bulk",
        json={"note_ids": [w.note], "action": "assign", "assignee_id": outsider.user_id},
    )

    assert (422, "assignee_id") == (response.status_code, response.json()["errors"][0]["field"])
