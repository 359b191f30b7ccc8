"""Comments and @mentions."""

from __future__ import annotations

import pytest

from valueloop.domain.collaboration import comment_body, mentions
from valueloop.domain.errors import ValidationFailed


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@alice please look", ["alice"]),
        ("cc @bob, @carol and @dave.", ["bob", "carol", "dave"]),
        ("(@erin) [@frank]", ["erin", "frank"]),
        ("@Grace and @GRACE and @grace", ["grace"]),
        ("@zoe then @amy then @zoe", ["zoe", "amy"]),
        ("line one\n@heidi on line two", ["heidi"]),
        ("@j.doe-2 knows", ["j.doe-2"]),
        ("@under_score", ["under_score"]),
        ("no mentions here", []),
        ("", []),
    ],
)
def test_mentions_are_the_usernames_after_an_at_sign_in_order_without_duplicates(body, expected):
    assert expected == mentions(body)


@pytest.mark.parametrize(
    "body",
    [
        "write to alice@example.com",
        "mail bob.smith@corp.io today",
        "@@double",
        "a lone @ sign",
        "email:me@host",
    ],
)
def test_email_addresses_and_stray_at_signs_are_not_mentions(body):
    assert [] == mentions(body)


def test_a_mention_beside_an_email_address_still_counts():
    assert ["ivan"] == mentions("@ivan: the customer is judy@example.com")


def test_a_comment_body_is_stripped_and_must_not_be_empty():
    assert "hi" == comment_body("  hi  ")

    with pytest.raises(ValidationFailed) as error:
        comment_body("   ")

    assert "body" == error.value.field


@pytest.mark.parametrize("value", ["x" * 10_001, None, 5])
def test_a_comment_body_must_be_text_of_at_most_ten_thousand_characters(value):
    with pytest.raises(ValidationFailed):
        comment_body(value)
