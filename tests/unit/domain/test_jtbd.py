"""Jobs to be Done: Ulwick's opportunity score, the served classes, and the wording hints."""

from __future__ import annotations

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.jtbd import (
    JobKind,
    Served,
    classify,
    job_hints,
    outcome_hints,
    score,
    story_text,
    validate_job,
    validate_story,
)


def ratings(top_importance: int, top_satisfaction: int, n: int = 10) -> list[tuple[int, int]]:
    """n respondents: the first `top_importance` rate importance 5, the first `top_satisfaction`
    rate satisfaction 5, everyone else answers 2."""
    return [(5 if i < top_importance else 2, 5 if i < top_satisfaction else 2) for i in range(n)]


def test_the_worked_example_scores_importance_plus_the_unmet_part():
    # 20 respondents: 16 rate importance 4–5 (80 %), 5 rate satisfaction 4–5 (25 %).
    # Importance 8.0, satisfaction 2.5, opportunity 8.0 + max(8.0 − 2.5, 0) = 13.5.
    answers = [(5, 2)] * 10 + [(4, 4)] * 5 + [(4, 1)] + [(3, 3)] * 2 + [(2, 1)] * 2

    result = score(answers)

    assert result is not None
    assert (20, 16, 5) == (result.respondents, result.important, result.satisfied)
    assert (8.0, 2.5, 13.5) == (result.importance, result.satisfaction, result.opportunity)
    assert Served.UNDER_SERVED == result.served
    assert "high" == result.band
    assert "8.0 + max(8.0 − 2.5, 0) = 13.5 (20 respondents)" == result.explain()


def test_only_answers_of_four_or_five_count_as_important_or_satisfied():
    result = score([(3, 3), (4, 5), (5, 4), (1, 2)])

    assert result is not None
    assert (5.0, 5.0, 5.0) == (result.importance, result.satisfaction, result.opportunity)


def test_satisfaction_above_importance_adds_nothing_and_is_over_served():
    result = score(ratings(top_importance=3, top_satisfaction=9))

    assert result is not None
    assert (3.0, 9.0, 3.0) == (result.importance, result.satisfaction, result.opportunity)
    assert Served.OVER_SERVED == result.served
    assert "" == result.band


def test_an_outcome_nobody_rated_has_no_score():
    assert score([]) is None


@pytest.mark.parametrize(
    ("importance", "satisfaction", "expected"),
    [
        (6.0, 2.0, Served.UNDER_SERVED),  # 6 + 4 = 10: the boundary is under-served
        (6.0, 2.1, Served.APPROPRIATELY_SERVED),  # 9.9
        (5.0, 5.0, Served.APPROPRIATELY_SERVED),  # equal is not over-served
        (5.0, 5.1, Served.OVER_SERVED),
        (10.0, 10.0, Served.UNDER_SERVED),  # 10 + 0 = 10
    ],
)
def test_classification_boundaries(importance, satisfaction, expected):
    opportunity = importance + max(importance - satisfaction, 0)

    assert expected == classify(importance, satisfaction, opportunity)


def test_an_exact_opportunity_of_ten_from_ratings_is_under_served_despite_float_thirds():
    # 9 respondents, 6 important, 3 satisfied: 6.67 + (6.67 − 3.33) is exactly 10, not 9.99….
    result = score([(5, 1)] * 3 + [(5, 5)] * 3 + [(2, 2)] * 3)

    assert result is not None
    assert 10.0 == result.opportunity
    assert Served.UNDER_SERVED == result.served
    assert "solid" == result.band


def test_bands_of_an_under_served_outcome():
    extreme = score([(5, 1)] * 9 + [(5, 5)])
    assert extreme is not None
    assert "extreme" == extreme.band  # 10 + 9 = 19


def test_a_well_formed_outcome_statement_has_no_hints():
    assert [] == outcome_hints(
        "Minimize the time it takes to find an overdue invoice when closing the month"
    )


def test_an_outcome_statement_without_a_direction_gets_a_hint_to_start_with_one():
    hints = outcome_hints("Find overdue invoices quickly when closing the month")

    assert hints[0].startswith("Start with a direction")
    assert any("metric" in h for h in hints)


def test_an_outcome_statement_naming_a_solution_gets_a_hint():
    hints = outcome_hints("Increase the number of reports exported from the dashboard at month end")

    assert ["Leave solutions out"] == [h[:19] for h in hints]


def test_an_outcome_statement_without_a_clarifier_gets_a_hint():
    assert any("clarifier" in h for h in outcome_hints("Minimize the time it takes to pay"))


def test_job_hints_ask_for_verb_object_and_context():
    assert [] == job_hints("Get paid for work done while travelling")
    assert any("context" in h for h in job_hints("Send invoices to clients"))
    assert any("Start with the verb" in h for h in job_hints("I want to get paid on time"))
    assert any("verb, an object" in h for h in job_hints("Invoicing"))


def test_a_job_is_core_unless_told_and_its_kind_must_be_known():
    assert JobKind.CORE == validate_job({"statement": "Get paid"}, creating=True)["kind"]
    with pytest.raises(ValidationFailed) as failure:
        validate_job({"statement": "Get paid", "kind": "spiritual"}, creating=True)
    assert "kind" == failure.value.field


def test_a_job_story_drops_the_lead_words_people_type():
    values = validate_story(
        {
            "situation": "When a client pays late",
            "motivation": "I want to send a polite reminder",
            "expected_outcome": "so that I can get paid without chasing",
        },
        creating=True,
    )

    assert (
        "When a client pays late, I want to send a polite reminder, so I can get paid "
        "without chasing."
        == story_text(
            str(values["situation"]), str(values["motivation"]), str(values["expected_outcome"])
        )
    )


def test_a_job_story_part_that_is_only_lead_words_is_refused():
    with pytest.raises(ValidationFailed) as failure:
        validate_story(
            {"situation": "When", "motivation": "x", "expected_outcome": "y"}, creating=True
        )
    assert "situation" == failure.value.field
