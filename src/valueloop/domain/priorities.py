"""What the product owner decides about scoring: the framework, the MoSCoW category of an item,
a confidence set by hand with its reason, and the measure an item's impact is predicted on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.confidence import DEFAULT_WEIGHTS, ConfidenceModel
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.scoring import Framework, IceAggregation, Moscow


@dataclass(frozen=True, slots=True)
class ItemPriority:
    """An item's MoSCoW category, a confidence override with its reason, and its impact measure."""

    id: int
    item_id: int
    moscow: Moscow | None
    confidence_override: float | None
    override_reason: str
    override_by: int | None
    override_at: dt.datetime | None
    impact_measure_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


PRIORITY_FIELDS = frozenset(
    {"moscow", "confidence_override", "override_reason", "impact_measure_id"}
)


def validate_priority(fields: Mapping[str, object]) -> dict[str, object]:
    """Normalized priority fields; an override needs a reason, clearing it clears the reason."""
    f.reject_unknown(fields, PRIORITY_FIELDS)
    out: dict[str, object] = {}
    if "moscow" in fields:
        value = fields["moscow"]
        out["moscow"] = None if value is None else f.choice(value, "moscow", Moscow)
    if "confidence_override" in fields:
        value = fields["confidence_override"]
        if value is None:
            out["confidence_override"] = None
            out["override_reason"] = ""
        else:
            out["confidence_override"] = f.number(
                value, "confidence_override", minimum=0, maximum=1
            )
            out["override_reason"] = f.text(fields, "override_reason", max_len=1000, required=True)
    elif "override_reason" in fields:
        raise ValidationFailed(
            "send the reason together with confidence_override", field="override_reason"
        )
    if "impact_measure_id" in fields:
        out["impact_measure_id"] = fields["impact_measure_id"]
    return out


_FORMULA_KEY = re.compile(r"formula:([0-9]{1,9})\Z")


@dataclass(frozen=True, slots=True)
class Chosen:
    """A framework as chosen: a built-in one, or a product's saved formula by id."""

    framework: Framework | None
    formula_id: int | None

    @property
    def key(self) -> str:
        return self.framework.value if self.framework else f"formula:{self.formula_id}"


def choose(value: object) -> Chosen:
    """`rice`, `ice`, `wsjf`, `cd3`, `opportunity` or `formula:<id>`."""
    if isinstance(value, str):
        if value in {fw.value for fw in Framework}:
            return Chosen(Framework(value), None)
        if match := _FORMULA_KEY.match(value):
            return Chosen(None, int(match.group(1)))
    allowed = ", ".join(fw.value for fw in Framework)
    raise ValidationFailed(
        f"framework must be one of {allowed}, or formula:<id>", field="framework"
    )


@dataclass(frozen=True, slots=True)
class ScoringSettings:
    """A product's scoring choices; products without a row use the defaults."""

    id: int
    product_id: int
    framework: str
    ice_aggregation: IceAggregation
    unaligned_weight: float
    half_life_days: float
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    # The value-vs-effort grid the product saved; None: the framework's own axis or line.
    quadrant_value: str | None = None
    quadrant_effort: str | None = None
    quadrant_value_threshold: float | None = None
    quadrant_effort_threshold: float | None = None

    def confidence_model(self) -> ConfidenceModel:
        return ConfidenceModel(weights=dict(DEFAULT_WEIGHTS), half_life_days=self.half_life_days)


QUADRANT_AXES = ("quadrant_value", "quadrant_effort")
QUADRANT_FIELDS = frozenset(
    {*QUADRANT_AXES, "quadrant_value_threshold", "quadrant_effort_threshold"}
)
SETTINGS_FIELDS = frozenset(
    {"framework", "ice_aggregation", "unaligned_weight", "half_life_days", *QUADRANT_FIELDS}
)
DEFAULT_SETTINGS: dict[str, object] = {
    "framework": Framework.RICE.value,
    "ice_aggregation": IceAggregation.MEAN,
    "unaligned_weight": 0.0,
    "half_life_days": 180.0,
    **dict.fromkeys(QUADRANT_FIELDS),
}
MAX_AXIS_CHARS = 1000


def default_settings(product_id: int, now: dt.datetime) -> ScoringSettings:
    return ScoringSettings(
        id=0,
        product_id=product_id,
        framework=Framework.RICE.value,
        ice_aggregation=IceAggregation.MEAN,
        unaligned_weight=0.0,
        half_life_days=180.0,
        created_at=now,
        updated_at=now,
        version=0,
    )


def validate_settings(fields: Mapping[str, object]) -> dict[str, object]:
    """Normalized scoring settings."""
    f.reject_unknown(fields, SETTINGS_FIELDS)
    out: dict[str, object] = {}
    if "framework" in fields:
        out["framework"] = choose(fields["framework"]).key
    if "ice_aggregation" in fields:
        out["ice_aggregation"] = f.choice(
            fields["ice_aggregation"], "ice_aggregation", IceAggregation
        )
    if "unaligned_weight" in fields:
        out["unaligned_weight"] = f.number(
            fields["unaligned_weight"], "unaligned_weight", minimum=0, maximum=1000
        )
    if "half_life_days" in fields:
        days = f.number(fields["half_life_days"], "half_life_days", minimum=1, maximum=36_500)
        out["half_life_days"] = days
    out.update(validate_grid(fields))
    return out


def validate_grid(fields: Mapping[str, object]) -> dict[str, object]:
    """The saved value-vs-effort grid's fields among `fields`: None (or blank text) clears one
    back to the framework's own; the expressions are compiled by the caller, which knows the
    product's variables."""
    out: dict[str, object] = {}
    for name in QUADRANT_AXES:
        if name in fields:
            out[name] = f.text(fields, name, max_len=MAX_AXIS_CHARS) or None
    for name, minimum in (("quadrant_value_threshold", None), ("quadrant_effort_threshold", 0)):
        if name in fields:
            value = fields[name]
            out[name] = None if value is None else f.number(value, name, minimum=minimum)
    return out
