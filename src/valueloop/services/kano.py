"""Use cases for Kano surveys: import a product's answer pairs per backlog item, and each item's
category with its Better/Worse coefficients."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from valueloop.domain import kano
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import NotFound
from valueloop.domain.imports import ImportReport
from valueloop.domain.kano import KanoResult, KanoRow
from valueloop.domain.roles import Action, Principal
from valueloop.services import survey_imports
from valueloop.services.records import require_visible
from valueloop.services.score_inputs import kano_results
from valueloop.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ItemKano:
    item: BacklogItem
    result: KanoResult


def import_answers(
    uow: UnitOfWork, actor: Principal, product_id: int, rows: Sequence[KanoRow], source: str
) -> ImportReport:
    """Store Kano answer pairs for the product's items; all rows or none.

    Items are named by id or by exact title; a respondent answers once per item, and importing
    the same file again changes nothing (a changed answer replaces the earlier one).
    """
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
        items = uow.items.list({"product_id": product_id}).items
        by_ref: dict[str, int] = {}
        for item in items:
            by_ref.setdefault(item.title.strip().lower(), item.id)
        by_ref.update({str(item.id): item.id for item in items})
        by_customer = survey_imports.customer_refs(uow)
        existing = {
            (a.item_id, a.respondent): a
            for a in uow.kano_answers.list({"product_id": product_id}).items
        }

        def resolve(row: KanoRow) -> survey_imports.Resolved:
            values = _values(row, by_ref, by_customer)
            return int(str(values["item_id"])), values, {"product_id": product_id}

        report = survey_imports.store(
            uow,
            actor,
            product_id,
            uow.kano_answers,
            existing,
            rows,
            source,
            resolve=resolve,
            twice="this respondent answered twice for this item",
            audit_field="kano",
        )
        uow.commit()
    return report


def _values(row: KanoRow, by_ref: dict[str, int], by_customer: dict[str, int]) -> dict[str, object]:
    item_id = by_ref.get(row.item.strip().lower())
    if item_id is None:
        raise NotFound(f"no item of this product with id or title {row.item!r}", field="item")
    customer_id = None
    if row.customer:
        customer_id = by_customer.get(row.customer.lower())
        if customer_id is None:
            raise NotFound(
                f"no customer named or with external id {row.customer!r}", field="customer"
            )
    return {
        "item_id": item_id,
        "functional": kano.answer(row.functional, "functional"),
        "dysfunctional": kano.answer(row.dysfunctional, "dysfunctional"),
        "customer_id": customer_id,
        "answered_on": row.answered_on,
    }


def results(uow: UnitOfWork, actor: Principal, product_id: int) -> list[ItemKano]:
    """Each surveyed item's Kano category and coefficients, in backlog order."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        answers = uow.kano_answers.list({"product_id": product_id}).items
        verdicts = kano_results(answers)
        items = uow.items.list({"id": list(verdicts)}, order_by=("rank",)).items if verdicts else []
    return [ItemKano(item, verdicts[item.id]) for item in items]
