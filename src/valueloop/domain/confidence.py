"""Confidence derived from evidence: its kinds, amount and recency, shown with its reasons.

Each piece of evidence adds support `each(kind) × ½^(age / half-life)`. Pieces of one kind combine
as independent signals (1 − Π(1 − support)) but never past the kind's ceiling, so a pile of
opinions cannot outweigh an A/B test. Kinds combine the same way. The result, in [0, 1], maps to
RICE's confidence bands (1.0 high, 0.8 medium, 0.5 low). A person may override it with a reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class EvidenceKind(StrEnum):
    """Kinds of evidence, weakest first."""

    OPINION = "opinion"
    INTERVIEW = "interview"
    SURVEY = "survey"
    USAGE_DATA = "usage_data"
    AB_TEST = "ab_test"


NOUNS = {
    EvidenceKind.OPINION: ("opinion", "opinions"),
    EvidenceKind.INTERVIEW: ("interview", "interviews"),
    EvidenceKind.SURVEY: ("survey", "surveys"),
    EvidenceKind.USAGE_DATA: ("usage data set", "usage data sets"),
    EvidenceKind.AB_TEST: ("A/B test", "A/B tests"),
}


@dataclass(frozen=True, slots=True)
class KindWeight:
    """What one fresh piece of a kind adds, and the most that kind alone can reach."""

    each: float
    ceiling: float


DEFAULT_WEIGHTS: dict[EvidenceKind, KindWeight] = {
    EvidenceKind.OPINION: KindWeight(0.1, 0.3),
    EvidenceKind.INTERVIEW: KindWeight(0.3, 0.6),
    EvidenceKind.SURVEY: KindWeight(0.5, 0.75),
    EvidenceKind.USAGE_DATA: KindWeight(0.7, 0.9),
    EvidenceKind.AB_TEST: KindWeight(0.9, 0.95),
}


@dataclass(frozen=True)
class ConfidenceModel:
    """The workspace's settings: weights per kind, the half-life of evidence and the RICE bands."""

    weights: Mapping[EvidenceKind, KindWeight] = field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS)
    )
    half_life_days: float = 180.0
    high: float = 0.75  # at or above: RICE confidence 1.0
    medium: float = 0.4  # at or above: 0.8; below: 0.5

    def __post_init__(self) -> None:
        for kind in EvidenceKind:
            if kind not in self.weights:
                raise ValidationFailed(f"a weight for {kind.value} is required", field="weights")
            weight = self.weights[kind]
            f.number(weight.each, f"{kind.value} weight", minimum=0, maximum=1)
            f.number(weight.ceiling, f"{kind.value} ceiling", minimum=0, maximum=1)
        if f.number(self.half_life_days, "half_life_days", minimum=0) == 0:
            raise ValidationFailed("half_life_days must be above 0", field="half_life_days")
        f.number(self.high, "high", minimum=0, maximum=1)
        if not 0 <= f.number(self.medium, "medium") < self.high:
            raise ValidationFailed("medium must be at least 0 and below high", field="medium")

    def band(self, value: float) -> tuple[float, str]:
        """The RICE confidence (1.0, 0.8 or 0.5) and its label for a confidence in [0, 1]."""
        if value >= self.high:
            return 1.0, "high"
        return (0.8, "medium") if value >= self.medium else (0.5, "low")

    def decay(self, age_days: float) -> float:
        """How much of its weight evidence of this age keeps (future dates count as today)."""
        return float(0.5 ** (max(age_days, 0.0) / self.half_life_days))


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence linked to an item."""

    kind: EvidenceKind
    observed_on: dt.date


@dataclass(frozen=True, slots=True)
class ConfidenceOverride:
    """A person's confidence, replacing the derived one, with the reason they gave."""

    value: float
    reason: str
    by: int | None = None
    at: dt.datetime | None = None


def override(
    value: object, reason: object, *, by: int | None = None, at: dt.datetime | None = None
) -> ConfidenceOverride:
    """A checked override: a confidence in [0, 1] and a non-empty reason."""
    number = f.number(value, "confidence", minimum=0, maximum=1)
    text = f.text({"override_reason": reason}, "override_reason", max_len=1000, required=True)
    return ConfidenceOverride(number, text, by, at)


