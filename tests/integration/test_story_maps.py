"""Shaping a story map on SQLite and PostgreSQL: renaming its parts with version checks, moving
them one place or under another activity, deleting them, and the walking skeleton after a move."""

from __future__ import annotations

import pytest

from tests import factories
from valueloop.domain.errors import Conflict, PermissionDenied, ValidationFailed
from valueloop.domain.roles import Role
from valueloop.services import backlog, story_maps


def _board(c):
    """A map with activities Join (tasks A, B) and Share (task C), and slices Skeleton, Later."""
    boss = factories.admin(c)
    product = factories.product(c)
    made = story_maps.create_map(c.uow(), boss, product, {"name": "Onboarding"}).id
    join = story_maps.add_activity(c.uow(), boss, made, {"title": "Join"}).id
    share = story_maps.add_activity(c.uow(), boss, made, {"title": "Share"}).id
    a = story_maps.add_task(c.uow(), boss, join, {"title": "A"}).id
    b = story_maps.add_task(c.uow(), boss, join, {"title": "B"}).id
    t = story_maps.add_task(c.uow(), boss, share, {"title": "C"}).id
    later = story_maps.add_slice(c.uow(), boss, made, {"name": "Later"}).id
    return boss, product, made, (join, share), (a, b, t), later


def _shape(c, boss, made):
    layout = story_maps.get_map(c.uow(), boss, made).layout
    return [(col.activity.title, [t.title for t in col.tasks]) for col in layout.columns]


def test_renaming_a_part_with_the_version_read_saves_it_and_a_stale_one_names_the_current_value(
    any_container,
):
    c = any_container
    boss, _, made, (join, _), _, _ = _board(c)

    renamed = story_maps.rename(c.uow(), boss, "activity", join, {"title": "Sign up"}, version=1)
    with pytest.raises(Conflict) as stale:
        story_maps.rename(c.uow(), boss, "activity", join, {"title": "Register"}, version=1)

    assert ("Sign up", 2) == (renamed.title, renamed.version)
    assert "it is now “Sign up”" in stale.value.message
    assert "now at version 2" in stale.value.message
    assert "version" == stale.value.field
    assert "Sign up" == _shape(c, boss, made)[0][0]


def test_a_rename_to_the_same_name_changes_nothing_not_even_the_version(any_container):
    c = any_container
    boss, _, made, (join, _), _, _ = _board(c)
    with c.uow() as uow:
        before = len(uow.audit.list({"record_id": made}).items)

    same = story_maps.rename(c.uow(), boss, "activity", join, {"title": "Join"}, version=1)

    with c.uow() as uow:
        after = len(uow.audit.list({"record_id": made}).items)
    assert ("Join", 1) == (same.title, same.version)
    assert before == after


def test_a_slice_is_renamed_by_name_and_a_task_refuses_a_name_field(any_container):
    c = any_container
    boss, _, made, _, (a, _, _), later = _board(c)

    story_maps.rename(c.uow(), boss, "slice", later, {"name": "Release 2"}, version=1)
    with pytest.raises(ValidationFailed):
        story_maps.rename(c.uow(), boss, "task", a, {"name": "X"}, version=1)

    assert ["Walking skeleton", "Release 2"] == [
        s.name for s in story_maps.get_map(c.uow(), boss, made).layout.slices
    ]


def test_a_stale_map_rename_names_the_maps_current_name(any_container):
    c = any_container
    boss, _, made, _, _, _ = _board(c)
    story_maps.update_map(c.uow(), boss, made, 1, {"name": "Billing"})

    with pytest.raises(Conflict) as stale:
        story_maps.update_map(c.uow(), boss, made, 1, {"name": "Payments"})

    assert "this map meanwhile: it is now “Billing”" in stale.value.message


def test_a_task_moves_under_another_activity_of_the_map_before_a_task_there(any_container):
    c = any_container
    boss, _, made, (_, share), (a, _, t), _ = _board(c)

    story_maps.move_part(c.uow(), boss, "task", a, activity_id=share, before_id=t)

    assert [("Join", ["B"]), ("Share", ["A", "C"])] == _shape(c, boss, made)


def test_a_task_keeps_its_stories_when_it_moves_to_another_activity(any_container):
    c = any_container
    boss, product, made, (_, share), (a, _, _), _ = _board(c)
    item = backlog.create_item(c.uow(), boss, product, {"title": "Email sign-up"}).id
    story_maps.place_item(c.uow(), boss, a, item, None)

    story_maps.move_part(c.uow(), boss, "task", a, activity_id=share)
    layout = story_maps.get_map(c.uow(), boss, made).layout

    assert [item] == [p.item_id for p in layout.cells[(a, None)]]
    assert [a] == [t.id for t in layout.columns[1].tasks if t.title == "A"]


