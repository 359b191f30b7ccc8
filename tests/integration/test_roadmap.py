"""The roadmap on SQLite and PostgreSQL: lanes, releases, dependencies, capacity, story maps."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from valueloop.domain.backlog import Lane
from valueloop.domain.errors import Conflict, PermissionDenied, ValidationFailed
from valueloop.domain.releases import ReleaseStatus
from valueloop.domain.roadmap import GroupBy
from valueloop.domain.roles import Role
from valueloop.services import (
    backlog,
    capacity,
    dependencies,
    goals,
    releases,
    roadmap,
    story_maps,
)


def _items(container, boss, product, *titles, **fields):
    return [
        backlog.create_item(container.uow(), boss, product, {"title": t, **fields}).id
        for t in titles
    ]


def _lane(container, boss, product, lane):
    shown = roadmap.view(container.uow(), boss, product)
    groups = dict(shown.lanes)[lane]
    return [i.title for _, items in groups for i in items]


def test_moving_items_between_lanes_orders_them_and_keeps_their_version(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b, d = _items(c, boss, product, "A", "B", "D")

    roadmap.move_to_lane(c.uow(), boss, a, Lane.NOW)
    roadmap.move_to_lane(c.uow(), boss, b, Lane.NOW)
    roadmap.move_to_lane(c.uow(), boss, d, Lane.NOW, before_id=a)
    moved = roadmap.move_to_lane(c.uow(), boss, a, Lane.NEXT)

    assert ["D", "B"] == _lane(c, boss, product, Lane.NOW)
    assert ["A"] == _lane(c, boss, product, Lane.NEXT)
    assert 1 == moved.version
    roadmap.move_to_lane(c.uow(), boss, a, None)
    assert [] == _lane(c, boss, product, Lane.NEXT)


def test_a_move_names_an_anchor_outside_the_lane_as_the_fault(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b = _items(c, boss, product, "A", "B")
    roadmap.move_to_lane(c.uow(), boss, a, Lane.NOW)

    with pytest.raises(ValidationFailed) as failed:
        roadmap.move_to_lane(c.uow(), boss, b, Lane.LATER, after_id=a)

    assert "after_id" == failed.value.field


def test_a_contributor_may_not_move_items_between_lanes(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    (a,) = _items(c, boss, product, "A")
    dev = factories.user(c, Role.CONTRIBUTOR, product)

    with pytest.raises(PermissionDenied):
        roadmap.move_to_lane(c.uow(), dev, a, Lane.NOW)


def test_done_sets_shipped_on_and_reopening_clears_it(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    (a,) = _items(c, boss, product, "A", status="in_progress")

    done = backlog.update_item(c.uow(), boss, a, None, {"status": "done"})
    reopened = backlog.update_item(c.uow(), boss, a, None, {"status": "in_progress"})

    assert dt.datetime.now(dt.UTC).date() == done.shipped_on
    assert None is reopened.shipped_on


def test_team_and_public_fields_are_editable_with_their_version(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    (a,) = _items(c, boss, product, "A")

    edited = backlog.update_item(
        c.uow(), boss, a, 1, {"team": "Core", "public": True, "public_title": "Faster search"}
    )

    assert ("Core", True, "Faster search", 2) == (
        edited.team,
        edited.public,
        edited.public_title,
        edited.version,
    )
    with pytest.raises(ValidationFailed):
        backlog.update_item(c.uow(), boss, a, None, {"lane": "now"})


def test_releases_take_items_and_group_by_goal_on_the_timeline(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    goal = goals.create_goal(c.uow(), boss, product, {"title": "Retention"}).id
    a, b = _items(c, boss, product, "A", "B")
    r1 = releases.create_release(
        c.uow(), boss, product, {"name": "1.0", "target_date": "2025-03-01", "goal_id": goal}
    )
    m1 = releases.create_release(
        c.uow(), boss, product, {"name": "Beta", "kind": "milestone", "target_date": "2025-01-15"}
    )

    assert [a, b] == releases.set_items(c.uow(), boss, r1.id, [a, b], [])
    assert [b] == releases.set_items(c.uow(), boss, r1.id, [], [a])
    shown = roadmap.view(c.uow(), boss, product, GroupBy.GOAL)

    assert ["Beta", "1.0"] == [m.release.name for m in shown.timeline.marks]
    assert ["Retention", "No goal"] == [g.label for g in shown.timeline.groups]
    assert 0 < shown.timeline.marks[0].x < shown.timeline.marks[1].x < 1
    assert [m1.id, r1.id] == [r.id for r in shown.releases]


def test_a_released_release_is_dated_and_a_stale_edit_conflicts(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    r = releases.create_release(c.uow(), boss, product, {"name": "1.0"})

    done = releases.update_release(c.uow(), boss, r.id, 1, {"status": "released"})

    assert (ReleaseStatus.RELEASED, dt.datetime.now(dt.UTC).date()) == (
        done.status,
        done.released_on,
    )
    with pytest.raises(Conflict):
        releases.update_release(c.uow(), boss, r.id, 1, {"name": "x"})


def test_deleting_a_release_keeps_its_items_without_one(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    (a,) = _items(c, boss, product, "A")
    r = releases.create_release(c.uow(), boss, product, {"name": "1.0"})
    releases.set_items(c.uow(), boss, r.id, [a], [])

    releases.delete_release(c.uow(), boss, r.id, None)

    assert None is backlog.get_item(c.uow(), boss, a).release_id


def test_a_dependency_closing_a_cycle_is_refused_naming_the_cycle(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b, d = _items(c, boss, product, "Auth", "Billing", "Dashboards")
    dependencies.add_dependency(c.uow(), boss, a, b)
    dependencies.add_dependency(c.uow(), boss, b, d)

    with pytest.raises(ValidationFailed) as failed:
        dependencies.add_dependency(c.uow(), boss, d, a)

    assert "Dashboards → Auth → Billing → Dashboards" in str(failed.value)
    assert 2 == len(dependencies.list_dependencies(c.uow(), boss, product))


def test_a_blocked_item_planned_before_its_blocker_is_warned_about(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b = _items(c, boss, product, "Auth", "Billing")
    dependencies.add_dependency(c.uow(), boss, a, b)
    roadmap.move_to_lane(c.uow(), boss, a, Lane.LATER)
    roadmap.move_to_lane(c.uow(), boss, b, Lane.NOW)

    shown = roadmap.view(c.uow(), boss, product)

    assert [(a, b)] == [(w.blocker_id, w.blocked_id) for w in shown.order_warnings]
    assert "earlier lane" in shown.order_warnings[0].reason


def test_capacity_report_sums_estimates_due_in_the_period_and_flags_over_allocation(
    any_container,
):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b, d = _items(c, boss, product, "A", "B", "D", estimate=5, team="Core")
    r = releases.create_release(
        c.uow(), boss, product, {"name": "1.0", "target_date": "2025-02-10"}
    )
    releases.set_items(c.uow(), boss, r.id, [a, b], [])
    period = capacity.create_period(
        c.uow(),
        boss,
        product,
        {"team": "Core", "starts_on": "2025-01-01", "ends_on": "2025-03-31", "capacity": 8},
    )

    (load,) = capacity.report(c.uow(), boss, product, dt.date(2025, 1, 5))

    assert (10.0, [a, b], True, 2.0) == (load.planned, sorted(load.item_ids), load.over, 2.0)
    with pytest.raises(ValidationFailed) as failed:
        capacity.create_period(
            c.uow(),
            boss,
            product,
            {"team": "Core", "starts_on": "2025-03-01", "ends_on": "2025-04-30", "capacity": 8},
        )
    assert "overlaps" in str(failed.value)
    capacity.update_period(c.uow(), boss, period.id, 1, {"capacity": 20})
    (load,) = capacity.report(c.uow(), boss, product, dt.date(2025, 1, 5))
    assert False is load.over
    assert d not in load.item_ids


def test_a_story_map_lays_out_the_backbone_and_finds_the_skeletons_gaps(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b = _items(c, boss, product, "Sign up", "Invite")
    made = story_maps.create_map(c.uow(), boss, product, {"name": "Onboarding"})
    first = story_maps.add_activity(c.uow(), boss, made.id, {"title": "Join"})
    second = story_maps.add_activity(c.uow(), boss, made.id, {"title": "Collaborate"})
    t1 = story_maps.add_task(c.uow(), boss, first.id, {"title": "Create account"})
    story_maps.add_task(c.uow(), boss, second.id, {"title": "Invite team"})
    later = story_maps.add_slice(c.uow(), boss, made.id, {"name": "Release 2"})
    skeleton = story_maps.get_map(c.uow(), boss, made.id).layout.slices[0]

    story_maps.place_item(c.uow(), boss, t1.id, a, skeleton.id)
    story_maps.place_item(c.uow(), boss, t1.id, b, skeleton.id, before_id=None)
    story_maps.move_part(c.uow(), boss, "activity", second.id, before_id=first.id)
    shown = story_maps.get_map(c.uow(), boss, made.id)

    assert ["Collaborate", "Join"] == [col.activity.title for col in shown.layout.columns]
    assert ["Walking skeleton", "Release 2"] == [s.name for s in shown.layout.slices]
    assert [a, b] == [p.item_id for p in shown.layout.cells[(t1.id, skeleton.id)]]
    assert ["Collaborate"] == [g.title for g in shown.layout.skeleton_gaps]
    story_maps.place_item(c.uow(), boss, t1.id, b, later.id)
    moved = story_maps.get_map(c.uow(), boss, made.id).layout.cells
    assert [b] == [p.item_id for p in moved[(t1.id, later.id)]]


def test_story_map_keys_are_re_spaced_before_they_outgrow_their_column(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b = _items(c, boss, product, "Sign up", "Invite")
    made = story_maps.create_map(c.uow(), boss, product, {"name": "Onboarding"})
    join = story_maps.add_activity(c.uow(), boss, made.id, {"title": "Join"})
    first = story_maps.add_task(c.uow(), boss, join.id, {"title": "Create account"})
    second = story_maps.add_task(c.uow(), boss, join.id, {"title": "Verify email"})
    story_maps.place_item(c.uow(), boss, first.id, a, None)
    story_maps.place_item(c.uow(), boss, first.id, b, None)
    long_key = "0" * 119 + "1"  # what hundreds of moves to the top leave behind
    with c.uow() as uow:
        uow.story_tasks.update(first.id, None, {"rank": long_key})
        (top,) = uow.story_placements.list({"item_id": a}).items
        uow.story_placements.update(top.id, None, {"rank": long_key})
        uow.commit()

    story_maps.move_part(c.uow(), boss, "task", second.id, before_id=first.id)
    (placed_b,) = story_maps.get_map(c.uow(), boss, made.id).layout.cells[(first.id, None)][1:]
    story_maps.move_story(c.uow(), boss, placed_b.id, first.id, None, before_id=top.id)
    shown = story_maps.get_map(c.uow(), boss, made.id).layout

    (column,) = shown.columns
    assert ["Verify email", "Create account"] == [t.title for t in column.tasks]
    assert [b, a] == [p.item_id for p in shown.cells[(first.id, None)]]
    ranks = [t.rank for t in column.tasks] + [p.rank for p in shown.cells[(first.id, None)]]
    assert all(len(rank) < 10 for rank in ranks), ranks


def test_the_roadmap_csv_lists_items_lane_by_lane(any_container):
    c = any_container
    boss = factories.admin(c)
    product = factories.product(c)
    a, b = _items(c, boss, product, "=HYPERLINK(1)", "Plain")
    roadmap.move_to_lane(c.uow(), boss, b, Lane.NEXT)
    roadmap.move_to_lane(c.uow(), boss, a, Lane.NOW)

    _, header, rows = roadmap.csv_table(c.uow(), boss, product)

    assert ["now", "next"] == [r[0] for r in rows]
    assert "=HYPERLINK(1)" == rows[0][header.index("title")]
