"""Use cases for initiatives and the backlog items they contain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import initiatives
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.initiatives import Initiative, Progress
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork


@dataclass(frozen=True, slots=True)
class InitiativeStanding:
    initiative: Initiative
    item_ids: list[int]
    progress: Progress


def _check_refs(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    if values.get("goal_id") is not None:
        goal = uow.goals.require(int(str(values["goal_id"])))
        if goal.product_id != product_id:
            raise ValidationFailed("the goal belongs to another product", field="goal_id")
    if values.get("owner_id") is not None:
        uow.users.require(int(str(values["owner_id"])))


def create_initiative(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Initiative:
    values = initiatives.validate(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.MANAGE_GOALS, product_id)
        _check_refs(uow, product_id, values)
        values["product_id"] = product_id
        if values.get("owner_id") is None:
            values["owner_id"] = actor.user_id
        initiative = uow.initiatives.add(values)
        changes.created(uow, actor, RecordType.INITIATIVE, initiative)
        uow.commit()
        return initiative


def update_initiative(
    uow: UnitOfWork,
    actor: Principal,
    initiative_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Initiative:
    values = initiatives.validate(fields, creating=False)
    with uow:
        before = uow.initiatives.require(initiative_id)
        require_visible(actor, before.product_id, "initiative", initiative_id)
        actor.require(Action.MANAGE_GOALS, before.product_id)
        _check_refs(uow, before.product_id, values)
        merged_start = values.get("start_date", before.start_date)
        merged_end = values.get("end_date", before.end_date)
        initiatives.validate(
            {"title": before.title, "start_date": merged_start, "end_date": merged_end},
            creating=False,
        )
        after = uow.initiatives.update(initiative_id, version, values)
        label = f"initiative “{after.title}”"
        changes.updated(uow, actor, RecordType.INITIATIVE, before, after, label)
        uow.commit()
        return after


def set_items(
    uow: UnitOfWork, actor: Principal, initiative_id: int, add: list[int], remove: list[int]
) -> list[int]:
    """Put items into an initiative or take them out; returns the initiative's item ids."""
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        require_visible(actor, initiative.product_id, "initiative", initiative_id)
        actor.require(Action.MANAGE_GOALS, initiative.product_id)
        for item_id in add:
            item = uow.items.get(item_id)
            if item is None or item.product_id != initiative.product_id:
                raise ValidationFailed(f"item {item_id} is not in this product", field="add")
            taken = uow.initiative_items.list({"item_id": item_id}).items
            if taken and taken[0].initiative_id != initiative_id:
                raise Conflict(
                    f"item {item_id} already belongs to initiative {taken[0].initiative_id}",
                    field="add",
                )
            if not taken:
                uow.initiative_items.add({"initiative_id": initiative_id, "item_id": item_id})
        for link in uow.initiative_items.list(
            {"initiative_id": initiative_id, "item_id": remove}
        ).items:
            uow.initiative_items.delete(link.id)
        ids = [
            link.item_id
            for link in uow.initiative_items.list({"initiative_id": initiative_id}).items
        ]
        uow.audit.add(
            {
                "actor_id": actor.user_id,
                "at": changes.now(),
                "record_type": RecordType.INITIATIVE.value,
                "record_id": initiative_id,
                "action": "items",
                "changes": {"added": [None, add], "removed": [remove, None]},
            }
        )
        uow.commit()
        return ids


def _standing(uow: UnitOfWork, initiative: Initiative) -> InitiativeStanding:
    links = uow.initiative_items.list({"initiative_id": initiative.id}).items
    ids = [link.item_id for link in links]
    items = uow.items.list({"id": ids}).items if ids else []
    spend = sum(r.cost for r in uow.finance.list({"initiative_id": initiative.id}).items)
    progress = initiatives.progress(
        ((item.status, item.estimate) for item in items), spend, initiative.budget
    )
    return InitiativeStanding(initiative=initiative, item_ids=ids, progress=progress)


def get_initiative(uow: UnitOfWork, actor: Principal, initiative_id: int) -> InitiativeStanding:
    """An initiative with its items and progress rolled up from them, and its spend."""
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        require_visible(actor, initiative.product_id, "initiative", initiative_id)
        return _standing(uow, initiative)


def list_initiatives(
    uow: UnitOfWork, actor: Principal, product_id: int, *, goal_id: int | None = None
) -> list[InitiativeStanding]:
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        where: dict[str, object] = {"product_id": product_id}
        if goal_id is not None:
            where["goal_id"] = goal_id
        page: Page[Initiative] = uow.initiatives.list(where, order_by=("start_date", "id"))
        return [_standing(uow, initiative) for initiative in page.items]
