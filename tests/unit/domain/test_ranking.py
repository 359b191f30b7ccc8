"""Fractional rank keys: always strictly between their neighbours, never ending in "0"."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valueloop.domain.ranking import DIGITS, initial_keys, key_between

# Any valid key: digits and lower-case letters, not ending in "0".
keys = st.text(alphabet=DIGITS, min_size=1, max_size=12).filter(lambda k: not k.endswith("0"))


def test_the_first_key_of_an_empty_list_sits_in_the_middle_of_the_alphabet():
    assert "i" == key_between(None, None)


@given(keys, keys)
def test_a_key_between_two_keys_sorts_strictly_between_them(a, b):
    low, high = sorted({a, b}) if a != b else (a, None)

    key = key_between(low, high)

    assert low < key
    assert high is None or key < high


@given(keys, keys)
def test_a_key_between_two_keys_never_ends_in_zero(a, b):
    low, high = sorted({a, b}) if a != b else (a, None)

    assert not key_between(low, high).endswith("0")


@given(keys)
def test_a_key_before_the_first_key_is_smaller_and_not_empty(first):
    key = key_between(None, first)

    assert "" < key < first
    assert not key.endswith("0")


@given(keys)
def test_a_key_after_the_last_key_is_larger(last):
    assert last < key_between(last, None)


@settings(max_examples=50)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=200))
def test_random_insert_sequences_keep_the_list_sorted_and_unique(positions):
    ranks: list[str] = []

    for position in positions:
        index = position % (len(ranks) + 1)
        before = ranks[index - 1] if index > 0 else None
        after = ranks[index] if index < len(ranks) else None
        ranks.insert(index, key_between(before, after))

    assert sorted(ranks) == ranks
    assert len(ranks) == len(set(ranks))


def test_inserting_into_the_same_gap_grows_keys_slowly():
    low, high = "a", "b"
    for _ in range(100):
        high = key_between(low, high)

    assert len(high) <= 30


@pytest.mark.parametrize(("before", "after"), [("b", "a"), ("a", "a")])
def test_keys_out_of_order_are_refused(before, after):
    with pytest.raises(ValueError, match="out of order"):
        key_between(before, after)


@pytest.mark.parametrize("bad", ["a0", "A", "a-b", "é"])
def test_a_malformed_key_is_refused(bad):
    with pytest.raises(ValueError, match="not a rank key"):
        key_between(bad, None)


@pytest.mark.parametrize("count", [0, 1, 2, 10, 35, 36, 37, 1295, 1296, 5000])
def test_initial_keys_are_ascending_unique_and_valid(count):
    keys_ = initial_keys(count)

    assert count == len(keys_)
    assert sorted(keys_) == keys_
    assert len(keys_) == len(set(keys_))
    assert all(k and not k.endswith("0") for k in keys_)
    assert all(set(k) <= set(DIGITS) for k in keys_)


def test_initial_keys_leave_room_before_the_first_and_after_the_last():
    keys_ = initial_keys(100)

    assert key_between(None, keys_[0]) < keys_[0]
    assert keys_[-1] < key_between(keys_[-1], None)


def test_initial_keys_are_short_for_a_large_list():
    assert 3 >= max(len(k) for k in initial_keys(10_000))


def test_keys_between_initial_keys_fit_the_gaps():
    keys_ = initial_keys(50)
    rng = random.Random(7)
    for _ in range(200):
        i = rng.randrange(len(keys_) - 1)
        keys_.insert(i + 1, key_between(keys_[i], keys_[i + 1]))

    assert sorted(keys_) == keys_
