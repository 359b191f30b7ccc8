"""Opportunity Solution Trees: validation, nesting rules, the tree with evidence, and the hints."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.opportunities import (
    EvidenceCount,
    Opportunity,
    OpportunityStatus,
    ancestors,
    build_tree,
    check_parent,
    descendants,
    flatten,
    validate,
)
from valueloop.domain.opportunity_hints import HintKind, hints, reads_like_solution
from valueloop.domain.solutions import (
    AssumptionCategory,
    AssumptionTest,
    Solution,
    SolutionStatus,
    untested_categories,
    validate_test,
)
from valueloop.domain.solutions import TestResult as Result
from valueloop.domain.solutions import validate as validate_solution

NOW = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def opp(id, parent=None, goal=1, title=None, rank="m", target=False, status="open", product=1):
    return Opportunity(
        id, product, goal, parent, title or f"Agents lose track of ticket {id}", "",
        OpportunityStatus(status), target, rank, NOW, NOW, 1,
    )  # fmt: skip


def sol(id, opportunity, status="idea", rank="m"):
    return Solution(id, opportunity, f"Idea {id}", "", SolutionStatus(status), None, rank,
                    NOW, NOW, 1)  # fmt: skip


def trial(id, solution, category, result):
    return AssumptionTest(
        id, solution, f"Assumption {id}", AssumptionCategory(category), "", "", Result(result),
        "", None, NOW, NOW, 1,
    )  # fmt: skip


def kinds(found):
    return sorted(h.kind.value for h in found)


def test_a_new_opportunity_is_open_at_the_top_level_without_an_outcome():
    values = validate({"title": "  Agents miss SLA breaches  "}, creating=True)

    assert {
        "title": "Agents miss SLA breaches",
        "description": "",
        "status": OpportunityStatus.OPEN,
        "goal_id": None,
        "parent_id": None,
    } == values


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": "ok", "status": "done"}, "status"),
        ({"title": "ok", "goal_id": "7"}, "goal_id"),
        ({"title": "ok", "parent_id": 0}, "parent_id"),
        ({"title": "ok", "rank": "a"}, "rank"),
    ],
)
def test_bad_opportunity_fields_name_the_field(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate(fields, creating=True)

    assert field == error.value.field


def test_the_target_flag_and_parent_are_not_plain_edits():
    for name in ("is_target", "parent_id"):
        with pytest.raises(ValidationFailed) as error:
            validate({name: 1}, creating=False)
        assert name == error.value.field


def test_ancestors_and_descendants_follow_the_parent_links():
    parents = {1: None, 2: 1, 3: 2, 4: 1, 5: None}

    assert ([2, 1], [2, 3, 4]) == (ancestors(parents, 3), sorted(descendants(parents, 1)))


def test_moving_an_opportunity_under_its_own_descendant_is_refused():
    parents = {1: None, 2: 1, 3: 2}

    with pytest.raises(ValidationFailed) as error:
        check_parent(1, 1, 1, opp(3, parent=2), parents)

    assert "parent_id" == error.value.field
    assert "under itself" in error.value.message


def test_an_opportunity_cannot_be_its_own_parent():
    with pytest.raises(ValidationFailed):
        check_parent(1, 1, 1, opp(1), {1: None})


def test_a_parent_of_another_outcome_or_product_is_refused():
    with pytest.raises(ValidationFailed, match="another desired outcome"):
        check_parent(9, 1, 1, opp(3, goal=2), {3: None})
    with pytest.raises(ValidationFailed, match="another product"):
        check_parent(9, 1, 1, opp(3, product=2), {3: None})


def test_a_parent_in_the_same_outcome_is_accepted():
    check_parent(9, 1, 1, opp(3, parent=1), {1: None, 3: 1, 9: None})


def test_the_tree_nests_children_in_rank_order_with_solutions_and_tests():
    opps = [opp(1), opp(2, parent=1, rank="t"), opp(3, parent=1, rank="c"), opp(4, rank="z")]
    sols = [sol(10, 2, rank="b"), sol(11, 2, rank="a")]
    tests = [trial(20, 10, "desirability", "passed")]

    roots = build_tree(opps, sols, tests)

    assert [1, 4] == [r.opportunity.id for r in roots]
    assert [3, 2] == [c.opportunity.id for c in roots[0].children]
    assert [11, 10] == [s.solution.id for s in roots[0].children[1].solutions]
    assert [20] == [t.id for t in roots[0].children[1].solutions[1].tests]
    assert [1, 3, 2, 4] == [n.opportunity.id for n in flatten(roots)]
    assert [0, 1, 1, 0] == [n.depth for n in flatten(roots)]


def test_evidence_rolls_up_links_and_counts_each_customer_once():
    opps = [opp(1), opp(2, parent=1), opp(3, parent=1)]
    evidence = [
        EvidenceCount(1, 100, 1),
        EvidenceCount(2, 100, 2),  # the same customer under a child
        EvidenceCount(2, None, 1),  # a note without a customer: a link, not a customer
        EvidenceCount(3, 200, 1),
    ]

    root = build_tree(opps, evidence=evidence)[0]

    assert (1, 1, 5, 2) == (root.own_links, root.own_customers, root.links, root.customers)
    child = root.children[0]
    assert (3, 1, 3, 1) == (child.own_links, child.own_customers, child.links, child.customers)


def test_an_opportunity_whose_parent_is_not_given_becomes_a_root():
    assert [2] == [r.opportunity.id for r in build_tree([opp(2, parent=1)])]


def test_a_cycle_in_stored_data_does_not_loop_forever():
    roots = build_tree([opp(1), opp(2, parent=3), opp(3, parent=2)])

    assert [1] == [r.opportunity.id for r in roots]


def test_a_solution_starts_as_an_idea_and_a_test_needs_a_category():
    assert (
        SolutionStatus.IDEA
        == validate_solution({"title": "Breach alerts"}, creating=True)["status"]
    )
    with pytest.raises(ValidationFailed) as error:
        validate_test({"assumption": "Leads read alerts"}, creating=True)
    assert "category" == error.value.field


def test_a_test_result_and_date_are_checked():
    with pytest.raises(ValidationFailed) as error:
        validate_test({"result": "won"}, creating=False)
    assert "result" == error.value.field
    assert dt.date(2026, 1, 2) == validate_test({"run_on": "2026-01-02"}, creating=False)["run_on"]


def test_untested_categories_count_only_finished_tests():
    tests = [trial(1, 1, "desirability", "passed"), trial(2, 1, "viability", "running")]

    assert [
        AssumptionCategory.VIABILITY,
        AssumptionCategory.FEASIBILITY,
        AssumptionCategory.USABILITY,
    ] == untested_categories(tests)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Add SLA warnings to the ticket list", True),
        ("Build a Salesforce integration", True),
        ("integrate with Slack", True),
        ("“Improve” search", True),
        ("Team leads can't see breaches coming", False),
        ("Support agents miss escalations after hours", False),
        ("I don't know which tickets are at risk", False),
    ],
)
def test_a_title_that_opens_with_a_solution_verb_reads_like_a_solution(title, expected):
    assert expected == reads_like_solution(title)


def test_a_healthy_tree_gets_no_hints():
    opps = [opp(1, target=True), opp(2, parent=1)]
    sols = [sol(10, 1, "chosen"), sol(11, 1, "discarded"), sol(12, 1, "idea")]
    tests = [trial(20 + i, 10, c.value, "passed") for i, c in enumerate(AssumptionCategory)]

    assert [] == hints(opps, sols, tests, {1: "Fewer breaches"})


def test_working_several_outcomes_at_once_is_hinted():
    opps = [
        opp(1, goal=1, target=True),
        opp(2, goal=2, target=True),
        opp(3, goal=3, status="parked", target=True),
    ]

    found = hints(opps, [], [], {1: "Fewer breaches", 2: "Faster replies"})

    several = [h for h in found if h.kind is HintKind.SEVERAL_OUTCOMES]
    assert 1 == len(several)
    assert "“Fewer breaches”, “Faster replies”" in several[0].message
    assert "one desired outcome at a time" in several[0].reason


def test_parked_opportunities_of_another_outcome_do_not_count_as_working_it():
    opps = [opp(1, goal=1, target=True), opp(2, goal=2, status="parked", target=True)]

    assert HintKind.SEVERAL_OUTCOMES not in {h.kind for h in hints(opps, [], [], {})}


def test_an_outcome_without_a_target_and_a_target_with_few_solutions_are_hinted():
    opps = [opp(1, goal=1), opp(2, goal=2, target=True, status="parked")]
    sols = [sol(10, 2), sol(11, 2)]

    found = hints(opps, sols, [], {1: "Fewer breaches"})

    assert ["few_solutions", "no_target"] == kinds(found)
    few = next(h for h in found if h.kind is HintKind.FEW_SOLUTIONS)
    assert (2, "has 2 solutions; consider at least 3") == (
        few.opportunity_id,
        few.message.split("” ", 1)[1].rstrip("."),
    )


def test_a_solution_phrased_opportunity_and_an_opportunity_without_outcome_are_hinted():
    opps = [opp(1, goal=None, title="Add dark mode")]

    assert ["no_outcome", "solution_phrased"] == kinds(hints(opps, [], [], {}))


def test_a_lone_solution_in_testing_is_hinted_as_not_compared():
    opps = [opp(1, target=True), opp(2, parent=1)]
    sols = [sol(10, 1), sol(11, 1), sol(12, 1), sol(13, 2, "testing")]

    found = hints(opps, sols, [], {})

    assert ["single_idea"] == kinds(found)
    assert 13 == found[0].solution_id


def test_a_chosen_solution_without_tests_across_categories_or_with_a_failed_test_is_hinted():
    opps = [opp(1, target=True)]
    sols = [sol(10, 1, "chosen"), sol(11, 1), sol(12, 1)]
    tests = [
        trial(20, 10, "desirability", "passed"),
        trial(21, 10, "feasibility", "failed"),
        trial(22, 10, "usability", "planned"),
    ]

    found = hints(opps, sols, tests, {})

    assert ["failed_choice", "untested_choice"] == kinds(found)
    untested = next(h for h in found if h.kind is HintKind.UNTESTED_CHOICE)
    assert "viability, usability assumptions" in untested.message
