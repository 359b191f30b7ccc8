"""Suggested links: for a note, the existing items or opportunities it most likely speaks to.

Candidates are embedded from their own text (title and description). The scores are cosine
similarities of the same embedding as the notes; a person accepts or rejects each one, and
the answers are recorded by the service that calls this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.synthesis import normalize_rows

MIN_SCORE = 0.3
"""Below this cosine MiniLM vectors share little more than the language (BANKING77: the median
similarity between queries of different intents is about 0.2)."""


@dataclass(frozen=True, slots=True)
class LinkSuggestion:
    """A candidate (by its position in the list given) and how close the note is to it."""

    index: int
    score: float


def suggest_links(
    note_vector: NDArray[np.floating],
    candidate_vectors: NDArray[np.floating],
    k: int = 5,
    *,
    min_score: float = MIN_SCORE,
    exclude: Sequence[int] = (),
) -> list[LinkSuggestion]:
    """The k candidates nearest to the note with cosine ≥ min_score, best first."""
    return suggest_links_many(
        np.atleast_2d(note_vector), candidate_vectors, k, min_score=min_score, exclude=exclude
    )[0]


def suggest_links_many(
    note_vectors: NDArray[np.floating],
    candidate_vectors: NDArray[np.floating],
    k: int = 5,
    *,
    min_score: float = MIN_SCORE,
    exclude: Sequence[int] = (),
) -> list[list[LinkSuggestion]]:
    """`suggest_links` for many notes at once (one matrix product)."""
    notes = normalize_rows(np.atleast_2d(note_vectors))
    candidates = normalize_rows(np.atleast_2d(candidate_vectors))
    if candidates.shape[0] == 0 or candidates.shape[1] == 0:
        return [[] for _ in range(len(notes))]
    scores = notes @ candidates.T
    if exclude:
        scores[:, list(exclude)] = -np.inf  # e.g. items the note is already linked to
    suggestions = []
    for row in scores:
        order = np.lexsort((np.arange(len(row)), -row))[:k]
        suggestions.append(
            [LinkSuggestion(int(i), float(row[i])) for i in order if row[i] >= min_score]
        )
    return suggestions