def test_a_task_cannot_move_to_another_maps_activity_nor_an_activity_take_an_activity_id(
    any_container,
):
    c = any_container
    boss, product, _, (join, share), (a, _, _), _ = _board(c)
    other = story_maps.create_map(c.uow(), boss, product, {"name": "Other"}).id
    elsewhere = story_maps.add_activity(c.uow(), boss, other, {"title": "X"}).id

    with pytest.raises(ValidationFailed, match=f"activity {elsewhere} is not on this map"):
        story_maps.move_part(c.uow(), boss, "task", a, activity_id=elsewhere)
    with pytest.raises(ValidationFailed, match="only a task"):
        story_maps.move_part(c.uow(), boss, "activity", join, activity_id=share)


def test_shifting_moves_activities_and_slices_one_place_and_refuses_past_the_end(any_container):
    c = any_container
    boss, _, made, (join, share), _, later = _board(c)

    story_maps.shift_part(c.uow(), boss, "activity", join, 1)
    story_maps.shift_part(c.uow(), boss, "slice", later, -1)
    with pytest.raises(ValidationFailed, match="already at the top"):
        story_maps.shift_part(c.uow(), boss, "slice", later, -1)
    with pytest.raises(ValidationFailed, match="already at the right"):
        story_maps.shift_part(c.uow(), boss, "activity", join, 1)
    layout = story_maps.get_map(c.uow(), boss, made).layout

    assert [share, join] == [col.activity.id for col in layout.columns]
    assert ["Later", "Walking skeleton"] == [s.name for s in layout.slices]


def test_shifting_a_task_past_the_end_of_its_activity_takes_it_to_the_next_one(any_container):
    c = any_container
    boss, _, made, _, (a, b, t), _ = _board(c)

    story_maps.shift_part(c.uow(), boss, "task", b, 1)
    after_right = _shape(c, boss, made)
    story_maps.shift_part(c.uow(), boss, "task", t, -1)
    story_maps.shift_part(c.uow(), boss, "task", t, -1)
    after_left = _shape(c, boss, made)
    with pytest.raises(ValidationFailed, match="already at the left"):
        story_maps.shift_part(c.uow(), boss, "task", a, -1)

    assert [("Join", ["A"]), ("Share", ["B", "C"])] == after_right
    assert [("Join", ["A", "C"]), ("Share", ["B"])] == after_left


def test_the_first_slice_after_a_reorder_is_the_walking_skeleton_with_its_gaps(any_container):
    c = any_container
    boss, product, made, (join, _), (a, _, _), later = _board(c)
    item = backlog.create_item(c.uow(), boss, product, {"title": "Sign up"}).id
    story_maps.place_item(c.uow(), boss, a, item, later)
    skeleton = story_maps.get_map(c.uow(), boss, made).layout.slices[0].id

    story_maps.move_part(c.uow(), boss, "slice", later, before_id=skeleton)
    layout = story_maps.get_map(c.uow(), boss, made).layout

    assert later == layout.slices[0].id
    assert ["Share"] == [g.title for g in layout.skeleton_gaps]
    assert join not in [g.id for g in layout.skeleton_gaps]


def test_deleting_a_slice_unslices_its_stories_and_deleting_an_activity_drops_its_tasks(
    any_container,
):
    c = any_container
    boss, product, made, (join, _), (a, _, _), later = _board(c)
    item = backlog.create_item(c.uow(), boss, product, {"title": "Sign up"}).id
    placed = story_maps.place_item(c.uow(), boss, a, item, later).id

    story_maps.remove_part(c.uow(), boss, "slice", later)
    unsliced = story_maps.get_map(c.uow(), boss, made).layout.cells
    story_maps.remove_part(c.uow(), boss, "activity", join)
    layout = story_maps.get_map(c.uow(), boss, made).layout

    assert {(a, None): [placed]} == {k: [p.id for p in v] for k, v in unsliced.items()}
    assert [("Share", ["C"])] == _shape(c, boss, made)
    assert {} == layout.cells
    assert backlog.get_item(c.uow(), boss, item).id == item


def test_a_stakeholder_can_neither_rename_nor_move_a_part(any_container):
    c = any_container
    _, product, _, (join, _), _, _ = _board(c)
    viewer = factories.user(c, Role.STAKEHOLDER, product, name="sam")

    with pytest.raises(PermissionDenied):
        story_maps.rename(c.uow(), viewer, "activity", join, {"title": "X"}, version=1)
    with pytest.raises(PermissionDenied):
        story_maps.shift_part(c.uow(), viewer, "activity", join, 1)


def test_an_unknown_part_is_refused(any_container):
    c = any_container
    boss, _, _, (join, _), _, _ = _board(c)

    with pytest.raises(ValidationFailed, match="no such part"):
        story_maps.shift_part(c.uow(), boss, "story", join, 1)
