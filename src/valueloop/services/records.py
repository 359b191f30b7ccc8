"""Finding any core record by kind and id, with the product it belongs to (for access checks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.roles import Action, Principal
from valueloop.services.unit_of_work import UnitOfWork


def locate(uow: UnitOfWork, kind: RecordType, record_id: int) -> tuple[Any, int | None]:
    """The record and its product id (None for workspace-wide records such as customers)."""
    if kind is RecordType.PRODUCT:
        product = uow.products.require(record_id)
        return product, product.id
    if kind is RecordType.GOAL:
        goal = uow.goals.require(record_id)
        return goal, goal.product_id
    if kind is RecordType.MEASURE:
        measure = uow.measures.require(record_id)
        return measure, uow.goals.require(measure.goal_id).product_id
    if kind is RecordType.ITEM:
        item = uow.items.require(record_id)
        return item, item.product_id
    if kind is RecordType.DECISION:
        decision = uow.decisions.require(record_id)
        return decision, decision.product_id
    if kind is RecordType.FEEDBACK:
        note = uow.notes.require(record_id)
        return note, note.product_id
    if kind is RecordType.INITIATIVE:
        initiative = uow.initiatives.require(record_id)
        return initiative, initiative.product_id
    if kind is RecordType.CUSTOMER:
        return uow.customers.require(record_id), None
    raise NotFound(f"unknown record type {kind}")


def require_visible(actor: Principal, product_id: int | None, noun: str, record_id: int) -> None:
    """Hide records of products the actor has no role on: they get NotFound, not a hint."""
    if not actor.can(Action.VIEW, product_id):
        raise NotFound(f"{noun} {record_id} does not exist", field="id")


def label(kind: RecordType, record: Any) -> str:
    """A short human name for a record, for notifications."""
    name = getattr(record, "name", None) or getattr(record, "title", None)
    return f"{kind.value} “{name}”" if name else f"{kind.value} {record.id}"


def check_goal_and_owner(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    """A goal a record points at belongs to the same product; an owner is a real user."""
    if values.get("goal_id") is not None:
        goal = uow.goals.require(int(str(values["goal_id"])))
        if goal.product_id != product_id:
            raise ValidationFailed("the goal belongs to another product", field="goal_id")
    if values.get("owner_id") is not None:
        uow.users.require(int(str(values["owner_id"])))
