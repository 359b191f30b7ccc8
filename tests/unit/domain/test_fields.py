"""The shared field checks every validator builds on."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import pytest

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


def test_text_is_stripped():
    assert "hello" == f.text({"name": "  hello \n"}, "name", max_len=10)


def test_missing_optional_text_is_empty():
    assert "" == f.text({}, "name", max_len=10)
    assert "" == f.text({"name": None}, "name", max_len=10)


def test_text_at_the_length_limit_is_accepted():
    assert "x" * 10 == f.text({"name": "x" * 10}, "name", max_len=10)


@pytest.mark.parametrize(
    ("fields", "required", "message"),
    [
        ({}, True, "name is required"),
        ({"name": "  "}, True, "name must not be empty"),
        ({"name": 3}, False, "name must be text"),
        ({"name": ["a"]}, False, "name must be text"),
        ({"name": "x" * 11}, False, "name is longer than 10 characters"),
    ],
)
def test_bad_text_is_refused_with_a_message_naming_the_field(fields, required, message):
    with pytest.raises(ValidationFailed) as error:
        f.text(fields, "name", max_len=10, required=required)

    assert (message, "name") == (error.value.message, error.value.field)


def test_choice_returns_the_enum_member():
    assert Colour.BLUE == f.choice("blue", "colour", Colour)


@pytest.mark.parametrize("value", ["green", "RED", None, 1])
def test_a_bad_choice_lists_the_allowed_values(value):
    with pytest.raises(ValidationFailed) as error:
        f.choice(value, "colour", Colour)

    assert "colour must be one of: red, blue" == error.value.message


@pytest.mark.parametrize(("value", "expected"), [(3, 3.0), (2.5, 2.5), (0, 0.0), (-1e9, -1e9)])
def test_numbers_come_back_as_floats(value, expected):
    assert expected == f.number(value, "n")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "n must be a number"),
        ("3", "n must be a number"),
        (None, "n must be a number"),
        (float("nan"), "n must be a finite number"),
        (float("-inf"), "n must be a finite number"),
        (-0.5, "n must be at least 0"),
        (101, "n must be at most 100"),
    ],
)
def test_bad_numbers_are_refused(value, message):
    with pytest.raises(ValidationFailed) as error:
        f.number(value, "n", minimum=0, maximum=100)

    assert message == error.value.message


def test_numbers_on_the_bounds_are_accepted():
    assert (0.0, 100.0) == (
        f.number(0, "n", minimum=0, maximum=100),
        f.number(100, "n", minimum=0, maximum=100),
    )


@pytest.mark.parametrize(
    "value",
    [dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 23, 59, tzinfo=dt.UTC), "2024-02-29"],
)
def test_dates_come_from_dates_datetimes_or_iso_text(value):
    assert dt.date(2024, 2, 29) == f.date(value, "day")


@pytest.mark.parametrize("value", ["2023-02-29", "29/02/2024", 20240229, None])
def test_bad_dates_are_refused(value):
    with pytest.raises(ValidationFailed) as error:
        f.date(value, "day")

    assert "day" == error.value.field


def test_unknown_fields_are_refused_naming_the_first():
    with pytest.raises(ValidationFailed) as error:
        f.reject_unknown({"name": 1, "size": 2, "shape": 3}, frozenset({"name"}))

    assert "size" == error.value.field


def test_known_fields_pass():
    f.reject_unknown({"name": 1}, frozenset({"name", "size"}))


@pytest.mark.parametrize("value", [True, 0, -3, 1.5, "7", [7]])
def test_a_reference_is_a_whole_number_from_one_or_nothing(value):
    assert (None, 7) == (f.reference(None, "goal_id"), f.reference(7, "goal_id"))
    with pytest.raises(ValidationFailed, match="goal_id must be a record id") as raised:
        f.reference(value, "goal_id")
    assert "goal_id" == raised.value.field
