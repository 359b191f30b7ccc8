"""Synthesis of a product's feedback: stored vectors, themes, duplicates and link suggestions.

A run has three phases, each in short transactions so that a job page sees progress and the
workspace stays usable meanwhile:
1. Embedding: notes whose text or embedder changed since their vector was stored are embedded
   in batches; each batch is stored in its own transaction.
2. Themes: a full run clusters all notes and carries old themes on by member overlap (ids and
   edited labels survive); an incremental run lets notes without a theme join the nearest
   theme when they fall within its radius (services/themes.py).
3. Suggestions: near-duplicate pairs, and for each note the nearest items and opportunities.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.jobs import BackgroundJob
from valueloop.domain.roles import Action, Principal
from valueloop.domain.themes import (
    Clustering,
    Corpus,
    ThemeStatus,
    embedding_text,
    text_hash,
    vector_bytes,
    vector_of,
)
from valueloop.services import changes, jobs, suggestions, themes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

BATCH = 256
JOB_KIND = "synthesis"
Progress = Callable[[str, int, int], None]


class Synthesizer(Protocol):
    """The port to the offline engine (adapters/synthesis/synthesizer.py)."""

    @property
    def name(self) -> str:
        """Names the embedder; a stored vector is reused only under the same name."""
        ...

    @property
    def stable(self) -> bool:
        """Whether vectors of separate runs are comparable (False: re-embed on each run)."""
        ...

    def begin_run(self, corpus: Sequence[str]) -> None: ...

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]: ...

    def cluster(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> Clustering: ...

    def duplicates(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> list[list[int]]: ...


class Mode(StrEnum):
    AUTO = "auto"  # incremental when the product has themes from the same embedder, else full
    FULL = "full"
    INCREMENTAL = "incremental"


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did."""

    mode: str
    features: str
    notes: int
    embedded: int
    themes: int
    new_themes: int
    retired_themes: int
    themed: int
    joined: int
    duplicates: int
    suggestions: int
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def start_run(
    uow: UnitOfWork, actor: Principal, product_id: int, mode: str = Mode.AUTO
) -> BackgroundJob:
    """Queue a synthesis job for a product (the caller then runs `run_job` somewhere)."""
    _mode(mode)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
    return jobs.queue_job(uow, actor, JOB_KIND, product_id, f"{mode} synthesis queued")


def run_job(
    uow: UnitOfWork,
    actor: Principal,
    synthesizer: Synthesizer,
    job_id: int,
    mode: str = Mode.AUTO,
    *,
    also: Progress | None = None,
    fresh_uow: Callable[[], UnitOfWork] | None = None,
) -> BackgroundJob:
    """Run a queued synthesis job to the end (in a thread of the server, or in the CLI);
    `fresh_uow` lets the job beat while clustering reports nothing (see jobs.run_job)."""
    with uow:
        product_id = uow.jobs.require(job_id).product_id
    if product_id is None:
        raise ValidationFailed("a synthesis job belongs to a product", field="product_id")
    return jobs.run_job(
        uow,
        job_id,
        lambda progress: synthesize(
            uow, actor, synthesizer, product_id, mode, progress=progress
        ).as_dict(),
        also=also,
        fresh_uow=fresh_uow,
    )


