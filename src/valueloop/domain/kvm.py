"""The Key Value Measure catalogue: the EBM example measures as data, with how each is computed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.goals import Direction, KeyValueArea, MeasureKind

_SOURCES = ("manual", "survey", "finance", "feedback", "delivery", "usage", "experiments")


@dataclass(frozen=True, slots=True)
class KvmDefinition:
    """One catalogue entry: what the measure means and where its numbers come from."""

    key: str
    name: str
    kva: KeyValueArea
    definition: str
    unit: str
    direction: Direction
    kind: MeasureKind
    computed_by: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    measures: tuple[KvmDefinition, ...]

    def get(self, key: str) -> KvmDefinition | None:
        return next((m for m in self.measures if m.key == key), None)

    def by_area(self, kva: KeyValueArea) -> list[KvmDefinition]:
        return [m for m in self.measures if m.kva == kva]


def definition(entry: Mapping[str, object], where: str) -> KvmDefinition:
    """One entry checked; errors name the entry (`where`) and the field."""
    try:
        key = f.text(entry, "key", max_len=60, required=True)
        computed_by = f.text(entry, "computed_by", max_len=80) or "manual"
        if computed_by.split(":", 1)[0] not in _SOURCES:
            raise ValidationFailed(
                f"computed_by must start with one of: {', '.join(_SOURCES)}", field="computed_by"
            )
        return KvmDefinition(
            key=key,
            name=f.text(entry, "name", max_len=200, required=True),
            kva=f.choice(entry.get("kva"), "kva", KeyValueArea),
            definition=f.text(entry, "definition", max_len=2000),
            unit=f.text(entry, "unit", max_len=40),
            direction=f.choice(entry.get("direction"), "direction", Direction),
            kind=f.choice(entry.get("kind"), "kind", MeasureKind),
            computed_by=computed_by,
        )
    except ValidationFailed as error:
        raise ValidationFailed(f"{where}: {error.message}", field=error.field) from None


def parse(data: Mapping[str, object]) -> Catalogue:
    """A catalogue from its parsed file: a version and a list of measures with unique keys."""
    version = f.text(data, "version", max_len=40, required=True)
    entries = data.get("measure")
    if not isinstance(entries, list) or not entries:
        raise ValidationFailed("the catalogue lists no [[measure]] entries", field="measure")
    measures: list[KvmDefinition] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValidationFailed(f"measure #{index} is not a table", field="measure")
        item = definition(entry, f"measure #{index}")
        if item.key in seen:
            raise ValidationFailed(f"measure #{index}: key {item.key} appears twice", field="key")
        seen.add(item.key)
        measures.append(item)
    return Catalogue(version=version, measures=tuple(measures))
