"""Computed measures: a registry of sources that publish a measure's observations.

A measure whose `computed_by` names a registered source (e.g. `survey:nps`) gets its observations
from that source: refreshing replaces the observations stored under that source name, so each
number shows where it came from, and manual entries stay as they were. Later capabilities
(delivery metrics, usage analytics, experiments) register their own sources here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from valueloop.domain import feedback, finance, surveys
from valueloop.domain.backlog import ItemStatus, ItemType
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.roles import Action, Principal
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

# (date, value, note) per period, oldest first.
Series = list[tuple[dt.date, float, str]]
Computation = Callable[[UnitOfWork, int], Series]

_REGISTRY: dict[str, Computation] = {}


def register(key: str) -> Callable[[Computation], Computation]:
    """Make `fn(uow, product_id) -> Series` the source of measures computed by `key`."""

    def add(fn: Computation) -> Computation:
        if key in _REGISTRY:
            raise ValueError(f"measure source {key} is registered twice")
        _REGISTRY[key] = fn
        return fn

    return add


def registered() -> list[str]:
    """The source keys that can compute measures now."""
    return sorted(_REGISTRY)


@dataclass(frozen=True, slots=True)
class RefreshReport:
    measures: int
    observations: int
    unavailable: dict[str, int]  # computed_by keys with no registered source yet → measures


def refresh_product(uow: UnitOfWork, product_id: int, *, prefix: str = "") -> RefreshReport:
    """Recompute every computed measure of a product inside an open unit of work."""
    goals = uow.goals.list({"product_id": product_id}).items
    measures = uow.measures.list({"goal_id": [g.id for g in goals]}).items if goals else []
    cache: dict[str, Series] = {}
    count = observations = 0
    unavailable: dict[str, int] = {}
    for measure in measures:
        key = measure.computed_by
        if key == "manual" or not key.startswith(prefix):
            continue
        source = _REGISTRY.get(key)
        if source is None:
            unavailable[key] = unavailable.get(key, 0) + 1
            continue
        if key not in cache:
            cache[key] = source(uow, product_id)
        observations += uow.observations.replace_series(measure.id, key, cache[key])
        count += 1
    return RefreshReport(count, observations, unavailable)


def refresh_measures(
    uow: UnitOfWork, actor: Principal, product_id: int | None = None
) -> RefreshReport:
    """Recompute the computed measures of one product, or of every product the actor may manage."""
    with uow:
        if product_id is not None:
            uow.products.require(product_id)
            require_visible(actor, product_id, "product", product_id)
            actor.require(Action.RECORD_OBSERVATION, product_id)
            ids = [product_id]
        else:
            ids = [
                p.id
                for p in uow.products.list().items
                if actor.can(Action.RECORD_OBSERVATION, p.id)
            ]
            if not ids:
                raise PermissionDenied(f"{actor.username} may not record observations anywhere")
        reports = [refresh_product(uow, pid) for pid in ids]
        uow.commit()
    unavailable: dict[str, int] = {}
    for report in reports:
        for key, n in report.unavailable.items():
            unavailable[key] = unavailable.get(key, 0) + n
    return RefreshReport(
        sum(r.measures for r in reports), sum(r.observations for r in reports), unavailable
    )


# --- built-in sources ---------------------------------------------------------------------


def _survey_series(kind: surveys.SurveyKind) -> Computation:
    def compute(uow: UnitOfWork, product_id: int) -> Series:
        tallies = uow.survey_responses.tallies(product_id, kind.value)
        periods = surveys.by_period_of_tallies(
            kind, ((day, int(value), n) for day, value, n in tallies), surveys.Period.MONTH
        )
        return [
            (
                p.period_start,
                p.score.value,
                f"{p.score.responses} responses, {p.score.confidence:.0%} interval "
                f"{p.score.low:.1f} to {p.score.high:.1f}",
            )
            for p in periods
        ]

    return compute


for _kind in surveys.SurveyKind:
    register(f"survey:{_kind.value}")(_survey_series(_kind))


@register("survey:satisfaction_gap")
def _satisfaction_gap(uow: UnitOfWork, product_id: int) -> Series:
    months: dict[dt.date, Counter[float]] = {}
    for day, difference, n in uow.survey_responses.tallies(product_id, surveys.GAP):
        start = surveys.period_start(day, surveys.Period.MONTH)
        months.setdefault(start, Counter())[difference] += n
    series: Series = []
    for start in sorted(months):
        gap = surveys.gap_of_tally(months[start])
        note = f"{gap.responses} paired answers"
        if gap.responses > 1:
            note += f", {gap.confidence:.0%} interval {gap.low:.2f} to {gap.high:.2f}"
        series.append((start, gap.value, note))
    return series


def _finance_totals(uow: UnitOfWork, product_id: int) -> list[finance.PeriodTotals]:
    return finance.product_totals(uow.finance.list({"product_id": product_id}).items)


@register("finance:revenue_per_employee")
def _revenue_per_employee(uow: UnitOfWork, product_id: int) -> Series:
    totals = _finance_totals(uow, product_id)
    return [(d, v, "revenue ÷ headcount") for d, v in finance.revenue_per_employee(totals)]


@register("finance:product_cost_ratio")
def _product_cost_ratio(uow: UnitOfWork, product_id: int) -> Series:
    totals = _finance_totals(uow, product_id)
    return [(d, v, "cost ÷ revenue") for d, v in finance.product_cost_ratio(totals)]


@register("feedback:unmet_demand")
def _unmet_demand(uow: UnitOfWork, product_id: int) -> Series:
    """Month by month: distinct customers whose feedback so far asks for work not yet done."""
    items = uow.items.list({"product_id": product_id}).items
    open_ids = [i.id for i in items if i.status not in (ItemStatus.DONE, ItemStatus.REJECTED)]
    if not open_ids:
        return []
    evidence = [row for rows in uow.links.evidence_for_items(open_ids).values() for row in rows]
    dated = sorted((e for e in evidence if e.customer_id is not None), key=lambda e: e.received_on)
    if not dated:
        return []
    series: Series = []
    month = surveys.period_start(dated[0].received_on, surveys.Period.MONTH)
    last = surveys.period_start(dt.datetime.now(dt.UTC).date(), surveys.Period.MONTH)
    while month <= last:
        nxt = _next_month(month)
        upto = [e for e in dated if e.received_on < nxt]
        demand = feedback.demand(upto)
        series.append((month, float(demand.customers), f"ARR {demand.arr:,.0f}"))
        month = nxt
    return series


@register("delivery:technical_debt")
def _technical_debt(uow: UnitOfWork, product_id: int) -> Series:
    """Open technical-debt items on the backlog, as of today."""
    items = uow.items.list({"product_id": product_id, "type": ItemType.TECH_DEBT}).items
    still_open = [i for i in items if i.status not in (ItemStatus.DONE, ItemStatus.REJECTED)]
    return [(dt.datetime.now(dt.UTC).date(), float(len(still_open)), "open tech-debt items")]


@register("experiments:time_to_learn")
def _time_to_learn(uow: UnitOfWork, product_id: int) -> Series:
    goals = uow.goals.list({"product_id": product_id}).items
    loops = uow.goal_experiments.list({"goal_id": [g.id for g in goals]}).items if goals else []
    return [
        (loop.result_on, float(loop.time_to_learn_days), loop.hypothesis[:200])
        for loop in sorted(loops, key=lambda x: (x.result_on or dt.date.min, x.id))
        if loop.result_on is not None and loop.time_to_learn_days is not None
    ]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def sources_of(keys: Iterable[str]) -> dict[str, bool]:
    """Whether each computed_by key has a registered source."""
    return {key: key in _REGISTRY or key == "manual" for key in keys}
