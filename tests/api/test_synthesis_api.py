"""Synthesis over HTTP: a run answers 202 with a job whose progress and summary can be read."""

from __future__ import annotations

from tests import factories
from tests.integration.test_synthesis import TOPICS
from valueloop.services import backlog, feedback


def test_a_run_is_a_job_that_ends_with_themes_and_suggestions_to_decide(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    item = backlog.create_item(container.uow(), admin, product, {"title": "Dark mode"}).id
    for texts in TOPICS.values():
        for text in texts:
            feedback.record_note(container.uow(), admin, {"text": text, "product_id": product})
    client = factories.api(container)

    started = client.post(f"/api/v1/products/{product}/synthesis", json={"mode": "full"})
    job = client.get(f"/api/v1/jobs/{started.json()['id']}").json()
    listed = client.get(f"/api/v1/products/{product}/themes").json()
    links = client.get(f"/api/v1/products/{product}/suggestions?kind=item").json()
    first = next(v for v in links["items"] if v["suggestion"]["target_id"] == item)
    accepted = client.post(
        f"/api/v1/suggestions/{first['suggestion']['id']}/accept", json={"importance": 3}
    )
    again = client.post(f"/api/v1/suggestions/{first['suggestion']['id']}/reject")
    item_demand = client.get(f"/api/v1/products/{product}/demand?kind=item").json()

    assert (202, "queued") == (started.status_code, started.json()["status"])
    assert ("succeeded", 1.0) == (job["status"], job["fraction"])
    assert job["result"]["themes"] == len(listed["themes"]) > 0
    assert all(len(t["trend"]) == 12 and t["terms"] for t in listed["themes"])
    assert (200, "accepted") == (accepted.status_code, accepted.json()["status"])
    assert 409 == again.status_code
    assert 1 == next(d for d in item_demand if d["id"] == item)["notes"]


def test_an_incremental_run_without_themes_fails_with_the_reason_in_the_job(container):
    product = factories.product(container, name="Helpdesk")
    client = factories.api(container)

    started = client.post(f"/api/v1/products/{product}/synthesis", json={"mode": "incremental"})
    job = client.get(f"/api/v1/jobs/{started.json()['id']}").json()

    assert ("failed", "this product has no themes") == (job["status"], job["error"][:26])


def test_renaming_a_theme_and_moving_a_note_answer_with_the_theme_and_the_note(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    notes = [
        feedback.record_note(container.uow(), admin, {"text": text, "product_id": product}).id
        for texts in TOPICS.values()
        for text in texts
    ]
    client = factories.api(container)
    client.post(f"/api/v1/products/{product}/synthesis", json={"mode": "full"})
    first, second = client.get(f"/api/v1/products/{product}/themes").json()["themes"][:2]
    detail = client.get(f"/api/v1/themes/{second['id']}").json()
    outsider = next(n for n in notes if n not in {m["note"]["id"] for m in detail["members"]})

    renamed = client.patch(
        f"/api/v1/themes/{first['id']}", json={"label": "Exports", "version": first["version"]}
    )
    moved = client.post(f"/api/v1/themes/{second['id']}/members", json={"note_id": outsider})
    after = client.get(f"/api/v1/themes/{second['id']}").json()["theme"]

    assert (200, "Exports", True) == (
        renamed.status_code,
        renamed.json()["label"],
        renamed.json()["label_edited"],
    )
    assert (12, first["id"]) == (len(renamed.json()["trend"]), renamed.json()["id"])
    assert (201, outsider, True) == (
        moved.status_code,
        moved.json()["note"]["id"],
        moved.json()["pinned"],
    )
    assert second["size"] + 1 == after["size"]
