"""The EBM goal hierarchy with Key Value Measures, and progress computed from observations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class GoalLevel(StrEnum):
    """Strategic (far, aspirational) → intermediate (milestones) → tactical (current focus)."""

    STRATEGIC = "strategic"
    INTERMEDIATE = "intermediate"
    TACTICAL = "tactical"


class GoalStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class KeyValueArea(StrEnum):
    """The four Key Value Areas of Evidence-Based Management."""

    CURRENT_VALUE = "current_value"
    UNREALIZED_VALUE = "unrealized_value"
    ABILITY_TO_INNOVATE = "ability_to_innovate"
    TIME_TO_MARKET = "time_to_market"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class MeasureKind(StrEnum):
    """How close a measure sits to value; goals should be stated in outcomes or impacts."""

    INPUT = "input"
    ACTIVITY = "activity"
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    product_id: int
    parent_id: int | None
    level: GoalLevel
    title: str
    description: str
    kva: KeyValueArea
    status: GoalStatus
    owner_id: int | None
    target_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    weight: float = 1.0  # what the items serving it inherit when they are prioritized


@dataclass(frozen=True, slots=True)
class Measure:
    id: int
    goal_id: int
    name: str
    definition: str
    unit: str
    direction: Direction
    kind: MeasureKind
    baseline: float
    target: float
    target_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    catalogue_key: str | None = None
    computed_by: str = "manual"


@dataclass(frozen=True, slots=True)
class Observation:
    id: int
    measure_id: int
    observed_on: dt.date
    value: float
    source: str
    note: str
    created_at: dt.datetime


GOAL_FIELDS = frozenset(
    {
        "parent_id",
        "level",
        "title",
        "description",
        "kva",
        "status",
        "owner_id",
        "target_date",
        "weight",
    }
)
MAX_WEIGHT = 1000.0
MEASURE_FIELDS = frozenset(
    {
        "name",
        "definition",
        "unit",
        "direction",
        "kind",
        "baseline",
        "target",
        "target_date",
        "catalogue_key",
        "computed_by",
    }
)
SOURCES = ("manual", "survey", "finance", "feedback", "delivery", "usage", "experiments")

_DEPTH = {GoalLevel.STRATEGIC: 0, GoalLevel.INTERMEDIATE: 1, GoalLevel.TACTICAL: 2}


def validate_goal(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized goal fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, GOAL_FIELDS)
    out: dict[str, object] = {}
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=300, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=4000)
    defaults: dict[str, tuple[type[StrEnum], StrEnum]] = {
        "level": (GoalLevel, GoalLevel.STRATEGIC),
        "kva": (KeyValueArea, KeyValueArea.CURRENT_VALUE),
        "status": (GoalStatus, GoalStatus.ACTIVE),
    }
    for name, (kind, default) in defaults.items():
        if name in fields:
            out[name] = f.choice(fields[name], name, kind)
        elif creating:
            out[name] = default
    if fields.get("target_date") is not None:
        out["target_date"] = f.date(fields["target_date"], "target_date")
    elif "target_date" in fields or creating:
        out["target_date"] = None
    for name in ("parent_id", "owner_id"):
        if name in fields:
            out[name] = fields[name]
    if "weight" in fields:
        out["weight"] = f.number(fields["weight"], "weight", minimum=0, maximum=MAX_WEIGHT)
    return out


def check_parent(child_level: GoalLevel, parent_level: GoalLevel | None) -> None:
    """A goal hangs under a goal of a higher level; strategic goals have no parent."""
    if parent_level is None:
        return
    if _DEPTH[child_level] <= _DEPTH[parent_level]:
        raise ValidationFailed(
            f"a {child_level.value} goal cannot sit under a {parent_level.value} goal",
            field="parent_id",
        )


def validate_measure(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized measure fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, MEASURE_FIELDS)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    for name, limit in (("definition", 2000), ("unit", 40)):
        if creating or name in fields:
            out[name] = f.text(fields, name, max_len=limit)
    if "direction" in fields:
        out["direction"] = f.choice(fields["direction"], "direction", Direction)
    elif creating:
        out["direction"] = Direction.HIGHER_IS_BETTER
    if "kind" in fields:
        out["kind"] = f.choice(fields["kind"], "kind", MeasureKind)
    elif creating:
        out["kind"] = MeasureKind.OUTCOME
    for name in ("baseline", "target"):
        if name in fields:
            out[name] = f.number(fields[name], name)
        elif creating:
            raise ValidationFailed(f"{name} is required", field=name)
    if fields.get("target_date") is not None:
        out["target_date"] = f.date(fields["target_date"], "target_date")
    elif "target_date" in fields or creating:
        out["target_date"] = None
    if "catalogue_key" in fields:
        out["catalogue_key"] = f.text(fields, "catalogue_key", max_len=60) or None
    if "computed_by" in fields or creating:
        out["computed_by"] = computed_by(fields.get("computed_by") or "manual")
    baseline, target = out.get("baseline"), out.get("target")
    direction = out.get("direction")
    if (
        isinstance(baseline, float)
        and isinstance(target, float)
        and isinstance(direction, Direction)
    ):
        wrong_way = (
            target < baseline if direction == Direction.HIGHER_IS_BETTER else target > baseline
        )
        if wrong_way:
            raise ValidationFailed(
                f"target {target:g} is on the wrong side of baseline {baseline:g} "
                f"for a measure where {direction.value} is better",
                field="target",
            )
    return out


def computed_by(value: object) -> str:
    """Where a measure's numbers come from: `manual` or `<source>:<metric>` of a known source."""
    text = f.text({"computed_by": value}, "computed_by", max_len=80, required=True)
    source, _, metric = text.partition(":")
    if source not in SOURCES or (source != "manual" and not metric):
        raise ValidationFailed(
            f"computed_by must be manual or <source>:<metric> with source one of: "
            f"{', '.join(SOURCES[1:])}",
            field="computed_by",
        )
    return text


