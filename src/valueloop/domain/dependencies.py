"""Dependencies between backlog items (blocks / blocked by): cycles and out-of-order plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from valueloop.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class ItemDependency:
    """`blocker_id` blocks `blocked_id`."""

    id: int
    blocker_id: int
    blocked_id: int
    created_by: int | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Slot:
    """Where an item sits in the plan: its lane's position (0 = now) and its release date."""

    lane: int | None
    date: dt.date | None
    done: bool = False


@dataclass(frozen=True, slots=True)
class OrderWarning:
    """A blocked item planned before (or without) the item blocking it."""

    blocker_id: int
    blocked_id: int
    reason: str


def find_cycle(edges: Iterable[tuple[int, int]], blocker: int, blocked: int) -> list[int] | None:
    """The cycle that adding `blocker` → `blocked` would close, as a path from `blocker` back to
    itself (`[a, b, c, a]`), or None when the graph stays acyclic."""
    if blocker == blocked:
        return [blocker, blocker]
    successors: dict[int, list[int]] = {}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
    # Breadth-first from `blocked`: a path back to `blocker` plus the new edge is a cycle, and
    # the shortest one is the clearest to show.
    parent: dict[int, int | None] = {blocked: None}
    frontier = [blocked]
    while frontier:
        following: list[int] = []
        for node in frontier:
            for target in successors.get(node, ()):
                if target in parent:
                    continue
                parent[target] = node
                if target == blocker:
                    path = [blocker]
                    step: int | None = node
                    while step is not None:
                        path.append(step)
                        step = parent[step]
                    return [blocker, *reversed(path[1:]), blocker]
                following.append(target)
        frontier = following
    return None


def describe_cycle(path: list[int], names: Mapping[int, str]) -> str:
    """ "A → B → C → A" with the items' titles (their ids when a title is unknown)."""
    return " → ".join(names.get(node, f"#{node}") for node in path)


def check_new(
    edges: Iterable[tuple[int, int]], blocker: int, blocked: int, names: Mapping[int, str]
) -> None:
    """Refuse a self-dependency, a duplicate, or one that would close a cycle (naming it)."""
    if blocker == blocked:
        raise ValidationFailed("an item cannot block itself", field="blocked_id")
    pairs = list(edges)
    if (blocker, blocked) in pairs:
        raise ValidationFailed(
            f"“{names.get(blocker, blocker)}” already blocks “{names.get(blocked, blocked)}”",
            field="blocked_id",
        )
    cycle = find_cycle(pairs, blocker, blocked)
    if cycle is not None:
        raise ValidationFailed(
            f"this dependency would close a cycle: {describe_cycle(cycle, names)}",
            field="blocked_id",
        )


def order_warnings(
    edges: Iterable[tuple[int, int]], slots: Mapping[int, Slot], names: Mapping[int, str]
) -> list[OrderWarning]:
    """Blocked items planned in an earlier lane or release than an open item blocking them."""
    warnings: list[OrderWarning] = []
    for blocker, blocked in edges:
        first, then = slots.get(blocker), slots.get(blocked)
        if first is None or then is None or first.done or then.done:
            continue
        a, b = names.get(blocker, f"#{blocker}"), names.get(blocked, f"#{blocked}")
        reason = ""
        if then.date is not None and first.date is not None and then.date < first.date:
            reason = (
                f"“{b}” is planned for {then.date.isoformat()}, before “{a}” that blocks it "
                f"({first.date.isoformat()})"
            )
        elif then.lane is not None and first.lane is not None and then.lane < first.lane:
            reason = f"“{b}” is in an earlier lane than “{a}” that blocks it"
        elif (then.lane is not None or then.date is not None) and (
            first.lane is None and first.date is None
        ):
            reason = f"“{b}” is on the roadmap but “{a}” that blocks it is not"
        if reason:
            warnings.append(OrderWarning(blocker, blocked, reason))
    return warnings
