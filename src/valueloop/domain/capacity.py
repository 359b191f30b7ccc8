"""Team capacity per period, against the effort planned in it (DOMAIN.md §5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.backlog import BacklogItem, ItemStatus, Lane
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.releases import Release


@dataclass(frozen=True, slots=True)
class CapacityPeriod:
    """A team's capacity over a period, in the product's estimate unit ("" is the whole product)."""

    id: int
    product_id: int
    team: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: float
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class PeriodLoad:
    """What is planned into one period: effort, the items, and whether it fits."""

    period: CapacityPeriod
    planned: float
    item_ids: list[int]
    unestimated: int
    share: float | None  # planned / capacity; None when the capacity is zero and nothing planned

    @property
    def over(self) -> bool:
        return self.planned > self.period.capacity

    @property
    def excess(self) -> float:
        return max(self.planned - self.period.capacity, 0.0)


EDITABLE = frozenset({"team", "starts_on", "ends_on", "capacity", "note"})


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized capacity fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "team" in fields:
        out["team"] = f.text(fields, "team", max_len=100)
    for name in ("starts_on", "ends_on"):
        if name in fields or creating:
            if fields.get(name) is None:
                raise ValidationFailed(f"{name} is required", field=name)
            out[name] = f.date(fields[name], name)
    if creating or "capacity" in fields:
        if fields.get("capacity") is None:
            raise ValidationFailed("capacity is required", field="capacity")
        out["capacity"] = f.number(fields["capacity"], "capacity", minimum=0, maximum=1_000_000)
    if creating or "note" in fields:
        out["note"] = f.text(fields, "note", max_len=2_000)
    return out


def check_period(
    team: str,
    starts_on: dt.date,
    ends_on: dt.date,
    others: Iterable[CapacityPeriod],
    *,
    exclude: int | None = None,
) -> None:
    """Refuse a period that ends before it starts or overlaps another period of the same team."""
    if ends_on < starts_on:
        raise ValidationFailed("the period ends before it starts", field="ends_on")
    for other in others:
        if other.id == exclude or other.team != team:
            continue
        if starts_on <= other.ends_on and other.starts_on <= ends_on:
            raise ValidationFailed(
                f"the period overlaps {team or 'the product'}'s period "
                f"{other.starts_on.isoformat()} – {other.ends_on.isoformat()}",
                field="starts_on",
            )


def planned_in(
    period: CapacityPeriod,
    items: Sequence[BacklogItem],
    releases: Mapping[int, Release],
    today: dt.date,
) -> PeriodLoad:
    """The period's load: items (of its team; all teams when the period's team is "") in a release
    due in the period, plus items in the now lane without a release when today is in the period."""
    current = period.starts_on <= today <= period.ends_on
    chosen: list[BacklogItem] = []
    for item in items:
        if item.status is ItemStatus.REJECTED or (period.team and item.team != period.team):
            continue
        release = releases.get(item.release_id) if item.release_id is not None else None
        if release is not None and release.target_date is not None:
            if period.starts_on <= release.target_date <= period.ends_on:
                chosen.append(item)
        elif release is None and item.lane is Lane.NOW and current:
            chosen.append(item)
    planned = sum(i.estimate for i in chosen if i.estimate is not None)
    if period.capacity > 0:
        share: float | None = planned / period.capacity
    else:
        share = None if planned == 0 else float("inf")
    return PeriodLoad(
        period=period,
        planned=planned,
        item_ids=[i.id for i in chosen],
        unestimated=sum(1 for i in chosen if i.estimate is None),
        share=share,
    )


def warning(load: PeriodLoad, unit: str = "points") -> str | None:
    """ "Team Core, 2025-01-01 – 2025-03-31: 34 points planned against a capacity of 25 (136%),
    9 over" when the period is over-allocated, else None."""
    if not load.over:
        return None
    p = load.period
    who = f"Team {p.team}" if p.team else "The product"
    share = f" ({load.share:.0%})" if load.share is not None and load.share != float("inf") else ""
    return (
        f"{who}, {p.starts_on.isoformat()} – {p.ends_on.isoformat()}: {load.planned:g} {unit} "
        f"planned against a capacity of {p.capacity:g}{share}, {load.excess:g} over"
    )
