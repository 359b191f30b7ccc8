"""The roadmap: now / next / later lanes, grouping by goal or initiative, the timeline layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain.backlog import BacklogItem, Lane
from valueloop.domain.releases import Release

LANES: tuple[Lane, ...] = (Lane.NOW, Lane.NEXT, Lane.LATER)
LANE_TITLES = {Lane.NOW: "Now", Lane.NEXT: "Next", Lane.LATER: "Later"}


class GroupBy(StrEnum):
    NONE = "none"
    GOAL = "goal"
    INITIATIVE = "initiative"


@dataclass(frozen=True, slots=True)
class Group:
    """Items or releases sharing a goal or an initiative (`key` None: the ones with neither)."""

    key: int | None
    label: str


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """A release or milestone placed on the timeline: `x` from 0 (first date) to 1 (last)."""

    release: Release
    group: Group
    x: float


@dataclass(frozen=True, slots=True)
class Timeline:
    """Dated releases and milestones in rows by group, and the ones without a date."""

    starts_on: dt.date | None
    ends_on: dt.date | None
    groups: list[Group]
    marks: list[TimelineMark]
    undated: list[Release]


def lane_index(lane: Lane | None) -> int | None:
    """0 for now, 1 for next, 2 for later, None off the roadmap."""
    return None if lane is None else LANES.index(lane)


def group_of(
    by: GroupBy,
    goal_id: int | None,
    initiative_id: int | None,
    goals: Mapping[int, str],
    initiatives: Mapping[int, str],
) -> Group:
    """The group a record falls in."""
    if by is GroupBy.GOAL:
        if goal_id is not None and goal_id in goals:
            return Group(goal_id, goals[goal_id])
        return Group(None, "No goal")
    if by is GroupBy.INITIATIVE:
        if initiative_id is not None and initiative_id in initiatives:
            return Group(initiative_id, initiatives[initiative_id])
        return Group(None, "No initiative")
    return Group(None, "All")


def ordered_groups(groups: list[Group]) -> list[Group]:
    """Distinct groups by label, the catch-all group (no goal / no initiative) last."""
    distinct = {(g.key, g.label): g for g in groups}
    return sorted(distinct.values(), key=lambda g: (g.key is None, g.label.lower(), g.key or 0))


def group_items(
    items: Sequence[BacklogItem], grouping: Callable[[BacklogItem], Group]
) -> list[tuple[Group, list[BacklogItem]]]:
    """Items bucketed by group, groups in `ordered_groups` order, items keeping their order."""
    buckets: dict[Group, list[BacklogItem]] = {}
    for item in items:
        buckets.setdefault(grouping(item), []).append(item)
    return [(g, buckets[g]) for g in ordered_groups(list(buckets))]


def timeline(releases: Sequence[Release], grouping: Callable[[Release], Group]) -> Timeline:
    """Lay releases and milestones out by target date (released ones by their release date)."""
    dated = [(r, when(r)) for r in releases]
    placed = sorted(((r, d) for r, d in dated if d is not None), key=lambda rd: (rd[1], rd[0].id))
    undated = [r for r, d in dated if d is None]
    if not placed:
        return Timeline(None, None, [], [], undated)
    first, last = placed[0][1], placed[-1][1]
    # A margin on both sides keeps the first and last marks off the edges.
    span = max((last - first).days, 1)
    pad = dt.timedelta(days=max(span // 20, 7))
    start, end = first - pad, last + pad
    total = (end - start).days
    marks = [TimelineMark(r, grouping(r), (d - start).days / total) for r, d in placed]
    return Timeline(start, end, ordered_groups([m.group for m in marks]), marks, undated)


def when(release: Release) -> dt.date | None:
    """The date a release sits at: when it shipped, else when it is due."""
    return release.released_on or release.target_date


def month_ticks(starts_on: dt.date, ends_on: dt.date) -> list[tuple[dt.date, float]]:
    """The first day of each month inside the range, with its x position (0 to 1)."""
    total = max((ends_on - starts_on).days, 1)
    ticks: list[tuple[dt.date, float]] = []
    day = dt.date(starts_on.year, starts_on.month, 1)
    while day <= ends_on:
        if day >= starts_on:
            ticks.append((day, (day - starts_on).days / total))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


CSV_HEADER = (
    "lane",
    "position",
    "item_id",
    "title",
    "type",
    "status",
    "estimate",
    "team",
    "group",
    "release",
    "target_date",
    "blocked_by",
    "public",
    "shipped_on",
)


def csv_rows(
    lanes: Sequence[tuple[Lane, Sequence[tuple[Group, Sequence[BacklogItem]]]]],
    releases: Mapping[int, Release],
    blocked_by: Mapping[int, Sequence[int]],
) -> list[list[object]]:
    """One row per roadmap item, lane by lane in order, in CSV_HEADER's columns."""
    rows: list[list[object]] = []
    for lane, groups in lanes:
        position = 0
        for group, items in groups:
            for item in items:
                position += 1
                release = releases.get(item.release_id) if item.release_id else None
                rows.append(
                    [
                        lane.value,
                        position,
                        item.id,
                        item.title,
                        item.type.value,
                        item.status.value,
                        item.estimate,
                        item.team,
                        group.label,
                        release.name if release else "",
                        release.target_date if release else None,
                        " ".join(str(b) for b in blocked_by.get(item.id, ())),
                        item.public,
                        item.shipped_on,
                    ]
                )
    return rows
