"""The synthesis engine behind the port the use cases call (services/synthesis.Synthesizer)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from valueloop.adapters.synthesis.duplicates import find_duplicates
from valueloop.adapters.synthesis.embeddings import Embedder, TfidfSvd, load_embedder
from valueloop.adapters.synthesis.engine import SynthesisEngine
from valueloop.domain.synthesis import normalize_rows
from valueloop.domain.themes import Clustering, ThemeDraft


class EngineSynthesizer:
    """Embeds, clusters and finds duplicates with one `SynthesisEngine` (fixed seed)."""

    def __init__(self, embedder: Embedder | None = None, *, seed: int = 0) -> None:
        self._engine = SynthesisEngine(embedder, seed=seed)
        # onnxruntime sessions are thread-safe, a fitted TF-IDF is not refitted concurrently.
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._engine.embedder.name

    @property
    def stable(self) -> bool:
        """Whether vectors from two runs are comparable (a refitted TF-IDF space is not)."""
        return not isinstance(self._engine.embedder, TfidfSvd)

    def begin_run(self, corpus: Sequence[str]) -> None:
        """Fit a corpus-fitted embedder (the TF-IDF fallback) on this run's notes."""
        if isinstance(self._engine.embedder, TfidfSvd):
            with self._lock:
                self._engine.embedder = TfidfSvd().fit(corpus) if corpus else TfidfSvd()

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        with self._lock:
            return normalize_rows(self._engine.embed(texts))

    def cluster(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> Clustering:
        result = self._engine.synthesize(texts, vectors)
        x = result.vectors
        drafts = []
        for row, theme in enumerate(result.themes.themes):
            centroid = result.themes.centroids[row]
            members = np.asarray(theme.members, dtype=np.int64)
            drafts.append(
                ThemeDraft(
                    members=theme.members,
                    similarities=tuple(float(s) for s in x[members] @ centroid),
                    label=theme.label,
                    terms=theme.terms,
                    representatives=theme.representatives,
                    centroid=np.asarray(centroid, dtype=np.float32),
                )
            )
        return Clustering(duplicates=result.duplicates, themes=drafts)

    def duplicates(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> list[list[int]]:
        return find_duplicates(
            normalize_rows(vectors),
            self._engine.duplicate_threshold,
            texts=texts,
            lexical_threshold=self._engine.lexical_threshold,
        )


@functools.cache
def default_synthesizer() -> EngineSynthesizer:
    """One synthesizer per process: the model loads once (MiniLM, or TF-IDF with a warning)."""
    return EngineSynthesizer(load_embedder())
