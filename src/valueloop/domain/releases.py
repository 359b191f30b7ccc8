"""Releases and milestones on a product's roadmap timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class ReleaseKind(StrEnum):
    RELEASE = "release"
    MILESTONE = "milestone"


class ReleaseStatus(StrEnum):
    PLANNED = "planned"
    RELEASED = "released"


@dataclass(frozen=True, slots=True)
class Release:
    """A release or milestone with a target date."""

    id: int
    product_id: int
    name: str
    kind: ReleaseKind
    target_date: dt.date | None
    released_on: dt.date | None
    status: ReleaseStatus
    description: str
    goal_id: int | None
    initiative_id: int | None
    public: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


EDITABLE = frozenset(
    {
        "name",
        "kind",
        "target_date",
        "released_on",
        "status",
        "description",
        "goal_id",
        "initiative_id",
        "public",
    }
)


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized release fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=10_000)
    if "kind" in fields:
        out["kind"] = f.choice(fields["kind"], "kind", ReleaseKind)
    elif creating:
        out["kind"] = ReleaseKind.RELEASE
    if "status" in fields:
        out["status"] = f.choice(fields["status"], "status", ReleaseStatus)
    elif creating:
        out["status"] = ReleaseStatus.PLANNED
    for name in ("target_date", "released_on"):
        if fields.get(name) is not None:
            out[name] = f.date(fields[name], name)
        elif name in fields or creating:
            out[name] = None
    for name in ("goal_id", "initiative_id"):
        if name in fields:
            out[name] = f.reference(fields[name], name)
        elif creating:
            out[name] = None
    if "public" in fields:
        if not isinstance(fields["public"], bool):
            raise ValidationFailed("public must be true or false", field="public")
        out["public"] = fields["public"]
    elif creating:
        out["public"] = False
    return out


def settle(values: dict[str, object], current: Release | None, today: dt.date) -> None:
    """Keep status and release date together: released gets a date (today if none given),
    planned has none."""
    status = values.get("status", current.status if current else ReleaseStatus.PLANNED)
    released_on = values.get("released_on", current.released_on if current else None)
    if status == ReleaseStatus.RELEASED and released_on is None:
        values["released_on"] = today
    elif status == ReleaseStatus.PLANNED and released_on is not None:
        if "released_on" in values and values["released_on"] is not None:
            raise ValidationFailed(
                "a planned release has no release date; set status to released",
                field="released_on",
            )
        values["released_on"] = None


def label(release: Release) -> str:
    """ "Name (milestone, 2025-03-31)" for lists and exports."""
    when = release.target_date.isoformat() if release.target_date else "no date"
    return f"{release.name} ({release.kind.value}, {when})"
