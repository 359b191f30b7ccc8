"""Finding any core record by kind and id, with the product it belongs to (for access checks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.roles import Action, Principal
from valueloop.services.unit_of_work import Records, UnitOfWork

# Kinds whose record carries its own product_id, by the unit of work's repository for them.
_OWN_PRODUCT = {
    RecordType.GOAL: "goals",
    RecordType.ITEM: "items",
    RecordType.DECISION: "decisions",
    RecordType.FEEDBACK: "notes",
    RecordType.INITIATIVE: "initiatives",
    RecordType.OPPORTUNITY: "opportunities",
    RecordType.JTBD_JOB: "jtbd_jobs",
    RecordType.COMPETITOR: "competitors",
}


def locate(uow: UnitOfWork, kind: RecordType, record_id: int) -> tuple[Any, int | None]:
    """The record and its product id (None for workspace-wide records such as customers)."""
    if kind in _OWN_PRODUCT:
        record = getattr(uow, _OWN_PRODUCT[kind]).require(record_id)
        return record, record.product_id
    if kind is RecordType.PRODUCT:
        product = uow.products.require(record_id)
        return product, product.id
    if kind is RecordType.MEASURE:
        measure = uow.measures.require(record_id)
        return measure, uow.goals.require(measure.goal_id).product_id
    if kind is RecordType.CUSTOMER:
        return uow.customers.require(record_id), None
    if kind is RecordType.SOLUTION:
        solution = uow.solutions.require(record_id)
        return solution, uow.opportunities.require(solution.opportunity_id).product_id
    if kind is RecordType.ASSUMPTION_TEST:
        test = uow.assumption_tests.require(record_id)
        solution = uow.solutions.require(test.solution_id)
        return test, uow.opportunities.require(solution.opportunity_id).product_id
    raise NotFound(f"unknown record type {kind}")


def require_visible(actor: Principal, product_id: int | None, noun: str, record_id: int) -> None:
    """Hide records of products the actor has no role on: they get NotFound, not a hint."""
    if not actor.can(Action.VIEW, product_id):
        raise NotFound(f"{noun} {record_id} does not exist", field="id")


def label(kind: RecordType, record: Any) -> str:
    """A short human name for a record, for notifications."""
    name = getattr(record, "name", None) or getattr(record, "title", None)
    # an assumption test, a job to be done
    name = name or getattr(record, "assumption", None) or getattr(record, "statement", None)
    noun = "job" if kind is RecordType.JTBD_JOB else kind.value.replace("_", " ")
    return f"{noun} “{name}”" if name else f"{noun} {record.id}"


def of_product(
    records: Records[Any], record_id: object, product_id: int | None, noun: str, field: str
) -> Any:
    """The record a field refers to (None when it refers to none), which must be one of the
    product's: NotFound when there is no such record, ValidationFailed naming the field when it
    belongs to another product."""
    if record_id is None:
        return None
    record = records.require(int(str(record_id)))
    if record.product_id != product_id:
        raise ValidationFailed(f"the {noun} belongs to another product", field=field)
    return record


def check_goal_and_owner(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    """A goal a record points at belongs to the same product; an owner is a real user."""
    of_product(uow.goals, values.get("goal_id"), product_id, "goal", "goal_id")
    if values.get("owner_id") is not None:
        uow.users.require(int(str(values["owner_id"])))
