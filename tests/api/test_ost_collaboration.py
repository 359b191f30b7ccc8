"""Opportunities, solutions and assumption tests take comments, watchers and show their history,
through HTTP, like the other core records."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api import world
from tests.api.areas import ost
from valueloop.domain.roles import Role
from valueloop.services.changes import now


@pytest.fixture
def w(container) -> world.World:
    built = world.build(container, "product_manager", areas=False)
    built.extra.update(ost.setup(built))
    return built


def notifications(container, who) -> list[dict]:
    return factories.api(container, who).get("/api/v1/notifications").json()["items"]


def test_an_opportunity_takes_comments_listed_oldest_first(w):
    url = f"/api/v1/records/opportunity/{w.extra['opportunity_id']}/comments"

    first = w.client.post(url, json={"body": "Seen this at three customers"})
    w.client.post(url, json={"body": "And a fourth"})
    listed = w.client.get(url).json()

    assert 201 == first.status_code
    assert ("opportunity", w.extra["opportunity_id"]) == (
        first.json()["record_type"],
        first.json()["record_id"],
    )
    assert ["Seen this at three customers", "And a fourth"] == [c["body"] for c in listed]


def test_watching_an_opportunity_can_be_started_and_stopped(w):
    url = f"/api/v1/records/opportunity/{w.extra['loose_opportunity_id']}/watch"

    before = w.client.get(url).json()
    started = w.client.put(url).json()
    stopped = w.client.delete(url).json()
    after = w.client.get(url).json()

    assert [False, True, False, False] == [x["watching"] for x in (before, started, stopped, after)]


def test_the_creator_of_an_opportunity_and_of_a_solution_watches_it(w):
    o = w.client.post(
        f"/api/v1/products/{w.product}/opportunities", json={"title": "Exports are slow"}
    ).json()
    s = w.client.post(f"/api/v1/opportunities/{o['id']}/solutions", json={"title": "Cache"}).json()

    watching = [
        w.client.get(f"/api/v1/records/{kind}/{record_id}/watch").json()["watching"]
        for kind, record_id in (("opportunity", o["id"]), ("solution", s["id"]))
    ]

    assert [True, True] == watching


def test_an_opportunitys_history_shows_its_creation_edits_and_moves_newest_first(w):
    o = w.extra["loose_opportunity_id"]
    w.client.patch(
        f"/api/v1/opportunities/{o}",
        json={"version": w.version("opportunities", o), "title": "Escalations vanish"},
    )
    w.client.post(f"/api/v1/opportunities/{o}/move", json={"parent_id": w.extra["opportunity_id"]})

    entries = w.client.get(f"/api/v1/records/opportunity/{o}/history").json()

    assert ["move", "update", "create"] == [e["action"] for e in entries]
    assert {"title": ["Escalations get lost", "Escalations vanish"]} == entries[1]["changes"]
    assert [None, w.extra["opportunity_id"]] == entries[0]["changes"]["parent_id"]


def test_audit_rows_written_before_opportunities_were_watchable_appear_in_the_history(w):
    o = w.extra["doomed_opportunity_id"]
    with w.container.uow() as uow:  # as services wrote them with a plain "opportunity"
        uow.audit.add(
            {
                "actor_id": w.boss.user_id,
                "at": now(),
                "record_type": "opportunity",
                "record_id": o,
                "action": "assess",
                "changes": {"note": "old row"},
            }
        )
        uow.commit()

    actions = [e["action"] for e in w.client.get(f"/api/v1/records/opportunity/{o}/history").json()]

    assert ["assess", "create"] == actions


def test_solution_and_assumption_test_histories_record_their_changes(w):
    s, t = w.extra["solution_id"], w.extra["test_id"]
    w.client.patch(
        f"/api/v1/solutions/{s}",
        json={"version": w.version("solutions", s), "description": "Warn an hour before"},
    )
    w.client.patch(
        f"/api/v1/assumption-tests/{t}",
        json={"version": w.version("assumption_tests", t), "result": "passed"},
    )

    solution = w.client.get(f"/api/v1/records/solution/{s}/history").json()
    test = w.client.get(f"/api/v1/records/assumption_test/{t}/history").json()

    assert ["update", "create"] == [e["action"] for e in solution]
    assert ["update", "create"] == [e["action"] for e in test]
    assert ["planned", "passed"] == test[0]["changes"]["result"]


def test_a_watcher_of_an_opportunity_is_told_when_someone_else_edits_it(w):
    o = w.extra["opportunity_id"]
    wendy = factories.user(w.container, Role.STAKEHOLDER, w.product, name="wendy")
    factories.api(w.container, wendy).put(f"/api/v1/records/opportunity/{o}/watch")

    w.client.patch(
        f"/api/v1/opportunities/{o}",
        json={"version": w.version("opportunities", o), "status": "exploring"},
    )

    (note,) = notifications(w.container, wendy)
    assert ("change", "opportunity", o) == (note["kind"], note["record_type"], note["record_id"])
    assert (
        f"{w.who.username} changed status of opportunity “Leads can't see breaches coming”"
        == (note["message"])
    )
    assert [] == notifications(w.container, w.who)  # nobody hears of their own edit


def test_a_watcher_of_a_solution_hears_of_comments_and_of_an_assumption_test_result(w):
    s, t = w.extra["solution_id"], w.extra["test_id"]
    vera = factories.user(w.container, Role.STAKEHOLDER, w.product, name="vera")
    watcher = factories.api(w.container, vera)
    watcher.put(f"/api/v1/records/solution/{s}/watch")
    watcher.put(f"/api/v1/records/assumption_test/{t}/watch")

    w.client.post(f"/api/v1/records/solution/{s}/comments", json={"body": "Try it on nights"})
    w.client.patch(
        f"/api/v1/assumption-tests/{t}",
        json={"version": w.version("assumption_tests", t), "result": "failed"},
    )

    messages = sorted(n["message"] for n in notifications(w.container, vera))
    assert [
        f"{w.who.username} changed result of assumption test “Leads act on a warning”",
        f"{w.who.username} commented on solution “Breach warnings”",
    ] == messages


def test_deleting_an_opportunity_tells_the_watchers_of_everything_removed_with_it(w):
    root, child = w.extra["opportunity_id"], w.extra["child_opportunity_id"]
    s, t = w.extra["solution_id"], w.extra["test_id"]
    vera = factories.user(w.container, Role.STAKEHOLDER, w.product, name="vera")
    watcher = factories.api(w.container, vera)
    for kind, record in (("opportunity", child), ("solution", s), ("assumption_test", t)):
        watcher.put(f"/api/v1/records/{kind}/{record}/watch")

    stale = w.client.delete(
        f"/api/v1/opportunities/{root}", params={"version": w.version("opportunities", root) + 1}
    )
    told_before = notifications(w.container, vera)
    gone = w.client.delete(
        f"/api/v1/opportunities/{root}", params={"version": w.version("opportunities", root)}
    )

    assert (409, []) == (stale.status_code, told_before)
    assert 204 == gone.status_code
    assert [
        f"{w.who.username} deleted assumption test “Leads act on a warning”",
        f"{w.who.username} deleted opportunity “Breaches happen at night”",
        f"{w.who.username} deleted solution “Breach warnings”",
    ] == sorted(n["message"] for n in notifications(w.container, vera))
    with w.container.uow() as uow:
        trail = uow.audit.list({"record_type": "assumption_test", "record_id": t}).items
    assert "delete" in [e.action for e in trail]


def test_a_mention_on_an_opportunity_reaches_only_people_who_can_see_it(w):
    bob = factories.user(w.container, Role.CONTRIBUTOR, w.product, name="bob")
    olga = factories.user(w.container, Role.PRODUCT_LEADER, w.elsewhere, name="olga")
    o = w.extra["opportunity_id"]

    w.client.post(f"/api/v1/records/opportunity/{o}/comments", json={"body": "@bob @olga look"})

    (note,) = notifications(w.container, bob)
    assert (
        f"{w.who.username} mentioned you on opportunity “Leads can't see breaches coming”"
        == (note["message"])
    )
    assert [] == notifications(w.container, olga)


@pytest.mark.parametrize(("kind", "record"), ost.TALK)
def test_a_stakeholder_of_another_product_gets_404_on_comments_watch_and_history(w, kind, record):
    outsider = factories.api(
        w.container, factories.user(w.container, Role.STAKEHOLDER, w.elsewhere)
    )
    base = f"/api/v1/records/{kind}/{w.extra[record]}"

    answers = [
        outsider.get(f"{base}/comments").status_code,
        outsider.post(f"{base}/comments", json={"body": "let me in"}).status_code,
        outsider.put(f"{base}/watch").status_code,
        outsider.get(f"{base}/history").status_code,
    ]

    assert [404, 404, 404, 404] == answers
    assert [] == w.client.get(f"{base}/comments").json()


def test_a_missing_opportunity_is_a_404_on_its_comments(w):
    answer = w.client.get("/api/v1/records/opportunity/999999/comments")

    assert 404 == answer.status_code
