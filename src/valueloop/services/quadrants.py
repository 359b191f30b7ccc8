"""Use case: a product's backlog on the value-vs-effort grid (quick wins, big bets, fill-ins,
time sinks), each axis an expression in the formula language, the thresholds fixed numbers.

Each of the four comes from the request when it gives one, else from the grid the product saved
in its scoring settings, else from the framework's own axes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import numpy as np

from valueloop.domain.backlog_scores import BacklogScores, score_backlog
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.formulas import Formula, compile_formula
from valueloop.domain.priorities import ScoringSettings
from valueloop.domain.roles import Principal
from valueloop.domain.scoring import Framework, Quadrant, quadrant
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.score_inputs import CANDIDATES, backlog_columns
from valueloop.services.scoring import axis_formula, settings_of
from valueloop.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Axes:
    """What the grid plots: value and effort expressions and the lines that split them."""

    value: str
    effort: str
    value_threshold: float
    effort_threshold: float


# The axes each framework's own inputs give; a product whose numbers run on another scale sets
# its own thresholds. Fixed numbers, never the backlog's median: an item's quadrant never moves
# when other items come and go.
AXES: dict[Framework, Axes] = {
    Framework.RICE: Axes("reach * impact * confidence_rice", "effort", 1000, 2),
    Framework.ICE: Axes("ice_impact", "11 - ice_ease", 5.5, 5.5),
    Framework.WSJF: Axes("business_value + time_criticality + risk_reduction", "job_size", 20, 5),
    Framework.CD3: Axes("cost_of_delay", "duration", 1000, 4),
    Framework.OPPORTUNITY: Axes("opportunity", "effort", 10, 2),
}
DEFAULT_AXES = AXES[Framework.RICE]


class Source(StrEnum):
    """Where an axis or a line of the grid came from."""

    REQUEST = "request"  # given with this request (query string, CLI option, form)
    SAVED = "saved"  # the grid saved in the product's scoring settings
    FRAMEWORK = "framework"  # the framework's own default


AXIS_FIELDS = ("value", "effort", "value_threshold", "effort_threshold")
T = TypeVar("T", str, float)


@dataclass(frozen=True, slots=True)
class Placed:
    item_id: int
    title: str
    value: float
    effort: float
    quadrant: Quadrant


@dataclass(frozen=True, slots=True)
class Unplaced:
    item_id: int
    title: str
    reason: str  # the inputs it lacks, or why an axis gives no number


@dataclass(frozen=True, slots=True)
class QuadrantView:
    """Every item placed on the grid (in manual rank order) and those that could not be."""

    axes: Axes
    items: list[Placed]
    unplaced: list[Unplaced]
    sources: dict[str, Source]  # per field of Axes: request, saved or framework
    saved: dict[str, str | float | None]  # the product's saved grid by field (None: not saved)

    @property
    def uses_saved(self) -> bool:
        """Whether any axis or line comes from the product's saved grid."""
        return Source.SAVED in self.sources.values()

    def count(self, which: Quadrant) -> int:
        return sum(1 for p in self.items if p.quadrant is which)


def default_axes(framework: str) -> Axes:
    """The axes of a built-in framework; saved formulas fall back to RICE's inputs."""
    try:
        return AXES[Framework(framework)]
    except ValueError:
        return DEFAULT_AXES


def saved_grid(settings: ScoringSettings) -> dict[str, str | float | None]:
    """The grid the product saved, by field of Axes (None: the framework's own)."""
    return {
        "value": settings.quadrant_value,
        "effort": settings.quadrant_effort,
        "value_threshold": settings.quadrant_value_threshold,
        "effort_threshold": settings.quadrant_effort_threshold,
    }


def _pick(asked: T | None, kept: T | None, default: T) -> tuple[T, Source]:
    """The request's value (blank text is none), else the product's saved one, else the
    framework's."""
    if asked is not None and not (isinstance(asked, str) and not asked.strip()):
        return asked, Source.REQUEST
    if kept is not None:
        return kept, Source.SAVED
    return default, Source.FRAMEWORK


