"""Use cases for team capacity per period and the report of planned effort against it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from valueloop.domain import capacity
from valueloop.domain.capacity import CapacityPeriod, PeriodLoad
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

KIND = "capacity"


def create_period(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> CapacityPeriod:
    """State a team's capacity for a period (no overlap with the team's other periods)."""
    values = capacity.validate(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_ITEM, product_id)
        others = uow.capacity.list({"product_id": product_id}).items
        capacity.check_period(
            str(values["team"]), _day(values["starts_on"]), _day(values["ends_on"]), others
        )
        values["product_id"] = product_id
        period = uow.capacity.add(values)
        changes.created(uow, actor, KIND, period)
        uow.commit()
        return period


def update_period(
    uow: UnitOfWork,
    actor: Principal,
    period_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> CapacityPeriod:
    values = capacity.validate(fields, creating=False)
    with uow:
        before = _require(uow, actor, period_id)
        actor.require(Action.EDIT_ITEM, before.product_id)
        capacity.check_period(
            str(values.get("team", before.team)),
            _day(values.get("starts_on", before.starts_on)),
            _day(values.get("ends_on", before.ends_on)),
            uow.capacity.list({"product_id": before.product_id}).items,
            exclude=period_id,
        )
        after = uow.capacity.update(period_id, version, values)
        changes.updated(uow, actor, KIND, before, after)
        uow.commit()
        return after


def delete_period(uow: UnitOfWork, actor: Principal, period_id: int, version: int | None) -> int:
    """Remove a period; returns its product's id."""
    with uow:
        period = _require(uow, actor, period_id)
        actor.require(Action.EDIT_ITEM, period.product_id)
        changes.deleted(uow, actor, KIND, period)
        uow.capacity.delete(period_id, version)  # Conflict when stale
        uow.commit()
        return period.product_id


def list_periods(uow: UnitOfWork, actor: Principal, product_id: int) -> list[CapacityPeriod]:
    """The product's periods by start date, then team."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return uow.capacity.list({"product_id": product_id}, order_by=("starts_on", "team")).items


def report(
    uow: UnitOfWork, actor: Principal, product_id: int, today: dt.date | None = None
) -> list[PeriodLoad]:
    """Each period's planned effort against its capacity (over-allocated ones flagged)."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return loads(uow, product_id, today or changes.now().date())


def loads(uow: UnitOfWork, product_id: int, today: dt.date) -> list[PeriodLoad]:
    """The report inside an open unit of work (the roadmap view reuses it)."""
    periods = uow.capacity.list({"product_id": product_id}, order_by=("starts_on", "team")).items
    if not periods:
        return []
    items = uow.items.list({"product_id": product_id}).items
    releases = {r.id: r for r in uow.releases.list({"product_id": product_id}).items}
    return [capacity.planned_in(p, items, releases, today) for p in periods]


def _require(uow: UnitOfWork, actor: Principal, period_id: int) -> CapacityPeriod:
    period = uow.capacity.require(period_id)
    require_visible(actor, period.product_id, "capacity period", period_id)
    return period


def _day(value: object) -> dt.date:
    assert isinstance(value, dt.date)
    return value
