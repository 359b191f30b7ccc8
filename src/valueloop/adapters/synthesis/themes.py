"""Automatic themes: clusters of notes with readable labels, built in one pass and grown after.

How a full build works (about 1 s for 13,000 notes on two cores):
1. Each note's vector is averaged with its 10 nearest neighbours' and re-centred. This pulls
   notes towards the dense middle of their topic (ARI 0.52 → 0.55 on BANKING77).
2. Above `EXACT_WARD_LIMIT` notes, notes are grouped into ~10-note cells (MiniBatchKMeans,
   shared with the neighbour search); below it every note is its own cell.
3. Ward agglomeration on the weighted cell centres, cut where one more merge would cost more
   than `GRANULARITY` of the collection's total sum of squares. That share, not a number of
   themes, is the only knob: BANKING77 gets 77–81 themes for its 77 intents, and the same
   granularity gives 53–81 themes on random samples of 200 to 13,083 of its queries.
4. Labels from c-TF-IDF terms; representatives are the members nearest the centroid.

New notes join the nearest theme when they fall inside its radius (`ThemeModel.add`);
`recluster` rebuilds everything and keeps the ids of themes that carry on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from valueloop.adapters.synthesis.labels import theme_terms
from valueloop.adapters.synthesis.neighbours import (
    EXACT_LIMIT,
    Cells,
    Neighbours,
    cell_count,
    micro_cells,
    nearest_neighbours,
)
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.synthesis import (
    UNASSIGNED,
    assign_nearest,
    cut_tree,
    group_sums,
    label_of,
    match_themes,
    merge_cost,
    normalize_rows,
    representatives,
    theme_radius,
    ward_tree,
)

GRANULARITY = 0.002
"""Largest share of the total sum of squares one merge may cost (BANKING77 plateau 0.001–0.003)."""

SMOOTHING_NEIGHBOURS = 10
EXACT_WARD_LIMIT = 2_000
REPRESENTATIVES = 3


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme: a stable id, a label, its distinctive terms and the notes it holds."""

    id: int
    label: str
    terms: tuple[tuple[str, float], ...]
    members: tuple[int, ...]
    representatives: tuple[int, ...]
    radius: float

    @property
    def size(self) -> int:
        """How many notes the theme holds."""
        return len(self.members)


@dataclass(frozen=True, slots=True, eq=False)
class Assignment:
    """For each new note, the id of the theme it joins (or UNASSIGNED) and its cosine to it."""

    themes: NDArray[np.int64]
    similarities: NDArray[np.float32]


