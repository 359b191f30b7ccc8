"""Readable theme labels: the terms that set each theme apart (c-TF-IDF over word n-grams)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.synthesis import cluster_terms

TERMS_PER_THEME = 10
WORD_PATTERN = r"(?u)\b[^\W\d_][\w'-]+\b"
"""Words of two or more characters that start with a letter (no numbers, ids or amounts)."""
# scikit-learn's English list has the words but not their contractions; feedback is full of them.
_CONTRACTIONS = """ain't aren't can't couldn't didn't doesn't don't hadn't hasn't haven't i'd i'll
i'm i've isn't it's let's shouldn't that's there's they're wasn't we're weren't what's won't
wouldn't you're you've"""
CONTRACTIONS = frozenset(_CONTRACTIONS.split())


def theme_terms(
    texts: Sequence[str],
    themes: NDArray[np.int64],
    n_themes: int,
    *,
    n_terms: int = TERMS_PER_THEME,
) -> list[list[tuple[str, float]]]:
    """For each theme, its n_terms most distinctive unigrams and bigrams with their weights.

    Notes with theme −1 (unassigned) still count towards term frequencies, so a word common
    to everything ranks low everywhere. English stop words are dropped.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    if n_themes == 0:
        return []
    vectorizer = CountVectorizer(
        ngram_range=(1, 2),
        stop_words=sorted(ENGLISH_STOP_WORDS | CONTRACTIONS),
        min_df=2 if len(texts) >= 1000 else 1,  # drops one-off typos, halves the vocabulary
        token_pattern=WORD_PATTERN,
        dtype=np.float32,
    )
    try:
        counts = vectorizer.fit_transform(list(texts))
    except ValueError:  # every text was empty or made of stop words
        return [[] for _ in range(n_themes)]
    vocabulary = list(vectorizer.get_feature_names_out())
    return cluster_terms(counts, themes, n_themes, vocabulary, n_terms)
