"""Use cases for dependencies between backlog items: add (refusing cycles), remove, list."""

from __future__ import annotations

from dataclasses import dataclass

from valueloop.domain import dependencies
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.dependencies import ItemDependency
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ItemDependencies:
    """What an item waits for and what waits for it."""

    blocked_by: list[tuple[ItemDependency, BacklogItem]]
    blocks: list[tuple[ItemDependency, BacklogItem]]


def add_dependency(
    uow: UnitOfWork, actor: Principal, blocker_id: int, blocked_id: int
) -> ItemDependency:
    """Record that `blocker_id` blocks `blocked_id`; refuses one that would close a cycle."""
    with uow:
        blocker = uow.items.require(blocker_id)
        require_visible(actor, blocker.product_id, "backlog item", blocker_id)
        actor.require(Action.EDIT_ITEM, blocker.product_id)
        blocked = uow.items.require(blocked_id)
        if blocked.product_id != blocker.product_id:
            raise ValidationFailed(
                f"item {blocked_id} is not in this product's backlog", field="blocked_id"
            )
        items = uow.items.list({"product_id": blocker.product_id}).items
        names = {i.id: i.title for i in items}
        edges = product_edges(uow, list(names))
        dependencies.check_new(
            [(d.blocker_id, d.blocked_id) for d in edges], blocker_id, blocked_id, names
        )
        added = uow.dependencies.add(
            {
                "blocker_id": blocker_id,
                "blocked_id": blocked_id,
                "created_by": actor.user_id,
                "created_at": changes.now(),
            }
        )
        changes.logged(uow, actor, "item", blocked_id, "depend", {"blocked_by": [None, blocker_id]})
        uow.commit()
        return added


def remove_dependency(uow: UnitOfWork, actor: Principal, dependency_id: int) -> int:
    """Remove a dependency; returns its product's id."""
    with uow:
        found = _require(uow, actor, dependency_id)
        blocker = uow.items.require(found.blocker_id)
        actor.require(Action.EDIT_ITEM, blocker.product_id)
        uow.dependencies.delete(dependency_id)
        changes.logged(
            uow, actor, "item", found.blocked_id, "depend", {"blocked_by": [found.blocker_id, None]}
        )
        uow.commit()
        return blocker.product_id


def list_dependencies(uow: UnitOfWork, actor: Principal, product_id: int) -> list[ItemDependency]:
    """Every dependency between the product's items."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        ids = [i.id for i in uow.items.list({"product_id": product_id}).items]
        return product_edges(uow, ids)


def item_dependencies(uow: UnitOfWork, actor: Principal, item_id: int) -> ItemDependencies:
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        before = uow.dependencies.list({"blocked_id": item_id}).items
        after = uow.dependencies.list({"blocker_id": item_id}).items
        return ItemDependencies(
            blocked_by=[(d, uow.items.require(d.blocker_id)) for d in before],
            blocks=[(d, uow.items.require(d.blocked_id)) for d in after],
        )


def product_edges(uow: UnitOfWork, item_ids: list[int]) -> list[ItemDependency]:
    """The dependencies among these items (one product's), oldest first."""
    if not item_ids:
        return []
    return uow.dependencies.list({"blocker_id": item_ids}).items


def _require(uow: UnitOfWork, actor: Principal, dependency_id: int) -> ItemDependency:
    found = uow.dependencies.get(dependency_id)
    if found is None:
        raise NotFound(f"dependency {dependency_id} does not exist", field="id")
    require_visible(
        actor, uow.items.require(found.blocker_id).product_id, "dependency", dependency_id
    )
    return found
