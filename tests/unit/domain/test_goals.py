"""Goals and Key Value Measures: validation, hierarchy, progress and the goal tree."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.goals import (
    Direction,
    Goal,
    GoalLevel,
    GoalStatus,
    KeyValueArea,
    Measure,
    MeasureKind,
    Observation,
    check_parent,
    goal_progress,
    is_vanity_risk,
    latest_value,
    measure_progress,
    standings,
    validate_goal,
    validate_measure,
)

STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def goal(goal_id: int, level: GoalLevel, parent_id: int | None = None) -> Goal:
    return Goal(
        id=goal_id,
        product_id=1,
        parent_id=parent_id,
        level=level,
        title=f"Goal {goal_id}",
        description="",
        kva=KeyValueArea.CURRENT_VALUE,
        status=GoalStatus.ACTIVE,
        owner_id=None,
        target_date=None,
        created_at=STAMP,
        updated_at=STAMP,
        version=1,
    )


def measure(
    measure_id: int,
    goal_id: int,
    baseline: float = 0.0,
    target: float = 10.0,
    kind: MeasureKind = MeasureKind.OUTCOME,
) -> Measure:
    return Measure(
        id=measure_id,
        goal_id=goal_id,
        name=f"Measure {measure_id}",
        definition="",
        unit="",
        direction=Direction.HIGHER_IS_BETTER if target >= baseline else Direction.LOWER_IS_BETTER,
        kind=kind,
        baseline=baseline,
        target=target,
        target_date=None,
        created_at=STAMP,
        updated_at=STAMP,
        version=1,
    )


# Validation of goals


def test_a_new_goal_gets_defaults_for_level_area_and_status():
    values = validate_goal({"title": "  Win the mid-market  "}, creating=True)

    assert {
        "title": "Win the mid-market",
        "description": "",
        "level": GoalLevel.STRATEGIC,
        "kva": KeyValueArea.CURRENT_VALUE,
        "status": GoalStatus.ACTIVE,
        "target_date": None,
    } == values


def test_a_goal_update_only_returns_the_fields_given():
    assert {"status": GoalStatus.ACHIEVED} == validate_goal({"status": "achieved"}, creating=False)


def test_a_goal_target_date_is_parsed_from_iso_text():
    values = validate_goal({"title": "G", "target_date": "2025-06-30"}, creating=True)

    assert dt.date(2025, 6, 30) == values["target_date"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": 5}, "title"),
        ({"title": "G", "level": "epic"}, "level"),
        ({"title": "G", "kva": "profit"}, "kva"),
        ({"title": "G", "status": "done"}, "status"),
        ({"title": "G", "target_date": "next year"}, "target_date"),
        ({"title": "G", "colour": "red"}, "colour"),
    ],
)
def test_an_invalid_goal_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate_goal(fields, creating=True)

    assert field == error.value.field


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (GoalLevel.INTERMEDIATE, GoalLevel.STRATEGIC),
        (GoalLevel.TACTICAL, GoalLevel.STRATEGIC),
        (GoalLevel.TACTICAL, GoalLevel.INTERMEDIATE),
        (GoalLevel.STRATEGIC, None),
        (GoalLevel.TACTICAL, None),
    ],
)
def test_a_goal_may_hang_under_a_goal_of_a_higher_level(child, parent):
    check_parent(child, parent)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (GoalLevel.STRATEGIC, GoalLevel.STRATEGIC),
        (GoalLevel.STRATEGIC, GoalLevel.TACTICAL),
        (GoalLevel.INTERMEDIATE, GoalLevel.INTERMEDIATE),
        (GoalLevel.INTERMEDIATE, GoalLevel.TACTICAL),
        (GoalLevel.TACTICAL, GoalLevel.TACTICAL),
    ],
)
def test_a_goal_may_not_hang_under_a_goal_of_its_own_or_a_lower_level(child, parent):
    with pytest.raises(ValidationFailed) as error:
        check_parent(child, parent)

    assert "parent_id" == error.value.field


# Validation of measures


def test_a_new_measure_needs_a_baseline_and_a_target():
    with pytest.raises(ValidationFailed) as error:
        validate_measure({"name": "NPS", "target": 40}, creating=True)

    assert "baseline" == error.value.field


def test_a_new_measure_defaults_to_a_higher_is_better_outcome():
    values = validate_measure({"name": "NPS", "baseline": 20, "target": 40}, creating=True)

    assert Direction.HIGHER_IS_BETTER == values["direction"]
    assert MeasureKind.OUTCOME == values["kind"]
    assert (20.0, 40.0) == (values["baseline"], values["target"])


def test_a_target_below_the_baseline_is_refused_when_higher_is_better():
    with pytest.raises(ValidationFailed) as error:
        validate_measure({"name": "NPS", "baseline": 40, "target": 20}, creating=True)

    assert "target" == error.value.field
    assert "wrong side" in error.value.message


def test_a_target_above_the_baseline_is_refused_when_lower_is_better():
    with pytest.raises(ValidationFailed) as error:
        validate_measure(
            {"name": "Lead time", "baseline": 10, "target": 20, "direction": "lower"},
            creating=True,
        )

    assert "target" == error.value.field


def test_a_target_below_the_baseline_is_accepted_when_lower_is_better():
    values = validate_measure(
        {"name": "Lead time", "baseline": 20, "target": 10, "direction": "lower"}, creating=True
    )

    assert Direction.LOWER_IS_BETTER == values["direction"]


def test_a_target_equal_to_the_baseline_is_accepted():
    values = validate_measure({"name": "Uptime", "baseline": 99.9, "target": 99.9}, creating=True)

    assert 99.9 == values["target"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "M", "baseline": "ten", "target": 20}, "baseline"),
        ({"name": "M", "baseline": True, "target": 20}, "baseline"),
        ({"name": "M", "baseline": 0, "target": float("nan")}, "target"),
        ({"name": "M", "baseline": 0, "target": float("inf")}, "target"),
        ({"name": "M", "baseline": 0, "target": 1, "kind": "vanity"}, "kind"),
        ({"name": "M", "baseline": 0, "target": 1, "direction": "up"}, "direction"),
        ({"name": "M", "baseline": 0, "target": 1, "unit": "u" * 41}, "unit"),
        ({"baseline": 0, "target": 1}, "name"),
    ],
)
def test_an_invalid_measure_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate_measure(fields, creating=True)

    assert field == error.value.field


# Progress


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [
        (10, 20, 15, 0.5),
        (10, 20, 10, 0.0),
        (10, 20, 20, 1.0),
        (20, 10, 15, 0.5),  # lower is better: half way down
        (20, 10, 12, 0.8),
    ],
)
def test_measure_progress_is_the_share_of_the_way_from_baseline_to_target(
    baseline, target, latest, expected
):
    assert expected == pytest.approx(measure_progress(baseline, target, latest))


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [
        (10, 20, 30, 1.0),  # beyond the target
        (10, 20, 0, 0.0),  # worse than the baseline
        (20, 10, 5, 1.0),
        (20, 10, 25, 0.0),
    ],
)
def test_measure_progress_is_clamped_to_between_zero_and_one(baseline, target, latest, expected):
    assert expected == measure_progress(baseline, target, latest)


def test_measure_progress_with_a_zero_span_is_complete_only_at_the_target():
    assert 1.0 == measure_progress(5, 5, 5)
    assert 0.0 == measure_progress(5, 5, 4)


def test_measure_progress_is_unknown_without_an_observation():
    assert measure_progress(0, 10, None) is None


def test_goal_progress_is_the_mean_of_the_measures_with_observations():
    assert 0.5 == pytest.approx(goal_progress([0.25, None, 0.75]))


def test_goal_progress_is_unknown_when_no_measure_has_observations():
    assert goal_progress([None, None]) is None
    assert goal_progress([]) is None


def test_the_latest_value_is_from_the_latest_date_and_the_last_recorded_wins_a_tie():
    def obs(obs_id: int, day: int, value: float) -> Observation:
        return Observation(obs_id, 1, dt.date(2024, 1, day), value, "manual", "", STAMP)

    observations = [obs(1, 3, 30.0), obs(2, 5, 50.0), obs(3, 5, 55.0), obs(4, 1, 10.0)]

    assert 55.0 == latest_value(observations)
    assert latest_value([]) is None


# Vanity risk


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([MeasureKind.OUTPUT], True),
        ([MeasureKind.INPUT, MeasureKind.ACTIVITY, MeasureKind.OUTPUT], True),
        ([MeasureKind.OUTPUT, MeasureKind.OUTCOME], False),
        ([MeasureKind.IMPACT], False),
        ([], False),
    ],
)
def test_a_goal_measured_only_by_inputs_activities_or_outputs_is_a_vanity_risk(kinds, expected):
    assert expected == is_vanity_risk(kinds)


# The goal tree


def test_standings_build_the_goal_forest_with_children_under_their_parents():
    goals_ = [
        goal(4, GoalLevel.TACTICAL, parent_id=2),
        goal(2, GoalLevel.INTERMEDIATE, parent_id=1),
        goal(1, GoalLevel.STRATEGIC),
        goal(3, GoalLevel.INTERMEDIATE, parent_id=1),
        goal(5, GoalLevel.STRATEGIC),
    ]

    forest = standings(goals_, [], {})

    def shape(nodes):
        return [(n.goal.id, shape(n.children)) for n in nodes]

    assert [(1, [(2, [(4, [])]), (3, [])]), (5, [])] == shape(forest)


def test_standings_compute_progress_from_the_latest_values():
    goals_ = [goal(1, GoalLevel.STRATEGIC)]
    measures = [measure(10, 1, 0, 10), measure(11, 1, 100, 0), measure(12, 1, 0, 1)]

    (node,) = standings(goals_, measures, {10: 5.0, 11: 25.0})

    assert [0.5, 0.75, None] == [m.progress for m in node.measures]
    assert [5.0, 25.0, None] == [m.latest for m in node.measures]
    assert 0.625 == pytest.approx(node.progress)


def test_standings_flag_a_goal_measured_only_by_outputs():
    goals_ = [goal(1, GoalLevel.STRATEGIC), goal(2, GoalLevel.STRATEGIC)]
    measures = [measure(10, 1, kind=MeasureKind.OUTPUT), measure(11, 2)]

    forest = standings(goals_, measures, {})

    assert [True, False] == [n.vanity_risk for n in forest]


def test_standings_treat_a_goal_whose_parent_is_missing_as_a_root():
    (node,) = standings([goal(7, GoalLevel.TACTICAL, parent_id=99)], [], {})

    assert 7 == node.goal.id
    assert node.progress is None


def test_a_level_to_hold_is_reached_at_or_beyond_the_target_in_the_better_direction():
    from valueloop.domain.goals import Direction

    assert 1.0 == measure_progress(5, 5, 6, Direction.HIGHER_IS_BETTER)
    assert 0.0 == measure_progress(5, 5, 4, Direction.HIGHER_IS_BETTER)
    assert 1.0 == measure_progress(5, 5, 4, Direction.LOWER_IS_BETTER)
    assert 0.0 == measure_progress(5, 5, 6, Direction.LOWER_IS_BETTER)
