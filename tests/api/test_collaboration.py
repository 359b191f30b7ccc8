"""Comments with @mentions, watching, notifications and the audit trail, through HTTP."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api import world
from tests.api.areas import jtbd, ost
from valueloop.domain.collaboration import RecordType
from valueloop.domain.roles import Role


@pytest.fixture
def w(container) -> world.World:
    return world.build(container, areas=False)


def notifications(container, who) -> list[dict]:
    return factories.api(container, who).get("/api/v1/notifications").json()["items"]


def test_a_mention_notifies_the_mentioned_member(w):
    bob = factories.user(w.container, Role.CONTRIBUTOR, w.product, name="bob")

    w.client.post(f"/api/v1/records/item/{w.item}/comments", json={"body": "@bob can you size it?"})

    (note,) = notifications(w.container, bob)
    assert ("mention", "item", w.item, w.who.user_id) == (
        note["kind"],
        note["record_type"],
        note["record_id"],
        note["actor_id"],
    )
    assert f"{w.who.username} mentioned you on item “Single sign-on”" == note["message"]


def test_a_mention_of_someone_who_cannot_see_the_record_notifies_nobody(w):
    outsider = factories.user(w.container, Role.PRODUCT_LEADER, w.elsewhere, name="olga")

    w.client.post(f"/api/v1/records/item/{w.item}/comments", json={"body": "@olga look"})

    assert [] == notifications(w.container, outsider)


def test_email_addresses_self_mentions_and_unknown_names_notify_nobody(w):
    carol = factories.user(w.container, Role.STAKEHOLDER, w.product, name="carol")

    body = f"mail carol@example.com, @{w.who.username} and @nobody"
    w.client.post(f"/api/v1/records/item/{w.item}/comments", json={"body": body})

    assert [] == notifications(w.container, carol)
    assert [] == w.client.get("/api/v1/notifications").json()["items"]


def test_a_repeated_mention_notifies_once(w):
    dave = factories.user(w.container, Role.STAKEHOLDER, w.product, name="dave")

    w.client.post(f"/api/v1/records/goal/{w.goal}/comments", json={"body": "@dave @Dave @dave"})

    assert 1 == len(notifications(w.container, dave))


def test_watchers_hear_of_changes_by_others_but_not_of_their_own(container):
    w = world.build(container, "product_manager", areas=False)
    watcher = factories.user(container, Role.STAKEHOLDER, w.product, name="wendy")
    wendy = factories.api(container, watcher)
    wendy.put(f"/api/v1/records/goal/{w.goal}/watch")

    version = w.version("goals", w.goal)
    w.client.patch(f"/api/v1/goals/{w.goal}", json={"version": version, "title": "Retain"})
    wendy.put(f"/api/v1/records/goal/{w.goal}/watch")  # watching twice is still once

    (note,) = notifications(container, watcher)
    assert ("change", "goal", w.goal) == (note["kind"], note["record_type"], note["record_id"])
    assert f"{w.who.username} changed title of goal “Retain”" == note["message"]
    assert [] == w.client.get("/api/v1/notifications").json()["items"]


def test_the_creator_of_a_record_watches_it(container):
    w = world.build(container, "product_manager", areas=False)
    created = w.client.post(f"/api/v1/products/{w.product}/goals", json={"title": "New"}).json()

    watching = w.client.get(f"/api/v1/records/goal/{created['id']}/watch").json()

    assert {"watching": True} == watching


def test_an_unwatched_record_sends_no_more_notifications(w):
    editor = factories.api(w.container)
    w.client.put(f"/api/v1/records/customer/{w.customer}/watch")
    w.client.delete(f"/api/v1/records/customer/{w.customer}/watch")

    editor.patch(f"/api/v1/customers/{w.customer}", json={"version": 1, "plan": "gold"})

    assert {"watching": False} == w.client.get(
        f"/api/v1/records/customer/{w.customer}/watch"
    ).json()
    assert [] == w.client.get("/api/v1/notifications").json()["items"]


def test_commenting_makes_you_a_watcher_and_tells_the_other_watchers(container):
    w = world.build(container, "stakeholder", areas=False)
    boss = factories.api(container)
    w.client.post(f"/api/v1/records/decision/{w.decision}/comments", json={"body": "Why?"})

    boss.post(f"/api/v1/records/decision/{w.decision}/comments", json={"body": "Because."})

    kinds = [n["kind"] for n in w.client.get("/api/v1/notifications").json()["items"]]
    assert ["comment"] == kinds


def test_a_mentioned_watcher_gets_the_mention_not_a_second_notification(container):
    w = world.build(container, "stakeholder", areas=False)
    w.client.put(f"/api/v1/records/item/{w.item}/watch")

    factories.api(container).post(
        f"/api/v1/records/item/{w.item}/comments", json={"body": f"@{w.who.username} see this"}
    )

    kinds = [n["kind"] for n in w.client.get("/api/v1/notifications").json()["items"]]
    assert ["mention"] == kinds


def test_marking_notifications_read_counts_what_changed(container):
    w = world.build(container, "stakeholder", areas=False)
    boss = factories.api(container)
    for n in range(3):
        boss.post(
            f"/api/v1/records/item/{w.item}/comments", json={"body": f"@{w.who.username} {n}"}
        )
    ids = [n["id"] for n in w.client.get("/api/v1/notifications").json()["items"]]

    one = w.client.post("/api/v1/notifications/read", json={"ids": ids[:1]}).json()
    rest = w.client.post("/api/v1/notifications/read", json={}).json()
    again = w.client.post("/api/v1/notifications/read", json={}).json()
    foreign = w.client.post("/api/v1/notifications/read", json={"ids": [999_999]})

    assert ({"marked": 1}, {"marked": 2}, {"marked": 0}) == (one, rest, again)
    assert 404 == foreign.status_code


def test_comments_are_listed_oldest_first(w):
    for body in ("first", "second"):
        w.client.post(f"/api/v1/records/product/{w.product}/comments", json={"body": body})

    listed = w.client.get(f"/api/v1/records/product/{w.product}/comments").json()

    assert ["first", "second"] == [c["body"] for c in listed]
    assert {w.who.user_id} == {c["author_id"] for c in listed}


@pytest.mark.parametrize("kind", [k.value for k in RecordType])
def test_every_core_record_takes_comments_and_hides_them_from_non_members(container, kind):
    w = world.build(container, "stakeholder", areas=False)
    tree = ost.setup(w) if kind in dict(ost.TALK) else {}
    discovery = jtbd.setup(w) if kind in ("jtbd_job", "competitor") else {}
    record_id = {
        "product": w.product,
        "goal": w.goal,
        "measure": w.measure,
        "customer": w.customer,
        "feedback": w.note,
        "item": w.item,
        "decision": w.decision,
        "initiative": w.initiative,
        "opportunity": tree.get("opportunity_id"),
        "solution": tree.get("solution_id"),
        "assumption_test": tree.get("test_id"),
        "jtbd_job": discovery.get("jtbd_job_id"),
        "competitor": discovery.get("competitor_id"),
    }[kind]
    outsider = factories.api(container, factories.user(container))

    posted = w.client.post(f"/api/v1/records/{kind}/{record_id}/comments", json={"body": "Hm"})
    hidden = outsider.get(f"/api/v1/records/{kind}/{record_id}/comments")

    assert (201, 404) == (posted.status_code, hidden.status_code)


# The audit trail


def history(w, kind: str, record_id: int) -> list[dict]:
    response = w.client.get(f"/api/v1/records/{kind}/{record_id}/history")
    assert 200 == response.status_code, response.text
    return response.json()


def test_creating_a_record_writes_a_create_entry_with_its_fields(w):
    created = w.client.post(
        f"/api/v1/products/{w.product}/items", json={"title": "Audit me", "type": "bug"}
    ).json()

    (entry,) = history(w, "item", created["id"])

    assert ("create", w.who.user_id) == (entry["action"], entry["actor_id"])
    assert [None, "Audit me"] == entry["changes"]["title"]
    assert [None, "bug"] == entry["changes"]["type"]
    assert "version" not in entry["changes"]


def test_updating_a_record_writes_only_what_changed_newest_first(w):
    url = f"/api/v1/items/{w.item}"
    first = w.client.patch(url, json={"version": 1, "title": "SSO"}).json()
    w.client.patch(url, json={"version": first["version"], "status": "ready", "title": "SSO"})

    entries = history(w, "item", w.item)

    assert ["update", "update", "link", "create"] == [e["action"] for e in entries]
    assert {"status": ["new", "ready"]} == entries[0]["changes"]
    assert {"title": ["Single sign-on", "SSO"]} == entries[1]["changes"]


def test_an_update_that_changes_nothing_writes_no_entry(w):
    w.client.patch(f"/api/v1/customers/{w.customer}", json={"version": 1, "name": "Globex"})

    assert ["create"] == [e["action"] for e in history(w, "customer", w.customer)]


def test_moving_an_item_is_audited_with_its_old_and_new_rank(w):
    before = w.client.get(f"/api/v1/items/{w.item}").json()["rank"]

    moved = w.client.post(f"/api/v1/items/{w.item}/move", json={"after_id": w.doomed_item}).json()

    entry = history(w, "item", w.item)[0]
    assert ("move", [before, moved["rank"]]) == (entry["action"], entry["changes"]["rank"])


def test_linking_and_unlinking_evidence_is_audited_on_the_item(w):
    w.client.delete(f"/api/v1/feedback-links/{w.doomed_link}")

    actions = [e["action"] for e in history(w, "item", w.item2)]

    assert ["unlink", "link", "create"] == actions


def test_deleting_an_item_keeps_its_trail(w):
    w.client.delete(f"/api/v1/items/{w.doomed_item}")

    with w.container.uow() as uow:
        entries = uow.audit.list({"record_type": "item", "record_id": w.doomed_item}).items

    assert ["create", "delete"] == [e.action for e in entries]
    assert ["Dark mode", None] == entries[1].changes["title"]


def test_recording_a_decision_notifies_the_products_watchers(container):
    w = world.build(container, "product_owner", areas=False)
    watcher = factories.user(container, Role.STAKEHOLDER, w.product, name="vera")
    factories.api(container, watcher).put(f"/api/v1/records/product/{w.product}/watch")

    w.client.post(
        f"/api/v1/products/{w.product}/decisions", json={"title": "Go", "decision": "Ship it"}
    )

    (note,) = notifications(container, watcher)
    assert f"{w.who.username} recorded decision “Go”" == note["message"]


@pytest.mark.parametrize(
    ("kind", "record", "route", "repository", "change", "name"),
    [
        ("jtbd_job", "jtbd_job_id", "jobs-to-be-done", "jtbd_jobs", "statement", "job"),
        ("competitor", "competitor_id", "competitors", "competitors", "name", "competitor"),
    ],
)
def test_watchers_of_a_job_or_a_competitor_hear_of_edits_by_others(
    container, kind, record, route, repository, change, name
):
    w = world.build(container, "product_manager", areas=False)
    record_id = jtbd.setup(w)[record]
    watcher = factories.user(container, Role.STAKEHOLDER, w.product, name="wendy")
    factories.api(container, watcher).put(f"/api/v1/records/{kind}/{record_id}/watch")

    w.client.patch(
        f"/api/v1/{route}/{record_id}",
        json={"version": w.version(repository, record_id), change: "Renamed"},
    )

    (note,) = notifications(container, watcher)
    assert (kind, f"{w.who.username} changed {change} of {name} “Renamed”") == (
        note["record_type"],
        note["message"],
    )
    assert ["update", "create"] == [e["action"] for e in history(w, kind, record_id)]
