"""Competitors: levels, the gap/parity/differentiator verdict per capability, website checks."""

from __future__ import annotations

import pytest

from valueloop.domain.competitors import Level, Standing, compare, level, website
from valueloop.domain.errors import ValidationFailed


def test_a_competitor_better_than_us_makes_a_gap_naming_them():
    result = compare(1, [(7, 3), (8, 1), (9, 2)])

    assert (Standing.GAP, (7, 9), 2) == (result.standing, result.ahead_of_us, result.gap)


def test_the_best_competitor_level_with_ours_is_parity():
    result = compare(2, [(7, 2), (8, 0)])

    assert (Standing.PARITY, (), 0) == (result.standing, result.ahead_of_us, result.gap)


def test_better_than_every_competitor_is_a_differentiator():
    assert Standing.DIFFERENTIATOR == compare(3, [(7, 2), (8, 1)]).standing


def test_a_capability_nobody_is_rated_on_is_uncompared():
    result = compare(0, [])

    assert (Standing.UNCOMPARED, None) == (result.standing, result.best)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, Level.NONE),
        ("basic", Level.BASIC),
        ("Good", Level.GOOD),
        ("best", Level.BEST),
        ("best in class", Level.BEST),
        ("2", Level.GOOD),
    ],
)
def test_a_level_is_read_from_its_number_or_label(value, expected):
    assert expected == level(value, "level")


@pytest.mark.parametrize("value", [4, -1, "great", True, 1.5])
def test_a_level_outside_the_scale_is_refused(value):
    with pytest.raises(ValidationFailed):
        level(value, "level")


def test_a_website_gets_a_scheme_and_other_schemes_are_refused():
    assert "https://acme.com" == website("acme.com")
    assert "" == website("")
    with pytest.raises(ValidationFailed):
        website("javascript:alert(1)")
