"""The demo's roadmap: filled lanes, releases and milestones around today, dependencies without
cycles, capacity with one over-allocated period, public and shipped items, and a story map."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

import pytest

from tests import factories
from tests.conftest import make_container
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.engine import create_engine
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.domain.backlog import ItemStatus, Lane
from valueloop.domain.dependencies import find_cycle
from valueloop.domain.releases import ReleaseKind, ReleaseStatus
from valueloop.services import (
    backlog,
    capacity,
    demo,
    dependencies,
    products,
    releases,
    roadmap,
    story_maps,
)

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory, sqlite_template):
    tmp_path = tmp_path_factory.mktemp("demo_roadmap")
    path = tmp_path / "valueloop.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    demo.ensure_demo(SqlBulkUnitOfWork(engine), now=NOW, catalogue=load_kvm_catalogue())
    engine.dispose()
    c = make_container(f"sqlite:///{path}", tmp_path)
    priya = factories.principal(c, "priya")
    helpdesk = products.find_product(c.uow(), priya, "Relay Helpdesk").id
    yield c, priya, helpdesk
    c.close()


def _items(c, actor, product_id):
    return backlog.list_items(c.uow(), actor, product_id, limit=None).items


def test_the_demo_fills_every_lane_and_plans_items_into_releases(demo_world):
    c, priya, helpdesk = demo_world

    shown = roadmap.view(c.uow(), priya, helpdesk, today=TODAY)
    counts = {lane: sum(len(items) for _, items in groups) for lane, groups in shown.lanes}
    items = _items(c, priya, helpdesk)

    assert all(counts[lane] >= 5 for lane in Lane)
    assert {i.status for i in items if i.lane is Lane.NOW} == {ItemStatus.IN_PROGRESS}
    assert sum(1 for i in items if i.release_id is not None) >= 10
    assert {"Core", "Integrations"} <= {i.team for i in items}


def test_the_demo_has_four_releases_and_two_milestones_around_today(demo_world):
    c, priya, helpdesk = demo_world

    found = releases.list_releases(c.uow(), priya, helpdesk)
    kinds = Counter(r.kind for r in found)
    released = [r for r in found if r.status is ReleaseStatus.RELEASED]

    assert {ReleaseKind.RELEASE: 4, ReleaseKind.MILESTONE: 2} == kinds
    assert all(r.released_on is not None and r.released_on <= TODAY for r in released)
    assert any(r.target_date is not None and r.target_date < TODAY for r in found)
    assert any(r.target_date is not None and r.target_date > TODAY for r in found)
    assert all(r.goal_id is not None for r in found)


def test_the_demo_dependencies_form_no_cycle_and_one_is_planned_out_of_order(demo_world):
    c, priya, helpdesk = demo_world

    found = dependencies.list_dependencies(c.uow(), priya, helpdesk)
    edges = [(d.blocker_id, d.blocked_id) for d in found]
    shown = roadmap.view(c.uow(), priya, helpdesk, today=TODAY)

    assert len(found) >= 4
    assert 1 == len(shown.order_warnings)
    assert all(find_cycle(edges[:n] + edges[n + 1 :], *edges[n]) is None for n in range(len(edges)))


def test_the_demo_capacity_has_three_periods_per_team_and_one_over_allocated(demo_world):
    c, priya, helpdesk = demo_world

    loads = capacity.report(c.uow(), priya, helpdesk, today=TODAY)
    per_team = Counter(load.period.team for load in loads)
    over = [load for load in loads if load.over]

    assert {"Core": 3, "Integrations": 3} == per_team
    assert ["Core"] == [load.period.team for load in over]
    assert over[0].period.starts_on <= TODAY <= over[0].period.ends_on


def test_the_demo_marks_items_public_and_ships_done_items(demo_world):
    c, priya, helpdesk = demo_world

    items = _items(c, priya, helpdesk)
    public = [i for i in items if i.public]
    done = [i for i in items if i.status is ItemStatus.DONE]

    assert 8 <= len(public) <= 12
    assert all(i.public_title for i in public)
    assert any(i.shipped_on is not None for i in public)
    assert all(i.shipped_on is not None and i.shipped_on <= TODAY for i in done)
    assert all(i.shipped_on is None for i in items if i.status is not ItemStatus.DONE)


def test_the_demo_story_map_starts_with_a_walking_skeleton_and_flags_its_gap(demo_world):
    c, priya, helpdesk = demo_world

    (found,) = story_maps.list_maps(c.uow(), priya, helpdesk)
    shown = story_maps.get_map(c.uow(), priya, found.id)
    layout = shown.layout

    assert ["Walking skeleton", "Release 2: escalations", "Later"] == [
        s.name for s in layout.slices
    ]
    assert len(layout.columns) == 4
    assert all(column.tasks for column in layout.columns)
    assert ["Prove compliance"] == [a.title for a in layout.skeleton_gaps]
    assert sum(len(stories) for stories in layout.cells.values()) >= 12
    assert all(
        shown.items[p.item_id].product_id == helpdesk for ps in layout.cells.values() for p in ps
    )
