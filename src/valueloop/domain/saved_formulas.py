"""A product's saved custom formulas: a name, the current text, and every earlier version kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed

FIELDS = frozenset({"name", "description", "text"})


@dataclass(frozen=True, slots=True)
class SavedFormula:
    """A formula as saved; `revision` counts its text versions (1 for the first text)."""

    id: int
    product_id: int
    name: str
    description: str
    text: str
    revision: int
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int

    @property
    def label(self) -> str:
        """How scores and calibration name it: the name and the text version."""
        return f"{self.name} v{self.revision}"


@dataclass(frozen=True, slots=True)
class FormulaVersion:
    """One text a formula had; scores snapshotted with it can be traced to it."""

    id: int
    formula_id: int
    revision: int
    text: str
    created_by: int | None
    created_at: dt.datetime


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized name, description and text (the text is checked by compiling it, elsewhere)."""
    f.reject_unknown(fields, FIELDS)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=100, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=2000)
    if creating or "text" in fields:
        text = fields.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValidationFailed("formula is empty", field="formula")
        out["text"] = text.strip()
    return out