def synthesize(
    uow: UnitOfWork,
    actor: Principal,
    synthesizer: Synthesizer,
    product_id: int,
    mode: str = Mode.AUTO,
    *,
    progress: Progress | None = None,
) -> Summary:
    """Embed what changed, then build (full) or grow (incremental) themes and suggestions."""
    wanted = _mode(mode)
    report = progress or (lambda step, done, total: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
        current = uow.themes.list(
            {"product_id": product_id, "status": ThemeStatus.ACTIVE.value}
        ).items
    can_grow = bool(current) and synthesizer.stable
    can_grow = can_grow and all(theme.embedder == synthesizer.name for theme in current)
    if wanted is Mode.INCREMENTAL and not can_grow:
        raise ValidationFailed(
            "this product has no themes from the current embedder yet; run a full synthesis",
            field="mode",
        )
    full = wanted is Mode.FULL or (wanted is Mode.AUTO and not can_grow)
    corpus = embed_notes(uow, synthesizer, product_id, report)
    seconds["embedding"] = _lap(started)
    started = time.perf_counter()
    report("finding themes", 0, 1)
    if full:
        clustering = synthesizer.cluster(corpus.texts, corpus.vectors)
        outcome = themes.replace_themes(
            uow, actor, product_id, synthesizer.name, corpus, clustering
        )
        groups = clustering.duplicates
    else:
        outcome = themes.grow_themes(uow, product_id, corpus)
        groups = synthesizer.duplicates(corpus.texts, corpus.vectors) if corpus.notes else []
    seconds["themes"] = _lap(started)
    started = time.perf_counter()
    report("suggesting links and duplicates", 1, 2)
    proposed = suggestions.propose(uow, synthesizer, product_id, corpus, groups)
    seconds["suggestions"] = _lap(started)
    report("done", 2, 2)
    return Summary(
        mode=Mode.FULL.value if full else Mode.INCREMENTAL.value,
        features=synthesizer.name,
        notes=len(corpus.notes),
        embedded=corpus.embedded,
        themes=outcome.themes,
        new_themes=outcome.created,
        retired_themes=outcome.retired,
        themed=outcome.themed,
        joined=outcome.joined,
        duplicates=proposed.duplicates,
        suggestions=proposed.links,
        seconds=seconds,
    )


def embed_notes(
    uow: UnitOfWork, synthesizer: Synthesizer, product_id: int, report: Progress
) -> Corpus:
    """The product's notes (merged duplicates left out) with vectors, embedding what changed."""
    with uow:
        notes = uow.notes.list(
            {"product_id": product_id, "duplicate_of_id": None}, order_by=("id",)
        ).items
        stored = uow.note_vectors.for_notes([n.id for n in notes])
    texts = [embedding_text(note.title, note.text) for note in notes]
    hashes = [text_hash(text) for text in texts]
    if not synthesizer.stable:
        synthesizer.begin_run(texts)
    vectors: dict[int, NDArray[np.float32]] = {}
    todo: list[int] = []
    for position, note in enumerate(notes):
        vector = stored.get(note.id)
        reusable = synthesizer.stable and vector is not None
        if (
            reusable
            and vector is not None
            and (vector.embedder, vector.text_hash)
            == (
                synthesizer.name,
                hashes[position],
            )
        ):
            vectors[note.id] = vector_of(vector.vector, vector.dim)
        else:
            todo.append(position)
    report("embedding notes", 0, len(todo))
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        embedded = synthesizer.embed([texts[i] for i in batch])
        rows = []
        for position, vector in zip(batch, embedded, strict=True):
            vectors[notes[position].id] = vector
            rows.append(
                {
                    "note_id": notes[position].id,
                    "embedder": synthesizer.name,
                    "dim": len(vector),
                    "vector": vector_bytes(vector),
                    "text_hash": hashes[position],
                    "created_at": changes.now(),
                }
            )
        with uow:
            uow.note_vectors.save_many(rows)
            uow.commit()
        report("embedding notes", min(start + BATCH, len(todo)), len(todo))
    matrix = (
        np.vstack([vectors[note.id] for note in notes]).astype(np.float32)
        if notes
        else np.zeros((0, 1), dtype=np.float32)
    )
    return Corpus(notes=notes, texts=texts, vectors=matrix, embedded=len(todo))


def _mode(mode: str) -> Mode:
    try:
        return Mode(mode)
    except ValueError:
        raise ValidationFailed(
            f"mode must be one of {', '.join(m.value for m in Mode)}", field="mode"
        ) from None


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 3)
