"""Nearest neighbours of every note, and the micro-clusters ("cells") that make it cheap at scale.

Up to `EXACT_LIMIT` notes the k nearest neighbours are exact (blocked matrix products). Above
it, notes are first grouped into cells by MiniBatchKMeans and each cell's notes are compared
only with the notes of its `probes` nearest cells — the inverted-file idea of FAISS's IVF
index, in numpy. The same cells seed the themes' agglomeration, so they are computed once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.synthesis import group_sums, normalize_rows

EXACT_LIMIT = 8_000
"""Notes up to which neighbours are exact; about 1 s of matrix products on two cores."""

MAX_CELLS = 2_000
"""Upper bound on cells: Ward on their centres keeps an m × m matrix (32 MB at 2,000)."""

NOTES_PER_CELL = 10


@dataclass(frozen=True, slots=True)
class Neighbours:
    """Each row's k nearest other rows (most similar first) and their cosine similarities."""

    indices: NDArray[np.int64]
    similarities: NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Cells:
    """A partition of the notes into small groups: each note's cell and the cells' centres."""

    labels: NDArray[np.int64]
    centres: NDArray[np.float32]

    @property
    def sizes(self) -> NDArray[np.int64]:
        """How many notes each cell holds."""
        return np.bincount(self.labels, minlength=len(self.centres)).astype(np.int64)

    def recentred(self, vectors: NDArray[np.float32]) -> Cells:
        """The same cells with centres recomputed as the mean of other vectors of their notes."""
        sums = group_sums(self.labels, vectors, len(self.centres))
        sizes = np.maximum(self.sizes, 1)[:, None]
        return Cells(self.labels, (sums / sizes).astype(np.float32))


def cell_count(n: int) -> int:
    """How many cells n notes get: about ten notes each, at most MAX_CELLS."""
    return int(max(1, min(MAX_CELLS, n // NOTES_PER_CELL)))


def micro_cells(vectors: NDArray[np.float32], n_cells: int, *, seed: int = 0) -> Cells:
    """Notes grouped into n_cells cells by MiniBatchKMeans (empty cells dropped)."""
    from sklearn.cluster import MiniBatchKMeans

    x = np.asarray(vectors, dtype=np.float32)
    n_cells = min(n_cells, len(x))
    if n_cells <= 1:
        return Cells(np.zeros(len(x), dtype=np.int64), x.mean(axis=0, keepdims=True))
    # Three passes with random initial centres: k-means++ seeding alone would cost more than
    # the passes, and cells only need to be tight, not optimal.
    kmeans = MiniBatchKMeans(
        n_clusters=n_cells,
        init="random",
        n_init=1,
        max_iter=3,
        batch_size=4096,
        reassignment_ratio=0.0,
        random_state=seed,
    ).fit(x)
    labels = kmeans.labels_.astype(np.int64)
    used, labels = np.unique(labels, return_inverse=True)
    return Cells(labels.astype(np.int64), kmeans.cluster_centers_[used].astype(np.float32))


def nearest_neighbours(
    vectors: NDArray[np.float32],
    k: int,
    *,
    cells: Cells | None = None,
    probes: int = 8,
    exact_limit: int = EXACT_LIMIT,
    seed: int = 0,
) -> Neighbours:
    """The k nearest other rows of every row by cosine (rows must have unit length)."""
    x = normalize_rows(vectors)
    n = len(x)
    k = max(0, min(k, n - 1))
    if k == 0:
        return Neighbours(np.zeros((n, 0), np.int64), np.zeros((n, 0), np.float32))
    if n <= exact_limit:
        return _exact(x, k)
    cells = cells or micro_cells(x, cell_count(n), seed=seed)
    from threadpoolctl import threadpool_limits  # a scikit-learn dependency

    # Thousands of small matrix products: a second BLAS thread only adds synchronisation,
    # which on a busy two-core machine made this step 8× slower (2 s → 18 s at 100k notes).
    with threadpool_limits(limits=1, user_api="blas"):
        return _by_cells(x, k, cells, probes)


def _top_k(
    sims: NDArray[np.float32], columns: NDArray[np.int64], k: int
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    take = min(k, sims.shape[1])
    part = np.argpartition(-sims, take - 1, axis=1)[:, :take]
    part_sims = np.take_along_axis(sims, part, axis=1)
    # Highest similarity first; equal similarities by column, so results do not depend on
    # how argpartition happened to order them.
    order = np.lexsort((columns[part], -part_sims), axis=1)
    best = np.take_along_axis(part, order, axis=1)
    indices = columns[best]
    similarities = np.take_along_axis(sims, best, axis=1)
    if take < k:  # fewer candidates than k: pad with the row's best (never happens for k < n)
        pad = k - take
        indices = np.hstack([indices, np.repeat(indices[:, -1:], pad, axis=1)])
        similarities = np.hstack([similarities, np.repeat(similarities[:, -1:], pad, axis=1)])
    return indices, similarities


def _exact(x: NDArray[np.float32], k: int, block: int = 1024) -> Neighbours:
    n = len(x)
    indices = np.empty((n, k), dtype=np.int64)
    similarities = np.empty((n, k), dtype=np.float32)
    columns = np.arange(n)
    for start in range(0, n, block):
        stop = min(n, start + block)
        sims = x[start:stop] @ x.T
        sims[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        indices[start:stop], similarities[start:stop] = _top_k(sims, columns, k)
    return Neighbours(indices, similarities)


def _by_cells(x: NDArray[np.float32], k: int, cells: Cells, probes: int) -> Neighbours:
    n = len(x)
    centres = normalize_rows(cells.centres)
    members = np.argsort(cells.labels, kind="stable")
    bounds = np.searchsorted(cells.labels[members], np.arange(len(centres) + 1))
    probes = min(probes, len(centres))
    nearest_cells = np.argsort(-(centres @ centres.T), axis=1)[:, :probes]
    indices = np.empty((n, k), dtype=np.int64)
    similarities = np.empty((n, k), dtype=np.float32)
    for cell in range(len(centres)):
        rows = members[bounds[cell] : bounds[cell + 1]]
        if len(rows) == 0:
            continue
        probed = list(nearest_cells[cell])
        candidates = np.concatenate([members[bounds[c] : bounds[c + 1]] for c in probed])
        extra = 0
        while len(candidates) <= k and extra + probes < len(centres):  # tiny cells: probe more
            extra += probes
            wider = np.argsort(-(centres[cell] @ centres.T))[: probes + extra]
            candidates = np.concatenate([members[bounds[c] : bounds[c + 1]] for c in wider])
        sims = x[rows] @ x[candidates].T
        sims[rows[:, None] == candidates[None, :]] = -np.inf
        indices[rows], similarities[rows] = _top_k(sims, candidates, k)
    return Neighbours(indices, similarities)
