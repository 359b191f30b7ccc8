"""Estimates: one number (with an optional range) per item and input, given by a contributor.

Every framework input is an estimate field: `reach`, `impact` and `effort` for RICE; `ice_impact`,
`ice_confidence` and `ice_ease` for ICE (its 1–10 ratings differ from RICE's impact scale, hence
their own names); `business_value`, `time_criticality`, `risk_reduction` and `job_size` for WSJF;
`cost_of_delay` and `duration` for CD3; `importance` and `satisfaction` for opportunity scoring;
`value` and `predicted_impact` for custom formulas and calibration. Any other lower-case name is a
custom field, usable in custom formulas. The likely value is what a score uses; a range (low,
high) with a distribution is what rank stability samples.

RICE's confidence is not an estimate: it is derived from the evidence linked to the item, or set
by hand with a recorded reason (see `priorities`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.rank_stability import Distribution
from valueloop.domain.scoring import FIBONACCI, IMPACT_SCALE, Framework, number_text


@dataclass(frozen=True, slots=True)
class FieldRule:
    """What values an estimate field takes: bounds, an optional scale for the likely value."""

    description: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    above_minimum: bool = False  # the minimum itself is excluded (effort, duration)
    scale: tuple[float, ...] = ()


FIELDS: dict[str, FieldRule] = {
    "reach": FieldRule("RICE: people or events reached per period", "per period", 0),
    "impact": FieldRule(
        "RICE: impact per person (3 massive … 0.25 minimal)", "", 0.25, 3, scale=tuple(IMPACT_SCALE)
    ),
    "effort": FieldRule("RICE: effort", "person-months", 0, above_minimum=True),
    "ice_impact": FieldRule("ICE: impact, 1–10", "", 1, 10),
    "ice_confidence": FieldRule("ICE: confidence, 1–10", "", 1, 10),
    "ice_ease": FieldRule("ICE: ease, 1–10", "", 1, 10),
    "business_value": FieldRule("WSJF: user-business value", "", 1, 20, scale=tuple(FIBONACCI)),
    "time_criticality": FieldRule("WSJF: time criticality", "", 1, 20, scale=tuple(FIBONACCI)),
    "risk_reduction": FieldRule(
        "WSJF: risk reduction and opportunity enablement", "", 1, 20, scale=tuple(FIBONACCI)
    ),
    "job_size": FieldRule("WSJF: job size", "", 1, 20, scale=tuple(FIBONACCI)),
    "cost_of_delay": FieldRule("CD3: cost of delay", "per week", 0),
    "duration": FieldRule("CD3: duration", "weeks", 0, above_minimum=True),
    "importance": FieldRule("Opportunity: importance, 0–10", "", 0, 10),
    "satisfaction": FieldRule("Opportunity: satisfaction, 0–10", "", 0, 10),
    "value": FieldRule("value, for custom formulas and value-vs-effort views"),
    "predicted_impact": FieldRule("the impact expected on the item's measure, in its units"),
}

# Which estimate field feeds each framework input. RICE's confidence comes from the evidence (or
# an override); ICE's confidence falls back to it (1 + 9 × confidence) when not estimated.
FRAMEWORK_FIELDS: dict[Framework, dict[str, str]] = {
    Framework.RICE: {"reach": "reach", "impact": "impact", "effort": "effort"},
    Framework.ICE: {"impact": "ice_impact", "confidence": "ice_confidence", "ease": "ice_ease"},
    Framework.WSJF: {
        name: name for name in ("business_value", "time_criticality", "risk_reduction", "job_size")
    },
    Framework.CD3: {"cost_of_delay": "cost_of_delay", "duration": "duration"},
    Framework.OPPORTUNITY: {"importance": "importance", "satisfaction": "satisfaction"},
}

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
EDITABLE = frozenset({"low", "likely", "high", "distribution", "note"})


@dataclass(frozen=True, slots=True)
class ItemEstimate:
    """One item's estimate of one input: the likely value and, for ranges, low and high."""

    id: int
    item_id: int
    field: str
    low: float
    likely: float
    high: float
    distribution: Distribution
    estimator_id: int | None
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def sampled(self) -> object:
        """The value rank stability samples: the number itself, or the range as a mapping."""
        if not self.is_range:
            return self.likely
        return {
            "low": self.low,
            "likely": self.likely,
            "high": self.high,
            "distribution": self.distribution.value,
        }


