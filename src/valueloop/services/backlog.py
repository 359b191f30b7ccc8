"""Use cases for backlog items: create, edit, move through the workflow, and rank by hand."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import backlog, ranking
from valueloop.domain.backlog import BacklogItem, ItemStatus
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.roles import Action, Principal
from valueloop.services import calibration, changes
from valueloop.services.records import check_goal_and_owner, require_visible
from valueloop.services.unit_of_work import Filters, Page, UnitOfWork

# Keys grow by about one character per five moves into one gap; re-space before the column fills.
_RESPACE_AT = 120


def create_item(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> BacklogItem:
    """Add an item at the bottom of the product's backlog."""
    values = backlog.validate(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_ITEM, product_id)
        if values.get("estimate") is not None:
            actor.require(Action.ESTIMATE, product_id)
        check_goal_and_owner(uow, product_id, values)
        values["product_id"] = product_id
        values["rank"] = ranking.key_between(uow.items.last_rank(product_id), None)
        if values["status"] is ItemStatus.DONE:
            values["shipped_on"] = changes.now().date()
        item = uow.items.add(values)
        changes.created(uow, actor, RecordType.ITEM, item)
        uow.commit()
        return item


def update_item(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> BacklogItem:
    """Edit an item; estimates need the contributor's right and status follows the workflow."""
    values = backlog.validate(fields, creating=False)
    with uow:
        before = uow.items.require(item_id)
        require_visible(actor, before.product_id, "backlog item", item_id)
        actor.require(Action.EDIT_ITEM, before.product_id)
        if "estimate" in values and values["estimate"] != before.estimate:
            actor.require(Action.ESTIMATE, before.product_id)
        if "status" in values:
            target = ItemStatus(str(values["status"]))
            backlog.check_transition(before.status, target)
            values["shipped_on"] = backlog.shipped_on(
                before.status, target, before.shipped_on, changes.now().date()
            )
        check_goal_and_owner(uow, before.product_id, values)
        after = uow.items.update(item_id, version, values)
        changes.updated(uow, actor, RecordType.ITEM, before, after, f"item “{after.title}”")
        calibration.on_status_change(uow, actor, before, after)
        uow.commit()
        return after


def move_item(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    *,
    after_id: int | None,
    before_id: int | None = None,
) -> BacklogItem:
    """Place an item right after `after_id` (None: at the top), or right before `before_id`."""
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.RANK_BACKLOG, item.product_id)
        if after_id is not None:
            anchor = _sibling(uow, item, after_id, "after_id")
            low: str | None = anchor.rank
            high = uow.items.neighbours(item.product_id, anchor.rank)[1]
            if high == item.rank:
                high = uow.items.neighbours(item.product_id, item.rank)[1]
        elif before_id is not None:
            anchor = _sibling(uow, item, before_id, "before_id")
            high = anchor.rank
            low = uow.items.neighbours(item.product_id, anchor.rank)[0]
            if low == item.rank:
                low = uow.items.neighbours(item.product_id, item.rank)[0]
        else:
            low, high = None, _first_rank(uow, item.product_id, exclude=item.id)
        rank = ranking.key_between(low, high)
        moved = uow.items.set_rank(item.id, rank)
        changes.logged(
            uow,
            actor,
            RecordType.ITEM.value,
            item.id,
            "move",
            {
                "rank": [item.rank, rank],
                "after_id": [None, after_id],
                "before_id": [None, before_id],
            },
        )
        if len(rank) > _RESPACE_AT:
            _respace(uow, item.product_id)
            moved = uow.items.require(item.id)
        uow.commit()
        return moved


def _sibling(uow: UnitOfWork, item: BacklogItem, anchor_id: int, field: str) -> BacklogItem:
    if anchor_id == item.id:
        raise ValidationFailed("an item cannot be placed next to itself", field=field)
    anchor = uow.items.get(anchor_id)
    if anchor is None or anchor.product_id != item.product_id:
        raise ValidationFailed(f"item {anchor_id} is not in this backlog", field=field)
    return anchor


def _first_rank(uow: UnitOfWork, product_id: int, exclude: int) -> str | None:
    first = uow.items.list({"product_id": product_id}, order_by=("rank",), limit=2).items
    ranks = [i.rank for i in first if i.id != exclude]
    return ranks[0] if ranks else None


def _respace(uow: UnitOfWork, product_id: int) -> None:
    items = uow.items.list({"product_id": product_id}, order_by=("rank",)).items
    for item, key in zip(items, ranking.initial_keys(len(items)), strict=True):
        uow.items.set_rank(item.id, key)


def get_item(uow: UnitOfWork, actor: Principal, item_id: int) -> BacklogItem:
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        return item


def list_items(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    where: Filters | None = None,
    search: str = "",
    sort: str = "rank",
    limit: int | None = None,
    offset: int = 0,
) -> Page[BacklogItem]:
    """A product's backlog in rank order (or another sort), filtered and paged."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return uow.items.list(
            {**(where or {}), "product_id": product_id},
            search=(("title", "description"), search),
            order_by=(sort,),
            limit=limit,
            offset=offset,
        )


def delete_item(uow: UnitOfWork, actor: Principal, item_id: int, version: int | None) -> None:
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        actor.require(Action.EDIT_ITEM, item.product_id)
        changes.deleted(uow, actor, RecordType.ITEM, item, f"item “{item.title}”")
        uow.items.delete(item_id, version)
        uow.commit()
