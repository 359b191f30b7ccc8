"""Use cases for releases and milestones, and putting backlog items into a release."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import releases
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.releases import Release, ReleaseStatus
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import of_product, require_visible
from valueloop.services.unit_of_work import UnitOfWork

KIND = "release"


def create_release(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Release:
    """Add a release or milestone to the product's timeline."""
    values = releases.validate(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RANK_BACKLOG, product_id)
        _check_links(uow, product_id, values)
        releases.settle(values, None, changes.now().date())
        values["product_id"] = product_id
        release = uow.releases.add(values)
        changes.created(uow, actor, KIND, release)
        uow.commit()
        return release


def update_release(
    uow: UnitOfWork,
    actor: Principal,
    release_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Release:
    """Edit a release; marking it released dates it today unless a date is given."""
    values = releases.validate(fields, creating=False)
    with uow:
        before = _require(uow, actor, release_id)
        actor.require(Action.RANK_BACKLOG, before.product_id)
        _check_links(uow, before.product_id, values)
        releases.settle(values, before, changes.now().date())
        after = uow.releases.update(release_id, version, values)
        changes.updated(uow, actor, KIND, before, after)
        uow.commit()
        return after


def delete_release(uow: UnitOfWork, actor: Principal, release_id: int, version: int | None) -> None:
    """Remove a release; its items stay on the roadmap without a release."""
    with uow:
        release = _require(uow, actor, release_id)
        actor.require(Action.RANK_BACKLOG, release.product_id)
        for item in uow.items.list({"release_id": release_id}).items:
            uow.lanes.set_plan(item.id, {"release_id": None})
        for piece in uow.story_slices.list({"release_id": release_id}).items:
            uow.story_slices.update(piece.id, None, {"release_id": None})
        changes.deleted(uow, actor, KIND, release)
        uow.releases.delete(release_id, version)  # Conflict when stale
        uow.commit()


def get_release(uow: UnitOfWork, actor: Principal, release_id: int) -> Release:
    with uow:
        return _require(uow, actor, release_id)


def list_releases(
    uow: UnitOfWork, actor: Principal, product_id: int, *, status: ReleaseStatus | None = None
) -> list[Release]:
    """The product's releases and milestones by date (undated ones last)."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        where: dict[str, object] = {"product_id": product_id}
        if status is not None:
            where["status"] = status
        found = uow.releases.list(where).items
    return sorted(found, key=lambda r: (r.target_date is None, r.target_date, r.id))


def set_items(
    uow: UnitOfWork, actor: Principal, release_id: int, add: list[int], remove: list[int]
) -> list[int]:
    """Put items into the release (`add`, taking them out of any other) or take them out;
    returns the release's item ids."""
    with uow:
        release = _require(uow, actor, release_id)
        actor.require(Action.RANK_BACKLOG, release.product_id)
        for field, ids in (("add", add), ("remove", remove)):
            for item_id in ids:
                item = uow.items.get(item_id)
                if item is None or item.product_id != release.product_id:
                    raise ValidationFailed(f"item {item_id} is not in this product", field=field)
        for item_id in add:
            before = uow.items.require(item_id)
            if before.release_id != release_id:
                uow.lanes.set_plan(item_id, {"release_id": release_id})
                changes.logged(
                    uow,
                    actor,
                    "item",
                    item_id,
                    "plan",
                    {"release_id": [before.release_id, release_id]},
                )
        for item_id in remove:
            if item_id in add:
                continue
            if uow.items.require(item_id).release_id == release_id:
                uow.lanes.set_plan(item_id, {"release_id": None})
                changes.logged(
                    uow, actor, "item", item_id, "plan", {"release_id": [release_id, None]}
                )
        ids = [i.id for i in uow.items.list({"release_id": release_id}, order_by=("rank",)).items]
        uow.commit()
        return ids


def _require(uow: UnitOfWork, actor: Principal, release_id: int) -> Release:
    release = uow.releases.require(release_id)
    require_visible(actor, release.product_id, "release", release_id)
    return release


def _check_links(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    """A goal or initiative a release serves belongs to the same product."""
    of_product(uow.goals, values.get("goal_id"), product_id, "goal", "goal_id")
    of_product(
        uow.initiatives, values.get("initiative_id"), product_id, "initiative", "initiative_id"
    )
