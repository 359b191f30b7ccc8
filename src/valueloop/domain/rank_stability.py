"""Rank stability: sample uncertain estimates, score every draw, and see how much the ranking moves.

Each input of each item may be a range (low, high) with a distribution: uniform, triangular or
PERT (a beta distribution, λ = 4, around the most likely value). We draw at least 1,000 joint
samples, score them with the framework's vectorized formula (draws × items arrays), rank every
draw, and report per item the probability of landing in the top K, the median rank and a rank
interval (5th–95th percentile by default). Equal scores rank in the order the items were given
(the backlog's manual order). The same seed, items and draws give the same report.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.formulas import Formula
from valueloop.domain.scoring import Framework, IceAggregation

Array = NDArray[np.float64]
MIN_DRAWS = 1_000
MAX_DRAWS = 100_000
MAX_VALUES = 50_000_000  # draws × items: the ranks alone take 2–4 bytes each
WORKERS = min(2, os.cpu_count() or 1)
# Draws × items scored per pass: small enough for the arrays to stay in cache, large enough
# for numpy to run at full speed. Sampling depends on it, so it is fixed.
CHUNK_VALUES = 250_000


class Distribution(StrEnum):
    POINT = "point"
    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    PERT = "pert"


@dataclass(frozen=True, slots=True)
class Estimate:
    """An uncertain input: its range, its most likely value and how values spread within it."""

    low: float
    high: float
    likely: float
    distribution: Distribution


def estimate(
    low: object,
    high: object,
    *,
    likely: object = None,
    distribution: Distribution | str = Distribution.UNIFORM,
    name: str = "estimate",
) -> Estimate:
    """A checked range: low ≤ likely ≤ high; `likely` defaults to the middle of the range."""
    kind = f.choice(distribution, f"{name} distribution", Distribution)
    lo, hi = f.number(low, f"{name} low"), f.number(high, f"{name} high")
    if hi < lo:
        raise ValidationFailed(f"{name} high must be at least its low", field=name)
    mode = (lo + hi) / 2 if likely is None else f.number(likely, f"{name} likely")
    if not lo <= mode <= hi:
        raise ValidationFailed(f"{name} likely value must lie within its range", field=name)
    if kind is Distribution.POINT and lo != hi:
        raise ValidationFailed(f"{name} is a point, so low and high must be equal", field=name)
    return Estimate(lo, hi, mode, kind)


def as_estimate(value: object, name: str) -> Estimate:
    """An Estimate from a number (a point), an Estimate, or a mapping with low/high/likely."""
    if isinstance(value, Estimate):
        return estimate(
            value.low, value.high, likely=value.likely, distribution=value.distribution, name=name
        )
    if isinstance(value, Mapping):
        kind = value.get("distribution", Distribution.UNIFORM)
        return estimate(
            value.get("low"),
            value.get("high"),
            likely=value.get("likely"),
            distribution=kind,
            name=name,
        )
    number = f.number(value, name)
    return Estimate(number, number, number, Distribution.POINT)


@dataclass(frozen=True, slots=True)
class ItemEstimates:
    """One item's inputs by name: numbers or ranges."""

    key: object
    inputs: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class VectorFramework:
    """A framework's formula over arrays, its inputs, and the range each input must stay in."""

    name: str
    fields: tuple[str, ...]
    score: Callable[[Mapping[str, Array]], Array]
    # input: (minimum, maximum, whether the minimum itself is excluded)
    bounds: Mapping[str, tuple[float, float, bool]] = field(default_factory=dict)


def _rice(v: Mapping[str, Array]) -> Any:
    return v["reach"] * v["impact"] * v["confidence"] / v["effort"]


def _ice_mean(v: Mapping[str, Array]) -> Any:
    return (v["impact"] + v["confidence"] + v["ease"]) / 3


def _ice_product(v: Mapping[str, Array]) -> Any:
    return v["impact"] * v["confidence"] * v["ease"]


def _wsjf(v: Mapping[str, Array]) -> Any:
    return (v["business_value"] + v["time_criticality"] + v["risk_reduction"]) / v["job_size"]


def _cd3(v: Mapping[str, Array]) -> Any:
    return v["cost_of_delay"] / v["duration"]


def _opportunity(v: Mapping[str, Array]) -> Any:
    return v["importance"] + np.maximum(v["importance"] - v["satisfaction"], 0.0)


