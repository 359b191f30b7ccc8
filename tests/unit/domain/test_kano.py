"""Kano: every cell of the evaluation table, the verdict and its tie rule, Better/Worse."""

from __future__ import annotations

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.kano import TABLE, Answer, Category, answer, classify, evaluate

C = Category
A, O, M, I, R, Q = (  # noqa: E741 — the letters the Kano literature uses
    C.ATTRACTIVE,
    C.ONE_DIMENSIONAL,
    C.MUST_BE,
    C.INDIFFERENT,
    C.REVERSE,
    C.QUESTIONABLE,
)
ANSWERS = ["like", "expect", "neutral", "live_with", "dislike"]
# DOMAIN.md §4, rows functional, columns dysfunctional (like, expect, neutral, live with, dislike).
EVALUATION_TABLE = {
    "like": [Q, A, A, A, O],
    "expect": [R, I, I, I, M],
    "neutral": [R, I, I, I, M],
    "live_with": [R, I, I, I, M],
    "dislike": [R, R, R, R, Q],
}
CELLS = [
    (functional, dysfunctional, EVALUATION_TABLE[functional][column])
    for functional in ANSWERS
    for column, dysfunctional in enumerate(ANSWERS)
]


@pytest.mark.parametrize(("functional", "dysfunctional", "expected"), CELLS)
def test_an_answer_pair_is_classified_by_the_evaluation_table(functional, dysfunctional, expected):
    assert expected == classify(functional, dysfunctional)


def test_the_table_has_all_25_cells():
    assert 25 == len(CELLS) == len(TABLE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("like", Answer.LIKE),
        ("  Live with ", Answer.LIVE_WITH),
        ("live-with", Answer.LIVE_WITH),
        ("I like it", Answer.LIKE),
        ("I expect it", Answer.EXPECT),
        ("I’m neutral", Answer.NEUTRAL),
        ("I can live with it", Answer.LIVE_WITH),
        ("I dislike it", Answer.DISLIKE),
        (1, Answer.LIKE),
        ("5", Answer.DISLIKE),
        (Answer.EXPECT, Answer.EXPECT),
    ],
)
def test_answers_are_read_from_codes_wordings_and_their_1_to_5_numbers(text, expected):
    assert expected == answer(text, "functional")


@pytest.mark.parametrize("text", ["love", "", 0, 6, None, True])
def test_an_unknown_answer_is_refused_naming_the_question(text):
    with pytest.raises(ValidationFailed) as error:
        classify("like", text)

    assert "dysfunctional" == error.value.field


def _pairs(**counts: int) -> list[tuple[str, str]]:
    """Answer pairs that classify to the given categories, by letter."""
    example = {
        "A": ("like", "neutral"),
        "O": ("like", "dislike"),
        "M": ("neutral", "dislike"),
        "I": ("neutral", "neutral"),
        "R": ("dislike", "like"),
        "Q": ("like", "like"),
    }
    return [example[letter] for letter, count in counts.items() for _ in range(count)]


def test_better_and_worse_are_computed_over_a_o_m_and_i():
    # A 5, O 3, M 1, I 1: Better = (5 + 3) / 10 = 0.8, Worse = −(3 + 1) / 10 = −0.4.
    result = evaluate(_pairs(A=5, O=3, M=1, I=1))

    assert C.ATTRACTIVE == result.category
    assert (0.8, -0.4) == (result.better, result.worse)
    assert 10 == result.respondents


def test_reverse_and_questionable_answers_count_but_stay_out_of_better_and_worse():
    # A 2, O 2, M 4, I 2, R 3, Q 1: Better = 4 / 10 = 0.4, Worse = −6 / 10 = −0.6.
    result = evaluate(_pairs(A=2, O=2, M=4, I=2, R=3, Q=1))

    assert C.MUST_BE == result.category
    assert (0.4, -0.6) == (result.better, result.worse)
    assert {A: 2, O: 2, M: 4, I: 2, R: 3, Q: 1} == result.counts
    assert "must_be (M 4, O 2, A 2, I 2, R 3, Q 1 of 14)" == result.explain()


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"M": 3, "O": 3, "A": 3, "I": 3}, M),
        ({"O": 3, "A": 3, "I": 3}, O),
        ({"A": 3, "I": 3}, A),
        ({"I": 3, "R": 3}, I),
        ({"A": 2, "I": 3}, I),
    ],
)
def test_the_most_frequent_category_wins_and_ties_go_m_then_o_then_a_then_i(counts, expected):
    assert expected == evaluate(_pairs(**counts)).category


def test_a_feature_answered_only_in_reverse_has_no_better_or_worse():
    result = evaluate(_pairs(R=2, Q=1))

    assert (C.REVERSE, None, None) == (result.category, result.better, result.worse)


def test_worse_is_zero_not_minus_zero_when_nothing_is_expected():
    assert "0.0" == str(evaluate(_pairs(A=1)).worse)


def test_a_verdict_needs_at_least_one_answer_pair():
    with pytest.raises(ValidationFailed) as error:
        evaluate([])

    assert "answers" == error.value.field
