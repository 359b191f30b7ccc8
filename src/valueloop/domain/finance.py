"""Finance per period: cost, revenue and headcount, and the Current Value ratios they give."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FinanceRecord:
    id: int
    product_id: int
    initiative_id: int | None
    period_start: dt.date
    cost: float
    revenue: float
    headcount: float
    source: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    period_start: dt.date
    cost: float
    revenue: float
    headcount: float


def product_totals(records: Iterable[FinanceRecord]) -> list[PeriodTotals]:
    """Per period: the product-level row when there is one, else the sum of its initiatives."""
    product_level: dict[dt.date, FinanceRecord] = {}
    by_initiative: dict[dt.date, list[FinanceRecord]] = {}
    for record in records:
        if record.initiative_id is None:
            product_level[record.period_start] = record
        else:
            by_initiative.setdefault(record.period_start, []).append(record)
    totals = []
    for period in sorted(set(product_level) | set(by_initiative)):
        if period in product_level:
            r = product_level[period]
            totals.append(PeriodTotals(period, r.cost, r.revenue, r.headcount))
        else:
            rows = by_initiative[period]
            totals.append(
                PeriodTotals(
                    period,
                    sum(r.cost for r in rows),
                    sum(r.revenue for r in rows),
                    sum(r.headcount for r in rows),
                )
            )
    return totals


def revenue_per_employee(totals: Iterable[PeriodTotals]) -> list[tuple[dt.date, float]]:
    """Revenue ÷ headcount for each period with people on it."""
    return [(t.period_start, t.revenue / t.headcount) for t in totals if t.headcount > 0]


def product_cost_ratio(totals: Iterable[PeriodTotals]) -> list[tuple[dt.date, float]]:
    """Cost ÷ revenue for each period that earned revenue."""
    return [(t.period_start, t.cost / t.revenue) for t in totals if t.revenue > 0]


@dataclass(frozen=True, slots=True)
class FinanceRow:
    """One finance file row: a period's cost, revenue and headcount (product or initiative)."""

    line: int
    period_start: dt.date
    product: str
    initiative: str
    cost: float
    revenue: float
    headcount: float
