"""The Python API for the roadmap: lanes, releases and milestones, dependencies, capacity and
story maps.

    with Workspace.open(user="priya") as ws:
        ws.roadmap.move(item.id, Lane.NOW)
        spring = ws.roadmap.create_release(product.id, name="Spring", target_date="2025-04-01")
        ws.roadmap.plan(spring.id, [item.id])
        for load in ws.roadmap.capacity_report(product.id):
            print(load.period.team, load.planned, load.period.capacity, load.over)
"""

from __future__ import annotations

import builtins
import datetime as dt

from valueloop.domain.backlog import BacklogItem, Lane
from valueloop.domain.capacity import CapacityPeriod, PeriodLoad
from valueloop.domain.dependencies import ItemDependency
from valueloop.domain.releases import Release
from valueloop.domain.roadmap import GroupBy
from valueloop.domain.story_maps import (
    StoryActivity,
    StoryMap,
    StoryPlacement,
    StorySlice,
    StoryTask,
)
from valueloop.services import capacity, dependencies, releases, roadmap, story_maps
from valueloop.services.roadmap import RoadmapView
from valueloop.services.story_maps import MapView
from valueloop.workspace.section import Section


class Roadmap(Section):
    def view(self, product_id: int, by: GroupBy = GroupBy.NONE) -> RoadmapView:
        """The lanes (grouped by goal or initiative), timeline, dependencies and capacity."""
        return roadmap.view(*self._call(), product_id, GroupBy(by))

    def table(
        self, product_id: int, by: GroupBy = GroupBy.NONE
    ) -> tuple[tuple[str, ...], builtins.list[builtins.list[object]]]:
        """The roadmap as a header and rows, one row per item, lane by lane (as the CSV export)."""
        _, header, rows = roadmap.csv_table(*self._call(), product_id, GroupBy(by))
        return header, rows

    def move(
        self,
        item_id: int,
        lane: Lane | str | None,
        *,
        after_id: int | None = None,
        before_id: int | None = None,
    ) -> BacklogItem:
        """Put an item in a lane (None: off the roadmap), after or before another (else last)."""
        target = None if lane is None else Lane(lane)
        return roadmap.move_to_lane(
            *self._call(), item_id, target, after_id=after_id, before_id=before_id
        )

    def releases(self, product_id: int) -> builtins.list[Release]:
        """Releases and milestones by target date (undated last)."""
        return releases.list_releases(*self._call(), product_id)

    def create_release(self, product_id: int, **fields: object) -> Release:
        """Add a release or milestone (name, kind, target_date, goal_id, initiative_id, public)."""
        return releases.create_release(*self._call(), product_id, fields)

    def update_release(
        self, release_id: int, *, version: int | None = None, **changes: object
    ) -> Release:
        """Change a release; status "released" dates it today unless released_on is given."""
        return releases.update_release(*self._call(), release_id, version, changes)

    def delete_release(self, release_id: int, *, version: int | None = None) -> None:
        releases.delete_release(*self._call(), release_id, version)

    def plan(
        self, release_id: int, add: builtins.list[int], remove: builtins.list[int] | None = None
    ) -> builtins.list[int]:
        """Plan items into a release (or take them out); returns the release's item ids."""
        return releases.set_items(*self._call(), release_id, add, remove or [])

    def dependencies(self, product_id: int) -> builtins.list[ItemDependency]:
        return dependencies.list_dependencies(*self._call(), product_id)

    def add_dependency(self, blocker_id: int, blocked_id: int) -> ItemDependency:
        """Record that one item blocks another; one that would close a cycle is refused."""
        return dependencies.add_dependency(*self._call(), blocker_id, blocked_id)

    def remove_dependency(self, dependency_id: int) -> None:
        dependencies.remove_dependency(*self._call(), dependency_id)

    def capacity(self, product_id: int) -> builtins.list[CapacityPeriod]:
        return capacity.list_periods(*self._call(), product_id)

    def add_capacity(self, product_id: int, **fields: object) -> CapacityPeriod:
        """A team's capacity for a period (team, starts_on, ends_on, capacity, note)."""
        return capacity.create_period(*self._call(), product_id, fields)

    def update_capacity(
        self, period_id: int, *, version: int | None = None, **changes: object
    ) -> CapacityPeriod:
        return capacity.update_period(*self._call(), period_id, version, changes)

    def delete_capacity(self, period_id: int, *, version: int | None = None) -> None:
        capacity.delete_period(*self._call(), period_id, version)

    def capacity_report(
        self, product_id: int, today: dt.date | None = None
    ) -> builtins.list[PeriodLoad]:
        """Each period's planned effort against its capacity (`over`, `excess`)."""
        return capacity.report(*self._call(), product_id, today)


class StoryMaps(Section):
    def list(self, product_id: int) -> builtins.list[StoryMap]:
        return story_maps.list_maps(*self._call(), product_id)

    def create(self, product_id: int, **fields: object) -> StoryMap:
        """A new map (name, description) with its first slice, the walking skeleton."""
        return story_maps.create_map(*self._call(), product_id, fields)

    def get(self, map_id: int) -> MapView:
        """The map laid out: backbone, slices, stories per cell, the skeleton's gaps."""
        return story_maps.get_map(*self._call(), map_id)

    def add_activity(self, map_id: int, title: str) -> StoryActivity:
        return story_maps.add_activity(*self._call(), map_id, {"title": title})

    def add_task(self, activity_id: int, title: str) -> StoryTask:
        return story_maps.add_task(*self._call(), activity_id, {"title": title})

    def add_slice(self, map_id: int, **fields: object) -> StorySlice:
        """A release slice below the others (name, description, release_id)."""
        return story_maps.add_slice(*self._call(), map_id, fields)

    def place(self, task_id: int, item_id: int, slice_id: int | None = None) -> StoryPlacement:
        """Put a backlog item under a task, in a slice (None: not yet sliced)."""
        return story_maps.place_item(*self._call(), task_id, item_id, slice_id)

    def move(self, placement_id: int, task_id: int, slice_id: int | None = None) -> StoryPlacement:
        """Move a placed story to another task and slice of its map."""
        return story_maps.move_story(*self._call(), placement_id, task_id, slice_id)
