"""Read-only views for the strategy pages: the EBM dashboard, the portfolio, and page aggregates.

Nothing here changes data. Each view reads in one unit of work, checks that the actor may see the
product, and combines what the domain computes (progress, vanity risk, gates, survey scores).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from valueloop.domain import goals, lifecycle, surveys
from valueloop.domain.collaboration import RecordType
from valueloop.domain.decisions import Decision
from valueloop.domain.errors import NotFound, PermissionDenied
from valueloop.domain.finance import PeriodTotals, product_totals
from valueloop.domain.goal_experiments import GoalExperiment
from valueloop.domain.goals import (
    Direction,
    Goal,
    GoalStanding,
    GoalStatus,
    KeyValueArea,
    Measure,
    Observation,
)
from valueloop.domain.kvm import WorkspaceKvm
from valueloop.domain.lifecycle import ExitCriterion
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal
from valueloop.domain.surveys import PeriodScore, SurveyKind
from valueloop.services.measure_sources import sources_of
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Records, UnitOfWork

T = TypeVar("T")

AREAS: tuple[KeyValueArea, ...] = tuple(KeyValueArea)
OPEN_GOALS = (GoalStatus.PROPOSED, GoalStatus.ACTIVE)


def _of(
    records: Records[T], field: str, ids: Collection[object], order_by: Sequence[str] = ("id",)
) -> list[T]:
    """The records whose `field` is one of `ids`; none for no ids (without asking the database)."""
    return records.list({field: list(ids)}, order_by=order_by).items if ids else []


# --- trends -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasureTrend:
    """A measure's observations and what they say now: progress, gap, change since last period."""

    measure: Measure
    goal: Goal
    observations: list[Observation]  # date order; empty in summaries that need no chart
    latest: Observation | None
    previous: Observation | None
    progress: float | None
    # Latest minus previous value; `better` says whether that moved toward the target.
    change: float | None
    better: bool | None
    # How far the latest value still is from the target, in the measure's unit (≤ 0: met).
    gap: float | None
    source_available: bool

    @property
    def target_met(self) -> bool:
        return self.gap is not None and self.gap <= 0


def gap_to_target(measure: Measure, value: float | None) -> float | None:
    """Distance still to go from `value` to the target, whichever way is better (≤ 0 when met)."""
    if value is None:
        return None
    if measure.direction is Direction.HIGHER_IS_BETTER:
        return measure.target - value
    return value - measure.target


def is_better(measure: Measure, change: float | None) -> bool | None:
    """Whether a change moved the measure the better way; None for no change or no data."""
    if change is None or change == 0:
        return None
    return (change > 0) == (measure.direction is Direction.HIGHER_IS_BETTER)


def trend(
    measure: Measure, goal: Goal, observations: Sequence[Observation], *, keep: bool = True
) -> MeasureTrend:
    """A measure's standing from its observations (any order; the latest date wins a tie)."""
    ordered = sorted(observations, key=lambda o: (o.observed_on, o.id))
    latest = ordered[-1] if ordered else None
    earlier = [o for o in ordered if latest is not None and o.observed_on < latest.observed_on]
    previous = earlier[-1] if earlier else None
    change = latest.value - previous.value if latest and previous else None
    value = latest.value if latest else None
    return MeasureTrend(
        measure=measure,
        goal=goal,
        observations=ordered if keep else [],
        latest=latest,
        previous=previous,
        progress=goals.progress_of(measure, value),
        change=change,
        better=is_better(measure, change),
        gap=gap_to_target(measure, value),
        source_available=sources_of([measure.computed_by])[measure.computed_by],
    )


@dataclass(frozen=True, slots=True)
class AreaView:
    """One Key Value Area: its measures' trends and how they move."""

    kva: KeyValueArea
    measures: list[MeasureTrend]

    @property
    def progress(self) -> float | None:
        return goals.goal_progress(t.progress for t in self.measures)

    @property
    def improving(self) -> int:
        return sum(1 for t in self.measures if t.better is True)

    @property
    def worsening(self) -> int:
        return sum(1 for t in self.measures if t.better is False)


def _areas(trends: Iterable[MeasureTrend]) -> list[AreaView]:
    by_area: dict[KeyValueArea, list[MeasureTrend]] = defaultdict(list)
    for t in trends:
        by_area[t.goal.kva].append(t)
    return [AreaView(kva, by_area.get(kva, [])) for kva in AREAS]


def _trends(
    uow: UnitOfWork, product_goals: Sequence[Goal], *, keep: bool
) -> tuple[list[Measure], list[MeasureTrend]]:
    by_id = {g.id: g for g in product_goals}
    measures = _of(uow.measures, "goal_id", by_id)
    observed: dict[int, list[Observation]] = defaultdict(list)
    order = ("measure_id", "observed_on", "id")
    for o in _of(uow.observations, "measure_id", [m.id for m in measures], order):
        observed[o.measure_id].append(o)
    ordered = sorted(measures, key=lambda m: (by_id[m.goal_id].id, m.id))
    return measures, [trend(m, by_id[m.goal_id], observed[m.id], keep=keep) for m in ordered]


