"""The inbox query: filters, ranked full-text search and status counts over feedback notes.

Full text is engine-specific and lives only here. SQLite: an FTS5 table with external content
(`feedback_notes_fts`, kept in sync by triggers) ranked with bm25, a title hit weighing three
times a text hit. PostgreSQL: a GIN index on `to_tsvector('simple', title || ' ' || text)`,
ranked with ts_rank over a title-weighted vector. Both are created by migration 0004; both
receive a query compiled here from the parsed `TextQuery`, which holds only letters and digits,
so no user input reaches either engine's query syntax.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import TableRepository, storable
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.note_search import Atom, NoteQuery, Sort, TextQuery
from valueloop.services.unit_of_work import Page

# Objects the migration creates beside the declared tables (schema comparisons skip them).
FTS_TABLE = "feedback_notes_fts"
PG_INDEX = "ix_feedback_notes_fulltext"
# The exact expression of the PostgreSQL index: the planner uses the index only for it.
_PG_DOCUMENT = "to_tsvector('simple', feedback_notes.title || ' ' || feedback_notes.text)"
# Constant SQL (the user's words travel only as the bound MATCH parameter).
_FTS5_HITS = (
    "SELECT rowid AS note_id, bm25(feedback_notes_fts, 3.0, 1.0) AS score "
    "FROM feedback_notes_fts WHERE feedback_notes_fts MATCH :match"
)
_FTS5_EXCLUDED = (
    "SELECT rowid AS note_id FROM feedback_notes_fts WHERE feedback_notes_fts MATCH :excluded"
)
_PG_WEIGHTED = (
    "setweight(to_tsvector('simple', feedback_notes.title), 'A') || "
    "to_tsvector('simple', feedback_notes.text)"
)


def is_search_index(name: str | None) -> bool:
    """Whether a schema object belongs to the full-text index rather than to tables.py."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name == PG_INDEX)


def fts5_match(groups: tuple[tuple[Atom, ...], ...]) -> str:
    """An FTS5 MATCH expression: atoms of a group OR-ed, groups AND-ed."""
    parts = []
    for group in groups:
        alternatives = [_fts5_atom(atom) for atom in group]
        parts.append(
            alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
        )
    return " AND ".join(parts)


def _fts5_atom(atom: Atom) -> str:
    phrase = " ".join(word.replace('"', '""') for word in atom.words)
    return f'"{phrase}"' + ("*" if atom.prefix else "")


def tsquery(text: TextQuery) -> str:
    """A to_tsquery expression: groups AND-ed, their atoms OR-ed, excluded atoms negated."""
    parts = []
    for group in text.groups:
        alternatives = [_ts_atom(atom) for atom in group]
        parts.append(alternatives[0] if len(alternatives) == 1 else f"({' | '.join(alternatives)})")
    parts.extend(f"!{_ts_atom(atom)}" for atom in text.excluded)
    return " & ".join(parts)


def _ts_atom(atom: Atom) -> str:
    words = [f"'{word.replace(chr(39), chr(39) * 2)}'" for word in atom.words]
    if atom.prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


