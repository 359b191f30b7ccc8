"""The Python API's roadmap: lanes, releases, dependencies, capacity and story maps."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from valueloop.domain.backlog import Lane
from valueloop.domain.errors import ValidationFailed
from valueloop.workspace import Workspace


@pytest.fixture
def ws(container, sqlite_url):
    factories.admin(container)
    with Workspace.open(sqlite_url, user="admin") as workspace:
        yield workspace


def test_items_move_into_lanes_and_releases_and_count_against_capacity(ws):
    product = ws.products.create(name="Relay").id
    items = [
        ws.items(product).create(title=t, estimate=5, team="Core").id for t in ("SSO", "Audit")
    ]
    ws.roadmap.move(items[0], "now")
    ws.roadmap.move(items[1], Lane.NOW, before_id=items[0])
    spring = ws.roadmap.create_release(product, name="Spring", target_date="2025-03-01")
    ws.roadmap.plan(spring.id, items)
    ws.roadmap.add_capacity(
        product, team="Core", starts_on="2025-02-01", ends_on="2025-03-31", capacity=8
    )

    shown = ws.roadmap.view(product)
    (load,) = ws.roadmap.capacity_report(product, dt.date(2025, 2, 10))
    header, rows = ws.roadmap.table(product)

    assert ["Audit", "SSO"] == [
        i.title for _, items_ in dict(shown.lanes)[Lane.NOW] for i in items_
    ]
    assert ["Spring"] == [r.name for r in ws.roadmap.releases(product)]
    assert (10.0, True) == (load.planned, load.over)
    assert 2 == len(rows)
    assert "lane" in [h.lower() for h in header]


def test_a_dependency_closing_a_cycle_is_refused(ws):
    product = ws.products.create(name="Relay").id
    a, b = (ws.items(product).create(title=t).id for t in ("A", "B"))
    ws.roadmap.add_dependency(a, b)

    with pytest.raises(ValidationFailed, match="A"):
        ws.roadmap.add_dependency(b, a)
    assert [(a, b)] == [(d.blocker_id, d.blocked_id) for d in ws.roadmap.dependencies(product)]


def test_a_story_map_is_built_and_a_story_moved_between_cells(ws):
    product = ws.products.create(name="Relay").id
    item = ws.items(product).create(title="Sign up").id
    made = ws.story_maps.create(product, name="Onboarding")
    join = ws.story_maps.add_activity(made.id, "Join")
    first = ws.story_maps.add_task(join.id, "Create an account")
    second = ws.story_maps.add_task(join.id, "Verify the e-mail")
    later = ws.story_maps.add_slice(made.id, name="Release 2")
    placed = ws.story_maps.place(first.id, item)

    ws.story_maps.move(placed.id, second.id, later.id)
    layout = ws.story_maps.get(made.id).layout

    assert ["Walking skeleton", "Release 2"] == [s.name for s in layout.slices]
    assert {(second.id, later.id): [placed.id]} == {
        k: [p.id for p in v] for k, v in layout.cells.items()
    }
    assert ["Onboarding"] == [m.name for m in ws.story_maps.list(product)]
