"""Themes: clusters of notes with readable labels, their members, and stored note vectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Theme:
    """A cluster of notes: an editable label, distinctive terms, representative notes."""

    id: int
    product_id: int | None
    label: str
    label_edited: bool
    terms: Any
    representatives: Any
    size: int
    centroid: bytes | None
    embedder: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class ThemeMember:
    """A note's place in a theme, with its similarity to the theme's centroid."""

    id: int
    theme_id: int
    note_id: int
    similarity: float
    pinned: bool
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class NoteVector:
    """A note's embedding, with the embedder that made it and the hash of the text."""

    note_id: int
    embedder: str
    dim: int
    vector: bytes
    text_hash: str
    created_at: dt.datetime
