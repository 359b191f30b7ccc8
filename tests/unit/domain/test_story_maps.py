"""Story-map rules: one-place moves of a part, and how many stories a deletion touches."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.story_maps import (
    StoryActivity,
    StoryPlacement,
    StorySlice,
    StoryTask,
    layout,
    step_anchor,
    stories_under,
)

AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_one_place_earlier_is_before_the_previous_sibling():
    assert (None, 2) == step_anchor([1, 2, 3], 3, -1)


def test_one_place_later_is_after_the_next_sibling():
    assert (2, None) == step_anchor([1, 2, 3], 1, 1)


def test_a_step_past_either_end_has_no_anchor():
    assert (None, None) == (step_anchor([1, 2], 1, -1), step_anchor([1, 2], 2, 1))


def test_a_step_of_more_than_one_place_is_refused():
    with pytest.raises(ValidationFailed):
        step_anchor([1, 2, 3], 1, 2)


def _board():
    activities = [StoryActivity(a, 1, f"A{a}", str(a), AT, AT, 1) for a in (1, 2)]
    tasks = [StoryTask(t, a, f"T{t}", str(t), AT, AT, 1) for t, a in ((10, 1), (11, 1), (20, 2))]
    slices = [StorySlice(s, 1, f"S{s}", "", str(s), None, AT, AT, 1) for s in (5, 6)]
    cells = [(10, 5), (10, 6), (11, None), (20, 5)]
    placements = [StoryPlacement(i, t, 100 + i, s, "i", AT) for i, (t, s) in enumerate(cells)]
    return layout(activities, tasks, slices, placements)


def test_stories_under_an_activity_count_every_task_and_slice_of_it():
    assert 3 == stories_under(_board(), "activity", 1)


def test_stories_under_a_task_and_in_a_slice_are_counted_apart():
    board = _board()

    assert (2, 1, 2, 1) == (
        stories_under(board, "task", 10),
        stories_under(board, "task", 20),
        stories_under(board, "slice", 5),
        stories_under(board, "slice", 6),
    )
