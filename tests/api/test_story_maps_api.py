"""The story-map API beyond the role matrix: editing parts with versions, moving a task to
another activity, and one-place moves."""

from __future__ import annotations

from tests import factories
from valueloop.services import story_maps


def _map(container):
    boss = factories.admin(container)
    product = factories.product(container)
    made = story_maps.create_map(container.uow(), boss, product, {"name": "Onboarding"}).id
    join = story_maps.add_activity(container.uow(), boss, made, {"title": "Join"}).id
    share = story_maps.add_activity(container.uow(), boss, made, {"title": "Share"}).id
    task = story_maps.add_task(container.uow(), boss, join, {"title": "Sign up"}).id
    return made, join, share, task


def test_a_slice_is_edited_by_name_and_answers_with_its_new_version(container):
    made, _, _, _ = _map(container)
    client = factories.api(container)
    skeleton = client.get(f"/api/v1/story-maps/{made}").json()["slices"][0]

    answer = client.patch(
        f"/api/v1/story-maps/parts/slice/{skeleton['id']}",
        json={"version": skeleton["version"], "name": "MVP", "description": "Thin"},
    )

    assert 200 == answer.status_code
    assert ("MVP", "Thin", skeleton["version"] + 1) == (
        answer.json()["name"],
        answer.json()["description"],
        answer.json()["version"],
    )


def test_a_stale_rename_answers_409_with_the_current_title(container):
    _, join, _, _ = _map(container)
    client = factories.api(container)
    url = f"/api/v1/story-maps/parts/activity/{join}"

    client.patch(url, json={"version": 1, "title": "Register"})
    stale = client.patch(url, json={"version": 1, "title": "Sign up"})

    assert 409 == stale.status_code
    assert "it is now “Register”" in stale.json()["detail"]


def test_an_activity_refuses_a_slice_field(container):
    _, join, _, _ = _map(container)

    answer = factories.api(container).patch(
        f"/api/v1/story-maps/parts/activity/{join}", json={"version": 1, "name": "X"}
    )

    assert 422 == answer.status_code


def test_a_task_moves_under_another_activity_and_shifts_back(container):
    made, join, share, task = _map(container)
    client = factories.api(container)

    moved = client.post(f"/api/v1/story-maps/parts/task/{task}/move", json={"activity_id": share})
    there = client.get(f"/api/v1/story-maps/{made}").json()["activities"]
    back = client.post(f"/api/v1/story-maps/parts/task/{task}/shift", json={"by": -1})
    again = client.post(f"/api/v1/story-maps/parts/task/{task}/shift", json={"by": -1})
    home = client.get(f"/api/v1/story-maps/{made}").json()["activities"]

    assert (204, 204, 422) == (moved.status_code, back.status_code, again.status_code)
    assert [[], ["Sign up"]] == [[t["title"] for t in c["tasks"]] for c in there]
    assert [["Sign up"], []] == [[t["title"] for t in c["tasks"]] for c in home]
    assert join == home[0]["activity"]["id"]


def test_a_shift_of_two_places_is_refused(container):
    _, join, _, _ = _map(container)

    answer = factories.api(container).post(
        f"/api/v1/story-maps/parts/activity/{join}/shift", json={"by": 2}
    )

    assert 422 == answer.status_code
