"""Use cases for Kano surveys: import a product's answer pairs per backlog item, and each item's
category with its Better/Worse coefficients."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from valueloop.domain import kano
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import DomainError, NotFound, ValidationFailed
from valueloop.domain.imports import ImportReport, at_line
from valueloop.domain.kano import KanoResult, KanoRow
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
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
    created = updated = unchanged = 0
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
        items = uow.items.list({"product_id": product_id}).items
        by_ref: dict[str, int] = {}
        for item in items:
            by_ref.setdefault(item.title.strip().lower(), item.id)
        by_ref.update({str(item.id): item.id for item in items})
        customers = uow.customers.list().items
        by_customer = {c.name.lower(): c.id for c in customers}
        by_customer.update({c.external_id.lower(): c.id for c in customers if c.external_id})
        existing = {
            (a.item_id, a.respondent): a
            for a in uow.kano_answers.list({"product_id": product_id}).items
        }
        seen: set[tuple[int, str]] = set()
        for row in rows:
            try:
                values = _values(row, by_ref, by_customer)
            except DomainError as error:
                raise at_line(source, row.line, error) from None
            key = (int(str(values["item_id"])), row.respondent)
            if key in seen:
                raise at_line(
                    source,
                    row.line,
                    ValidationFailed(
                        "this respondent answered twice for this item", field="respondent"
                    ),
                )
            seen.add(key)
            current = existing.get(key)
            if current is None:
                uow.kano_answers.add(
                    {
                        **values,
                        "product_id": product_id,
                        "respondent": row.respondent,
                        "source_file": source[:300],
                        "created_at": changes.now(),
                    }
                )
                created += 1
            elif any(getattr(current, k) != v for k, v in values.items()):
                uow.kano_answers.update(current.id, None, values)
                updated += 1
            else:
                unchanged += 1
        changes.logged(
            uow,
            actor,
            "product",
            product_id,
            "import",
            {"kano": [None, {"file": source[:300], "rows": len(rows)}]},
        )
        uow.commit()
    return ImportReport(source, len(rows), created, updated, unchanged)


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
