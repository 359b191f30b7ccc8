"""Use cases for the workspace's Key Value Measure catalogue (a copy of the packaged one)."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import kvm
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.kvm import Catalogue, WorkspaceKvm
from valueloop.domain.roles import Action, Principal
from valueloop.services.unit_of_work import UnitOfWork


def sync_catalogue(uow: UnitOfWork, actor: Principal, catalogue: Catalogue) -> tuple[int, int]:
    """Add new catalogue entries and refresh unedited ones; entries people edited are kept.

    Returns (added, refreshed).
    """
    if not actor.is_admin and not actor.can(Action.MANAGE_GOALS):
        raise PermissionDenied("only admins and product leaders or managers update the catalogue")
    added = refreshed = 0
    with uow:
        existing = {k.key: k for k in uow.kvms.list().items}
        for entry in catalogue.measures:
            values = {
                "name": entry.name,
                "kva": entry.kva,
                "definition": entry.definition,
                "unit": entry.unit,
                "direction": entry.direction,
                "kind": entry.kind,
                "computed_by": entry.computed_by,
                "catalogue_version": catalogue.version,
            }
            current = existing.get(entry.key)
            if current is None:
                uow.kvms.add({**values, "key": entry.key, "edited": False})
                added += 1
            elif not current.edited and current.catalogue_version != catalogue.version:
                uow.kvms.update(current.id, None, values)
                refreshed += 1
        uow.commit()
    return added, refreshed


def list_kvms(uow: UnitOfWork, actor: Principal) -> list[WorkspaceKvm]:
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")
    with uow:
        return uow.kvms.list(order_by=("kva", "name")).items


def edit_kvm(
    uow: UnitOfWork,
    actor: Principal,
    kvm_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> WorkspaceKvm:
    """Edit the workspace's copy of a measure; later catalogue updates leave it alone."""
    if not actor.is_admin and not actor.can(Action.MANAGE_GOALS):
        raise PermissionDenied("only admins and product leaders or managers edit the catalogue")
    values = kvm.validate_edit(fields)
    with uow:
        uow.kvms.require(kvm_id)
        edited = uow.kvms.update(kvm_id, version, {**values, "edited": True})
        uow.commit()
        return edited
