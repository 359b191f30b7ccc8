"""Themes: clusters of notes with readable labels, their members, and stored note vectors."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.surveys import Period, period_start


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


class ThemeStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"  # a full run found no cluster that carries it on


EDITABLE = frozenset({"label"})
MAX_LABEL = 200
MIN_THEME_SIZE = 3
"""Clusters smaller than this are noise, not themes: their notes stay unthemed."""


def validate(fields: Mapping[str, object]) -> dict[str, object]:
    """Normalized theme fields (only the label is edited by people), or ValidationFailed."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if "label" in fields:
        out["label"] = f.text(fields, "label", max_len=MAX_LABEL, required=True)
    return out


@dataclass(frozen=True, slots=True, eq=False)
class ThemeDraft:
    """A cluster found by a run: member positions, their cosine to the centroid, its label."""

    members: tuple[int, ...]
    similarities: tuple[float, ...]
    label: str
    terms: tuple[tuple[str, float], ...]
    representatives: tuple[int, ...]
    centroid: NDArray[np.float32]


@dataclass(frozen=True, slots=True, eq=False)
class Corpus:
    """A product's notes in id order with their embedding texts and unit vectors."""

    notes: list[FeedbackNote]
    texts: list[str]
    vectors: NDArray[np.float32]
    embedded: int  # how many of them this run had to embed


@dataclass(frozen=True, slots=True, eq=False)
class Clustering:
    """What a full run finds among notes 0..n−1: near-duplicate groups and themes."""

    duplicates: list[list[int]]
    themes: list[ThemeDraft]


def embedding_text(title: str, text: str) -> str:
    """The text a note is embedded from: its title (when it has one) and its body."""
    return f"{title.strip()}\n{text.strip()}".strip()


def text_hash(text: str) -> str:
    """The hex SHA-256 of a text, to tell when a stored vector no longer matches its note."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def vector_bytes(vector: NDArray[np.floating]) -> bytes:
    """A vector as little-endian float32 bytes, the way note_vectors and themes store it."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_of(data: bytes, dim: int | None = None) -> NDArray[np.float32]:
    """The float32 vector stored as bytes; ValidationFailed when its length is not `dim`."""
    vector = np.frombuffer(data, dtype="<f4").astype(np.float32)
    if dim is not None and len(vector) != dim:
        raise ValidationFailed(f"stored vector has {len(vector)} numbers, not {dim}", field="dim")
    return vector


def trend_points(
    note_dates: Sequence[dt.date], period: Period, today: dt.date, periods: int
) -> list[tuple[dt.date, int]]:
    """Notes per period for the last `periods` periods up to `today`, zeros included."""
    if periods < 1:
        raise ValidationFailed("at least one period is needed", field="periods")
    starts = [period_start(today, period)]
    while len(starts) < periods:
        starts.append(period_start(starts[-1] - dt.timedelta(days=1), period))
    starts.reverse()
    counts = Counter(period_start(day, period) for day in note_dates)
    return [(start, counts.get(start, 0)) for start in starts]