@dataclass(frozen=True, eq=False)  # holds arrays: compare `themes` and `note_themes` instead
class ThemeModel:
    """Themes over notes 0..n−1 (in the order their vectors were given), ready to grow."""

    themes: tuple[Theme, ...]
    note_themes: NDArray[np.int64]
    centroids: NDArray[np.float32]
    sums: NDArray[np.float64] = field(repr=False)
    granularity: float = GRANULARITY
    seed: int = 0
    added_unassigned: int = 0

    @property
    def notes(self) -> int:
        """How many notes the model has seen (built on or added)."""
        return len(self.note_themes)

    @property
    def radii(self) -> NDArray[np.float32]:
        """Each theme's radius (cosine distance), in the order of `themes`."""
        return np.array([theme.radius for theme in self.themes], dtype=np.float32)

    def theme(self, theme_id: int) -> Theme:
        """The theme with this id."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise ValidationFailed(f"no theme {theme_id}", field="theme_id")

    def assign(self, vectors: NDArray[np.floating]) -> Assignment:
        """Which theme each new vector would join, without changing the model."""
        rows, sims = assign_nearest(vectors, self.centroids, self.radii)
        ids = np.array([theme.id for theme in self.themes] + [UNASSIGNED], dtype=np.int64)
        return Assignment(ids[rows], sims)  # rows == −1 picks the trailing UNASSIGNED

    def add(self, vectors: NDArray[np.floating]) -> tuple[ThemeModel, Assignment]:
        """The model with new notes n, n+1, … joined to their themes; centroids follow them.

        Labels, terms and radii stay as built: they change on the next `recluster`, which is
        due when `added_unassigned` grows large next to the number of notes.
        """
        x = normalize_rows(np.atleast_2d(vectors))
        rows, sims = assign_nearest(x, self.centroids, self.radii)
        sums = self.sums + group_sums(rows[rows >= 0], x[rows >= 0], len(self.sums))
        first = self.notes
        joined: dict[int, list[int]] = {}
        for offset, row in enumerate(rows):
            if row >= 0:
                joined.setdefault(int(row), []).append(first + offset)
        themes = tuple(
            replace(theme, members=theme.members + tuple(joined.get(row, ())))
            for row, theme in enumerate(self.themes)
        )
        ids = np.array([theme.id for theme in self.themes] + [UNASSIGNED], dtype=np.int64)
        model = replace(
            self,
            themes=themes,
            note_themes=np.concatenate([self.note_themes, ids[rows]]),
            centroids=normalize_rows(sums) if len(sums) else self.centroids,
            sums=sums,
            added_unassigned=self.added_unassigned + int((rows < 0).sum()),
        )
        return model, Assignment(ids[rows], sims)


def build_themes(
    vectors: NDArray[np.floating],
    texts: Sequence[str],
    *,
    seed: int = 0,
    granularity: float = GRANULARITY,
    neighbours: Neighbours | None = None,
    cells: Cells | None = None,
) -> ThemeModel:
    """Themes over all notes from their vectors (unit rows) and texts; same seed, same themes.

    `neighbours` and `cells` may be passed in when the caller already computed them for the
    same vectors (the duplicate search does), which saves the time of doing it twice.
    """
    x = normalize_rows(vectors)
    n = len(x)
    if n != len(texts):
        raise ValidationFailed("one text per vector is needed", field="texts")
    if not 0 < granularity < 1:
        raise ValidationFailed("granularity is a share between 0 and 1", field="granularity")
    if n == 0:
        return _empty(x.shape[1], granularity, seed)
    if cells is None and n > EXACT_WARD_LIMIT:
        cells = micro_cells(x, cell_count(n), seed=seed)
    if neighbours is None:
        neighbours = nearest_neighbours(
            x, SMOOTHING_NEIGHBOURS, cells=cells if n > EXACT_LIMIT else None, seed=seed
        )
    smoothed = _smooth(x, neighbours)
    if n > EXACT_WARD_LIMIT and cells is not None:
        grouped = cells.recentred(smoothed)
    else:
        grouped = Cells(np.arange(n, dtype=np.int64), smoothed)
    tree = ward_tree(grouped.centres, grouped.sizes.astype(np.float64))
    cluster = cut_tree(tree, merge_cost(smoothed, granularity))[grouped.labels]
    return _assemble(x, texts, cluster, granularity=granularity, seed=seed)


def recluster(
    previous: ThemeModel,
    vectors: NDArray[np.floating],
    texts: Sequence[str],
    *,
    seed: int | None = None,
) -> ThemeModel:
    """A full rebuild over all notes in which themes that carry on keep their old ids."""
    fresh = build_themes(
        vectors,
        texts,
        seed=previous.seed if seed is None else seed,
        granularity=previous.granularity,
    )
    matched = match_themes(
        [theme.members for theme in previous.themes],
        [tuple(m for m in theme.members if m < previous.notes) for theme in fresh.themes],
    )
    next_id = max((theme.id for theme in previous.themes), default=-1) + 1
    renamed: list[Theme] = []
    for row, theme in enumerate(fresh.themes):
        if row in matched:
            new_id = previous.themes[matched[row]].id
        else:
            new_id, next_id = next_id, next_id + 1
        renamed.append(replace(theme, id=new_id))
    lookup = np.array([theme.id for theme in renamed] + [UNASSIGNED], dtype=np.int64)
    rows = np.full(fresh.notes, len(renamed), dtype=np.int64)
    for row, theme in enumerate(fresh.themes):
        rows[list(theme.members)] = row
    return replace(fresh, themes=tuple(renamed), note_themes=lookup[rows])


def _smooth(
    x: NDArray[np.float32], neighbours: Neighbours, block: int = 8192
) -> NDArray[np.float32]:
    """Each row averaged with its neighbours, then centred and rescaled to unit length."""
    smoothed = np.empty_like(x)
    for start in range(0, len(x), block):  # in blocks: one extra copy of x at most
        rows = slice(start, start + block)
        summed = x[rows].copy()
        for column in range(neighbours.indices.shape[1]):
            summed += x[neighbours.indices[rows, column]]
        smoothed[rows] = normalize_rows(summed)
    smoothed -= smoothed.mean(axis=0)
    smoothed /= np.maximum(np.linalg.norm(smoothed, axis=1, keepdims=True), 1e-12)
    return smoothed


def _assemble(
    x: NDArray[np.float32],
    texts: Sequence[str],
    cluster: NDArray[np.int64],
    *,
    granularity: float,
    seed: int,
) -> ThemeModel:
    """Themes numbered by size (largest first, ties by first note) with centroids and labels."""
    n_themes = int(cluster.max()) + 1
    sizes = np.bincount(cluster, minlength=n_themes)
    first = np.full(n_themes, len(cluster))
    np.minimum.at(first, cluster, np.arange(len(cluster)))
    order = np.lexsort((first, -sizes))
    rank = np.empty(n_themes, dtype=np.int64)
    rank[order] = np.arange(n_themes)
    note_themes = rank[cluster]
    sums = group_sums(note_themes, x, n_themes)
    centroids = normalize_rows(sums)
    terms = theme_terms(texts, note_themes, n_themes)
    members_of = np.argsort(note_themes, kind="stable")
    bounds = np.searchsorted(note_themes[members_of], np.arange(n_themes + 1))
    themes = []
    for theme_id in range(n_themes):
        members = members_of[bounds[theme_id] : bounds[theme_id + 1]]
        sims = x[members] @ centroids[theme_id]
        nearest = representatives(x[members], centroids[theme_id], REPRESENTATIVES)
        themes.append(
            Theme(
                id=theme_id,
                label=label_of(terms[theme_id]),
                terms=tuple(terms[theme_id]),
                members=tuple(int(m) for m in members),
                representatives=tuple(int(members[i]) for i in nearest),
                radius=theme_radius(sims),
            )
        )
    return ThemeModel(
        themes=tuple(themes),
        note_themes=note_themes,
        centroids=centroids,
        sums=sums,
        granularity=granularity,
        seed=seed,
    )


def _empty(dimensions: int, granularity: float, seed: int) -> ThemeModel:
    return ThemeModel(
        themes=(),
        note_themes=np.zeros(0, dtype=np.int64),
        centroids=np.zeros((0, dimensions), dtype=np.float32),
        sums=np.zeros((0, dimensions), dtype=np.float64),
        granularity=granularity,
        seed=seed,
    )
