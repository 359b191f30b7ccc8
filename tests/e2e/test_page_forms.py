"""The pages' forms over HTTP without a browser: each posts to one use case and comes back."""

from __future__ import annotations

import json

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.domain.collaboration import RecordType
from valueloop.domain.products import LifecycleStage
from valueloop.domain.roles import Role
from valueloop.services import (
    backlog,
    collaboration,
    decisions,
    goals,
    lifecycle,
    overview,
    products,
)


def test_a_comment_mentioning_someone_notifies_them(container):
    product_id = factories.product(container, name="Orbit")
    factories.user(container, Role.PRODUCT_MANAGER, product_id, name="priya")
    client, token = signed_in(container)

    answer = client.post(
        f"/records/product/{product_id}/comments",
        data={"csrf_token": token, "body": "@priya can you check the vision?"},
    )

    assert 303 == answer.status_code
    assert answer.headers["location"].startswith(f"/products/{product_id}#comment-")
    priya = factories.principal(container, "priya")
    unread = collaboration.list_notifications(container.uow(), priya, unread_only=True)
    assert ["admin mentioned you on product “Orbit”"] == [n.message for n in unread.items]


def test_an_empty_comment_comes_back_with_a_notice(container):
    product_id = factories.product(container)
    client, token = signed_in(container)

    answer = client.post(
        f"/records/product/{product_id}/comments", data={"csrf_token": token, "body": "  "}
    )
    page = client.get(answer.headers["location"])

    assert "Comment not saved: body must not be empty." in page.text


def test_the_watch_button_toggles_watching(container):
    product_id = factories.product(container)
    client, token = signed_in(container)
    boss = factories.admin(container)

    client.post(f"/records/product/{product_id}/watch", data={"csrf_token": token, "watch": "0"})
    stopped = collaboration.is_watching(container.uow(), boss, RecordType.PRODUCT, product_id)
    client.post(f"/records/product/{product_id}/watch", data={"csrf_token": token, "watch": "1"})
    started = collaboration.is_watching(container.uow(), boss, RecordType.PRODUCT, product_id)

    assert (False, True) == (stopped, started)


def test_marking_notifications_read_one_at_a_time_or_all(container):
    product_id = factories.product(container)
    pm = factories.user(container, Role.PRODUCT_MANAGER, product_id, name="pm")
    for n in range(3):
        collaboration.add_comment(container.uow(), pm, RecordType.PRODUCT, product_id, f"c{n}")
    client, token = signed_in(container)
    boss = factories.admin(container)
    first = collaboration.list_notifications(container.uow(), boss).items[0]

    client.post("/notifications/read", data={"csrf_token": token, "id": str(first.id)})
    after_one = collaboration.unread_count(container.uow(), boss)
    client.post("/notifications/read", data={"csrf_token": token})
    after_all = collaboration.unread_count(container.uow(), boss)

    assert (2, 0) == (after_one, after_all)


def test_the_move_buttons_work_without_scripts(container):
    product_id = factories.product(container)
    boss = factories.admin(container)
    first, second = (
        backlog.create_item(container.uow(), boss, product_id, {"title": t}) for t in "AB"
    )
    client, token = signed_in(container)
    back = f"/products/{product_id}/backlog?status=all"

    answer = client.post(
        f"/items/{second.id}/move",
        data={"csrf_token": token, "before_id": str(first.id), "next": back},
    )

    assert f"{back}#item-{second.id}" == answer.headers["location"]
    ranked = backlog.list_items(container.uow(), boss, product_id).items
    assert ["B", "A"] == [i.title for i in ranked]


def test_a_status_button_moves_the_item_through_the_workflow(container):
    product_id = factories.product(container)
    boss = factories.admin(container)
    item = backlog.create_item(container.uow(), boss, product_id, {"title": "A"})
    client, token = signed_in(container)

    moved = client.post(
        f"/items/{item.id}/status", data={"csrf_token": token, "version": "1", "status": "ready"}
    )
    refused = client.post(
        f"/items/{item.id}/status", data={"csrf_token": token, "version": "2", "status": "done"}
    )

    assert 303 == moved.status_code
    assert 422 == refused.status_code
    assert "cannot move from ready to done" in refused.text


def test_a_decision_keeps_the_goal_snapshot_the_form_was_filled_with(container):
    product_id = factories.product(container)
    boss = factories.admin(container)
    goals.create_goal(container.uow(), boss, product_id, {"title": "Grow"})
    client, token = signed_in(container)
    snapshot = overview.evidence_snapshot(container.uow(), boss, product_id)
    form = {
        "csrf_token": token,
        "title": "Focus on retention",
        "decision": "Retention first",
        "options": "Retention first\n\nAcquisition first\n",
        "rationale": "Churn is the leak.",
    }

    broken = client.post(f"/products/{product_id}/decisions", data={**form, "evidence": "{"})
    answer = client.post(
        f"/products/{product_id}/decisions", data={**form, "evidence": json.dumps(snapshot)}
    )

    assert 422 == broken.status_code
    assert "Evidence is not valid JSON" in broken.text
    recorded = decisions.list_decisions(container.uow(), boss, product_id).items[0]
    assert f"/decisions/{recorded.id}" == answer.headers["location"]
    assert ["Retention first", "Acquisition first"] == recorded.options
    assert ["Grow"] == [g["title"] for g in recorded.evidence["goals"]]


def test_a_product_leader_gives_a_colleague_a_role(container):
    product_id = factories.product(container, name="Orbit")
    factories.user(container, name="chen")
    client, token = signed_in(container)

    answer = client.post(
        f"/products/{product_id}/members",
        data={"csrf_token": token, "username": "chen", "role": "contributor"},
    )
    unknown = client.post(
        f"/products/{product_id}/members",
        data={"csrf_token": token, "username": "nobody", "role": "contributor"},
    )

    assert 303 == answer.status_code
    assert Role.CONTRIBUTOR == factories.principal(container, "chen").roles[product_id]
    assert 422 == unknown.status_code
    assert "User nobody does not exist" in unknown.text


def test_a_stage_move_passes_the_gate_or_needs_an_override_with_a_reason(container):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Orbit")
    goal = goals.create_goal(container.uow(), boss, product_id, {"title": "Fit"})
    measure = goals.add_measure(
        container.uow(), boss, goal.id, {"name": "Retention", "baseline": 0.0, "target": 50.0}
    )
    lifecycle.add_exit_criterion(
        container.uow(),
        boss,
        product_id,
        stage="ideation",
        measure_id=measure.id,
        comparator=">=",
        threshold=40,
        description="Week-4 retention",
    )
    client, token = signed_in(container)
    page = client.get(f"/products/{product_id}")
    move = {"csrf_token": token, "version": "1", "stage": "research"}

    refused = client.post(f"/products/{product_id}/stage", data={**move, "rationale": ""})
    moved = client.post(
        f"/products/{product_id}/stage",
        data={**move, "rationale": "Interviews say go", "override": "1"},
    )

    assert "Week-4 retention" in page.text
    assert 422 == refused.status_code
    assert "exit criteria of ideation are not met" in refused.text
    assert 303 == moved.status_code
    decision = decisions.list_decisions(container.uow(), boss, product_id).items[0]
    assert f"/decisions/{decision.id}" == moved.headers["location"]
    stage = products.get_product(container.uow(), boss, product_id).lifecycle_stage
    assert LifecycleStage.RESEARCH == stage
