"""Competitors, the capabilities compared, and the matrix of who offers what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
