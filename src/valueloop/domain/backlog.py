"""Backlog items: type, status workflow, estimate, owner, goal and a manual rank."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class ItemType(StrEnum):
    FEATURE = "feature"
    IMPROVEMENT = "improvement"
    BUG = "bug"
    TECH_DEBT = "tech_debt"
    EXPERIMENT = "experiment"


class ItemStatus(StrEnum):
    NEW = "new"
    READY = "ready"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REJECTED = "rejected"


# The workflow: which statuses an item may move to from each status.
TRANSITIONS: dict[ItemStatus, frozenset[ItemStatus]] = {
    ItemStatus.NEW: frozenset({ItemStatus.READY, ItemStatus.IN_PROGRESS, ItemStatus.REJECTED}),
    ItemStatus.READY: frozenset({ItemStatus.NEW, ItemStatus.IN_PROGRESS, ItemStatus.REJECTED}),
    ItemStatus.IN_PROGRESS: frozenset({ItemStatus.READY, ItemStatus.DONE}),
    ItemStatus.DONE: frozenset({ItemStatus.IN_PROGRESS}),
    ItemStatus.REJECTED: frozenset({ItemStatus.NEW}),
}


@dataclass(frozen=True, slots=True)
class BacklogItem:
    id: int
    product_id: int
    title: str
    description: str
    type: ItemType
    status: ItemStatus
    estimate: float | None
    owner_id: int | None
    goal_id: int | None
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    lane: str | None  # the roadmap lane: now, next, later, or None when not on the roadmap
    lane_rank: str | None
    release_id: int | None
    team: str
    public: bool  # shown on the public roadmap and changelog (when the product opts in)
    public_title: str
    public_description: str
    shipped_on: dt.date | None


EDITABLE = frozenset({"title", "description", "type", "status", "estimate", "owner_id", "goal_id"})


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized item fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=300, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=20_000)
    if "type" in fields:
        out["type"] = f.choice(fields["type"], "type", ItemType)
    elif creating:
        out["type"] = ItemType.FEATURE
    if "status" in fields:
        out["status"] = f.choice(fields["status"], "status", ItemStatus)
    elif creating:
        out["status"] = ItemStatus.NEW
    if fields.get("estimate") is not None:
        out["estimate"] = f.number(fields["estimate"], "estimate", minimum=0, maximum=10_000)
    elif "estimate" in fields or creating:
        out["estimate"] = None
    for name in ("owner_id", "goal_id"):
        if name in fields:
            out[name] = fields[name]
        elif creating:
            out[name] = None
    return out


def check_transition(current: ItemStatus, target: ItemStatus) -> None:
    """Refuse a status change the workflow does not allow."""
    if target != current and target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current]))
        raise ValidationFailed(
            f"an item cannot move from {current.value} to {target.value} (allowed: {allowed})",
            field="status",
        )
