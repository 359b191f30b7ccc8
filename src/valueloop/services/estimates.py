"""Use cases for an item's estimates (the contributors' right) and its priority settings (the
product owner's: MoSCoW, a confidence set by hand with its reason, the measure of its impact)."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import audit, estimates, priorities
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.estimates import ItemEstimate
from valueloop.domain.evidence import COMPUTED
from valueloop.domain.priorities import ItemPriority
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

_RESERVED = COMPUTED | {"confidence"}
_PRIORITY_FIELDS = ("moscow", "confidence_override", "override_reason", "impact_measure_id")


def _item(uow: UnitOfWork, actor: Principal, item_id: int) -> BacklogItem:
    item = uow.items.require(item_id)
    require_visible(actor, item.product_id, "backlog item", item_id)
    return item


def _plain(estimate: ItemEstimate | None) -> object:
    if estimate is None:
        return None
    if not estimate.is_range:
        return estimate.likely
    return [estimate.low, estimate.likely, estimate.high, estimate.distribution.value]


def list_estimates(uow: UnitOfWork, actor: Principal, item_id: int) -> list[ItemEstimate]:
    """The item's estimates, by field name."""
    with uow:
        _item(uow, actor, item_id)
        return uow.estimates.list({"item_id": item_id}, order_by=("field",)).items


def set_estimate(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    field: str,
    values: Mapping[str, object],
    *,
    version: int | None = None,
) -> ItemEstimate:
    """Estimate one input of an item (a number, or a range with a distribution).

    Replacing an estimate with `version` refuses a stale one (Conflict); the estimator becomes
    whoever gave the new numbers.
    """
    name = estimates.field_name(field, _RESERVED)
    checked = estimates.validate(name, values)
    with uow:
        item = _item(uow, actor, item_id)
        actor.require(Action.ESTIMATE, item.product_id)
        found = uow.estimates.list({"item_id": item_id, "field": name}).items
        checked["estimator_id"] = actor.user_id
        if found:
            before = found[0]
            after = uow.estimates.update(before.id, version, checked)
        else:
            if version is not None:
                raise NotFound(f"item {item_id} has no {name} estimate to replace", field="version")
            before = None
            after = uow.estimates.add({**checked, "item_id": item_id, "field": name})
        if _plain(before) != _plain(after):
            changes.logged(
                uow,
                actor,
                RecordType.ITEM.value,
                item.id,
                "estimate",
                {name: [_plain(before), _plain(after)]},
            )
            changes.notify_watchers(
                uow,
                actor,
                RecordType.ITEM,
                item.id,
                f"{actor.username} estimated {name} of item “{item.title}”",
            )
        uow.commit()
        return after


def clear_estimate(
    uow: UnitOfWork, actor: Principal, item_id: int, field: str, *, version: int | None = None
) -> None:
    """Remove an item's estimate of one input."""
    with uow:
        item = _item(uow, actor, item_id)
        actor.require(Action.ESTIMATE, item.product_id)
        found = uow.estimates.list({"item_id": item_id, "field": field}).items
        if not found:
            raise NotFound(f"item {item_id} has no {field} estimate", field="field")
        uow.estimates.delete(found[0].id, version)
        changes.logged(
            uow,
            actor,
            RecordType.ITEM.value,
            item.id,
            "estimate",
            {field: [_plain(found[0]), None]},
        )
        uow.commit()


def get_priority(uow: UnitOfWork, actor: Principal, item_id: int) -> ItemPriority | None:
    """The item's MoSCoW category, confidence override and impact measure (None: never set)."""
    with uow:
        _item(uow, actor, item_id)
        found = uow.priorities.list({"item_id": item_id}).items
        return found[0] if found else None


def set_priority(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    fields: Mapping[str, object],
    *,
    version: int | None = None,
) -> ItemPriority:
    """Set what the product owner decides about an item's priority (fields not sent stay)."""
    values = priorities.validate_priority(fields)
    with uow:
        item = _item(uow, actor, item_id)
        actor.require(Action.RANK_BACKLOG, item.product_id)
        if values.get("impact_measure_id") is not None:
            measure = uow.measures.require(int(str(values["impact_measure_id"])))
            if uow.goals.require(measure.goal_id).product_id != item.product_id:
                raise ValidationFailed(
                    "the measure belongs to another product", field="impact_measure_id"
                )
        if values.get("confidence_override") is not None:
            values["override_by"] = actor.user_id
            values["override_at"] = changes.now()
        elif "confidence_override" in values:
            values["override_by"] = None
            values["override_at"] = None
        found = uow.priorities.list({"item_id": item_id}).items
        if found:
            before: ItemPriority | None = found[0]
            after = uow.priorities.update(found[0].id, version, values)
        else:
            before = None
            after = uow.priorities.add({**values, "item_id": item_id})
        unset: dict[str, object] = dict.fromkeys(_PRIORITY_FIELDS) | {"override_reason": ""}
        diff = audit.diff(
            {n: getattr(before, n) for n in _PRIORITY_FIELDS} if before else unset,
            {n: getattr(after, n) for n in _PRIORITY_FIELDS},
        )
        if diff:
            changes.logged(uow, actor, RecordType.ITEM.value, item.id, "prioritize", dict(diff))
        uow.commit()
        return after
