"""Story maps (DOMAIN.md §3): activities, tasks, stories placed under tasks, release slices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class StoryMap:
    """A story map for one product area."""

    id: int
    product_id: int
    name: str
    description: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class StoryActivity:
    """A step of the backbone, left to right."""

    id: int
    map_id: int
    title: str
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class StoryTask:
    """A task under an activity, top to bottom."""

    id: int
    activity_id: int
    title: str
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class StorySlice:
    """A horizontal release slice; the first is the walking skeleton."""

    id: int
    map_id: int
    name: str
    description: str
    rank: str
    release_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class StoryPlacement:
    """A backlog item (a story) under a task, in a slice."""

    id: int
    task_id: int
    item_id: int
    slice_id: int | None
    rank: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Column:
    """One activity of the backbone and its tasks, top to bottom."""

    activity: StoryActivity
    tasks: list[StoryTask]


@dataclass(frozen=True, slots=True)
class Layout:
    """A story map laid out: the backbone, the slices (the first is the walking skeleton), the
    stories in each (task, slice) cell by rank (slice None: not yet sliced), and the skeleton's
    gaps: activities with no story in the first slice."""

    columns: list[Column]
    slices: list[StorySlice]
    cells: dict[tuple[int, int | None], list[StoryPlacement]] = field(default_factory=dict)
    skeleton_gaps: list[StoryActivity] = field(default_factory=list)


MAP_FIELDS = frozenset({"name", "description"})
SLICE_FIELDS = frozenset({"name", "description", "release_id"})


def validate_map(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized story map fields (a name naming the product area, a description)."""
    f.reject_unknown(fields, MAP_FIELDS)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=10_000)
    return out


def validate_title(fields: Mapping[str, object]) -> str:
    """The title of an activity or a task."""
    f.reject_unknown(fields, frozenset({"title"}))
    return f.text(fields, "title", max_len=300, required=True)


def validate_slice(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized slice fields; `release_id` ties the slice to a release (checked by the caller)."""
    f.reject_unknown(fields, SLICE_FIELDS)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=10_000)
    if "release_id" in fields or creating:
        out["release_id"] = f.reference(fields.get("release_id"), "release_id")
    return out


def layout(
    activities: Sequence[StoryActivity],
    tasks: Sequence[StoryTask],
    slices: Sequence[StorySlice],
    placements: Sequence[StoryPlacement],
) -> Layout:
    """Order everything by rank and find the walking skeleton's gaps."""
    ordered = sorted(activities, key=lambda a: (a.rank, a.id))
    by_activity: dict[int, list[StoryTask]] = {}
    for task in sorted(tasks, key=lambda t: (t.rank, t.id)):
        by_activity.setdefault(task.activity_id, []).append(task)
    columns = [Column(a, by_activity.get(a.id, [])) for a in ordered]
    sliced = sorted(slices, key=lambda s: (s.rank, s.id))
    cells: dict[tuple[int, int | None], list[StoryPlacement]] = {}
    for placement in sorted(placements, key=lambda p: (p.rank, p.id)):
        cells.setdefault((placement.task_id, placement.slice_id), []).append(placement)
    gaps: list[StoryActivity] = []
    if sliced:
        skeleton = sliced[0].id
        for column in columns:
            if not any(cells.get((t.id, skeleton)) for t in column.tasks):
                gaps.append(column.activity)
    return Layout(columns, sliced, cells, gaps)


def step_anchor(
    ordered_ids: Sequence[int], moving_id: int, step: int
) -> tuple[int | None, int | None] | None:
    """(after_id, before_id) that move `moving_id` one place earlier (step -1) or later (+1) in
    `ordered_ids`; None when it is already at that end."""
    if step not in (-1, 1):
        raise ValidationFailed("move one place: -1 (left or up) or 1 (right or down)", field="by")
    at = ordered_ids.index(moving_id)
    target = at + step
    if not 0 <= target < len(ordered_ids):
        return None
    neighbour = ordered_ids[target]
    return (neighbour, None) if step > 0 else (None, neighbour)


def stories_under(board: Layout, part: str, record_id: int) -> int:
    """How many stories sit under an activity, a task, or in a slice of the laid-out map."""
    if part == "slice":
        return sum(len(placed) for (_, s), placed in board.cells.items() if s == record_id)
    if part == "activity":
        column = next((c for c in board.columns if c.activity.id == record_id), None)
        tasks = {t.id for t in column.tasks} if column else set()
    else:
        tasks = {record_id}
    return sum(len(placed) for (t, _), placed in board.cells.items() if t in tasks)