_INF = float("inf")
_ICE_BOUNDS = dict.fromkeys(("impact", "confidence", "ease"), (1.0, 10.0, False))
_WSJF_FIELDS = ("business_value", "time_criticality", "risk_reduction", "job_size")
VECTOR_FRAMEWORKS: dict[Framework, VectorFramework] = {
    Framework.RICE: VectorFramework(
        "RICE",
        ("reach", "impact", "confidence", "effort"),
        _rice,
        {
            "reach": (0.0, _INF, False),
            "impact": (0.0, _INF, False),
            "confidence": (0.0, 1.0, False),
            "effort": (0.0, _INF, True),
        },
    ),
    Framework.ICE: VectorFramework("ICE", ("impact", "confidence", "ease"), _ice_mean, _ICE_BOUNDS),
    Framework.WSJF: VectorFramework(
        "WSJF", _WSJF_FIELDS, _wsjf, dict.fromkeys(_WSJF_FIELDS, (1.0, 20.0, False))
    ),
    Framework.CD3: VectorFramework(
        "CD3",
        ("cost_of_delay", "duration"),
        _cd3,
        {"cost_of_delay": (0.0, _INF, False), "duration": (0.0, _INF, True)},
    ),
    Framework.OPPORTUNITY: VectorFramework(
        "Opportunity",
        ("importance", "satisfaction"),
        _opportunity,
        dict.fromkeys(("importance", "satisfaction"), (0.0, 10.0, False)),
    ),
}


def vector_framework(
    framework: Framework | str, *, ice_aggregation: IceAggregation | str = IceAggregation.MEAN
) -> VectorFramework:
    """The vectorized twin of a built-in framework (scoring.py holds the scalar one)."""
    chosen = f.choice(framework, "framework", Framework)
    found = VECTOR_FRAMEWORKS[chosen]
    if (
        chosen is Framework.ICE
        and f.choice(ice_aggregation, "aggregation", IceAggregation) is IceAggregation.PRODUCT
    ):
        return VectorFramework("ICE", found.fields, _ice_product, found.bounds)
    return found


def formula_framework(formula: Formula) -> VectorFramework:
    """A custom formula as a framework: its names are the inputs, with no bounds of their own."""
    return VectorFramework(formula.label, formula.names, formula.evaluate_many)


_CODES = {d: code for code, d in enumerate(Distribution)}


def _selector(indices: NDArray[np.intp], n: int) -> Any:
    """A plain slice when every column is selected: it avoids copies in numpy's indexing."""
    return slice(None) if indices.size == n else indices


@dataclass(frozen=True, slots=True)
class _Column:
    """One input across all items, ready to sample."""

    low: Array
    span: Array
    likely: Array
    triangular: NDArray[np.intp]
    pert: NDArray[np.intp]

    @classmethod
    def of(cls, name: str, values: Sequence[object], keys: Sequence[object]) -> _Column:
        rows = np.empty((len(values), 4))  # low, high, likely, distribution code
        for i, value in enumerate(values):
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows[i] = (value, value, value, 0)
            else:
                e = value if isinstance(value, Estimate) else as_estimate(value, name)
                rows[i] = (e.low, e.high, e.likely, _CODES[e.distribution])
        low, high, likely, code = rows.T
        bad = ~np.isfinite(rows[:, :3]).all(axis=1) | (low > likely) | (likely > high)
        bad |= (code == _CODES[Distribution.POINT]) & (low != high)
        if bad.any():
            item = keys[int(np.flatnonzero(bad)[0])]
            reason = f"{name} of item {item} must be finite numbers with low ≤ likely ≤ high"
            raise ValidationFailed(reason, field=name)
        span = high - low
        return cls(
            low,
            span,
            likely,
            np.flatnonzero((code == _CODES[Distribution.TRIANGULAR]) & (span > 0)),
            np.flatnonzero((code == _CODES[Distribution.PERT]) & (span > 0)),
        )

    def check(self, name: str, framework: VectorFramework, keys: Sequence[object]) -> None:
        minimum, maximum, exclusive = framework.bounds.get(name, (-_INF, _INF, False))
        below = self.low <= minimum if exclusive else self.low < minimum
        bad = below | (self.low + self.span > maximum)
        if bad.any():
            item = keys[int(np.flatnonzero(bad)[0])]
            limits = f"{'above' if exclusive else 'at least'} {minimum:g}, at most {maximum:g}"
            reason = f"{name} of item {item} must stay within {framework.name}'s range ({limits})"
            raise ValidationFailed(reason, field=name)

    def sample(self, rng: np.random.Generator, draws: int) -> Array:
        """`draws` × items values; a column of points stays one row that broadcasts."""
        if not self.span.any():
            return self.low
        n = self.low.size
        values: Array = np.empty((draws, n))
        if self.triangular.size + self.pert.size < n:  # uniform items (or points) remain
            values = rng.random((draws, n))
            values *= self.span
            values += self.low
        if self.triangular.size:
            # Stein & Keblis (2009): with U₁, U₂ uniform, (1 − c)·min + c·max is triangular on
            # [0, 1] with its mode at c. Cheaper than inverting the CDF (no square roots).
            t = _selector(self.triangular, n)
            first, second = (
                rng.random((draws, self.triangular.size)),
                rng.random((draws, self.triangular.size)),
            )
            share = (self.likely[t] - self.low[t]) / self.span[t]
            unit = np.minimum(first, second) * (1 - share) + np.maximum(first, second) * share
            values[:, t] = self.low[t] + self.span[t] * unit
        if self.pert.size:
            # PERT: beta with α = 1 + 4·(likely − low)/span and β = 1 + 4·(high − likely)/span.
            p = _selector(self.pert, n)
            share = (self.likely[p] - self.low[p]) / self.span[p]
            unit = rng.beta(1 + 4 * share, 5 - 4 * share, (draws, self.pert.size))
            values[:, p] = self.low[p] + self.span[p] * unit
        return values


