"""Use cases for competitors, the capabilities compared, and the matrix of levels between them.

Competitive analysis is the deciders' call (what and why), like the rest of discovery.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import competitors
from valueloop.domain.collaboration import RecordType
from valueloop.domain.competitors import (
    Capability,
    Comparison,
    Competitor,
    CompetitorCapability,
    Standing,
)
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.products import Product
from valueloop.domain.roles import Principal
from valueloop.services import changes
from valueloop.services.jtbd import EDIT
from valueloop.services.opportunities import check_opportunity
from valueloop.services.records import label, require_visible
from valueloop.services.unit_of_work import UnitOfWork

# A competitor takes comments and watchers; capabilities and cells are audited under plain names.
COMPETITOR, CAPABILITY, CELL = RecordType.COMPETITOR, "capability", "competitor_level"


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One capability: the product's level, each rated competitor's cell, and the verdict."""

    capability: Capability
    cells: dict[int, CompetitorCapability]  # by competitor id; unrated competitors are absent
    comparison: Comparison


@dataclass(frozen=True, slots=True)
class Matrix:
    """Capabilities (rows) against the product and its competitors (columns)."""

    product: Product
    competitors: list[Competitor]
    rows: list[MatrixRow]

    def count(self, standing: Standing) -> int:
        return sum(1 for row in self.rows if row.comparison.standing is standing)


def _product(uow: UnitOfWork, actor: Principal, product_id: int) -> Product:
    product = uow.products.require(product_id)
    require_visible(actor, product_id, "product", product_id)
    return product


# --- competitors --------------------------------------------------------------------------------


