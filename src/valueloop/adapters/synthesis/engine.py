"""One call from note texts to duplicates and themes, sharing the work both need.

The embedding is computed once per distinct text, the nearest-neighbour graph once for both
duplicates and themes, and the cells once for the neighbour search and the agglomeration.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from valueloop.adapters.synthesis.duplicates import (
    LEXICAL_THRESHOLD,
    SEMANTIC_THRESHOLD,
    find_duplicates,
)
from valueloop.adapters.synthesis.embeddings import Embedder, load_embedder
from valueloop.adapters.synthesis.links import LinkSuggestion, suggest_links
from valueloop.adapters.synthesis.neighbours import (
    EXACT_LIMIT,
    cell_count,
    micro_cells,
    nearest_neighbours,
)
from valueloop.adapters.synthesis.themes import (
    EXACT_WARD_LIMIT,
    GRANULARITY,
    SMOOTHING_NEIGHBOURS,
    ThemeModel,
    build_themes,
)
from valueloop.domain.synthesis import normalize_rows


@dataclass(frozen=True, eq=False)
class SynthesisResult:
    """The vectors, duplicate groups and themes of one run, with seconds spent per step."""

    features: str
    vectors: NDArray[np.float32] = field(repr=False)
    duplicates: list[list[int]]
    themes: ThemeModel
    seconds: dict[str, float]


class SynthesisEngine:
    """Offline synthesis of feedback notes with one embedder and fixed settings."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        seed: int = 0,
        granularity: float = GRANULARITY,
        duplicate_threshold: float = SEMANTIC_THRESHOLD,
        lexical_threshold: float = LEXICAL_THRESHOLD,
    ) -> None:
        self.embedder = embedder or load_embedder()
        self.seed = seed
        self.granularity = granularity
        self.duplicate_threshold = duplicate_threshold
        self.lexical_threshold = lexical_threshold

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Vectors for the texts, each distinct text embedded once."""
        distinct: dict[str, int] = {}
        positions = [distinct.setdefault(text, len(distinct)) for text in texts]
        vectors = self.embedder.embed(list(distinct))
        return vectors[np.asarray(positions, dtype=np.int64)] if positions else vectors

    def synthesize(
        self, texts: Sequence[str], vectors: NDArray[np.float32] | None = None
    ) -> SynthesisResult:
        """Duplicates and themes of all notes (vectors are computed when not given)."""
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        if vectors is None:
            vectors = self.embed(texts)
            seconds["embedding"] = _lap(started)
        started = time.perf_counter()
        vectors = normalize_rows(vectors)  # no copy when the embedder already normalized them
        n = len(vectors)
        cells = (
            micro_cells(vectors, cell_count(n), seed=self.seed) if n > EXACT_WARD_LIMIT else None
        )
        neighbours = nearest_neighbours(
            vectors, SMOOTHING_NEIGHBOURS, cells=cells if n > EXACT_LIMIT else None
        )
        seconds["neighbours"] = _lap(started)
        started = time.perf_counter()
        duplicates = find_duplicates(
            vectors,
            self.duplicate_threshold,
            texts=texts,
            lexical_threshold=self.lexical_threshold,
            neighbours=neighbours,
        )
        seconds["duplicates"] = _lap(started)
        started = time.perf_counter()
        themes = build_themes(
            vectors,
            texts,
            seed=self.seed,
            granularity=self.granularity,
            neighbours=neighbours,
            cells=cells,
        )
        seconds["themes"] = _lap(started)
        return SynthesisResult(self.embedder.name, vectors, duplicates, themes, seconds)

    def suggest_links(
        self, note_text: str, candidate_texts: Sequence[str], k: int = 5
    ) -> list[LinkSuggestion]:
        """The existing items or opportunities (by their texts) a note most likely concerns."""
        vectors = self.embed([note_text, *candidate_texts])
        return suggest_links(vectors[0], vectors[1:], k)


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 3)
