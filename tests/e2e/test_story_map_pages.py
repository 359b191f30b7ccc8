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

    backbone = re.findall(r'class="sm-activity"[^>]*data-title="([^"]+)"', page)
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


def _skeleton_row(html):
    """The name of the slice whose row is marked as the walking skeleton."""
    row = re.search(r'<tbody class="sm-slice sm-skeleton".*?</tbody>', html, re.S)
    assert row, "no walking-skeleton row"
    found = re.search(r'data-field="name" data-version="\d+">([^<]+)<', row.group(0))
    assert found
    return found.group(1)


def test_the_rename_form_renames_an_activity_and_a_stale_one_names_the_current_title(container):
    boss, _, made, _, _, _ = _map(container)
    join = story_maps.get_map(container.uow(), boss, made).layout.columns[0].activity.id
    client, token = signed_in(container)
    url = f"/story-maps/{made}/parts/activity/{join}/edit"

    saved = client.post(url, data={"csrf_token": token, "version": 1, "title": "Sign up"})
    stale = client.post(url, data={"csrf_token": token, "version": 1, "title": "Register"})
    page = client.get(stale.headers["location"]).text

    assert (303, 303) == (saved.status_code, stale.status_code)
    assert saved.headers["location"] == f"/story-maps/{made}#backbone"
    assert "it is now “Sign up”" in page
    assert "your change was not saved" in page
    assert (
        "Sign up"
        == story_maps.get_map(container.uow(), boss, made).layout.columns[0].activity.title
    )


def test_the_rename_form_of_a_slice_edits_its_name_and_description(container):
    _, _, made, _, _, later = _map(container)
    client, token = signed_in(container)

    answer = client.post(
        f"/story-maps/{made}/parts/slice/{later}/edit",
        data={"csrf_token": token, "version": 1, "name": "Beta", "description": "For pilots"},
    )
    page = client.get(answer.headers["location"]).text

    assert answer.headers["location"] == f"/story-maps/{made}#slice-{later}"
    assert "Saved “Beta”." in page
    assert "For pilots" in page


def test_the_move_buttons_reorder_activities_and_tasks_and_refuse_past_the_end(container):
    boss, _, made, _, (first, second), _ = _map(container)
    join = story_maps.get_map(container.uow(), boss, made).layout.columns[0].activity.id
    client, token = signed_in(container)

    client.post(
        f"/story-maps/{made}/parts/activity/{join}/move", data={"csrf_token": token, "by": "1"}
    )
    client.post(
        f"/story-maps/{made}/parts/task/{second}/move", data={"csrf_token": token, "by": "1"}
    )
    refused = client.post(
        f"/story-maps/{made}/parts/activity/{join}/move", data={"csrf_token": token, "by": "1"}
    )
    page = client.get(refused.headers["location"]).text
    layout = story_maps.get_map(container.uow(), boss, made).layout

    assert [("Share", []), ("Join", [second, first])] == [
        (c.activity.title, [t.id for t in c.tasks]) for c in layout.columns
    ]
    assert "the activity is already at the right" in page
    assert re.search(rf'id="shift-activity-{join}-fore"[^>]*disabled', page)


def test_moving_a_slice_up_makes_it_the_walking_skeleton(container):
    _, _, made, _, _, later = _map(container)
    client, token = signed_in(container)
    before = _skeleton_row(client.get(f"/story-maps/{made}").text)

    client.post(
        f"/story-maps/{made}/parts/slice/{later}/move", data={"csrf_token": token, "by": "-1"}
    )
    after = _skeleton_row(client.get(f"/story-maps/{made}").text)

    assert ("Walking skeleton", "Release 2") == (before, after)


def test_each_delete_says_what_happens_to_the_stories(container):
    boss, _, made, items, (first, _), later = _map(container)
    story_maps.place_item(container.uow(), boss, first, items[0], later)
    story_maps.place_item(container.uow(), boss, first, items[1], None)
    client, _ = signed_in(container)

    page = " ".join(client.get(f"/story-maps/{made}").text.split())

    assert "also deletes its 1 task and takes their 2 stories off the map." in page
    assert "Deleting the task takes its 2 stories off the map." in page
    assert "keeps its 1 story on the map, in “Not in a slice”." in page
    assert "keeps its 0 stories on the map, in “Not in a slice”. The next slice becomes" in page
    assert "The backlog items stay in the backlog." in page


def test_the_delete_form_deletes_a_slice_and_its_story_stays_unsliced(container):
    boss, _, made, items, (first, _), later = _map(container)
    placed = story_maps.place_item(container.uow(), boss, first, items[0], later).id
    client, token = signed_in(container)

    client.post(f"/story-maps/{made}/parts/slice/{later}/delete", data={"csrf_token": token})
    layout = story_maps.get_map(container.uow(), boss, made).layout

    assert ["Walking skeleton"] == [s.name for s in layout.slices]
    assert {(first, None): [placed]} == {k: [p.id for p in v] for k, v in layout.cells.items()}


def test_part_names_with_markup_are_escaped_in_text_attributes_and_forms(container):
    boss, _, made, _, (first, _), later = _map(container)
    evil = "<script>alert(1)</script>"
    join = story_maps.get_map(container.uow(), boss, made).layout.columns[0].activity.id
    story_maps.rename(container.uow(), boss, "activity", join, {"title": evil})
    story_maps.rename(container.uow(), boss, "task", first, {"title": evil + "t"})
    story_maps.rename(container.uow(), boss, "slice", later, {"name": evil + "s"})
    client, _ = signed_in(container)

    page = client.get(f"/story-maps/{made}").text

    assert "<script>alert(1)" not in page
    assert 'data-title="&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;t"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;s" in page


