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


class Lane(StrEnum):
    """The roadmap's horizons: what is being built, what comes next, what may come later."""

    NOW = "now"
    NEXT = "next"
    LATER = "later"


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
    lane: Lane | None  # the roadmap lane, or None when the item is not on the roadmap
    lane_rank: str | None
    release_id: int | None
    team: str
    public: bool  # shown on the public roadmap and changelog (when the product opts in)
    public_title: str
    public_description: str
    shipped_on: dt.date | None


# The lane, its order and the release are planning, changed by moves (services/roadmap.py,
# services/releases.py); shipped_on follows the status.
EDITABLE = frozenset(
    {
        "title",
        "description",
        "type",
        "status",
        "estimate",
        "owner_id",
        "goal_id",
        "team",
        "public",
        "public_title",
        "public_description",
    }
)


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
    if "team" in fields:
        out["team"] = f.text(fields, "team", max_len=100)
    if "public" in fields:
        if not isinstance(fields["public"], bool):
            raise ValidationFailed("public must be true or false", field="public")
        out["public"] = fields["public"]
    if "public_title" in fields:
        out["public_title"] = f.text(fields, "public_title", max_len=300)
    if "public_description" in fields:
        out["public_description"] = f.text(fields, "public_description", max_len=20_000)
    return out


def shipped_on(
    before: ItemStatus, after: ItemStatus, current: dt.date | None, today: dt.date
) -> dt.date | None:
    """The ship date after a status change: set on reaching done, cleared when reopened."""
    if after is ItemStatus.DONE:
        return current if before is ItemStatus.DONE and current is not None else today
    return None


def check_transition(current: ItemStatus, target: ItemStatus) -> None:
    """Refuse a status change the workflow does not allow."""
    if target != current and target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current]))
        raise ValidationFailed(
            f"an item cannot move from {current.value} to {target.value} (allowed: {allowed})",
            field="status",
        )
