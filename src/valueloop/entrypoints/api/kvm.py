"""The workspace's Key Value Measure catalogue: /api/v1/kvms."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.domain.goals import Direction, KeyValueArea, MeasureKind
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import kvm

router = APIRouter(tags=["catalogue"])


class KvmOut(BaseModel):
    id: int
    key: str
    name: str
    kva: KeyValueArea
    definition: str
    unit: str
    direction: Direction
    kind: MeasureKind
    computed_by: str
    catalogue_version: str
    edited: bool
    version: int


class KvmPatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    kva: KeyValueArea | None = None
    definition: str | None = Field(default=None, max_length=2000)
    unit: str | None = Field(default=None, max_length=40)
    direction: Direction | None = None
    kind: MeasureKind | None = None
    computed_by: str | None = Field(default=None, max_length=80)


class SyncOut(BaseModel):
    catalogue_version: str
    added: int
    refreshed: int


@router.get("/kvms")
def list_kvms(actor: Actor, uow: Uow) -> list[KvmOut]:
    """The workspace's Key Value Measure catalogue."""
    return [wire(KvmOut, k) for k in kvm.list_kvms(uow, actor)]


@router.post("/kvms/sync")
def sync_kvms(actor: Actor, uow: Uow) -> SyncOut:
    """Bring in the packaged catalogue: new entries added, unedited ones refreshed."""
    catalogue = load_kvm_catalogue()
    added, refreshed = kvm.sync_catalogue(uow, actor, catalogue)
    return SyncOut(catalogue_version=catalogue.version, added=added, refreshed=refreshed)


@router.patch("/kvms/{kvm_id}")
def edit_kvm(kvm_id: int, body: KvmPatch, actor: Actor, uow: Uow) -> KvmOut:
    return wire(KvmOut, kvm.edit_kvm(uow, actor, kvm_id, body.version, changes(body)))
