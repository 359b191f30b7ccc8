"""Story-map pages: the list of a product's maps, one map laid out with its backbone, tasks and
release slices, the forms that build it, moving stories (form, REST API and browser drag)."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.domain.roles import Role
from valueloop.services import backlog, story_maps


def _map(container, titles=("Sign up", "Invite the team")):
    """A map with two activities (one task each), the skeleton plus a second slice, two items."""
    boss = factories.admin(container)
    product = factories.product(container, name="Orbit")
    items = [
        backlog.create_item(container.uow(), boss, product, {"title": t, "estimate": 3}).id
        for t in titles
    ]
    made = story_maps.create_map(container.uow(), boss, product, {"name": "Onboarding"}).id
    join = story_maps.add_activity(container.uow(), boss, made, {"title": "Join"}).id
    share = story_maps.add_activity(container.uow(), boss, made, {"title": "Share"}).id
    first = story_maps.add_task(container.uow(), boss, join, {"title": "Create an account"}).id
    second = story_maps.add_task(container.uow(), boss, share, {"title": "Invite people"}).id
    later = story_maps.add_slice(container.uow(), boss, made, {"name": "Release 2"}).id
    return boss, product, made, items, (first, second), later


def _stories(html):
    return re.findall(r'class="sm-title" href="/items/\d+">([^<]+)<', html)


def test_the_list_links_each_map_and_a_new_map_opens_with_its_walking_skeleton(container):
    product = factories.product(container, name="Orbit")
    client, token = signed_in(container)

    answer = client.post(
        f"/products/{product}/story-maps", data={"csrf_token": token, "name": "Billing"}
    )
    page = client.get(answer.headers["location"])
    listing = client.get(f"/products/{product}/story-maps")

    assert 303 == answer.status_code
    assert "Created the story map “Billing”." in page.text
    assert "Walking skeleton" in page.text
    assert re.search(r'<a href="/story-maps/\d+">Billing</a>', listing.text)


def test_the_map_shows_backbone_tasks_slices_and_stories_with_status_and_estimate(container):
    boss, _, made, items, (first, second), later = _map(container)
    story_maps.place_item(container.uow(), boss, first, items[0], None)
    skeleton = story_maps.get_map(container.uow(), boss, made).layout.slices[0].id
    story_maps.place_item(container.uow(), boss, first, items[0], skeleton)
    story_maps.place_item(container.uow(), boss, second, items[1], later)
    client, _ = signed_in(container)

    page = client.get(f"/story-maps/{made}").text

    backbone = re.findall(r'class="sm-activity">([^<]+?) ', page)
    assert ["Join", "Share"] == backbone
    assert page.index("Create an account") < page.index("Invite people")
    assert page.index("Walking skeleton") < page.index("Release 2")
    assert ["Sign up", "Invite the team"] == _stories(page)
    assert "3 pts" in page
    assert 'badge-new">New<' in page
    assert "The walking skeleton has gaps." in page
    assert re.search(r"covers:\s*Share\.", page)


def test_the_forms_add_an_activity_a_task_a_slice_and_place_a_story(container):
    boss, _, made, items, _, _ = _map(container)
    client, token = signed_in(container)

    client.post(f"/story-maps/{made}/activities", data={"csrf_token": token, "title": "Pay"})
    pay = story_maps.get_map(container.uow(), boss, made).layout.columns[-1].activity.id
    client.post(
        f"/story-maps/{made}/tasks",
        data={"csrf_token": token, "activity_id": pay, "title": "Enter a card"},
    )
    client.post(f"/story-maps/{made}/slices", data={"csrf_token": token, "name": "Later"})
    layout = story_maps.get_map(container.uow(), boss, made).layout
    task = layout.columns[-1].tasks[0].id
    placed = client.post(
        f"/story-maps/{made}/stories",
        data={"csrf_token": token, "item_id": items[1], "cell": f"{task}:{layout.slices[0].id}"},
    )
    layout = story_maps.get_map(container.uow(), boss, made).layout

    assert 303 == placed.status_code
    assert ["Join", "Share", "Pay"] == [c.activity.title for c in layout.columns]
    assert ["Enter a card"] == [t.title for t in layout.columns[-1].tasks]
    assert ["Walking skeleton", "Release 2", "Later"] == [s.name for s in layout.slices]
    assert [items[1]] == [p.item_id for p in layout.cells[(task, layout.slices[0].id)]]


def test_placing_without_a_cell_comes_back_with_a_notice(container):
    _, _, made, items, _, _ = _map(container)
    client, token = signed_in(container)

    answer = client.post(
        f"/story-maps/{made}/stories", data={"csrf_token": token, "item_id": items[0]}
    )
    page = client.get(answer.headers["location"])

    assert "choose where to put the story" in page.text


def test_the_move_form_moves_a_story_to_another_task_and_slice(container):
    boss, _, made, items, (first, second), later = _map(container)
    placed = story_maps.place_item(container.uow(), boss, first, items[0], None).id
    client, token = signed_in(container)

    answer = client.post(
        f"/story-placements/{placed}/move",
        data={"csrf_token": token, "map_id": made, "cell": f"{second}:{later}"},
    )
    layout = story_maps.get_map(container.uow(), boss, made).layout

    assert 303 == answer.status_code
    assert answer.headers["location"] == f"/story-maps/{made}#map"
    assert {(second, later): [placed]} == {k: [p.id for p in v] for k, v in layout.cells.items()}


def test_moving_a_story_under_a_task_that_holds_the_item_keeps_one_placement(container):
    boss, _, made, items, (first, second), later = _map(container)
    moving = story_maps.place_item(container.uow(), boss, first, items[0], None).id
    story_maps.place_item(container.uow(), boss, second, items[0], None)

    story_maps.move_story(container.uow(), boss, moving, second, later)
    layout = story_maps.get_map(container.uow(), boss, made).layout

    assert {(second, later): [moving]} == {k: [p.id for p in v] for k, v in layout.cells.items()}


def test_the_api_refuses_to_move_a_story_onto_another_map(container):
    boss, product, _, items, (first, _), _ = _map(container)
    other = story_maps.create_map(container.uow(), boss, product, {"name": "Other"}).id
    elsewhere = story_maps.add_activity(container.uow(), boss, other, {"title": "A"}).id
    task = story_maps.add_task(container.uow(), boss, elsewhere, {"title": "T"}).id
    placed = story_maps.place_item(container.uow(), boss, first, items[0], None).id

    answer = factories.api(container).post(
        f"/api/v1/story-placements/{placed}/move", json={"task_id": task}
    )

    assert 422 == answer.status_code
    assert f"task {task} is not on this map" in answer.json()["detail"]


def test_story_titles_and_map_names_are_escaped(container):
    boss, _, made, items, (first, _), _ = _map(container, titles=("<script>x()</script>", "B"))
    story_maps.update_map(container.uow(), boss, made, None, {"name": "<b>Onboarding</b>"})
    story_maps.place_item(container.uow(), boss, first, items[0], None)
    client, _ = signed_in(container)

    page = client.get(f"/story-maps/{made}").text

    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<b>Onboarding</b>" not in page
    assert "Not in a slice" in page


def test_a_stakeholder_sees_the_map_without_its_forms(container):
    boss, product, made, items, (first, _), _ = _map(container)
    story_maps.place_item(container.uow(), boss, first, items[0], None)
    factories.user(container, Role.STAKEHOLDER, product, name="sam")
    client, _ = signed_in(container, "sam")

    page = client.get(f"/story-maps/{made}").text

    assert "Sign up" in page
    assert "data-can-edit" not in page
    assert "Add an activity" not in page
    assert "data-move-form" not in page


def test_a_form_without_the_csrf_token_is_refused(container):
    _, _, made, _, _, _ = _map(container)
    client, _ = signed_in(container)

    answer = client.post(f"/story-maps/{made}/activities", data={"title": "Pay"})

    assert 403 == answer.status_code


@pytest.mark.e2e
def test_a_story_dragged_into_the_next_slice_stays_there_after_a_reload(page, sign_in, container):
    boss, _, made, items, (first, _), later = _map(container)
    skeleton = story_maps.get_map(container.uow(), boss, made).layout.slices[0].id
    placed = story_maps.place_item(container.uow(), boss, first, items[0], skeleton).id
    sign_in(page, then=f"/story-maps/{made}")

    card = page.locator(".sm-card", has_text="Sign up")
    target = page.locator(f'.sm-cell[data-task-id="{first}"][data-slice-id="{later}"]')
    start, end = card.bounding_box(), target.bounding_box()
    with page.expect_response(lambda r: r.url.endswith("/move")) as moved:
        page.mouse.move(start["x"] + 20, start["y"] + 10)
        page.mouse.down()
        page.mouse.move(end["x"] + 20, end["y"] + 10, steps=15)
        page.mouse.up()
    assert 200 == moved.value.status
    page.reload()

    shown = page.locator(f'.sm-cell[data-slice-id="{later}"] .sm-title').all_text_contents()
    assert ["Sign up"] == shown
    layout = story_maps.get_map(container.uow(), boss, made).layout
    assert [placed] == [p.id for p in layout.cells[(first, later)]]
