"""Role-matrix cases of the prioritization views added beside the scores: value vs effort."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P
from tests.api.world import World


def setup(world: World) -> dict[str, Any]:
    """Nothing of its own: the grid reads the world's items (other tests own their estimates)."""
    return {}


CASES: list[Case] = [
    Case("GET", "/products/{product_id}/quadrants", P, (A.VIEW,)),
]
