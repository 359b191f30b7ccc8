"""Cycle detection, out-of-order warnings, capacity maths and lane keys, without a database."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valueloop.domain import capacity, dependencies, ranking
from valueloop.domain.capacity import CapacityPeriod
from valueloop.domain.dependencies import Slot
from valueloop.domain.errors import ValidationFailed

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _reaches(edges, start, goal):
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(t for s, t in edges if s == node)
    return False


def test_find_cycle_returns_the_path_from_the_new_blocker_back_to_itself():
    edges = [(1, 2), (2, 3)]

    assert [3, 1, 2, 3] == dependencies.find_cycle(edges, 3, 1)
    assert None is dependencies.find_cycle(edges, 1, 3)


def test_check_new_names_the_cycle_with_titles():
    names = {1: "A", 2: "B", 3: "C"}

    with pytest.raises(ValidationFailed) as failed:
        dependencies.check_new([(1, 2), (2, 3)], 3, 1, names)

    assert "C → A → B → C" in str(failed.value)


@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20),
    st.integers(0, 7),
    st.integers(0, 7),
)
def test_a_cycle_is_found_exactly_when_the_blocked_item_already_reaches_the_blocker(
    edges, blocker, blocked
):
    acyclic = []
    for s, t in edges:  # keep only edges that keep the graph acyclic
        if s != t and not _reaches(acyclic, t, s):
            acyclic.append((s, t))

    cycle = dependencies.find_cycle(acyclic, blocker, blocked)

    assert (cycle is not None) == (blocker == blocked or _reaches(acyclic, blocked, blocker))
    if cycle is not None and blocker != blocked:
        assert cycle[0] == cycle[-1] == blocker
        assert cycle[1] == blocked
        assert all(step in acyclic for step in pairwise(cycle[1:]))


def test_a_blocked_item_in_an_earlier_release_than_its_blocker_is_warned_about():
    slots = {1: Slot(None, dt.date(2025, 5, 1)), 2: Slot(None, dt.date(2025, 3, 1))}

    (warning,) = dependencies.order_warnings([(1, 2)], slots, {1: "Auth", 2: "SSO"})

    assert "“SSO” is planned for 2025-03-01, before “Auth”" in warning.reason
    assert [] == dependencies.order_warnings([(2, 1)], slots, {})


def _period(cap, team="Core"):
    return CapacityPeriod(
        1, 1, team, dt.date(2025, 1, 1), dt.date(2025, 3, 31), cap, "", NOW, NOW, 1
    )


def test_an_over_allocated_period_says_how_much_over_with_the_numbers():
    load = capacity.PeriodLoad(_period(25), 34.0, [1, 2], 0, 34 / 25)

    assert (
        "Team Core, 2025-01-01 – 2025-03-31: 34 points planned against a capacity of 25 (136%), "
        "9 over"
    ) == capacity.warning(load)
    assert None is capacity.warning(capacity.PeriodLoad(_period(40), 34.0, [], 0, 0.85))


def test_periods_of_one_team_may_not_overlap():
    with pytest.raises(ValidationFailed):
        capacity.check_period("Core", dt.date(2025, 3, 1), dt.date(2025, 4, 1), [_period(1)])
    capacity.check_period("Web", dt.date(2025, 3, 1), dt.date(2025, 4, 1), [_period(1)])


def test_a_key_in_a_lane_sorts_between_its_neighbours():
    lane = [(1, "a"), (2, "c"), (3, "e")]

    after = ranking.key_among(lane, 9, after_id=1)
    before = ranking.key_among(lane, 9, before_id=1)
    end = ranking.key_among(lane, 9)

    assert "a" < after < "c"
    assert before < "a"
    assert end > "e"
