"""The pure rules of feedback synthesis: theme labels, duplicate groups, merges and assignment.

Vectors here are rows of unit length (cosine similarity is a dot product). Nothing in this
module reads files or knows where the vectors came from; adapters/synthesis/ does that.

- c-TF-IDF (Grootendorst, BERTopic): each theme's notes are joined into one document;
  tf is that document's term count over its length, idf = log(1 + A / f_t) with A the mean
  number of words per theme and f_t the term's count over all themes.
- Weighted Ward: agglomeration of weighted points (micro-cluster centres with their sizes),
  where merging A and B costs Δ = |A||B| / (|A| + |B|) · ‖μA − μB‖², the increase in the
  within-theme sum of squares. Two groups drawn from one population cost about σ² (the
  population's mean squared distance to its centre) whatever their sizes, so a cut at
  Δ = resolution × σ² is a noise test that does not depend on how many notes there are.
- A new note joins the nearest theme when it lies within that theme's radius.
- A theme's trend is its notes counted per week, month or quarter of their dates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from valueloop.domain.errors import ValidationFailed

FloatArray = NDArray[np.floating]
IntArray = NDArray[np.integer]

UNASSIGNED = -1
"""The theme index of a note that lies outside every theme's radius."""

RADIUS_QUANTILE = 0.9
"""A theme's radius covers this share of its members (cosine distance to the centroid)."""

MIN_MERGE = 0.5
"""A merge costing under this many times σ² (the collection's mean squared spread) is always
made. Only small collections feel it (below 250 notes, where granularity × n is smaller): with
granularity alone, 60 notes stay mostly single; BANKING77 in full is unchanged."""

LABEL_TERMS = 3
NO_LABEL = "(no distinctive words)"


# --- c-TF-IDF labels ---------------------------------------------------------------------


def class_tfidf(counts: sp.spmatrix | FloatArray) -> sp.csr_matrix:
    """The c-TF-IDF weight of every term in every class, from a classes × terms count matrix."""
    matrix = sp.csr_matrix(counts, dtype=np.float64)
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return matrix
    words_per_class = np.asarray(matrix.sum(axis=1)).ravel()
    term_frequency = np.asarray(matrix.sum(axis=0)).ravel()
    mean_words = float(words_per_class.mean())
    with np.errstate(divide="ignore"):
        idf = np.where(term_frequency > 0, np.log1p(mean_words / term_frequency), 0.0)
    row_scale = np.divide(
        1.0, words_per_class, out=np.zeros_like(words_per_class), where=words_per_class > 0
    )
    tf = sp.diags(row_scale) @ matrix
    return sp.csr_matrix(tf @ sp.diags(idf))


def top_terms(
    weights: sp.csr_matrix, vocabulary: Sequence[str], row: int, n: int
) -> list[tuple[str, float]]:
    """The n terms of one class with the highest weight, best first (ties by term)."""
    start, end = weights.indptr[row], weights.indptr[row + 1]
    columns = weights.indices[start:end]
    values = weights.data[start:end]
    ranked = sorted(
        ((vocabulary[c], float(v)) for c, v in zip(columns, values, strict=True) if v > 0),
        key=lambda term: (-term[1], term[0]),
    )
    return ranked[:n]


def cluster_terms(
    counts: sp.spmatrix | FloatArray,
    clusters: IntArray,
    n_clusters: int,
    vocabulary: Sequence[str],
    n_terms: int,
) -> list[list[tuple[str, float]]]:
    """For each cluster 0..n−1, its n_terms most distinctive terms with their c-TF-IDF weights.

    `counts` is notes × terms; notes in no cluster (a label outside 0..n−1) form one more
    class, so they still count towards term frequencies and a word common to everything ranks
    low everywhere.
    """
    labels = np.asarray(clusters, dtype=np.int64)
    rows = np.where((labels >= 0) & (labels < n_clusters), labels, n_clusters)
    membership = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))),
        shape=(n_clusters + 1, len(rows)),
    )
    weights = class_tfidf(membership @ counts)
    return [top_terms(weights, vocabulary, row, n_terms) for row in range(n_clusters)]


def label_of(terms: Sequence[tuple[str, float]]) -> str:
    """A short name from a theme's terms: the best three that do not repeat each other."""
    chosen = label_terms([term for term, _ in terms], LABEL_TERMS)
    return " · ".join(chosen) if chosen else NO_LABEL


