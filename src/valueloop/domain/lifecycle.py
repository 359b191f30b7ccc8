"""Lifecycle stages with exit criteria: a product moves on when its gate's measures say so."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.products import LifecycleStage

ORDER: tuple[LifecycleStage, ...] = tuple(LifecycleStage)


class Comparator(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="


@dataclass(frozen=True, slots=True)
class ExitCriterion:
    """A stage's exit rule: the latest value of a measure compared with a threshold."""

    id: int
    stage: LifecycleStage
    measure_id: int
    comparator: Comparator
    threshold: float
    description: str
    product_id: int | None = None
    initiative_id: int | None = None


@dataclass(frozen=True, slots=True)
class CriterionCheck:
    criterion: ExitCriterion
    latest: float | None
    met: bool


@dataclass(frozen=True, slots=True)
class GateCheck:
    """Whether a product may leave `stage`: every criterion checked, and the verdict."""

    stage: LifecycleStage
    checks: list[CriterionCheck]

    @property
    def met(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def unmet(self) -> list[CriterionCheck]:
        return [check for check in self.checks if not check.met]


def next_stage(stage: LifecycleStage) -> LifecycleStage | None:
    """The stage after `stage`, or None after sunset."""
    index = ORDER.index(stage)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def check_move(current: LifecycleStage, target: LifecycleStage) -> None:
    """Stages advance one at a time; going back (a pivot) is allowed, skipping ahead is not."""
    if target == current:
        raise ValidationFailed(f"the product is already in {current.value}", field="stage")
    if ORDER.index(target) > ORDER.index(current) + 1:
        raise ValidationFailed(
            f"a product moves from {current.value} to {next_stage(current)} next, "
            f"not straight to {target.value}",
            field="stage",
        )


def evaluate(
    stage: LifecycleStage, criteria: Sequence[ExitCriterion], latest: Mapping[int, float]
) -> GateCheck:
    """Check the exit criteria of `stage` against the latest observed measure values."""
    checks = []
    for criterion in criteria:
        if criterion.stage != stage:
            continue
        value = latest.get(criterion.measure_id)
        if value is None:
            met = False
        elif criterion.comparator is Comparator.AT_LEAST:
            met = value >= criterion.threshold
        else:
            met = value <= criterion.threshold
        checks.append(CriterionCheck(criterion=criterion, latest=value, met=met))
    return GateCheck(stage=stage, checks=checks)


def is_forward(current: LifecycleStage, target: LifecycleStage) -> bool:
    return ORDER.index(target) > ORDER.index(current)
