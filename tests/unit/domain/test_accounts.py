"""Rules for usernames and passwords."""

from __future__ import annotations

import pytest

from valueloop.domain.accounts import MIN_PASSWORD, password, username
from valueloop.domain.errors import ValidationFailed


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("alice", "alice"),
        ("  Alice ", "alice"),
        ("j.doe-2_x", "j.doe-2_x"),
        ("ab", "ab"),
        ("a" * 64, "a" * 64),
        ("0day", "0day"),
    ],
)
def test_usernames_are_lower_cased_and_stripped(given, expected):
    assert expected == username(given)


@pytest.mark.parametrize(
    "given", ["a", "", "a" * 65, "_alice", ".alice", "-alice", "al ice", "al@ice", "élodie"]
)
def test_bad_usernames_are_refused(given):
    with pytest.raises(ValidationFailed) as error:
        username(given)

    assert "username" == error.value.field


def test_a_password_of_the_minimum_length_is_accepted():
    assert "p" * MIN_PASSWORD == password("p" * MIN_PASSWORD)


@pytest.mark.parametrize("given", ["", "p" * (MIN_PASSWORD - 1), "p" * 1025])
def test_too_short_or_too_long_passwords_are_refused(given):
    with pytest.raises(ValidationFailed) as error:
        password(given)

    assert "password" == error.value.field


def test_a_password_is_kept_exactly_as_typed():
    assert "  spaced out  " == password("  spaced out  ")
