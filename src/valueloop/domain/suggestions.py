"""Suggestions for a note (a link to an item or opportunity, or a duplicate) and their fate.

A run of synthesis proposes; a person decides. A decided suggestion (accepted or rejected) is
never proposed again, because the table keeps one row per (note, kind, target) whatever its
status. Removing a note from a theme by hand is kept the same way, as a rejected "theme"
suggestion, so the next full run does not put it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.errors import Conflict


class SuggestionKind(StrEnum):
    ITEM = "item"  # link the note to a backlog item
    OPPORTUNITY = "opportunity"  # link the note to an opportunity
    DUPLICATE = "duplicate"  # the note repeats the target note: merge it into that one
    THEME = "theme"  # only ever rejected: a person took the note out of the theme


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


LINK_MIN_SCORE = 0.3
"""Below this cosine two MiniLM texts share little more than the language (docs/synthesis.md)."""
LINKS_PER_NOTE = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested link or duplicate for a note, and what a person decided."""

    id: int
    note_id: int
    kind: str
    target_id: int
    score: float
    status: str
    decided_by: int | None
    decided_at: dt.datetime | None
    created_at: dt.datetime


def require_pending(suggestion: Suggestion) -> None:
    """Conflict unless nobody has decided the suggestion yet."""
    if suggestion.status != SuggestionStatus.PENDING:
        raise Conflict(
            f"suggestion {suggestion.id} was already {suggestion.status}", field="status"
        )


def nearest_targets(
    note_vectors: NDArray[np.float32],
    target_vectors: NDArray[np.float32],
    *,
    k: int = LINKS_PER_NOTE,
    min_score: float = LINK_MIN_SCORE,
    exclude: Collection[tuple[int, int]] = (),
) -> list[list[tuple[int, float]]]:
    """For each note (unit rows), up to k (target position, cosine) pairs ≥ min_score, best first.

    `exclude` holds (note position, target position) pairs that must not be proposed: links that
    already exist and suggestions a person already decided.
    """
    if len(note_vectors) == 0 or len(target_vectors) == 0:
        return [[] for _ in range(len(note_vectors))]
    scores = np.asarray(note_vectors, dtype=np.float32) @ np.asarray(target_vectors).T
    for note, target in exclude:
        scores[note, target] = -np.inf
    out: list[list[tuple[int, float]]] = []
    for row in scores:
        order = np.lexsort((np.arange(len(row)), -row))[:k]
        out.append([(int(i), round(float(row[i]), 4)) for i in order if row[i] >= min_score])
    return out