def sample_estimates(estimates: Sequence[object], draws: int, *, seed: int = 0) -> Array:
    """What the simulation draws for these estimates: a draws × estimates array (for charts)."""
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise ValidationFailed(
            f"draws must be a whole number from 1 to {MAX_DRAWS:,}", field="draws"
        )
    keys = list(range(len(estimates)))
    column = _Column.of("estimate", list(estimates), keys)
    rng = np.random.default_rng(seed)
    return np.array(np.broadcast_to(column.sample(rng, draws), (draws, len(estimates))))


@dataclass(frozen=True, slots=True)
class ItemStability:
    """How firmly one item holds its place."""

    key: object
    point_score: float  # the score of the most likely values
    point_rank: int
    top_k_probability: float
    median_rank: float
    rank_low: float  # the interval's lower percentile (a better place)
    rank_high: float  # its upper percentile (a worse place)


@dataclass(frozen=True, slots=True)
class StabilityReport:
    framework: str
    draws: int
    top_k: int
    seed: int
    interval: tuple[float, float]
    items: tuple[ItemStability, ...]  # in the order the items were given


def _descending_order(scores: Array) -> NDArray[np.int64]:
    """Each row's item indices, highest score first, equal scores in item order.

    The bits of −score, flipped so that signed integers order like the floats, give up their
    lowest bits to the item index: one integer sort (much faster than argsort) orders a row, and
    scores closer than about one part in 2⁴⁰ (for 10,000 items) count as equal.
    """
    index_bits = max(1, (scores.shape[1] - 1).bit_length())
    negated = np.negative(scores)
    negated += 0.0  # −0.0 becomes 0.0, so zeros tie
    keys = negated.view(np.int64)
    sign = keys >> 63
    sign &= np.int64(0x7FFF_FFFF_FFFF_FFFF)
    keys ^= sign
    keys &= np.int64(~((1 << index_bits) - 1))
    keys |= np.arange(scores.shape[1], dtype=np.int64)
    keys.sort(axis=1)
    keys &= np.int64((1 << index_bits) - 1)
    return keys


@dataclass(frozen=True, slots=True)
class _Ranking:
    """Samples, scores and ranks one chunk of draws into the shared item-major rank array."""

    framework: VectorFramework
    columns: Mapping[str, _Column]
    top_k: int
    ranks: NDArray[Any]  # items × draws

    def run(self, start: int, size: int, stream: np.random.SeedSequence) -> NDArray[np.int64]:
        """Rank draws start … start + size − 1; the count of each item's top-K places."""
        rng = np.random.default_rng(stream)
        n = self.ranks.shape[0]
        values = {name: column.sample(rng, size) for name, column in self.columns.items()}
        order = _descending_order(_score(self.framework, values, size, n))
        places = np.broadcast_to(np.arange(1, n + 1, dtype=self.ranks.dtype), (size, n))
        np.put_along_axis(self.ranks[:, start : start + size].T, order, places, axis=1)
        return np.bincount(order[:, : self.top_k].ravel(), minlength=n)