def test_a_stakeholder_gets_no_move_buttons_rename_hooks_or_delete_menus(container):
    _, product, made, _, _, _ = _map(container)
    factories.user(container, Role.STAKEHOLDER, product, name="sam")
    client, _ = signed_in(container, "sam")

    page = client.get(f"/story-maps/{made}").text

    assert "data-shift" not in page
    assert "data-rename" not in page
    assert "Delete the activity" not in page


@pytest.mark.e2e
def test_a_map_is_shaped_in_place_and_stays_shaped_after_a_reload(page, sign_in, container):
    boss, _, made, _, _, later = _map(container)
    sign_in(page, then=f"/story-maps/{made}")
    status = page.locator("[data-map-status]")

    page.locator(".sm-activity .sm-name", has_text="Join").click()
    editor = page.locator(".sm-rename-input")
    editor.fill("Sign up <b>now</b>")
    with page.expect_response(lambda r: r.request.method == "PATCH") as renamed:
        editor.press("Enter")
    assert 200 == renamed.value.status
    page.wait_for_function("!document.querySelector('.sm-rename-input')")
    page.get_by_role("button", name="Move the activity “Share” left").click()
    page.wait_for_function("document.querySelector('.sm-activity').dataset.title === 'Share'")
    handle = page.locator(f"#slice-{later} .sm-slice-head")
    target = page.locator(".sm-skeleton .sm-slice-head")
    start, end = handle.bounding_box(), target.bounding_box()
    with page.expect_response(lambda r: r.url.endswith(f"/slice/{later}/move")) as moved:
        page.mouse.move(start["x"] + 10, start["y"] + 5)
        page.mouse.down()
        page.mouse.move(end["x"] + 10, end["y"] + 2, steps=15)
        page.mouse.up()
    assert 204 == moved.value.status
    page.wait_for_function(f"document.querySelector('.sm-skeleton').id === 'slice-{later}'")
    assert "Moved “Release 2” to the slices" in status.text_content()
    page.reload()

    backbone = page.locator(".sm-activity .sm-name").all_text_contents()
    assert ["Share", "Sign up <b>now</b>"] == [t.strip() for t in backbone]
    skeleton = page.locator(".sm-skeleton")
    assert "Release 2" in skeleton.locator(".sm-name").text_content()
    assert 1 == skeleton.locator(".badge", has_text="Walking skeleton").count()
    layout = story_maps.get_map(container.uow(), boss, made).layout
    assert ["Share", "Sign up <b>now</b>"] == [c.activity.title for c in layout.columns]
    assert ["Release 2", "Walking skeleton"] == [s.name for s in layout.slices]


@pytest.mark.e2e
def test_a_stale_rename_in_place_shows_the_conflict_and_the_current_name(page, sign_in, container):
    boss, _, made, _, _, _ = _map(container)
    join = story_maps.get_map(container.uow(), boss, made).layout.columns[0].activity.id
    sign_in(page, then=f"/story-maps/{made}")
    story_maps.rename(container.uow(), boss, "activity", join, {"title": "Theirs"}, version=1)

    page.get_by_role("button", name="Rename the activity “Join”").click()
    page.locator(".sm-rename-input").fill("Mine")
    with page.expect_response(lambda r: r.request.method == "PATCH") as refused:
        page.locator(".sm-rename-input").press("Enter")
    assert 409 == refused.value.status
    page.wait_for_function(
        "document.querySelector('.sm-activity .sm-name').textContent.trim() === 'Theirs'"
    )

    shown = page.locator("[data-map-status]")
    assert "it is now “Theirs”" in shown.text_content()
    assert "is-error" in shown.get_attribute("class")


@pytest.mark.e2e
def test_an_escaped_rename_in_place_is_undone(page, sign_in, container):
    _, _, made, _, _, _ = _map(container)
    sign_in(page, then=f"/story-maps/{made}")

    page.locator(".sm-activity .sm-name", has_text="Join").click()
    page.locator(".sm-rename-input").fill("Something else")
    page.locator(".sm-rename-input").press("Escape")

    assert 0 == page.locator(".sm-rename-input").count()
    assert "Join" == page.locator(".sm-activity .sm-name").first.text_content().strip()


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


@pytest.mark.e2e
def test_a_task_dragged_across_the_backbone_joins_the_other_activity(page, sign_in, container):
    boss, _, made, _, (first, second), _ = _map(container)
    sign_in(page, then=f"/story-maps/{made}")

    task = page.locator(f"#task-{second} .sm-name")
    target = page.locator(f"#task-{first}")
    start, end = task.bounding_box(), target.bounding_box()
    with page.expect_response(lambda r: r.url.endswith(f"/task/{second}/move")) as moved:
        page.mouse.move(start["x"] + 5, start["y"] + 5)
        page.mouse.down()
        page.mouse.move(end["x"] + end["width"] * 0.75, end["y"] + 5, steps=15)
        page.mouse.up()
    assert 204 == moved.value.status
    page.wait_for_function("document.querySelector('[data-map-status]').textContent !== ''")
    page.reload()

    layout = story_maps.get_map(container.uow(), boss, made).layout
    assert [("Join", [first, second]), ("Share", [])] == [
        (c.activity.title, [t.id for t in c.tasks]) for c in layout.columns
    ]
    assert "No tasks yet" in page.locator(".sm-tasks").text_content()