# --- the EBM dashboard of one product ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalRow:
    """A goal in tree order, with its depth for indenting."""

    standing: GoalStanding
    depth: int


@dataclass(frozen=True, slots=True)
class EbmDashboard:
    product: Product
    areas: list[AreaView]
    goals: list[GoalRow]
    include_closed: bool
    closed_goals: int

    @property
    def vanity(self) -> list[GoalStanding]:
        return [row.standing for row in self.goals if row.standing.vanity_risk]

    @property
    def as_of(self) -> dt.date | None:
        days = [t.latest.observed_on for a in self.areas for t in a.measures if t.latest]
        return max(days) if days else None


def _flatten(forest: Iterable[GoalStanding], depth: int = 0) -> list[GoalRow]:
    rows: list[GoalRow] = []
    for node in forest:
        rows.append(GoalRow(node, depth))
        rows.extend(_flatten(node.children, depth + 1))
    return rows


def ebm_dashboard(
    uow: UnitOfWork, actor: Principal, product_id: int, *, include_closed: bool = False
) -> EbmDashboard:
    """The product's measures by Key Value Area with trends, and its goals' progress."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        every = uow.goals.list({"product_id": product_id}).items
        shown = [g for g in every if include_closed or g.status in OPEN_GOALS]
        measures, trends = _trends(uow, shown, keep=True)
    latest = {t.measure.id: t.latest.value for t in trends if t.latest is not None}
    forest = goals.standings(shown, measures, latest)
    return EbmDashboard(
        product=product,
        areas=_areas(trends),
        goals=_flatten(forest),
        include_closed=include_closed,
        closed_goals=sum(1 for g in every if g.status not in OPEN_GOALS),
    )


# --- the portfolio ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProductSummary:
    product: Product
    areas: list[AreaView]
    goals: int

    @property
    def progress(self) -> float | None:
        return goals.goal_progress(t.progress for a in self.areas for t in a.measures)


@dataclass(frozen=True, slots=True)
class Portfolio:
    products: list[ProductSummary]


def portfolio(uow: UnitOfWork, actor: Principal, *, limit: int = 200) -> Portfolio:
    """Every product the actor can see, compared on the four Key Value Areas (open goals only)."""
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    visible = actor.visible_product_ids()
    where = {} if visible is None else {"id": sorted(visible)}
    with uow:
        listed = uow.products.list(where, order_by=("name",), limit=limit).items
        ids = [p.id for p in listed]
        every = _of(uow.goals, "product_id", ids)
        shown = [g for g in every if g.status in OPEN_GOALS]
        _, trends = _trends(uow, shown, keep=False)
    by_product: dict[int, list[MeasureTrend]] = defaultdict(list)
    for t in trends:
        by_product[t.goal.product_id].append(t)
    counts: dict[int, int] = defaultdict(int)
    for g in shown:
        counts[g.product_id] += 1
    return Portfolio(
        [ProductSummary(p, _areas(by_product[p.id]), counts[p.id]) for p in listed],
    )


# --- the goal page's loop and closing ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalLoops:
    """A goal's EBM experiment loops, its measures, and the decisions recorded about it."""

    loops: list[GoalExperiment]
    measures: list[Measure]
    decisions: list[Decision]  # newest first

    def closing(self, status: GoalStatus) -> Decision | None:
        """The decision that closed the goal as `status` (goals.close_goal records it)."""
        wanted = goals.closing_decision(status)
        return next((d for d in self.decisions if d.decision == wanted), None)


def goal_loops(uow: UnitOfWork, actor: Principal, goal_id: int) -> GoalLoops:
    with uow:
        goal = uow.goals.require(goal_id)
        require_visible(actor, goal.product_id, "goal", goal_id)
        loops = uow.goal_experiments.list(
            {"goal_id": goal_id}, order_by=("-hypothesized_on", "-id")
        ).items
        measures = uow.measures.list({"goal_id": goal_id}, order_by=("name",)).items
        decisions = uow.decisions.list(
            {"record_type": RecordType.GOAL.value, "record_id": goal_id},
            order_by=("-decided_at",),
        ).items
    return GoalLoops(loops=loops, measures=measures, decisions=decisions)


# --- lifecycle exit criteria ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CriterionRow:
    criterion: ExitCriterion
    measure: Measure


