"""Products: vision, target market, lifecycle stage and an accountable owner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f


class LifecycleStage(StrEnum):
    """Where a product stands in its life (DOMAIN.md §1), in order."""

    IDEATION = "ideation"
    RESEARCH = "research"
    MVP = "mvp"
    DEVELOPMENT = "development"
    BETA = "beta"
    LAUNCH = "launch"
    OPTIMIZATION = "optimization"
    SUNSET = "sunset"


@dataclass(frozen=True, slots=True)
class Product:
    """A product in the workspace."""

    id: int
    name: str
    vision: str
    target_market: str
    lifecycle_stage: LifecycleStage
    owner_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    public_slug: str | None  # the product's public pages live at /p/<slug>
    portal_enabled: bool
    roadmap_public: bool


EDITABLE = frozenset({"name", "vision", "target_market", "lifecycle_stage", "owner_id"})


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized product fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    for name, limit in (("vision", 4000), ("target_market", 1000)):
        if creating or name in fields:
            out[name] = f.text(fields, name, max_len=limit)
    if "lifecycle_stage" in fields:
        out["lifecycle_stage"] = f.choice(
            fields["lifecycle_stage"], "lifecycle_stage", LifecycleStage
        )
    elif creating:
        out["lifecycle_stage"] = LifecycleStage.IDEATION
    if "owner_id" in fields:
        out["owner_id"] = fields["owner_id"]
    return out
