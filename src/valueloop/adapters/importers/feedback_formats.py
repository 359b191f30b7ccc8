"""The feedback formats valueloop reads, by name: a file (or uploaded bytes) to draft notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from valueloop.adapters.importers import (
    app_store,
    feedback_mapping,
    intercom,
    interviews,
    text_files,
    zendesk,
)
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback_imports import ColumnMapping, NoteDraft


class Format(StrEnum):
    """A feedback file's format."""

    CSV = "csv"
    JSONL = "jsonl"
    ZENDESK = "zendesk"
    INTERCOM = "intercom"
    APP_STORE = "app-store"
    INTERVIEWS = "interviews"


DEFAULT_SOURCE = {
    Format.CSV: "csv",
    Format.JSONL: "jsonl",
    Format.ZENDESK: zendesk.SOURCE,
    Format.INTERCOM: intercom.SOURCE,
    Format.APP_STORE: app_store.SOURCE,
    Format.INTERVIEWS: interviews.SOURCE,
}


@dataclass(frozen=True, slots=True)
class NoteFile:
    """A file's notes (streamed for CSV and JSON Lines) and how many rows it holds."""

    name: str
    drafts: Iterable[NoteDraft]
    total: int


def read(
    format: Format | str,
    path: Path | str,
    *,
    mapping: ColumnMapping | None = None,
    source: str | None = None,
    data: bytes | None = None,
) -> NoteFile:
    """The notes of the file at `path` (or of uploaded `data` named `path`)."""
    kind = Format(format)
    chosen = source or DEFAULT_SOURCE[kind]
    name = Path(path).name
    if mapping is not None and mapping.columns and kind not in (Format.CSV, Format.JSONL):
        raise ValidationFailed(
            f"a column mapping applies to csv and jsonl files, not {kind.value}", field="mapping"
        )
    columns = mapping or ColumnMapping({})
    if kind is Format.APP_STORE:
        text = app_store.decode(data, name) if data is not None else None
        drafts = app_store.read(path, source=chosen, text=text)
        return NoteFile(name, drafts, len(drafts))
    text = text_files.decode(data, name) if data is not None else None
    if kind is Format.CSV:
        total = feedback_mapping.count_csv(path, text)
        return NoteFile(
            name, feedback_mapping.read_csv(path, columns, source=chosen, text=text), total
        )
    if kind is Format.JSONL:
        total = feedback_mapping.count_jsonl(path, text)
        return NoteFile(
            name, feedback_mapping.read_jsonl(path, columns, source=chosen, text=text), total
        )
    if kind is Format.INTERVIEWS:
        found = (
            [interviews.parse(name, text, source=chosen)]
            if text is not None
            else interviews.read([path], source=chosen)
        )
        return NoteFile(name, found, len(found))
    reader = zendesk.read if kind is Format.ZENDESK else intercom.read
    drafts = reader(path, source=chosen, text=text)
    return NoteFile(name, drafts, len(drafts))
