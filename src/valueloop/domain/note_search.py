"""The inbox's questions: which notes (filters) and which words (a parsed full-text query).

The search box takes what people type into web search engines: words (all must occur),
"quoted phrases", `word*` for a prefix, `-word` to exclude, and `a OR b` for either. Anything
else (stray quotes, operators, punctuation, any script) is read as plain words, never as an
error: a query is reduced to runs of letters and digits before it reaches a database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import NoteStatus

MAX_QUERY = 500  # characters of a search that are read
MAX_ATOMS = 24  # words and phrases of a search that are read

# Letters and digits of any script; everything else separates words, as in both engines'
# tokenizers (SQLite FTS5 unicode61, PostgreSQL's default parser).
_WORD = re.compile(r"[^\W_]+")
_PIECE = re.compile(r'(-?)"([^"]*)"?(\*?)|(\S+)')


@dataclass(frozen=True, slots=True)
class Atom:
    """One word (a phrase when more than one, in order); the last word may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class TextQuery:
    """Every group must match (a group matches when any of its atoms does); none of the
    excluded atoms may."""

    groups: tuple[tuple[Atom, ...], ...] = ()
    excluded: tuple[Atom, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def parse(text: str) -> TextQuery:
    """The query a user typed, read leniently (see the module docstring)."""
    groups: list[list[Atom]] = []
    excluded: list[Atom] = []
    join_next = False
    atoms = 0
    for match in _PIECE.finditer(text[:MAX_QUERY]):
        if atoms >= MAX_ATOMS:
            break
        negated, quoted, star, bare = match.groups()
        if bare is not None:
            if bare == "OR":
                join_next = bool(groups)
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            star = "*" if bare.endswith("*") else ""
            quoted = bare
        words = tuple(w.lower() for w in _WORD.findall(quoted or ""))
        if not words:
            continue
        atoms += 1
        atom = Atom(words, prefix=bool(star))
        if negated:
            excluded.append(atom)
            join_next = False
        elif join_next:
            groups[-1].append(atom)
            join_next = False
        else:
            groups.append([atom])
    return TextQuery(tuple(tuple(g) for g in groups), tuple(excluded))


ASSIGNEE_ANYONE = "any"
ASSIGNEE_NOBODY = "unassigned"


@dataclass(frozen=True, slots=True)
class NoteQuery:
    """The inbox's filters; None means "any". `product_ids` is the actor's visible scope
    (None: every product and workspace-wide notes; a None inside: workspace-wide notes)."""

    product_ids: tuple[int | None, ...] | None = None
    status: NoteStatus | None = None
    source: str | None = None
    customer_id: int | None = None
    segment: str | None = None
    theme_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    linked: bool | None = None
    text: TextQuery = field(default_factory=TextQuery)


class Sort:
    """The orders the inbox offers; relevance needs a text query (else it falls back)."""

    RELEVANCE = "relevance"
    NEWEST = "-received_on"
    OLDEST = "received_on"
    UPDATED = "-updated_at"
    ALL = (RELEVANCE, NEWEST, OLDEST, UPDATED, "id", "-id")


def sort(value: str, query: NoteQuery) -> str:
    """A valid sort for `query`: relevance when searching and nothing else was asked for."""
    if not value:
        return Sort.RELEVANCE if query.text else Sort.NEWEST
    if value not in Sort.ALL:
        raise ValidationFailed(f"sort must be one of: {', '.join(Sort.ALL)}", field="sort")
    return Sort.NEWEST if value == Sort.RELEVANCE and not query.text else value


def date_range(start: dt.date | None, end: dt.date | None) -> None:
    """A range whose start does not come after its end."""
    if start is not None and end is not None and start > end:
        raise ValidationFailed("the start date comes after the end date", field="received_from")