@dataclass(frozen=True, slots=True)
class ExitCriteria:
    """Every exit criterion of a product's stages, and the measures a new one may use."""

    rows: list[CriterionRow]
    measures: list[tuple[Measure, Goal]]

    @property
    def choices(self) -> list[tuple[int, str]]:
        """The measures as (id, "measure — goal") for a menu."""
        return [(m.id, f"{m.name} — {g.title}") for m, g in self.measures]


def exit_criteria(uow: UnitOfWork, actor: Principal, product_id: int) -> ExitCriteria:
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        product_goals = {g.id: g for g in uow.goals.list({"product_id": product_id}).items}
        measures = _of(uow.measures, "goal_id", product_goals, ("name",))
        criteria = uow.exit_criteria.list({"product_id": product_id}, order_by=("id",)).items
    by_id = {m.id: m for m in measures}
    order = {stage: n for n, stage in enumerate(lifecycle.ORDER)}
    rows = [CriterionRow(c, by_id[c.measure_id]) for c in criteria if c.measure_id in by_id]
    return ExitCriteria(
        rows=sorted(rows, key=lambda r: (order[r.criterion.stage], r.criterion.id)),
        measures=[(m, product_goals[m.goal_id]) for m in measures],
    )


# --- the KVM catalogue ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalChoice:
    goal: Goal
    product: Product


@dataclass(frozen=True, slots=True)
class CatalogueView:
    """The workspace catalogue by area, how often each entry is in use, and goals to add to."""

    entries: list[WorkspaceKvm]
    in_use: dict[str, int]  # catalogue key → measures on open goals of visible products
    available: dict[str, bool]  # computed_by → whether a source computes it today
    goals: list[GoalChoice]  # open goals the actor may add measures to

    def by_area(self, kva: KeyValueArea) -> list[WorkspaceKvm]:
        return [e for e in self.entries if e.kva == kva]


def catalogue(uow: UnitOfWork, actor: Principal, *, product_id: int | None = None) -> CatalogueView:
    """The catalogue page; goal choices are limited to `product_id` when it is given."""
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    visible = actor.visible_product_ids()
    with uow:
        entries = uow.kvms.list(order_by=("name",)).items
        where = {} if visible is None else {"id": sorted(visible)}
        listed = {p.id: p for p in uow.products.list(where, order_by=("name",)).items}
        product_goals = (
            uow.goals.list(
                {"product_id": list(listed), "status": list(OPEN_GOALS)}, order_by=("title",)
            ).items
            if listed
            else []
        )
        measures = _of(uow.measures, "goal_id", [g.id for g in product_goals])
    in_use: dict[str, int] = defaultdict(int)
    for m in measures:
        if m.catalogue_key:
            in_use[m.catalogue_key] += 1
    choices = [
        GoalChoice(g, listed[g.product_id])
        for g in sorted(product_goals, key=lambda g: (listed[g.product_id].name, g.title))
        if actor.can(Action.MANAGE_GOALS, g.product_id)
        and (product_id is None or g.product_id == product_id)
    ]
    return CatalogueView(
        entries=entries,
        in_use=dict(in_use),
        available=sources_of({e.computed_by for e in entries}),
        goals=choices,
    )


def catalogue_entry(uow: UnitOfWork, actor: Principal, kvm_id: int) -> WorkspaceKvm:
    """One entry of the workspace catalogue."""
    if not actor.can(Action.VIEW):
        raise NotFound(f"catalogue entry {kvm_id} does not exist", field="id")
    with uow:
        return uow.kvms.require(kvm_id)


# --- measure data: survey scores, finance, computed measures ----------------------------------


@dataclass(frozen=True, slots=True)
class SurveyTable:
    kind: SurveyKind
    periods: list[PeriodScore]  # newest first


@dataclass(frozen=True, slots=True)
class MeasureData:
    """What the measure-data page shows next to its upload forms."""

    product: Product
    surveys: list[SurveyTable]
    finance: list[PeriodTotals]  # newest first
    computed: list[MeasureTrend]  # measures computed by a source, with their latest value


def measure_data(
    uow: UnitOfWork, actor: Principal, product_id: int, *, confidence: float = 0.95
) -> MeasureData:
    """Survey scores per month with their intervals, finance per period, computed measures."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        tallies = {k: uow.survey_responses.tallies(product_id, k.value) for k in SurveyKind}
        records = uow.finance.list({"product_id": product_id}, order_by=("period_start",)).items
        every = uow.goals.list({"product_id": product_id}).items
        _, trends = _trends(uow, every, keep=False)
    tables = []
    for kind, rows in tallies.items():
        counts = ((day, int(value), n) for day, value, n in rows)
        scores = surveys.by_period_of_tallies(kind, counts, surveys.Period.MONTH, confidence)
        tables.append(SurveyTable(kind, scores[::-1]))
    return MeasureData(
        product=product,
        surveys=tables,
        finance=list(reversed(product_totals(records))),
        computed=[t for t in trends if t.measure.computed_by != "manual"],
    )
