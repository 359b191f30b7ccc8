"""Use cases for desirability, viability and feasibility assessments of backlog items.

Desirability and viability are judged by those who link evidence (product leader, manager,
owner); feasibility by those who estimate (contributors), as the decision rights have it.
"""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import assessments, audit
from valueloop.domain import fields as f
from valueloop.domain.assessments import Assessment, Dimension
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import NotFound
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

RIGHTS = {
    Dimension.DESIRABILITY: Action.LINK_EVIDENCE,
    Dimension.VIABILITY: Action.LINK_EVIDENCE,
    Dimension.FEASIBILITY: Action.ESTIMATE,
}
_FIELDS = ("rating", "evidence", "link", "note_id")


def _item(uow: UnitOfWork, actor: Principal, item_id: int) -> BacklogItem:
    item = uow.items.require(item_id)
    require_visible(actor, item.product_id, "backlog item", item_id)
    return item


def list_assessments(uow: UnitOfWork, actor: Principal, item_id: int) -> list[Assessment]:
    with uow:
        _item(uow, actor, item_id)
        found = uow.assessments.list({"item_id": item_id}).items
    order = list(Dimension)
    return sorted(found, key=lambda a: order.index(a.dimension))


def assess(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    dimension: object,
    fields: Mapping[str, object],
    *,
    version: int | None = None,
) -> Assessment:
    """Rate one dimension of an item, with the evidence the rating rests on."""
    which = f.choice(dimension, "dimension", Dimension)
    values = assessments.validate(fields)
    with uow:
        item = _item(uow, actor, item_id)
        actor.require(RIGHTS[which], item.product_id)
        if values["note_id"] is not None:
            note = uow.notes.require(int(str(values["note_id"])))
            require_visible(actor, note.product_id, "feedback note", note.id)
        values["assessed_by"] = actor.user_id
        found = uow.assessments.list({"item_id": item_id, "dimension": which}).items
        if found:
            before = {n: getattr(found[0], n) for n in _FIELDS}
            after = uow.assessments.update(found[0].id, version, values)
        else:
            if version is not None:
                raise NotFound(f"item {item_id} has no {which.value} assessment", field="version")
            before = {}
            after = uow.assessments.add({**values, "item_id": item_id, "dimension": which})
        diff = audit.diff(before, {n: getattr(after, n) for n in _FIELDS})
        if diff:
            changes.logged(
                uow,
                actor,
                "item",
                item_id,
                "assess",
                {f"{which.value}.{k}": v for k, v in diff.items()},
            )
        uow.commit()
        return after


def withdraw(uow: UnitOfWork, actor: Principal, item_id: int, dimension: object) -> None:
    """Remove an item's assessment of one dimension."""
    which = f.choice(dimension, "dimension", Dimension)
    with uow:
        item = _item(uow, actor, item_id)
        actor.require(RIGHTS[which], item.product_id)
        found = uow.assessments.list({"item_id": item_id, "dimension": which}).items
        if not found:
            raise NotFound(f"item {item_id} has no {which.value} assessment", field="dimension")
        uow.assessments.delete(found[0].id)
        changes.logged(
            uow,
            actor,
            "item",
            item_id,
            "assess",
            {f"{which.value}.rating": [found[0].rating.value, None]},
        )
        uow.commit()
