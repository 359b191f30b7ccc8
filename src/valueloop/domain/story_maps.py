"""Story maps (DOMAIN.md §3): activities, tasks, stories placed under tasks, release slices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
