"""Reading what people type into the inbox's search box, and the engines' query strings."""

from __future__ import annotations

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.note_search import MAX_ATOMS, Atom, NoteQuery, TextQuery, parse, sort


def test_words_phrases_prefixes_exclusions_and_or_are_read_like_a_web_search():
    query = parse('Export "CSV file" renew* -slow dark OR light')

    assert (
        (Atom(("export",)),),
        (Atom(("csv", "file")),),
        (Atom(("renew",), prefix=True),),
        (Atom(("dark",)), Atom(("light",))),
    ) == query.groups
    assert (Atom(("slow",)),) == query.excluded


@pytest.mark.parametrize(
    "text", ["", "   ", '"', '""', "-", "OR", "*", "!!! ???", "\x00", "\ud800"]
)
def test_text_without_letters_or_digits_is_no_query(text):
    assert not parse(text)


def test_punctuation_splits_words_into_a_phrase_and_operators_are_plain_words():
    assert ((Atom(("e", "mail")),), (Atom(("near", "a")),), (Atom(("b",)),)) == parse(
        "e-mail NEAR(a b)"
    ).groups
    assert ((Atom(("and",)),), (Atom(("not",)),)) == parse("AND NOT").groups


def test_an_unclosed_quote_reads_to_the_end_and_a_leading_or_is_a_plain_separator():
    assert ((Atom(("sso", "okta")),),) == parse('"sso okta').groups
    assert ((Atom(("sso",)),),) == parse("OR sso").groups


def test_a_long_query_is_cut_to_a_bounded_number_of_words():
    assert MAX_ATOMS == len(parse(" ".join(f"w{i}" for i in range(100))).groups)


def test_unicode_words_are_kept_and_lowercased():
    assert ((Atom(("café",)),), (Atom(("日本語",)),)) == parse("CAFÉ 日本語").groups


def test_relevance_is_the_default_order_only_when_searching():
    searching = NoteQuery(text=parse("sso"))

    assert ("relevance", "-received_on") == (sort("", searching), sort("", NoteQuery()))
    assert "-received_on" == sort("relevance", NoteQuery(text=TextQuery()))
    with pytest.raises(ValidationFailed):
        sort("title", searching)
