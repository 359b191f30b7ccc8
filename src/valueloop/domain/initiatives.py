"""Initiatives: the actionable steps toward a goal (features, partnerships, campaigns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.backlog import ItemStatus
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.products import LifecycleStage


class InitiativeKind(StrEnum):
    FEATURE = "feature"
    PARTNERSHIP = "partnership"
    CAMPAIGN = "campaign"
    PLATFORM = "platform"
    OTHER = "other"


class InitiativeStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class Initiative:
    id: int
    product_id: int
    goal_id: int | None
    title: str
    description: str
    kind: InitiativeKind
    status: InitiativeStatus
    owner_id: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    budget: float | None
    stage: LifecycleStage | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class Progress:
    """An initiative's progress rolled up from its items (by estimate when every item has one)."""

    items: int
    done: int
    share_done: float | None
    weighted_by: str
    spend: float
    budget: float | None
    budget_used: float | None


EDITABLE = frozenset(
    {
        "goal_id",
        "title",
        "description",
        "kind",
        "status",
        "owner_id",
        "start_date",
        "end_date",
        "budget",
        "stage",
    }
)


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized initiative fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=300, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=10_000)
    for name, kind, default in (
        ("kind", InitiativeKind, InitiativeKind.FEATURE),
        ("status", InitiativeStatus, InitiativeStatus.PLANNED),
    ):
        if name in fields:
            out[name] = f.choice(fields[name], name, kind)
        elif creating:
            out[name] = default
    for name in ("start_date", "end_date"):
        if fields.get(name) is not None:
            out[name] = f.date(fields[name], name)
        elif name in fields or creating:
            out[name] = None
    start, end = out.get("start_date"), out.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        raise ValidationFailed("end_date is before start_date", field="end_date")
    if fields.get("budget") is not None:
        out["budget"] = f.number(fields["budget"], "budget", minimum=0)
    elif "budget" in fields or creating:
        out["budget"] = None
    if fields.get("stage") is not None:
        out["stage"] = f.choice(fields["stage"], "stage", LifecycleStage)
    elif "stage" in fields or creating:
        out["stage"] = None
    for name in ("goal_id", "owner_id"):
        if name in fields:
            out[name] = fields[name]
        elif creating:
            out[name] = None
    return out


def progress(
    items: Iterable[tuple[ItemStatus, float | None]], spend: float, budget: float | None
) -> Progress:
    """Share of the initiative's work that is done: by estimate if all items are estimated."""
    rows = [(status, estimate) for status, estimate in items if status != ItemStatus.REJECTED]
    done = [row for row in rows if row[0] == ItemStatus.DONE]
    if rows and all(estimate is not None for _, estimate in rows):
        total = sum(estimate or 0.0 for _, estimate in rows)
        share = sum(estimate or 0.0 for _, estimate in done) / total if total else None
        weighted_by = "estimate"
    else:
        share = len(done) / len(rows) if rows else None
        weighted_by = "count"
    return Progress(
        items=len(rows),
        done=len(done),
        share_done=share,
        weighted_by=weighted_by,
        spend=spend,
        budget=budget,
        budget_used=spend / budget if budget else None,
    )


@dataclass(frozen=True, slots=True)
class InitiativeItem:
    """A backlog item counted toward an initiative (an item belongs to at most one)."""

    id: int
    initiative_id: int
    item_id: int
    created_at: dt.datetime