def _quantile(sorted_rows: NDArray[Any], q: float) -> Array:
    """The q-quantile of each row of an ascending array, interpolated as numpy does by default."""
    position = q * (sorted_rows.shape[1] - 1)
    below = int(np.floor(position))
    above = min(below + 1, sorted_rows.shape[1] - 1)
    low = sorted_rows[:, below].astype(np.float64)
    return np.asarray(low + (position - below) * (sorted_rows[:, above] - low), dtype=np.float64)


def _columns(items: Sequence[ItemEstimates], framework: VectorFramework) -> dict[str, _Column]:
    keys = [item.key for item in items]
    columns: dict[str, _Column] = {}
    for name in framework.fields:
        values = [item.inputs.get(name) for item in items]
        if any(value is None for value in values):
            raise ValidationFailed(f"{name} is required for {framework.name}", field=name)
        columns[name] = _Column.of(name, values, keys)
        columns[name].check(name, framework, keys)
    return columns


def rank_stability(
    items: Sequence[ItemEstimates],
    framework: VectorFramework,
    *,
    draws: int = MIN_DRAWS,
    top_k: int = 10,
    seed: int = 0,
    interval: tuple[float, float] = (5.0, 95.0),
    workers: int = WORKERS,
) -> StabilityReport:
    """Sample every item's inputs `draws` times, rank each draw, and report how ranks spread.

    numpy releases the GIL while it samples and sorts, so `workers` threads use that many cores.
    """
    n = len(items)
    if not n:
        raise ValidationFailed("rank stability needs at least one item", field="items")
    if isinstance(draws, bool) or not isinstance(draws, int) or not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise ValidationFailed(
            f"draws must be a whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}", field="draws"
        )
    if draws * n > MAX_VALUES:
        reason = f"draws × items must stay within {MAX_VALUES:,}; use fewer draws"
        raise ValidationFailed(reason, field="draws")
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= n:
        raise ValidationFailed(f"top_k must be a whole number from 1 to {n}", field="top_k")
    bounds = [f.number(p, "interval") for p in interval] if isinstance(interval, tuple) else []
    low_pct, high_pct = bounds if len(bounds) == 2 else (-1.0, -1.0)
    if not 0 <= low_pct < high_pct <= 100:
        raise ValidationFailed(
            "the interval must be two percentiles, low below high", field="interval"
        )
    columns = _columns(items, framework)
    point = _score(framework, {name: c.likely for name, c in columns.items()}, 1, n)
    point_rank = np.empty(n, dtype=np.int64)
    point_rank[_descending_order(point)[0]] = np.arange(1, n + 1)

    rank_type = np.uint16 if n < 2**16 else np.int32  # ranks as small as they fit, to sort fast
    ranking = _Ranking(framework, columns, top_k, np.empty((n, draws), dtype=rank_type))
    chunk = max(1, min(draws, CHUNK_VALUES // n))
    starts = range(0, draws, chunk)
    sizes = [min(chunk, draws - start) for start in starts]
    # One random stream per chunk, so the report does not depend on the number of workers.
    streams = np.random.SeedSequence(seed).spawn(len(starts))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            counts = list(pool.map(ranking.run, starts, sizes, streams))
    else:
        counts = list(map(ranking.run, starts, sizes, streams))
    in_top = np.sum(counts, axis=0)
    ranks = ranking.ranks
    ranks.sort(axis=1)
    median = _quantile(ranks, 0.5)
    rank_low, rank_high = _quantile(ranks, low_pct / 100), _quantile(ranks, high_pct / 100)
    share = in_top / draws
    return StabilityReport(
        framework=framework.name,
        draws=draws,
        top_k=top_k,
        seed=seed,
        interval=(float(low_pct), float(high_pct)),
        items=tuple(
            ItemStability(
                item.key,
                float(point[0, i]),
                int(point_rank[i]),
                float(share[i]),
                float(median[i]),
                float(rank_low[i]),
                float(rank_high[i]),
            )
            for i, item in enumerate(items)
        ),
    )


def _score(framework: VectorFramework, values: Mapping[str, Array], draws: int, n: int) -> Array:
    """Scores as a (read-only, possibly broadcast) draws × items array of finite numbers."""
    with np.errstate(all="ignore"):
        scores = np.broadcast_to(np.asarray(framework.score(values), dtype=np.float64), (draws, n))
    if not np.isfinite(scores).all():
        raise ValidationFailed(
            f"{framework.name} gives no finite score for some draws", field="items"
        )
    return scores
