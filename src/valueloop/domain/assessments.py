"""Desirability, viability, feasibility: each candidate item's assessment of all three, each with
the evidence behind it (a note, a link, or a piece of customer feedback).

Desirability (do customers want it?) and viability (does it work for the business?) are the
product people's call; feasibility (can we build it?) is the builders' — "the owner decides what
and why; developers decide how".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class Dimension(StrEnum):
    DESIRABILITY = "desirability"
    VIABILITY = "viability"
    FEASIBILITY = "feasibility"


class Rating(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Assessment:
    """One dimension of an item, rated, with the evidence it rests on."""

    id: int
    item_id: int
    dimension: Dimension
    rating: Rating
    evidence: str
    link: str
    note_id: int | None
    assessed_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class Dvf:
    """An item's three ratings (None where not assessed yet) and what is still missing."""

    desirability: Rating | None
    viability: Rating | None
    feasibility: Rating | None

    @property
    def missing(self) -> tuple[Dimension, ...]:
        return tuple(d for d in Dimension if getattr(self, d.value) is None)

    @property
    def complete(self) -> bool:
        return not self.missing


def summary(assessments: Iterable[Assessment]) -> Dvf:
    """The ratings of one item's assessments."""
    ratings = {a.dimension: a.rating for a in assessments}
    return Dvf(*(ratings.get(d) for d in Dimension))


FIELDS = frozenset({"rating", "evidence", "link", "note_id"})
_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)


def validate(fields: Mapping[str, object]) -> dict[str, object]:
    """A rating and its evidence: a note, a link (http or https), or a feedback note id."""
    f.reject_unknown(fields, FIELDS)
    rating = f.choice(fields.get("rating"), "rating", Rating)
    evidence = f.text(fields, "evidence", max_len=4000)
    link = f.text(fields, "link", max_len=500)
    if link and not _URL.match(link):
        raise ValidationFailed("link must be an http or https address", field="link")
    note_id = fields.get("note_id")
    if not (evidence or link or note_id is not None):
        raise ValidationFailed(
            "say what the assessment rests on: evidence, a link or a feedback note",
            field="evidence",
        )
    return {"rating": rating, "evidence": evidence, "link": link, "note_id": note_id}