def label_terms(ranked: Sequence[str], n: int = 3) -> list[str]:
    """The first n terms of a ranking, skipping any whose words a chosen term already covers."""
    chosen: list[str] = []
    for term in ranked:
        words = set(term.split())
        if any(words <= set(other.split()) or set(other.split()) <= words for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n:
            break
    return chosen


# --- duplicates --------------------------------------------------------------------------


def connected_groups(n: int, pairs: IntArray) -> list[list[int]]:
    """Groups of two or more of n items linked through pairs, members and groups ascending."""
    edges = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if n == 0 or len(edges) == 0:
        return []
    if edges.min() < 0 or edges.max() >= n:
        raise ValidationFailed("pair index out of range", field="pairs")
    graph = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    sizes = np.bincount(component)
    members: dict[int, list[int]] = {}
    for item in np.flatnonzero(sizes[component] > 1):
        members.setdefault(int(component[item]), []).append(int(item))
    return sorted(members.values(), key=lambda group: group[0])


def complete_link_groups(scores: FloatArray) -> list[list[int]]:
    """Splits one group so that every two members are linked (score ≥ 1), strongest first.

    Connected components chain: A~B and B~C put A and C together however far apart they
    are. Complete linkage on the distance 1 − min(score, 2)/2 (linked ⇔ distance ≤ ½) keeps
    only groups in which all pairs are linked; groups of one are dropped.
    """
    s = np.asarray(scores, dtype=np.float64)
    n = len(s)
    if n < 2:
        return []
    distance = 1.0 - np.minimum(np.maximum(s, s.T), 2.0) / 2.0
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="complete")
    labels = fcluster(tree, t=0.5, criterion="distance")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    return sorted((g for g in members.values() if len(g) > 1), key=lambda g: g[0])


# --- weighted Ward -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeTree:
    """Merges of a Ward agglomeration: step i joins clusters left[i] and right[i] into n + i.

    Cluster ids below n are the leaves; cost[i] is the merge's Δ (increase in the sum of
    squares). Steps are in the order the nearest-neighbour chain found them, not by cost.
    """

    leaves: int
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    cost: NDArray[np.float64]