def value_vs_effort(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    value: str | None = None,
    effort: str | None = None,
    value_threshold: float | None = None,
    effort_threshold: float | None = None,
    statuses: Sequence[str] | None = CANDIDATES,
    framework: str | None = None,
    today: dt.date | None = None,
) -> QuadrantView:
    """The backlog on the value-vs-effort grid. Each axis and threshold the request leaves
    unset comes from the grid the product saved, else from `framework` (the product's when
    None; RICE: reach × impact × confidence against effort, split at 1,000 and 2
    person-months); value at or above its line is high, effort at or below its line is low."""
    day = today or changes.now().date()
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        settings = settings_of(uow, product_id)
        base = default_axes(framework or settings.framework)
        picked = (
            _pick(value, settings.quadrant_value, base.value),
            _pick(effort, settings.quadrant_effort, base.effort),
            _pick(value_threshold, settings.quadrant_value_threshold, base.value_threshold),
            _pick(effort_threshold, settings.quadrant_effort_threshold, base.effort_threshold),
        )
        (on_v, _), (on_e, _), (v_line, _), (e_line, _) = picked
        axes = Axes(on_v, on_e, float(v_line), float(e_line))
        sources = {name: source for name, (_, source) in zip(AXIS_FIELDS, picked, strict=True)}
        if not np.isfinite(axes.value_threshold):
            raise ValidationFailed(
                "value_threshold must be a finite number", field="value_threshold"
            )
        if not np.isfinite(axes.effort_threshold) or axes.effort_threshold < 0:
            raise ValidationFailed(
                "effort_threshold must be a finite number of at least 0", field="effort_threshold"
            )
        on_value = _axis(uow, product_id, axes.value, "value", sources["value"])
        on_effort = _axis(uow, product_id, axes.effort, "effort", sources["effort"])
        names = set(on_value.names) | set(on_effort.names)
        columns = backlog_columns(uow, product_id, statuses, names, settings, day)
        ids = [int(i) for i in columns.ids]
        titles = {i.id: i.title for i in uow.items.list({"id": ids}).items} if ids else {}
    values = score_backlog(on_value, columns.values, columns.size)
    efforts = score_backlog(on_effort, columns.values, columns.size)
    placed: list[Placed] = []
    unplaced: list[Unplaced] = []
    for index, item_id in enumerate(ids):
        title = titles.get(item_id, "")
        reason = _why_not(values, efforts, index)
        v, e = float(values.values[index]), float(efforts.values[index])
        if reason is None and e < 0:
            reason = f"effort is {e:g}, below 0"
        if reason is not None:
            unplaced.append(Unplaced(item_id, title, reason))
            continue
        where = quadrant(
            v, e, value_threshold=axes.value_threshold, effort_threshold=axes.effort_threshold
        )
        placed.append(Placed(item_id, title, v, e, where))
    return QuadrantView(axes, placed, unplaced, sources, saved_grid(settings))


def _axis(uow: UnitOfWork, product_id: int, text: str, name: str, source: Source) -> Formula:
    """An axis ready to place items. A saved one was checked against the product's variables
    when saved: a name gone since (a custom estimate no item has any more) leaves items off the
    grid with the reason, as for saved formulas, instead of failing every look at the grid."""
    if source is Source.SAVED:
        return compile_formula(text, label=name)
    return axis_formula(uow, product_id, text, name)


def _why_not(values: BacklogScores, efforts: BacklogScores, index: int) -> str | None:
    """What keeps an item off the grid: the inputs an axis lacks, or why it gives no number."""
    reasons = []
    for axis, scored in (("value", values), ("effort", efforts)):
        if np.isfinite(scored.values[index]):
            continue
        lacking = scored.missing.get(index)
        if lacking:
            reasons.append(f"{axis} lacks {', '.join(lacking)}")
        else:
            reasons.append(f"{axis}: {scored.errors.get(index, 'no number')}")
    return "; ".join(reasons) or None
