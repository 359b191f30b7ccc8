"""The decision log: what was decided, the options, why, by whom, and the evidence seen then."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from valueloop.domain import fields as f
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    product_id: int
    title: str
    decision: str
    options: list[str]
    rationale: str
    decided_by: int | None
    decided_at: dt.datetime
    evidence: dict[str, Any]
    record_type: RecordType | None
    record_id: int | None
    created_at: dt.datetime


FIELDS = frozenset(
    {"title", "decision", "options", "rationale", "evidence", "record_type", "record_id"}
)
MAX_EVIDENCE_BYTES = 200_000


def validate(fields: Mapping[str, object]) -> dict[str, object]:
    """Normalized decision fields; decisions are append-only, so this is for creation."""
    f.reject_unknown(fields, FIELDS)
    out: dict[str, object] = {
        "title": f.text(fields, "title", max_len=300, required=True),
        "decision": f.text(fields, "decision", max_len=4000, required=True),
        "rationale": f.text(fields, "rationale", max_len=10_000),
    }
    options = fields.get("options") or []
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise ValidationFailed("options must be a list of texts", field="options")
    out["options"] = [o.strip() for o in options if o.strip()]
    evidence = fields.get("evidence") or {}
    if not isinstance(evidence, dict):
        raise ValidationFailed("evidence must be a JSON object", field="evidence")
    try:
        size = len(json.dumps(evidence, default=str))
    except (TypeError, ValueError):
        raise ValidationFailed("evidence must be JSON", field="evidence") from None
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationFailed("evidence snapshot is larger than 200 kB", field="evidence")
    out["evidence"] = evidence
    record_type = fields.get("record_type")
    out["record_type"] = f.choice(record_type, "record_type", RecordType) if record_type else None
    out["record_id"] = fields.get("record_id")
    if (out["record_type"] is None) != (out["record_id"] is None):
        raise ValidationFailed("record_type and record_id go together", field="record_id")
    return out
