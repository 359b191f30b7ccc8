"""The full-text query strings compiled for SQLite FTS5 and PostgreSQL from a parsed search."""

from __future__ import annotations

from valueloop.adapters.db.note_search import fts5_match, is_search_index, tsquery
from valueloop.domain.note_search import parse


def test_the_engine_queries_quote_every_word_and_carry_the_operators():
    query = parse('"csv file" renew* dark OR light -slow')

    assert '"csv file" AND "renew"* AND ("dark" OR "light")' == fts5_match(query.groups)
    assert "('csv' <-> 'file') & 'renew':* & ('dark' | 'light') & !'slow'" == tsquery(query)


def test_only_the_full_text_objects_are_left_out_of_schema_comparisons():
    assert [True, True, True, False] == [
        is_search_index(name)
        for name in (
            "feedback_notes_fts",
            "feedback_notes_fts_data",
            "ix_feedback_notes_fulltext",
            "feedback_notes",
        )
    ]