def ward_tree(points: FloatArray, weights: FloatArray) -> MergeTree:
    """The full Ward merge tree of weighted points (nearest-neighbour chain, O(m²) memory)."""
    x = np.asarray(points, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    m = len(x)
    if m != len(w) or (m and w.min() <= 0):
        raise ValidationFailed("every point needs a positive weight", field="weights")
    left = np.zeros(max(m - 1, 0), dtype=np.int64)
    right = np.zeros_like(left)
    cost = np.zeros(max(m - 1, 0), dtype=np.float64)
    if m < 2:
        return MergeTree(m, left, right, cost)
    squares = np.einsum("ij,ij->i", x, x)
    distance = np.maximum(squares[:, None] + squares[None, :] - 2.0 * (x @ x.T), 0.0)
    delta = (w[:, None] * w[None, :]) / (w[:, None] + w[None, :]) * distance
    np.fill_diagonal(delta, np.inf)
    size = w.copy()
    cluster_id = np.arange(m)
    alive = np.ones(m, dtype=bool)
    chain: list[int] = []
    for step in range(m - 1):
        if not chain:
            chain.append(int(np.flatnonzero(alive)[0]))
        while True:
            a = chain[-1]
            b = int(np.argmin(delta[a]))
            if len(chain) > 1 and delta[a, chain[-2]] <= delta[a, b]:
                b = chain[-2]
            if len(chain) > 1 and b == chain[-2]:
                break
            chain.append(b)
        chain.pop()
        chain.pop()
        d_ab, n_a, n_b = delta[a, b], size[a], size[b]
        # Lance–Williams update for Ward, written for Δ (half the squared Ward distance).
        merged = ((n_a + size) * delta[a] + (n_b + size) * delta[b] - size * d_ab) / (
            n_a + n_b + size
        )
        left[step], right[step], cost[step] = cluster_id[a], cluster_id[b], d_ab
        delta[a], delta[:, a] = merged, merged
        delta[a, a] = np.inf
        delta[b], delta[:, b] = np.inf, np.inf
        alive[b] = False
        size[a] = n_a + n_b
        cluster_id[a] = m + step
    return MergeTree(m, left, right, cost)


def cut_tree(tree: MergeTree, max_cost: float) -> NDArray[np.int64]:
    """Leaf labels 0..k−1 after every merge that costs at most max_cost (Ward never inverts)."""
    m = tree.leaves
    parent = np.arange(max(2 * m - 1, m))

    def root(node: int) -> int:
        top = node
        while parent[top] != top:
            top = int(parent[top])
        while parent[node] != top:
            parent[node], node = top, int(parent[node])
        return top

    for step in np.flatnonzero(tree.cost <= max_cost):
        joined = m + int(step)
        parent[root(int(tree.left[step]))] = joined
        parent[root(int(tree.right[step]))] = joined
    roots = np.array([root(leaf) for leaf in range(m)], dtype=np.int64)
    # Number clusters by their first leaf so that labels do not depend on merge order.
    _, first, inverse = np.unique(roots, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return np.asarray(rank[inverse], dtype=np.int64)


def merge_cost(vectors: FloatArray, granularity: float) -> float:
    """Where to cut a Ward tree over these rows: `granularity` of their total sum of squares,
    and never below MIN_MERGE × σ²."""
    return max(granularity * len(vectors), MIN_MERGE) * total_variance(vectors)


def total_variance(vectors: FloatArray) -> float:
    """Mean squared distance of the rows to their mean (σ² of the whole collection)."""
    x = np.asarray(vectors)
    if len(x) == 0:
        return 0.0
    # E‖x‖² − ‖E x‖², accumulated in float64 without a float64 copy of the rows.
    squares = np.einsum("ij,ij->i", x, x, dtype=np.float64)
    mean = x.mean(axis=0, dtype=np.float64)
    return max(float(squares.mean() - mean @ mean), 0.0)


def group_sums(labels: IntArray, vectors: FloatArray, groups: int) -> NDArray[np.float64]:
    """Row sums of vectors per label 0..groups−1 (a sparse indicator product, not np.add.at)."""
    rows = np.asarray(labels, dtype=np.int64)
    x = np.asarray(vectors)
    indicator = sp.csr_matrix(
        (np.ones(len(rows), dtype=x.dtype), (rows, np.arange(len(rows)))),
        shape=(groups, len(rows)),
    )
    return np.asarray(indicator @ x, dtype=np.float64)


# --- themes ------------------------------------------------------------------------------


def normalize_rows(vectors: FloatArray) -> NDArray[np.float32]:
    """Rows scaled to unit length; all-zero rows stay zero. Unit float32 rows come back as is."""
    x = np.asarray(vectors, dtype=np.float32)
    norms = np.sqrt(np.einsum("...j,...j->...", x, x))[..., None]
    if np.all((np.abs(norms - 1.0) < 1e-5) | (norms == 0)):
        return x  # already normalized: no copy of a possibly large matrix
    out: NDArray[np.float32] = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    return out


def theme_radius(similarities: FloatArray, quantile: float = RADIUS_QUANTILE) -> float:
    """The cosine distance to the centroid within which `quantile` of a theme's members lie."""
    sims = np.asarray(similarities, dtype=np.float64)
    if len(sims) == 0:
        return 0.0
    return float(np.quantile(1.0 - sims, quantile))


def assign_nearest(
    vectors: FloatArray, centroids: FloatArray, radii: FloatArray
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Each vector's nearest centroid and its cosine, or UNASSIGNED when outside its radius."""
    x = normalize_rows(np.atleast_2d(vectors))
    c = normalize_rows(np.atleast_2d(centroids))
    if c.shape[0] == 0 or x.shape[0] == 0:
        return (
            np.full(x.shape[0], UNASSIGNED, dtype=np.int64),
            np.zeros(x.shape[0], dtype=np.float32),
        )
    sims = x @ c.T
    nearest = np.argmax(sims, axis=1).astype(np.int64)
    best = sims[np.arange(len(x)), nearest]
    inside = (1.0 - best) <= np.asarray(radii, dtype=np.float32)[nearest] + 1e-6
    return np.where(inside, nearest, UNASSIGNED).astype(np.int64), best.astype(np.float32)


def representatives(vectors: FloatArray, centroid: FloatArray, n: int) -> list[int]:
    """Indices of the n rows nearest to the centroid, nearest first (ties by index)."""
    sims = normalize_rows(vectors) @ normalize_rows(np.atleast_2d(centroid))[0]
    order = np.lexsort((np.arange(len(sims)), -sims))
    return [int(i) for i in order[:n]]


def match_themes(
    old: Sequence[Sequence[int]], new: Sequence[Sequence[int]], min_jaccard: float = 0.3
) -> dict[int, int]:
    """Which old theme each new theme continues: one-to-one by member overlap (Hungarian)."""
    if not old or not new:
        return {}
    old_sets = [set(members) for members in old]
    new_sets = [set(members) for members in new]
    jaccard = np.zeros((len(new_sets), len(old_sets)))
    for i, fresh in enumerate(new_sets):
        for j, before in enumerate(old_sets):
            union = len(fresh | before)
            jaccard[i, j] = len(fresh & before) / union if union else 0.0
    rows, cols = linear_sum_assignment(-jaccard)
    return {
        int(r): int(c)
        for r, c in zip(rows, cols, strict=True)
        if jaccard[r, c] >= min_jaccard and not math.isclose(jaccard[r, c], 0.0)
    }
