"""Exact and near-duplicate notes, grouped for a person to confirm the merge.

Three kinds of evidence link two notes (candidates are each note's nearest neighbours):
- the same text once case, punctuation and spacing are ignored (exact, found by hashing);
- character-trigram TF-IDF cosine ≥ `LEXICAL_THRESHOLD`: the same words give or take typos
  and reordering — the embedding alone misses these, because a typo changes the WordPiece
  tokens of a short note;
- embedding cosine ≥ `SEMANTIC_THRESHOLD`: the same request in nearly the same words.
Linked notes are grouped into connected components.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valueloop.adapters.synthesis.neighbours import Neighbours, nearest_neighbours
from valueloop.domain.synthesis import complete_link_groups, connected_groups, normalize_rows

SEMANTIC_THRESHOLD = 0.97
LEXICAL_THRESHOLD = 0.8
CANDIDATES = 10
PAIR_CHUNK = 20_000  # 2 × 20,000 × 384 floats = 60 MB of gathered rows at a time

_PUNCTUATION = re.compile(r"[^\w\s]+")


def normalize_text(text: str) -> str:
    """The text folded for exact matching: NFKC, case-folded, punctuation and spacing dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def exact_duplicates(texts: Sequence[str]) -> list[list[int]]:
    """Groups of notes whose normalized texts are equal (empty texts are never duplicates)."""
    seen: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        key = normalize_text(text)
        if key:
            seen.setdefault(key, []).append(index)
    return sorted((group for group in seen.values() if len(group) > 1), key=lambda g: g[0])


def find_duplicates(
    vectors: NDArray[np.floating],
    threshold: float = SEMANTIC_THRESHOLD,
    *,
    texts: Sequence[str] | None = None,
    lexical_threshold: float = LEXICAL_THRESHOLD,
    neighbours: Neighbours | None = None,
) -> list[list[int]]:
    """Groups of exact and near-duplicate notes, each group and its members ascending.

    With only vectors, two notes are linked when their cosine is at least `threshold`; with
    texts too, exact matches and lexical near-copies are linked as well. Linked notes form
    connected components, which are then split so that all notes of a group are linked to
    one another (paraphrase chains A~B~C do not make A and C duplicates).
    """
    x = normalize_rows(vectors)
    n = len(x)
    if texts is not None and len(texts) != n:
        raise ValueError("one text per vector is needed")
    if n < 2:
        return []
    graph = neighbours or nearest_neighbours(x, CANDIDATES)
    pairs = np.stack([np.repeat(np.arange(n), graph.indices.shape[1]), graph.indices.ravel()], 1)
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    scorer = _PairScorer(x, texts, threshold, lexical_threshold)
    linked = [pairs[scorer.pairs(pairs) >= 1.0]]
    for group in scorer.exact_groups:
        linked.append(np.array([[group[0], other] for other in group[1:]], dtype=np.int64))
    from threadpoolctl import threadpool_limits  # a scikit-learn dependency

    groups: list[list[int]] = []
    # Many tiny matrix products: one BLAS thread avoids synchronisation costs (see neighbours).
    with threadpool_limits(limits=1, user_api="blas"):
        for component in connected_groups(n, np.concatenate(linked).reshape(-1, 2)):
            groups.extend(scorer.split(component) if len(component) > 2 else [component])
    return sorted(groups, key=lambda group: group[0])


class _PairScorer:
    """How strongly two notes are duplicates: ≥ 1 means linked, 2 means the same text."""

    def __init__(
        self,
        x: NDArray[np.float32],
        texts: Sequence[str] | None,
        threshold: float,
        lexical_threshold: float,
    ) -> None:
        self.x, self.threshold, self.lexical_threshold = x, threshold, lexical_threshold
        self.trigrams = _trigrams(texts) if texts is not None else None
        self.exact_groups = exact_duplicates(texts) if texts is not None else []
        # Notes with equal normalized text share a class; each class is scored once.
        self.text_class = np.arange(len(x))
        for group in self.exact_groups:
            self.text_class[group] = group[0]

    def pairs(self, pairs: NDArray[np.integer]) -> NDArray[np.float64]:
        scores = np.empty(len(pairs))
        for start in range(0, len(pairs), PAIR_CHUNK):
            a, b = pairs[start : start + PAIR_CHUNK, 0], pairs[start : start + PAIR_CHUNK, 1]
            score = np.einsum("ij,ij->i", self.x[a], self.x[b]) / self.threshold
            if self.trigrams is not None:
                product = self.trigrams[a].multiply(self.trigrams[b])
                lexical = np.asarray(product.sum(axis=1)).ravel() / self.lexical_threshold
                score = np.maximum(score, lexical)
            scores[start : start + PAIR_CHUNK] = np.where(
                self.text_class[a] == self.text_class[b], 2.0, score
            )
        return scores

    def split(self, component: list[int]) -> list[list[int]]:
        members = np.asarray(component)
        classes, first = np.unique(self.text_class[members], return_index=True)
        if len(classes) == 1:
            return [component]
        heads = members[first]  # one note per distinct text
        scores = (self.x[heads] @ self.x[heads].T) / self.threshold
        if self.trigrams is not None:
            rows = self.trigrams[heads]
            scores = np.maximum(scores, (rows @ rows.T).toarray() / self.lexical_threshold)
        of_class = {
            int(c): [int(m) for m in members[self.text_class[members] == c]] for c in classes
        }
        groups = [
            sorted(m for head in group for m in of_class[int(self.text_class[heads[head]])])
            for group in complete_link_groups(scores)
        ]
        groups += [of_class[int(c)] for c in classes if len(of_class[int(c)]) > 1]
        return _merge_overlaps(groups)


def _merge_overlaps(groups: list[list[int]]) -> list[list[int]]:
    """Exact copies of a note stay with the group that note ended up in."""
    owner: dict[int, int] = {}
    merged: list[set[int]] = []
    for group in groups:
        hits = {owner[m] for m in group if m in owner}
        if hits:
            target = min(hits)
            for other in sorted(hits - {target}, reverse=True):
                merged[target] |= merged[other]
                merged[other] = set()
            merged[target] |= set(group)
        else:
            target = len(merged)
            merged.append(set(group))
        for m in merged[target]:
            owner[m] = target
    return [sorted(g) for g in merged if len(g) > 1]


def _trigrams(texts: Sequence[str]) -> Any:
    """Character-trigram TF-IDF rows (unit length) of the texts, or None if none has one."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 3), sublinear_tf=True, dtype=np.float32
    )
    try:
        return vectorizer.fit_transform(list(texts)).tocsr()
    except ValueError:  # no trigram anywhere: every text is shorter than two letters
        return None