def closing_decision(status: GoalStatus) -> str:
    """The wording of the decision that closes a goal as achieved or dropped."""
    return f"Mark the goal {status.value}"


def measure_progress(
    baseline: float,
    target: float,
    latest: float | None,
    direction: Direction = Direction.HIGHER_IS_BETTER,
) -> float | None:
    """Share of the way from baseline to target reached by `latest`, clamped to [0, 1].

    With baseline equal to target (a level to hold), the level is reached when `latest` is at
    the target or beyond it in the better direction.
    """
    if latest is None:
        return None
    span = target - baseline
    if span == 0:
        beyond = latest >= target if direction == Direction.HIGHER_IS_BETTER else latest <= target
        return 1.0 if beyond else 0.0
    return min(1.0, max(0.0, (latest - baseline) / span))


def progress_of(measure: Measure, latest: float | None) -> float | None:
    """A measure's progress at `latest`, in its own direction."""
    return measure_progress(measure.baseline, measure.target, latest, measure.direction)


def goal_progress(measure_progresses: Iterable[float | None]) -> float | None:
    """Mean progress of the measures that have observations; None when none has."""
    known = [p for p in measure_progresses if p is not None]
    return sum(known) / len(known) if known else None


def latest_value(observations: Sequence[Observation]) -> float | None:
    """The value observed on the most recent date (the last recorded wins a tie)."""
    if not observations:
        return None
    return max(observations, key=lambda o: (o.observed_on, o.id)).value


def is_vanity_risk(kinds: Iterable[MeasureKind]) -> bool:
    """True when a goal is measured only by inputs, activities or outputs (no outcome or impact)."""
    kinds = list(kinds)
    return bool(kinds) and not any(k in (MeasureKind.OUTCOME, MeasureKind.IMPACT) for k in kinds)


@dataclass(frozen=True, slots=True)
class MeasureStanding:
    """A measure with its latest observed value and progress from baseline to target."""

    measure: Measure
    latest: float | None
    progress: float | None


@dataclass(frozen=True, slots=True)
class GoalStanding:
    """A goal with its measures' standing, its computed progress and its children."""

    goal: Goal
    measures: list[MeasureStanding]
    progress: float | None
    vanity_risk: bool
    children: list[GoalStanding]


def standings(
    goals: Sequence[Goal], measures: Sequence[Measure], latest: Mapping[int, float]
) -> list[GoalStanding]:
    """The goal forest (roots first, children under parents) with progress from observations."""
    by_goal: dict[int, list[MeasureStanding]] = {}
    for m in measures:
        value = latest.get(m.id)
        by_goal.setdefault(m.goal_id, []).append(MeasureStanding(m, value, progress_of(m, value)))
    children: dict[int | None, list[Goal]] = {}
    ids = {g.id for g in goals}
    for g in goals:
        parent = g.parent_id if g.parent_id in ids else None
        children.setdefault(parent, []).append(g)

    def build(goal: Goal) -> GoalStanding:
        ms = by_goal.get(goal.id, [])
        return GoalStanding(
            goal=goal,
            measures=ms,
            progress=goal_progress(s.progress for s in ms),
            vanity_risk=is_vanity_risk(s.measure.kind for s in ms),
            children=[build(c) for c in sorted(children.get(goal.id, []), key=_order)],
        )

    return [build(g) for g in sorted(children.get(None, []), key=_order)]


def _order(goal: Goal) -> tuple[int, int]:
    return (_DEPTH[goal.level], goal.id)


@dataclass(frozen=True, slots=True)
class ObservationRow:
    """One row of an observations file: a measure (by id or name), a date, a value."""

    line: int
    measure: str
    observed_on: dt.date
    value: float
    note: str
