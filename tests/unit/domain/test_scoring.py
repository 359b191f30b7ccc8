"""Prioritization frameworks: the published formulas, their worked examples, and absolute scores."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.scoring import (
    CONFIDENCE_SCALE,
    FIBONACCI,
    IMPACT_SCALE,
    INPUTS,
    Framework,
    IceAggregation,
    Job,
    Moscow,
    Quadrant,
    ScheduleRule,
    Term,
    cd3,
    check_moscow,
    compare_schedules,
    cost_of_delay,
    goal_alignment,
    ice,
    opportunity,
    opportunity_from_answers,
    quadrant,
    rice,
    schedule,
    score,
    top_two_box,
    wsjf,
)

# --- RICE -------------------------------------------------------------------------------------

# Intercom, "RICE: Simple prioritization for product managers" (Sean McBride, 2016,
# https://www.intercom.com/blog/rice-simple-prioritization-for-product-managers/): the three
# projects of the article's Reach, Impact, Confidence and Effort examples, as (reach per quarter,
# impact, confidence, effort in person-months). Checked against the article's text as mirrored in
# github.com/xitu/gold-miner, TODO/rice-simple-prioritization-for-product-managers.md (commit
# 7064d6c). The article states the inputs; its scores are only in a spreadsheet screenshot, so
# 675, 400 and 800 are the formula applied to them.
INTERCOM_PROJECTS = {
    "project 1": (450, 3, 1.0, 2),  # 500 customers/month × 30% × 3 months; massive; 100%; 2 pm
    "project 2": (2000, 1, 0.8, 4),  # every customer each quarter; medium; 80%; 4 pm
    "project 3": (800, 2, 0.5, 1),  # one-time effect on 800 customers; high; 50%; 1 pm
}


@pytest.mark.parametrize(
    ("project", "expected"), [("project 1", 675.0), ("project 2", 400.0), ("project 3", 800.0)]
)
def test_rice_score_divides_reach_times_impact_times_confidence_by_effort(project, expected):
    assert expected == rice(*INTERCOM_PROJECTS[project]).value


def test_rice_score_shows_its_terms_and_formula():
    result = rice(450, 3, 1.0, 2)

    assert (
        Term("reach", 450.0),
        Term("impact", 3.0, "massive"),
        Term("confidence", 1.0, "high"),
        Term("effort", 2.0, "person-months"),
    ) == result.terms
    assert "reach × impact × confidence ÷ effort" == result.formula
    assert 3.0 == result.term("impact")
    assert (
        "RICE 675 = reach × impact × confidence ÷ effort, with reach 450, impact 3 (massive), "
        "confidence 1 (high), effort 2 (person-months)"
    ) == result.explain()


def test_rice_scales_are_intercoms():
    assert [3, 2, 1, 0.5, 0.25] == list(IMPACT_SCALE)
    assert [1.0, 0.8, 0.5] == list(CONFIDENCE_SCALE)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1, 1, 1.0, 1), "reach"),
        (("many", 1, 1.0, 1), "reach"),
        ((10, 1.5, 1.0, 1), "impact"),
        ((10, 1, 0.7, 1), "confidence"),
        ((10, 1, 80, 1), "confidence"),
        ((10, 1, 1.0, 0), "effort"),
        ((10, 1, 1.0, -2), "effort"),
        ((10, 1, 1.0, float("inf")), "effort"),
    ],
)
def test_rice_refuses_inputs_off_its_scales_naming_the_field(args, field):
    with pytest.raises(ValidationFailed) as error:
        rice(*args)

    assert field == error.value.field


# --- ICE --------------------------------------------------------------------------------------


def test_ice_averages_its_three_ratings_by_default():
    result = ice(8, 6, 4)

    assert 6.0 == result.value
    assert "(impact + confidence + ease) ÷ 3" == result.formula


def test_ice_multiplies_its_ratings_when_the_setting_says_product():
    assert 192.0 == ice(8, 6, 4, IceAggregation.PRODUCT).value
    assert 192.0 == ice(8, 6, 4, "product").value


@pytest.mark.parametrize(
    ("args", "field"),
    [((0, 5, 5), "impact"), ((5, 11, 5), "confidence"), ((5, 5, 0.5), "ease")],
)
def test_ice_ratings_run_from_1_to_10(args, field):
    with pytest.raises(ValidationFailed) as error:
        ice(*args)

    assert field == error.value.field


def test_ice_refuses_an_unknown_aggregation():
    with pytest.raises(ValidationFailed) as error:
        ice(5, 5, 5, "median")

    assert "aggregation" == error.value.field


# --- WSJF -------------------------------------------------------------------------------------

# Scaled Agile's WSJF template ("Prioritisation Framework: WSJF"): feature, job size,
# user-business value, time criticality, risk reduction/opportunity enablement, CoD, WSJF
# (the template shows WSJF rounded up to two decimals).
SAFE_TEMPLATE = [
    ("Funky ferret", 5, 8, 5, 13, 26, 5.2),
    ("Fancy falcon", 5, 8, 5, 8, 21, 4.2),
    ("Grumpy gazelle", 8, 13, 5, 8, 26, 3.25),
    ("Cheeky chicken", 5, 5, 3, 8, 16, 3.2),
    ("Worried wolf", 5, 8, 1, 5, 14, 2.8),
    ("Excited eagle", 8, 13, 3, 8, 24, 3.0),
    ("Hilarious hound", 13, 8, 5, 8, 21, 1.62),
    ("Happy hamster", 13, 5, 3, 8, 16, 1.24),
    ("Clumsy camel", 13, 8, 1, 3, 12, 0.93),
]


@pytest.mark.parametrize(("feature", "size", "bv", "tc", "rr", "cod", "expected"), SAFE_TEMPLATE)
def test_wsjf_divides_the_cost_of_delay_by_job_size_as_in_safes_template(
    feature, size, bv, tc, rr, cod, expected
):
    result = wsjf(bv, tc, rr, size)

    assert cod == result.term("cost_of_delay")
    assert expected == pytest.approx(result.value, abs=0.01)


@pytest.mark.parametrize("value", [0, 4, 21, 7.5])
def test_wsjf_inputs_stay_on_the_modified_fibonacci_scale(value):
    with pytest.raises(ValidationFailed) as error:
        wsjf(value, 1, 1, 1)

    assert "business_value" == error.value.field
    assert [1, 2, 3, 5, 8, 13, 20] == list(FIBONACCI)


# --- Cost of Delay, CD3 and schedules ---------------------------------------------------------


def test_cost_of_delay_adds_up_the_four_kinds_of_value_per_week():
    result = cost_of_delay(increase_revenue=5_000, protect_revenue=2_000, avoid_costs=500)

    assert 7_500.0 == result.value
    assert 0.0 == result.term("reduce_costs")


def test_cd3_divides_cost_of_delay_by_duration():
    result = cd3(30, 4)

    assert 7.5 == result.value
    assert "cost_of_delay ÷ duration" == result.formula


def test_cd3_needs_a_duration_above_zero():
    with pytest.raises(ValidationFailed) as error:
        cd3(30, 0)

    assert "duration" == error.value.field


# Black Swan Farming, "CD3 and proportionality to outcomes": an ice-cream stand at capacity.
# A (Super Spoon): +10 ice creams a week, 2 weeks; B (Second Machine): +30 a week, 4 weeks.
SUPER_SPOON = Job("A", cost_of_delay=10, duration=2)
SECOND_MACHINE = Job("B", cost_of_delay=30, duration=4)


def test_cd3_schedules_the_second_machine_first_in_black_swan_farmings_example():
    assert 5.0 == cd3(10, 2).value
    assert 7.5 == cd3(30, 4).value
    assert ("B", "A") == schedule([SUPER_SPOON, SECOND_MACHINE]).order


def test_total_delay_cost_is_each_cost_of_delay_times_its_finish_time():
    cd3_first = schedule([SUPER_SPOON, SECOND_MACHINE])
    as_given = schedule([SUPER_SPOON, SECOND_MACHINE], ScheduleRule.AS_GIVEN)

    assert 30 * 4 + 10 * 6 == cd3_first.total_delay_cost
    assert 10 * 2 + 30 * 6 == as_given.total_delay_cost
    # The article's 120 versus 100 ice creams over six weeks: the 20 not lost to delay.
    assert 20 == as_given.total_delay_cost - cd3_first.total_delay_cost
    assert (4.0, 6.0) == tuple(s.finish for s in cd3_first.jobs)


# A hand-checked three-job case: highest CoD first, shortest first and CD3 all differ.
# CD3: A 10/5 = 2, B 8/2 = 4, C 3/1 = 3, so B, C, A.
THREE_JOBS = [Job("A", 10, 5), Job("B", 8, 2), Job("C", 3, 1)]


def test_cd3_order_beats_shortest_job_first_and_highest_cost_of_delay_first():
    costs = {s.rule: (s.order, s.total_delay_cost) for s in compare_schedules(THREE_JOBS)}

    assert (("B", "C", "A"), 8 * 2 + 3 * 3 + 10 * 8) == costs[ScheduleRule.CD3]  # 105
    assert (("C", "B", "A"), 3 * 1 + 8 * 3 + 10 * 8) == costs[ScheduleRule.SHORTEST_JOB_FIRST]
    assert (("A", "B", "C"), 10 * 5 + 8 * 7 + 3 * 8) == costs[
        ScheduleRule.HIGHEST_COST_OF_DELAY_FIRST
    ]  # 130
    assert ScheduleRule.CD3 == compare_schedules(THREE_JOBS)[0].rule


jobs = st.lists(st.tuples(st.integers(0, 100), st.integers(1, 20)), min_size=1, max_size=6).map(
    lambda rows: [Job(str(i), cod, weeks) for i, (cod, weeks) in enumerate(rows)]
)


@given(jobs)
def test_no_order_of_the_jobs_costs_less_delay_than_cd3_order(listed):
    best = schedule(listed).total_delay_cost

    for order in itertools.permutations(listed):
        assert best <= schedule(order, ScheduleRule.AS_GIVEN).total_delay_cost


def test_a_schedule_refuses_the_same_job_twice_and_jobs_without_duration():
    with pytest.raises(ValidationFailed) as twice:
        schedule([Job("A", 1, 1), Job("A", 2, 2)])
    with pytest.raises(ValidationFailed) as instant:
        schedule([Job("A", 1, 0)])

    assert "jobs" == twice.value.field
    assert "duration" == instant.value.field


# --- Opportunity scoring ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "satisfaction", "expected"),
    [(8.1, 3.2, 13.0), (9, 9, 9.0), (5, 7, 5.0), (10, 0, 20.0), (0, 0, 0.0)],
)
def test_opportunity_is_importance_plus_the_unmet_part_of_it(importance, satisfaction, expected):
    assert expected == pytest.approx(opportunity(importance, satisfaction).value)


def test_survey_scores_are_the_share_rating_4_or_5_times_10():
    importance = [5, 5, 4, 4, 4, 4, 4, 3, 2, 1]  # 7 of 10 rate 4–5
    satisfaction = [5, 4, 3, 3, 2, 2, 1, 1, 1, 1]  # 2 of 10

    result = opportunity_from_answers(importance, satisfaction)

    assert 7.0 == top_two_box(importance, "importance")
    assert (7.0, 2.0) == (result.term("importance"), result.term("satisfaction"))
    assert 12.0 == result.value


@pytest.mark.parametrize("answers", [[], [0, 5], [6], [4.5], [True]])
def test_survey_answers_are_whole_numbers_from_1_to_5(answers):
    with pytest.raises(ValidationFailed) as error:
        top_two_box(answers, "importance")

    assert "importance" == error.value.field


@pytest.mark.parametrize(("field", "args"), [("importance", (11, 5)), ("satisfaction", (5, -1))])
def test_opportunity_inputs_run_from_0_to_10(field, args):
    with pytest.raises(ValidationFailed) as error:
        opportunity(*args)

    assert field == error.value.field


# --- MoSCoW -----------------------------------------------------------------------------------


def test_must_haves_at_60_percent_of_the_planned_effort_keep_the_rule():
    check = check_moscow([(Moscow.MUST, 4), ("must", 2), ("should", 3), ("could", 1), ("wont", 50)])

    assert (6.0, 10.0, 0.6, True) == (
        check.must_effort,
        check.planned_effort,
        check.must_share,
        check.within_limit,
    )
    assert "Must-haves take 60% of the planned effort (limit 60%): within the rule" == check.verdict


def test_must_haves_above_60_percent_break_the_rule_and_say_how_much_to_move():
    check = check_moscow([("must", 7), ("should", 2), ("could", 1)])

    assert not check.within_limit
    assert 0.7 == pytest.approx(check.must_share)
    assert "move at least 1 of effort from must to should" in check.verdict


def test_an_empty_plan_keeps_the_rule():
    check = check_moscow([("wont", 3)])

    assert (0.0, True, "nothing is planned yet") == (
        check.must_share,
        check.within_limit,
        check.verdict,
    )


@pytest.mark.parametrize(
    ("items", "limit", "field"),
    [([("maybe", 1)], 0.6, "moscow"), ([("must", -1)], 0.6, "effort"), ([], 1.5, "limit")],
)
def test_moscow_refuses_unknown_categories_negative_effort_and_odd_limits(items, limit, field):
    with pytest.raises(ValidationFailed) as error:
        check_moscow(items, limit)

    assert field == error.value.field


# --- Value vs effort --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "effort", "expected"),
    [
        (8, 1, Quadrant.QUICK_WIN),
        (8, 9, Quadrant.BIG_BET),
        (2, 1, Quadrant.FILL_IN),
        (2, 9, Quadrant.TIME_SINK),
        (5, 3, Quadrant.QUICK_WIN),  # on both thresholds: value counts high, effort low
        (4.99, 3.01, Quadrant.TIME_SINK),
    ],
)
def test_value_and_effort_place_an_item_in_a_quadrant_by_fixed_thresholds(value, effort, expected):
    assert expected == quadrant(value, effort, value_threshold=5, effort_threshold=3)


# --- Goal alignment ---------------------------------------------------------------------------


def test_an_item_inherits_the_weight_of_its_heaviest_goal():
    alignment = goal_alignment([1, 2, 7], {1: 0.5, 2: 2.0, 3: 9.0})

    assert (2.0, 2, True) == (alignment.weight, alignment.goal_id, alignment.aligned)
    assert "inherits weight 2 from goal 2 (heaviest of 2 goals)" == alignment.reason


def test_an_item_without_a_current_goal_is_flagged_unaligned():
    alignment = goal_alignment([7], {1: 0.5}, unaligned_weight=0.1)

    assert (0.1, None, False) == (alignment.weight, alignment.goal_id, alignment.aligned)
    assert "unaligned" in alignment.reason


def test_goals_of_equal_weight_resolve_to_the_lowest_goal_id():
    assert 3 == goal_alignment([9, 3], {3: 1.0, 9: 1.0}).goal_id


def test_goal_weights_cannot_be_negative():
    with pytest.raises(ValidationFailed):
        goal_alignment([1], {1: -1.0})


# --- One entry point, absolute scores ---------------------------------------------------------


@pytest.mark.parametrize(
    ("framework", "inputs", "expected"),
    [
        ("rice", {"reach": 450, "impact": 3, "confidence": 1.0, "effort": 2}, 675.0),
        ("ice", {"impact": 8, "confidence": 6, "ease": 4}, 6.0),
        (
            "wsjf",
            {"business_value": 8, "time_criticality": 5, "risk_reduction": 13, "job_size": 5},
            5.2,
        ),
        ("cd3", {"cost_of_delay": 30, "duration": 4}, 7.5),
        ("opportunity", {"importance": 8, "satisfaction": 3, "title": "ignored"}, 13.0),
    ],
)
def test_score_dispatches_to_the_framework_by_name(framework, inputs, expected):
    assert expected == pytest.approx(score(framework, inputs).value)


def test_score_names_the_missing_input_and_the_unknown_framework():
    with pytest.raises(ValidationFailed) as missing:
        score(Framework.RICE, {"reach": 1, "impact": 1, "confidence": 1.0})
    with pytest.raises(ValidationFailed) as unknown:
        score("kano", {})

    assert "effort" == missing.value.field
    assert "framework" == unknown.value.field


def test_score_passes_the_ice_setting_through():
    inputs = {"impact": 2, "confidence": 3, "ease": 4}

    assert 24.0 == score("ice", inputs, ice_aggregation="product").value


rice_inputs = st.fixed_dictionaries(
    {
        "reach": st.integers(0, 100_000),
        "impact": st.sampled_from(list(IMPACT_SCALE)),
        "confidence": st.sampled_from(list(CONFIDENCE_SCALE)),
        "effort": st.sampled_from([0.25, 0.5, 1, 2, 3, 5, 8]),
    }
)


@given(st.lists(rice_inputs, min_size=2, max_size=20), st.data())
def test_adding_or_removing_an_item_never_changes_another_items_score(backlog, data):
    before = [score("rice", item) for item in backlog]
    removed = data.draw(st.integers(0, len(backlog) - 1))
    newcomer = data.draw(rice_inputs)

    after = [
        score("rice", item) for item in [*backlog[:removed], *backlog[removed + 1 :], newcomer]
    ]

    assert before[:removed] + before[removed + 1 :] == after[:-1]


def test_every_framework_lists_its_inputs():
    assert set(Framework) == set(INPUTS)