def create_competitor(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Competitor:
    values = competitors.validate_competitor(fields, creating=True)
    with uow:
        _product(uow, actor, product_id)
        actor.require(EDIT, product_id)
        competitor = uow.competitors.add({**values, "product_id": product_id})
        changes.created(uow, actor, COMPETITOR, competitor)
        uow.commit()
        return competitor


def _competitor(uow: UnitOfWork, actor: Principal, competitor_id: int) -> Competitor:
    competitor = uow.competitors.require(competitor_id)
    require_visible(actor, competitor.product_id, "competitor", competitor_id)
    return competitor


def get_competitor(uow: UnitOfWork, actor: Principal, competitor_id: int) -> Competitor:
    with uow:
        return _competitor(uow, actor, competitor_id)


def list_competitors(uow: UnitOfWork, actor: Principal, product_id: int) -> list[Competitor]:
    with uow:
        _product(uow, actor, product_id)
        return uow.competitors.list({"product_id": product_id}, order_by=("name",)).items


def update_competitor(
    uow: UnitOfWork,
    actor: Principal,
    competitor_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Competitor:
    values = competitors.validate_competitor(fields, creating=False)
    with uow:
        before = _competitor(uow, actor, competitor_id)
        actor.require(EDIT, before.product_id)
        after = uow.competitors.update(competitor_id, version, values)
        changes.updated(uow, actor, COMPETITOR, before, after, label(COMPETITOR, after))
        uow.commit()
        return after


def delete_competitor(
    uow: UnitOfWork, actor: Principal, competitor_id: int, version: int | None
) -> None:
    """Remove a competitor and its column of the matrix."""
    with uow:
        competitor = _competitor(uow, actor, competitor_id)
        actor.require(EDIT, competitor.product_id)
        changes.deleted(uow, actor, COMPETITOR, competitor, label(COMPETITOR, competitor))
        uow.competitors.delete(competitor.id, version)
        uow.commit()


# --- capabilities -------------------------------------------------------------------------------


def create_capability(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Capability:
    values = competitors.validate_capability(fields, creating=True)
    with uow:
        _product(uow, actor, product_id)
        actor.require(EDIT, product_id)
        check_opportunity(uow, product_id, values)
        capability = uow.capabilities.add({**values, "product_id": product_id})
        changes.created(uow, actor, CAPABILITY, capability)
        uow.commit()
        return capability


def _capability(uow: UnitOfWork, actor: Principal, capability_id: int) -> Capability:
    capability = uow.capabilities.require(capability_id)
    require_visible(actor, capability.product_id, "capability", capability_id)
    return capability


def get_capability(uow: UnitOfWork, actor: Principal, capability_id: int) -> Capability:
    with uow:
        return _capability(uow, actor, capability_id)


def update_capability(
    uow: UnitOfWork,
    actor: Principal,
    capability_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Capability:
    values = competitors.validate_capability(fields, creating=False)
    with uow:
        before = _capability(uow, actor, capability_id)
        actor.require(EDIT, before.product_id)
        check_opportunity(uow, before.product_id, values)
        after = uow.capabilities.update(capability_id, version, values)
        changes.updated(uow, actor, CAPABILITY, before, after)
        uow.commit()
        return after


def delete_capability(
    uow: UnitOfWork, actor: Principal, capability_id: int, version: int | None
) -> None:
    """Remove a capability and its row of the matrix."""
    with uow:
        capability = _capability(uow, actor, capability_id)
        actor.require(EDIT, capability.product_id)
        changes.deleted(uow, actor, CAPABILITY, capability)
        uow.capabilities.delete(capability.id, version)
        uow.commit()


# --- the matrix ---------------------------------------------------------------------------------


def set_level(
    uow: UnitOfWork,
    actor: Principal,
    competitor_id: int,
    capability_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> CompetitorCapability:
    """Rate how well a competitor offers a capability (creating the cell the first time).

    With `version`, a cell changed since it was read is refused (Conflict).
    """
    values = competitors.validate_cell(fields)
    with uow:
        competitor = _competitor(uow, actor, competitor_id)
        capability = _capability(uow, actor, capability_id)
        if capability.product_id != competitor.product_id:
            raise ValidationFailed(
                "the capability and the competitor belong to different products",
                field="capability_id",
            )
        actor.require(EDIT, competitor.product_id)
        found = uow.competitor_capabilities.list(
            {"competitor_id": competitor_id, "capability_id": capability_id}
        ).items
        if found:
            after = uow.competitor_capabilities.update(found[0].id, version, values)
            changes.updated(uow, actor, CELL, found[0], after)
        else:
            after = uow.competitor_capabilities.add(
                {**values, "competitor_id": competitor_id, "capability_id": capability_id}
            )
            changes.created(uow, actor, CELL, after)
        uow.commit()
        return after


def clear_level(uow: UnitOfWork, actor: Principal, competitor_id: int, capability_id: int) -> None:
    """Mark a competitor as not rated on a capability (as if never assessed)."""
    with uow:
        competitor = _competitor(uow, actor, competitor_id)
        actor.require(EDIT, competitor.product_id)
        for cell in uow.competitor_capabilities.list(
            {"competitor_id": competitor_id, "capability_id": capability_id}
        ).items:
            changes.deleted(uow, actor, CELL, cell)
            uow.competitor_capabilities.delete(cell.id)
        uow.commit()


def matrix(uow: UnitOfWork, actor: Principal, product_id: int) -> Matrix:
    """Every capability against the product and each competitor, with gaps marked."""
    with uow:
        product = _product(uow, actor, product_id)
        rivals = uow.competitors.list({"product_id": product_id}, order_by=("name",)).items
        capabilities = uow.capabilities.list({"product_id": product_id}, order_by=("name",)).items
        ids = [c.id for c in rivals]
        cells = uow.competitor_capabilities.list({"competitor_id": ids}).items if ids else []
    by_capability: dict[int, dict[int, CompetitorCapability]] = {}
    for cell in cells:
        by_capability.setdefault(cell.capability_id, {})[cell.competitor_id] = cell
    rows = []
    for capability in capabilities:
        row_cells = by_capability.get(capability.id, {})
        rated = [(cid, cell.level) for cid, cell in row_cells.items()]
        comparison = competitors.compare(capability.own_level, rated)
        rows.append(MatrixRow(capability, row_cells, comparison))
    return Matrix(product, rivals, rows)