def field_name(value: object, reserved: frozenset[str] = frozenset()) -> str:
    """A checked estimate field name: a built-in one, or a custom lower-case identifier."""
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValidationFailed(
            "an estimate field is a lower-case name of letters, digits and '_' (at most 40), "
            "starting with a letter",
            field="field",
        )
    if value not in FIELDS and (value in reserved or value.startswith("segment_")):
        raise ValidationFailed(
            f"{value} is computed from the evidence or the goals and cannot be estimated",
            field="field",
        )
    return value


def _check(rule: FieldRule, name: str, part: str, value: float) -> None:
    label = f"{name} {part}" if part else name
    if rule.minimum is not None:
        if rule.above_minimum and value <= rule.minimum:
            raise ValidationFailed(
                f"{label} must be above {rule.minimum:g}", field=part or "likely"
            )
        if value < rule.minimum:
            raise ValidationFailed(
                f"{label} must be at least {rule.minimum:g}", field=part or "likely"
            )
    if rule.maximum is not None and value > rule.maximum:
        raise ValidationFailed(f"{label} must be at most {rule.maximum:g}", field=part or "likely")


def validate(field: str, values: Mapping[str, object]) -> dict[str, object]:
    """Normalized estimate values (low, likely, high, distribution, note) for `field`.

    `likely` is required. A range needs both low and high (low ≤ likely ≤ high); without one the
    estimate is a point. Built-in fields keep their framework's bounds, and the likely value
    stays on the framework's scale where it has one (RICE impact, WSJF's Fibonacci numbers).
    """
    f.reject_unknown(values, EDITABLE)
    likely = f.number(values.get("likely"), "likely")
    low_given, high_given = values.get("low") is not None, values.get("high") is not None
    if low_given != high_given:
        raise ValidationFailed(
            "a range needs both low and high", field="high" if low_given else "low"
        )
    low = f.number(values["low"], "low") if low_given else likely
    high = f.number(values["high"], "high") if high_given else likely
    if not low <= likely <= high:
        raise ValidationFailed("the range must satisfy low ≤ likely ≤ high", field="likely")
    if values.get("distribution") is not None:
        distribution = f.choice(values["distribution"], "distribution", Distribution)
    else:
        distribution = Distribution.TRIANGULAR if low != high else Distribution.POINT
    if distribution is Distribution.POINT and low != high:
        raise ValidationFailed("a point estimate has no range", field="distribution")
    if distribution is not Distribution.POINT and low == high:
        distribution = Distribution.POINT
    rule = FIELDS.get(field, FieldRule("custom"))
    _check(rule, field, "", likely)
    if low != high:
        _check(rule, field, "low", low)
        _check(rule, field, "high", high)
    if rule.scale and likely not in rule.scale:
        allowed = ", ".join(number_text(v) for v in rule.scale)
        raise ValidationFailed(f"{field} must be one of {allowed}", field="likely")
    note = f.text(values, "note", max_len=2000)
    return {"low": low, "likely": likely, "high": high, "distribution": distribution, "note": note}


def main_estimator(estimates: Mapping[str, ItemEstimate]) -> int | None:
    """Who estimated most of these inputs (ties: who estimated last); None when nobody did."""
    counts: dict[int, tuple[int, dt.datetime]] = {}
    for estimate in estimates.values():
        if estimate.estimator_id is None:
            continue
        count, latest = counts.get(estimate.estimator_id, (0, estimate.updated_at))
        counts[estimate.estimator_id] = (count + 1, max(latest, estimate.updated_at))
    if not counts:
        return None
    return max(counts, key=lambda who: counts[who])
