"""Use cases for finance data: import per-period cost, revenue and headcount."""

from __future__ import annotations

from collections.abc import Sequence

from valueloop.domain import finance
from valueloop.domain.errors import DomainError, NotFound, ValidationFailed
from valueloop.domain.finance import FinanceRecord, FinanceRow
from valueloop.domain.imports import ImportReport, at_line
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, measure_sources
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


def import_finance(
    uow: UnitOfWork,
    actor: Principal,
    rows: Sequence[FinanceRow],
    source: str,
    *,
    product_id: int | None = None,
) -> ImportReport:
    """Store finance rows (product by id or name, initiative by title) and recompute the finance
    measures of the products they touch; all or nothing, and re-running changes nothing."""
    created = updated = unchanged = 0
    with uow:
        if product_id is not None:  # an upload to one product's page: every row must be its own
            uow.products.require(product_id)
            require_visible(actor, product_id, "product", product_id)
        products = {p.name.lower(): p for p in uow.products.list().items}
        seen: set[tuple[int, int | None, object]] = set()
        for row in rows:
            try:
                # An invisible product reads as an unknown one: the same 422 for the line.
                product = _product(uow, products, row.product)
                require_visible(actor, product.id, "product", product.id)
                if product_id is not None and product.id != product_id:
                    raise ValidationFailed(
                        f"the row is for product {row.product!r}, not this one", field="product"
                    )
            except DomainError as error:
                raise at_line(source, row.line, error) from None
            # Missing rights are not a problem of the file: 403, not a 422 for the line.
            actor.require(Action.MANAGE_GOALS, product.id)
            try:
                initiative_id = _initiative(uow, product.id, row.initiative)
                for name in ("cost", "revenue", "headcount"):
                    if getattr(row, name) < 0:
                        raise ValidationFailed(f"{name} must not be negative", field=name)
            except DomainError as error:
                raise at_line(source, row.line, error) from None
            key = (product.id, initiative_id, row.period_start)
            if key in seen:
                raise at_line(
                    source, row.line, ValidationFailed("this period appears twice", field="period")
                )
            seen.add(key)
            values = {"cost": row.cost, "revenue": row.revenue, "headcount": row.headcount}
            existing = uow.finance.list(
                {
                    "product_id": product.id,
                    "initiative_id": initiative_id,
                    "period_start": row.period_start,
                }
            ).items
            if not existing:
                uow.finance.add(
                    {
                        **values,
                        "product_id": product.id,
                        "initiative_id": initiative_id,
                        "period_start": row.period_start,
                        "source": source[:100],
                        "created_at": changes.now(),
                    }
                )
                created += 1
            elif any(getattr(existing[0], k) != v for k, v in values.items()):
                uow.finance.update(existing[0].id, None, {**values, "source": source[:100]})
                updated += 1
            else:
                unchanged += 1
        # The finance measures move with their data, in the same transaction.
        for product_id in sorted({key[0] for key in seen}):
            measure_sources.refresh_product(uow, product_id, prefix="finance:")
        uow.commit()
    return ImportReport(source, len(rows), created, updated, unchanged)


def _product(uow: UnitOfWork, by_name: dict[str, Product], ref: str) -> Product:
    if ref.isdigit():
        product = uow.products.get(int(ref))
        if product is not None:
            return product
    named = by_name.get(ref.strip().lower())
    if named is None:
        raise NotFound(f"no product called {ref!r}", field="product")
    return named


def _initiative(uow: UnitOfWork, product_id: int, ref: str) -> int | None:
    if not ref:
        return None
    for initiative in uow.initiatives.list({"product_id": product_id}).items:
        if str(initiative.id) == ref or initiative.title.lower() == ref.strip().lower():
            return initiative.id
    raise NotFound(f"no initiative {ref!r} in this product", field="initiative")


def finance_records(uow: UnitOfWork, actor: Principal, product_id: int) -> list[FinanceRecord]:
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return uow.finance.list({"product_id": product_id}, order_by=("period_start",)).items


def period_totals(uow: UnitOfWork, actor: Principal, product_id: int) -> list[finance.PeriodTotals]:
    """Cost, revenue and headcount per period for the product."""
    return finance.product_totals(finance_records(uow, actor, product_id))