@dataclass(frozen=True, slots=True)
class Confidence:
    """An item's confidence: the value in force, the derived one, the RICE band and the reasons."""

    value: float
    derived: float
    rice: float
    label: str
    reasons: tuple[str, ...]
    override: ConfidenceOverride | None


def _combine(supports: Iterable[float]) -> float:
    return 1.0 - math.prod(1.0 - s for s in supports)


def _days(days: int) -> str:
    if days == 0:
        return "today"
    return "1 day old" if days == 1 else f"{days} days old"


def derive_confidence(
    evidence: Iterable[Evidence],
    *,
    today: dt.date,
    model: ConfidenceModel | None = None,
    manual: ConfidenceOverride | None = None,
) -> Confidence:
    """Confidence from the evidence linked to an item, with one reason per kind of evidence.

    A manual override, when given, is the value in force; the derived value is kept beside it.
    """
    model = model or ConfidenceModel()
    by_kind: dict[EvidenceKind, list[int]] = {}
    for piece in evidence:
        kind = f.choice(piece.kind, "kind", EvidenceKind)
        by_kind.setdefault(kind, []).append(max((today - piece.observed_on).days, 0))
    supports: list[float] = []
    reasons: list[str] = []
    for kind in EvidenceKind:
        if kind not in by_kind:
            continue
        ages, weight = by_kind[kind], model.weights[kind]
        raw = _combine(weight.each * model.decay(age) for age in ages)
        support = min(raw, weight.ceiling)
        supports.append(support)
        noun = NOUNS[kind][0 if len(ages) == 1 else 1]
        capped = f", capped at {weight.ceiling:g}" if raw > weight.ceiling else ""
        reasons.append(
            f"{len(ages)} {noun} (weight {weight.each:g} each), newest {_days(min(ages))}"
            f": {support:.2f}{capped}"
        )
    derived = _combine(supports)
    if not reasons:
        reasons.append("no evidence linked")
    value = manual.value if manual else derived
    rice, label = model.band(value)
    summary = f"derived confidence {derived:.2f} → RICE {rice:g} ({label})"
    if manual:
        rice, label = model.band(manual.value)
        summary = (
            f"set to {manual.value:g} → RICE {rice:g} ({label}) by hand: {manual.reason}; "
            f"derived {derived:.2f}"
        )
    return Confidence(value, derived, rice, label, (summary, *reasons), manual)


def confidence_many(
    item_index: ArrayLike,
    kinds: ArrayLike,
    age_days: ArrayLike,
    items: int,
    model: ConfidenceModel | None = None,
) -> NDArray[np.float64]:
    """The derived confidence of `items` items at once from one row per piece of evidence.

    `item_index` (0…items−1), `kinds` (position in EvidenceKind) and `age_days` are parallel
    arrays, as a query over the links returns them; the result equals `derive_confidence`'s.
    """
    model = model or ConfidenceModel()
    item = np.asarray(item_index, dtype=np.int64)
    kind = np.asarray(kinds, dtype=np.int64)
    age = np.maximum(np.asarray(age_days, dtype=np.float64), 0.0)
    if not item.shape == kind.shape == age.shape or item.ndim != 1:
        raise ValidationFailed("evidence columns differ in length", field="evidence")
    if item.size and (item.min() < 0 or item.max() >= items):
        raise ValidationFailed("an item index is out of range", field="item_index")
    if kind.size and (kind.min() < 0 or kind.max() >= len(EvidenceKind)):
        raise ValidationFailed("an evidence kind is out of range", field="kinds")
    each = np.array([model.weights[k].each for k in EvidenceKind])
    ceiling = np.array([model.weights[k].ceiling for k in EvidenceKind])
    support = each[kind] * 0.5 ** (age / model.half_life_days)
    # Σ log(1 − s) per (item, kind) is log Π(1 − s): one pass with bincount.
    cells = item * len(EvidenceKind) + kind
    with np.errstate(divide="ignore"):  # a weight of 1 makes log(1 − 1) = −inf: certainty
        log_miss = np.bincount(cells, np.log1p(-support), minlength=items * len(EvidenceKind))
    per_kind = np.minimum(1.0 - np.exp(log_miss).reshape(items, len(EvidenceKind)), ceiling)
    return np.asarray(1.0 - np.prod(1.0 - per_kind, axis=1), dtype=np.float64)
