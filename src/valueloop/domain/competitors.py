"""Competitors, the capabilities compared, and the matrix of who offers what.

Each capability has the product's own level and each competitor's, on one scale from 0 (none)
to 3 (best in class). A gap is a capability where some competitor is better than the product;
a differentiator one where the product is better than every competitor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from urllib.parse import urlsplit

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class Level(IntEnum):
    """How well a product offers a capability."""

    NONE = 0
    BASIC = 1
    GOOD = 2
    BEST = 3

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.NONE: "none",
    Level.BASIC: "basic",
    Level.GOOD: "good",
    Level.BEST: "best in class",
}


class Standing(StrEnum):
    """Where the product stands on one capability against the competitors rated on it."""

    GAP = "gap"  # at least one competitor is better
    PARITY = "parity"  # the best competitor is exactly as good
    DIFFERENTIATOR = "differentiator"  # better than every competitor rated
    UNCOMPARED = "uncompared"  # no competitor is rated on it yet


@dataclass(frozen=True, slots=True)
class Competitor:
    """Another product customers could choose."""

    id: int
    product_id: int
    name: str
    website: str
    description: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class Capability:
    """A capability compared across products, with the product's own level."""

    id: int
    product_id: int
    name: str
    description: str
    own_level: int
    opportunity_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class CompetitorCapability:
    """How well a competitor offers a capability."""

    id: int
    competitor_id: int
    capability_id: int
    level: int
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


COMPETITOR_EDITABLE = frozenset({"name", "website", "description"})
CAPABILITY_EDITABLE = frozenset({"name", "description", "own_level", "opportunity_id"})
CELL_EDITABLE = frozenset({"level", "note"})


def level(value: object, name: str) -> Level:
    """A level from 0 to 3 (a number, or its label: none, basic, good, best)."""
    if isinstance(value, str):
        text = value.strip().lower()
        for member, words in LEVEL_LABELS.items():
            if text in (words, words.split()[0], str(member.value)):
                return member
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3:
        return Level(value)
    raise ValidationFailed(
        f"{name} must be 0 (none), 1 (basic), 2 (good) or 3 (best in class)", field=name
    )


def validate_competitor(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized competitor fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, COMPETITOR_EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    if creating or "website" in fields:
        out["website"] = website(f.text(fields, "website", max_len=500))
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=10_000)
    return out


def website(value: str) -> str:
    """An http(s) address ("acme.com" becomes "https://acme.com"); "" stays empty."""
    if not value:
        return ""
    candidate = value if "://" in value else f"https://{value}"
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in candidate:
        raise ValidationFailed("website must be an http(s) address", field="website")
    return candidate


def validate_capability(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized capability fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, CAPABILITY_EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=10_000)
    if "own_level" in fields:
        out["own_level"] = int(level(fields["own_level"], "own_level"))
    elif creating:
        out["own_level"] = int(Level.NONE)
    if "opportunity_id" in fields:
        out["opportunity_id"] = f.reference(fields["opportunity_id"], "opportunity_id")
    elif creating:
        out["opportunity_id"] = None
    return out


def validate_cell(fields: Mapping[str, object]) -> dict[str, object]:
    """A matrix cell's level (required) and note."""
    f.reject_unknown(fields, CELL_EDITABLE)
    if "level" not in fields:
        raise ValidationFailed("level is required", field="level")
    return {
        "level": int(level(fields["level"], "level")),
        "note": f.text(fields, "note", max_len=2000),
    }


@dataclass(frozen=True, slots=True)
class Comparison:
    """One capability against the competitors: who is better, and the verdict."""

    own: Level
    best: Level | None  # the best competitor's level; None when nobody is rated
    ahead_of_us: tuple[int, ...]  # competitor ids better than the product
    standing: Standing

    @property
    def gap(self) -> int:
        """How many levels the best competitor is ahead (0 when it is not)."""
        return max(int(self.best) - int(self.own), 0) if self.best is not None else 0


def compare(own: int, rated: Sequence[tuple[int, int]]) -> Comparison:
    """The product's `own` level against (competitor id, level) pairs of the rated competitors."""
    mine = Level(own)
    ahead = tuple(cid for cid, lvl in rated if lvl > mine)
    best = Level(max(lvl for _, lvl in rated)) if rated else None
    if best is None:
        standing = Standing.UNCOMPARED
    elif ahead:
        standing = Standing.GAP
    elif best == mine:
        standing = Standing.PARITY
    else:
        standing = Standing.DIFFERENTIATOR
    return Comparison(own=mine, best=best, ahead_of_us=ahead, standing=standing)
