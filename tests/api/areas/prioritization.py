"""Role-matrix cases of the prioritization views added beside the scores: value vs effort, and
saving the product's value-vs-effort grid in its scoring settings."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P
from tests.api.world import World


def setup(world: World) -> dict[str, Any]:
    """Nothing of its own: the grid reads the world's items (other tests own their estimates)."""
    return {}


CASES: list[Case] = [
    Case("GET", "/products/{product_id}/quadrants", P, (A.VIEW,)),
    Case(
        "PUT",
        "/products/{product_id}/scoring-settings",
        P,
        (A.RANK_BACKLOG,),
        body=lambda w: {"quadrant_value": "value * 2", "quadrant_effort_threshold": 3},
        label="saved grid",
    ),
    Case(
        "PUT",
        "/products/{product_id}/scoring-settings",
        P,
        (A.RANK_BACKLOG,),
        body=lambda w: {"quadrant_value": None, "quadrant_effort_threshold": None},
        label="grid reset",
    ),
]
