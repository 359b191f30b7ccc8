"""A whole backlog scored at once: columns of inputs in, a score or the reason for none out.

Each item's score depends on its own row only (no normalization against the backlog), so adding
or removing an item never changes another item's score. An item lacking an input is unscored
with the names it lacks; an item whose inputs break the framework's rules (RICE impact off its
scale, a zero effort) or whose formula fails (division by zero) is unscored with the same message
scoring it alone gives. The rest are scored in one vectorized pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.formulas import Formula
from valueloop.domain.rank_stability import VectorFramework, formula_framework, vector_framework
from valueloop.domain.scoring import (
    CONFIDENCE_SCALE,
    FIBONACCI,
    IMPACT_SCALE,
    Framework,
    IceAggregation,
    score,
)

Array = NDArray[np.float64]

# Inputs that must lie on a scale, beyond the bounds the vectorized frameworks carry.
_SCALES: dict[Framework, dict[str, tuple[float, ...]]] = {
    Framework.RICE: {"impact": tuple(IMPACT_SCALE), "confidence": tuple(CONFIDENCE_SCALE)},
    Framework.WSJF: dict.fromkeys(
        ("business_value", "time_criticality", "risk_reduction", "job_size"), tuple(FIBONACCI)
    ),
}


@dataclass(frozen=True, slots=True)
class BacklogScores:
    """Per item (in the order given): the score (NaN when none), the inputs it lacks, errors."""

    framework: str
    inputs: tuple[str, ...]
    values: Array
    missing: Mapping[int, tuple[str, ...]]  # item position → the inputs it lacks
    errors: Mapping[int, str]

    @property
    def scored(self) -> NDArray[np.bool_]:
        return np.isfinite(self.values)


def _column(columns: Mapping[str, Array], name: str, items: int) -> Array:
    if name not in columns:
        return np.full(items, np.nan)
    column = np.asarray(columns[name], dtype=np.float64)
    if column.shape != (items,):
        raise ValidationFailed(f"column {name} has {column.size} values for {items} items")
    return column


def _rule_breakers(
    framework: Framework, vector: VectorFramework, values: Mapping[str, Array]
) -> NDArray[np.bool_]:
    """Rows whose (present) inputs fall outside the framework's bounds or off its scales."""
    bad = np.zeros(next(iter(values.values())).shape, dtype=bool)
    for name, column in values.items():
        low, high, exclusive = vector.bounds.get(name, (-np.inf, np.inf, False))
        bad |= (column <= low) if exclusive else (column < low)
        bad |= column > high
        if name in _SCALES.get(framework, {}):
            bad |= ~np.isin(column, _SCALES[framework][name])
    return bad


def _evaluate(
    formula: Formula, values: Mapping[str, Array], rows: NDArray[np.intp]
) -> tuple[Array, dict[int, str]]:
    """The formula over `rows`; rows that fail are found by halving and get their own message."""
    try:
        return formula.evaluate_many({n: v[rows] for n, v in values.items()}), {}
    except ValidationFailed as error:
        if rows.size == 1:
            return np.full(1, np.nan), {int(rows[0]): error.message}
    half = rows.size // 2
    first, first_errors = _evaluate(formula, values, rows[:half])
    second, second_errors = _evaluate(formula, values, rows[half:])
    return np.concatenate([first, second]), {**first_errors, **second_errors}


def score_backlog(
    scorer: Framework | Formula,
    columns: Mapping[str, Array],
    items: int,
    *,
    ice_aggregation: IceAggregation | str = IceAggregation.MEAN,
) -> BacklogScores:
    """Every item's score under a built-in framework or a custom formula.

    `columns` maps each input name to one value per item, NaN where the item has none.
    """
    if isinstance(scorer, Formula):
        vector = formula_framework(scorer)
        framework: Framework | None = None
    else:
        framework = Framework(scorer)
        vector = vector_framework(framework, ice_aggregation=ice_aggregation)
    names = vector.fields
    values = {name: _column(columns, name, items) for name in names}
    present = {name: np.isfinite(column) for name, column in values.items()}
    complete = np.ones(items, dtype=bool)
    for mask in present.values():
        complete &= mask
    missing = {
        int(i): tuple(n for n in names if not present[n][i]) for i in np.flatnonzero(~complete)
    }
    errors: dict[int, str] = {}
    result = np.full(items, np.nan)
    if framework is not None and complete.any():
        filled = {n: np.where(complete, v, np.nan) for n, v in values.items()}
        with np.errstate(invalid="ignore"):
            breakers = _rule_breakers(framework, vector, filled) & complete
        for row in np.flatnonzero(breakers):
            errors[int(row)] = _scalar_error(
                framework, {n: float(v[row]) for n, v in values.items()}, ice_aggregation
            )
        complete &= ~breakers
    rows = np.flatnonzero(complete)
    if rows.size and isinstance(scorer, Formula):
        scored, failed = _evaluate(scorer, values, rows)
        result[rows] = scored
        errors.update(failed)
    elif rows.size:
        with np.errstate(all="ignore"):
            scored = np.asarray(
                np.broadcast_to(vector.score({n: v[rows] for n, v in values.items()}), rows.shape),
                dtype=np.float64,
            )
        for row in rows[~np.isfinite(scored)]:
            errors[int(row)] = f"{vector.name} gives no finite score for these inputs"
        result[rows] = np.where(np.isfinite(scored), scored, np.nan)
    return BacklogScores(vector.name, names, result, missing, errors)


def _scalar_error(
    framework: Framework, inputs: Mapping[str, float], ice_aggregation: IceAggregation | str
) -> str:
    try:
        score(framework, inputs, ice_aggregation=ice_aggregation)
    except ValidationFailed as error:
        return error.message
    return f"the inputs are outside {framework.value}'s range"


def rank_order(
    values: Array, manual: Sequence[int] | NDArray[np.intp] | None = None
) -> NDArray[np.intp]:
    """Item positions from the highest score down; equal scores keep the manual order, and
    unscored items (NaN) come last in manual order."""
    scores = np.asarray(values, dtype=np.float64)
    order = np.arange(scores.size) if manual is None else np.asarray(manual)
    unscored = ~np.isfinite(scores)
    negated = np.where(unscored, 0.0, -scores)
    return np.lexsort((order, negated, unscored)).astype(np.intp)


def align(target_ids: NDArray[np.int64], source_ids: NDArray[np.int64], values: Array) -> Array:
    """`values` (one per source id) placed in `target_ids` order, NaN for ids without one."""
    out = np.full(target_ids.size, np.nan)
    at = positions(target_ids, source_ids)
    found = at >= 0
    out[at[found]] = np.asarray(values, dtype=np.float64)[found]
    return out


def positions(known: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.int64]:
    """Where each of `wanted` sits in `known` (unique ids), −1 where it does not.

    A table indexed by id when the ids are dense enough (one fancy-indexing pass), otherwise a
    binary search.
    """
    out = np.full(wanted.size, -1, dtype=np.int64)
    if not known.size or not wanted.size:
        return out
    low, high = int(known.min()), int(known.max())
    if low >= 0 and high <= 4 * known.size + 1_000_000:
        table = np.full(high + 1, -1, dtype=np.int64)
        table[known] = np.arange(known.size)
        inside = (wanted >= 0) & (wanted <= high)
        out[inside] = table[wanted[inside]]
        return out
    order = np.argsort(known, kind="stable")
    found = np.clip(np.searchsorted(known, wanted, sorter=order), 0, known.size - 1)
    hit = known[order[found]] == wanted
    out[hit] = order[found[hit]]
    return out