class SqlNoteSearch(TableRepository[FeedbackNote]):
    """`NoteSearch` on SQLite and PostgreSQL."""

    def __init__(self, connection: sa.Connection) -> None:
        super().__init__(connection, t.feedback_notes, FeedbackNote, "feedback note")
        self._postgres = connection.dialect.name == "postgresql"

    def find(
        self, query: NoteQuery, *, sort: str, limit: int | None, offset: int
    ) -> Page[FeedbackNote]:
        notes = t.feedback_notes
        clauses = self._filters(query, with_status=True)
        select: Any = sa.select(notes)
        score: Any = None
        if query.text.groups:
            if self._postgres:
                score = sa.func.ts_rank(sa.literal_column(_PG_WEIGHTED), self._tsquery(query.text))
            else:
                hits = self._fts5_hits(query.text)
                select = select.join(hits, hits.c.note_id == notes.c.id)
                score = -hits.c.score  # bm25: lower is better
        ordering: list[Any] = []
        if sort == Sort.RELEVANCE and score is not None:
            ordering.append(score.desc())
        elif sort == Sort.RELEVANCE:
            ordering.append(notes.c.received_on.desc())  # only excluded words: nothing to rank
        elif sort.lstrip("-") in ("received_on", "updated_at", "id"):
            column = notes.c[sort.lstrip("-")]
            ordering.append(column.desc() if sort.startswith("-") else column.asc())
        ordering.append(notes.c.id.desc())
        page = select.where(*clauses).order_by(*ordering).offset(offset)
        if limit is not None:
            page = page.limit(limit)
        items = [self._to_record(row) for row in self._connection.execute(page)]
        counted = sa.select(sa.func.count()).select_from(select.where(*clauses).subquery())
        total = int(self._connection.execute(counted).scalar_one())
        return Page(items=items, total=total, limit=limit, offset=offset)

    def status_counts(self, query: NoteQuery) -> dict[str, int]:
        notes = t.feedback_notes
        select: Any = sa.select(notes.c.status, sa.func.count()).select_from(notes)
        if query.text.groups and not self._postgres:
            hits = self._fts5_hits(query.text)
            select = select.join(hits, hits.c.note_id == notes.c.id)
        rows = self._connection.execute(
            select.where(*self._filters(query, with_status=False)).group_by(notes.c.status)
        )
        return {str(status): int(n) for status, n in rows}

    def _tsquery(self, text: TextQuery) -> Any:
        return sa.func.to_tsquery(sa.literal_column("'simple'"), tsquery(text))

    def _fts5_hits(self, text: TextQuery) -> Any:
        return (
            sa.text(_FTS5_HITS)
            .bindparams(match=fts5_match(text.groups))
            .columns(note_id=sa.Integer, score=sa.Float)
            .subquery("hits")
        )

    def _filters(self, query: NoteQuery, *, with_status: bool) -> list[sa.ColumnElement[bool]]:
        notes = t.feedback_notes
        where: dict[str, Any] = {}
        if query.product_ids is not None:
            where["product_id"] = list(query.product_ids)
        if with_status and query.status is not None:
            where["status"] = query.status
        for name in ("source", "customer_id", "assignee_id"):
            if getattr(query, name) is not None:
                where[name] = getattr(query, name)
        if query.unassigned:
            where["assignee_id"] = None
        clauses = self._where(where)
        if query.received_from is not None:
            clauses.append(notes.c.received_on >= query.received_from)
        if query.received_to is not None:
            clauses.append(notes.c.received_on <= query.received_to)
        if query.segment is not None:
            clauses.append(
                notes.c.customer_id.in_(
                    sa.select(t.customers.c.id).where(t.customers.c.segment == query.segment)
                )
                if storable(query.segment)
                else sa.false()
            )
        if query.theme_id is not None:
            members = t.theme_members
            clauses.append(
                notes.c.id.in_(
                    sa.select(members.c.note_id).where(members.c.theme_id == query.theme_id)
                )
                if storable(query.theme_id)
                else sa.false()
            )
        if query.linked is not None:
            linked = sa.or_(
                sa.exists().where(t.feedback_links.c.note_id == notes.c.id),
                sa.exists().where(t.opportunity_links.c.note_id == notes.c.id),
            )
            clauses.append(linked if query.linked else sa.not_(linked))
        clauses.extend(self._text(query.text))
        return clauses

    def _text(self, text: TextQuery) -> list[sa.ColumnElement[bool]]:
        notes = t.feedback_notes
        if not text:
            return []
        if self._postgres:
            document: Any = sa.literal_column(_PG_DOCUMENT)
            return [document.bool_op("@@")(self._tsquery(text))]
        if not text.excluded:
            return []  # the positive part is the join with the FTS hits
        excluded = " OR ".join(_fts5_atom(atom) for atom in text.excluded)
        matching = sa.text(_FTS5_EXCLUDED).bindparams(excluded=excluded).columns(note_id=sa.Integer)
        return [notes.c.id.not_in(matching)]
