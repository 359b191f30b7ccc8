"""Role-matrix cases and world records per product area, one module each.

An area module defines `setup(world) -> dict[str, Any]` (records it needs, by path parameter
name, added to `World.ids()`) and `CASES` (reads first, then creations, changes and removals of
its own records). List it in AREAS.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.api.cases import Case
    from tests.api.world import World

AREAS: tuple[str, ...] = (
    "prioritization",
    "jtbd",
    "portal",
    "inbox",
    "ost",
    "roadmap",
    "importers",
    "synthesis",
)


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"tests.api.areas.{name}") for name in AREAS]


def area_cases() -> list[Case]:
    return [case for module in modules() for case in module.CASES]


def setup_areas(world: World) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    for module in modules():
        ids.update(module.setup(world))
    return ids
