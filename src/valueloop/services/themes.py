"""Themes of a product: stored by synthesis runs, read with their trend, curated by people.

Incremental rule: a note without a theme joins the nearest active theme when its cosine
distance to the theme's centroid is within the theme's radius, the distance within which 90 %
of the theme's members lie (domain/synthesis.py RADIUS_QUANTILE, computed from the members'
stored similarities). Otherwise it stays unthemed until the next full run. A person's choices
win over the clustering: a moved note is pinned to its theme, a removed one is never put back
into that theme, and an edited label is kept when a full run carries the theme on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from valueloop.domain import themes as rules
from valueloop.domain.audit import diff
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.roles import Action, Principal
from valueloop.domain.suggestions import SuggestionKind, SuggestionStatus
from valueloop.domain.surveys import Period
from valueloop.domain.synthesis import assign_nearest, match_themes, normalize_rows, theme_radius
from valueloop.domain.themes import (
    MIN_THEME_SIZE,
    Clustering,
    Corpus,
    Theme,
    ThemeMember,
    ThemeStatus,
    vector_bytes,
    vector_of,
)
from valueloop.services import changes
from valueloop.services.records import of_product, require_visible
from valueloop.services.unit_of_work import UnitOfWork

ACTIVE = ThemeStatus.ACTIVE.value


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a run did to the themes."""

    themes: int
    created: int
    retired: int
    themed: int
    joined: int


@dataclass(frozen=True, slots=True)
class ThemeView:
    """A theme with its trend (notes per period, oldest first) and representative notes."""

    theme: Theme
    trend: list[tuple[dt.date, int]]
    representatives: list[FeedbackNote]


@dataclass(frozen=True, slots=True)
class Overview:
    """A product's active themes, largest first, and how many of its notes have none."""

    themes: list[ThemeView]
    notes: int
    unthemed: int


def replace_themes(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    embedder: str,
    corpus: Corpus,
    clustering: Clustering,
) -> Outcome:
    """Store a full run's themes, carrying old ones on by member overlap (ids, edited labels)."""
    ids = [note.id for note in corpus.notes]
    drafts = [d for d in clustering.themes if len(d.members) >= MIN_THEME_SIZE]
    with uow:
        old = uow.themes.list({"product_id": product_id, "status": ACTIVE}).items
        old_members: dict[int, list[int]] = {}
        pinned: dict[int, int] = {}
        for theme_id, note_id, _, is_pinned in uow.theme_members.of_product(product_id):
            old_members.setdefault(theme_id, []).append(note_id)
            if is_pinned:
                pinned[note_id] = theme_id
        removed = _removed(uow)
        matched = match_themes(
            [old_members.get(theme.id, []) for theme in old],
            [[ids[i] for i in draft.members] for draft in drafts],
        )
        now, created, theme_ids = changes.now(), 0, []
        for row, draft in enumerate(drafts):
            values: dict[str, object] = {
                "terms": [[term, round(weight, 4)] for term, weight in draft.terms],
                "representatives": [ids[i] for i in draft.representatives],
                "centroid": vector_bytes(draft.centroid),
                "embedder": embedder,
                "status": ACTIVE,
            }
            if row in matched:
                theme = old[matched[row]]
                if not theme.label_edited:
                    values["label"] = draft.label[: rules.MAX_LABEL]
                uow.themes.update(theme.id, None, values)
                theme_ids.append(theme.id)
            else:
                values.update(product_id=product_id, label=draft.label[: rules.MAX_LABEL])
                theme_ids.append(uow.themes.add({**values, "label_edited": False, "size": 0}).id)
                created += 1
        carried = {old[row].id for row in matched.values()}
        keep = carried | set(pinned.values())
        retired = [theme for theme in old if theme.id not in keep]
        for theme in retired:
            uow.themes.update(theme.id, None, {"status": ThemeStatus.RETIRED.value})
        uow.theme_members.delete_unpinned([theme.id for theme in old])
        rows = []
        for theme_id, draft in zip(theme_ids, drafts, strict=True):
            for position, similarity in zip(draft.members, draft.similarities, strict=True):
                note_id = ids[position]
                if note_id in pinned or (note_id, theme_id) in removed:
                    continue
                rows.append(
                    {
                        "theme_id": theme_id,
                        "note_id": note_id,
                        "similarity": round(float(similarity), 5),
                        "pinned": False,
                        "added_at": now,
                    }
                )
        uow.theme_members.add_many(rows)
        sizes = resize(uow, [theme.id for theme in old] + theme_ids)
        active = set(theme_ids) | set(pinned.values())
        changes.logged(
            uow,
            actor,
            "product",
            product_id,
            "synthesize",
            {"themes": [len(old), len(active)], "retired": [None, len(retired)]},
        )
        uow.commit()
    return Outcome(len(active), created, len(retired), sum(sizes[t] for t in active), 0)


def grow_themes(uow: UnitOfWork, product_id: int, corpus: Corpus) -> Outcome:
    """Let notes without a theme join the nearest theme whose radius they fall within."""
    with uow:
        current = [
            theme
            for theme in uow.themes.list({"product_id": product_id, "status": ACTIVE}).items
            if theme.centroid is not None
        ]
        similarities: dict[int, list[float]] = {}
        themed: set[int] = set()
        for theme_id, note_id, similarity, _ in uow.theme_members.of_product(product_id):
            similarities.setdefault(theme_id, []).append(similarity)
            themed.add(note_id)
        removed = _removed(uow)
        waiting = [i for i, note in enumerate(corpus.notes) if note.id not in themed]
        if not current or not waiting:
            return Outcome(len(current), 0, 0, len(themed), 0)
        centroids = np.vstack([vector_of(theme.centroid or b"") for theme in current])
        if centroids.shape[1] != corpus.vectors.shape[1]:
            raise ValidationFailed(
                "the themes were built from other vectors; run a full synthesis", field="mode"
            )
        radii = np.array([theme_radius(np.asarray(similarities.get(t.id, []))) for t in current])
        rows, sims = assign_nearest(corpus.vectors[waiting], centroids, radii)
        now, joined = changes.now(), 0
        added: dict[int, list[int]] = {}
        for position, row, similarity in zip(waiting, rows, sims, strict=True):
            note_id = corpus.notes[position].id
            if row < 0 or (note_id, current[row].id) in removed:
                continue
            added.setdefault(int(row), []).append(position)
            uow.theme_members.add(
                {
                    "theme_id": current[row].id,
                    "note_id": note_id,
                    "similarity": round(float(similarity), 5),
                    "pinned": False,
                    "added_at": now,
                }
            )
            joined += 1
        for row, positions in added.items():
            theme = current[row]
            before = len(similarities.get(theme.id, []))
            total = centroids[row] * before + corpus.vectors[positions].sum(axis=0)
            centroid = vector_bytes(normalize_rows(total[None, :])[0])
            uow.themes.update(theme.id, None, {"centroid": centroid})
        resize(uow, [current[row].id for row in added])
        uow.commit()
    return Outcome(len(current), 0, 0, len(themed) + joined, joined)


def overview(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    period: Period = Period.MONTH,
    periods: int = 12,
) -> Overview:
    """The product's active themes, largest first, each with its trend and representatives."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        found = uow.themes.list(
            {"product_id": product_id, "status": ACTIVE}, order_by=("-size", "id")
        ).items
        views = _views(uow, found, period, periods)
        notes = uow.notes.count({"product_id": product_id, "duplicate_of_id": None})
        themed = sum(theme.size for theme in found)
    return Overview(views, notes, max(notes - themed, 0))


def theme_detail(
    uow: UnitOfWork,
    actor: Principal,
    theme_id: int,
    *,
    period: Period = Period.MONTH,
    periods: int = 12,
    limit: int = 100,
    offset: int = 0,
) -> tuple[ThemeView, list[tuple[ThemeMember, FeedbackNote]], int]:
    """A theme with one page of its members (closest to the centroid first) and their count."""
    with uow:
        theme = _visible(uow, actor, theme_id)
        view = _views(uow, [theme], period, periods)[0]
        page = uow.theme_members.list(
            {"theme_id": theme_id}, order_by=("-pinned", "-similarity"), limit=limit, offset=offset
        )
        notes = _notes(uow, [member.note_id for member in page.items])
        members = [(m, notes[m.note_id]) for m in page.items if m.note_id in notes]
        return view, members, page.total


def update_theme(
    uow: UnitOfWork, actor: Principal, theme_id: int, version: int, fields: dict[str, object]
) -> ThemeView:
    """Rename a theme; an edited label survives later full runs. The renamed theme's view."""
    values = rules.validate(fields)
    with uow:
        before = _visible(uow, actor, theme_id)
        actor.require(Action.RECORD_FEEDBACK, before.product_id)
        if "label" in values:
            values["label_edited"] = True
        after = uow.themes.update(theme_id, version, values)
        changes.logged(
            uow,
            actor,
            "theme",
            theme_id,
            "update",
            diff({"label": before.label}, {"label": after.label}),
        )
        view = _views(uow, [after], Period.MONTH, 12)[0]
        uow.commit()
        return view


def move_note(
    uow: UnitOfWork, actor: Principal, note_id: int, theme_id: int
) -> tuple[ThemeMember, FeedbackNote]:
    """Put a note in a theme by hand (pinned: later runs leave it there); its place and note."""
    with uow:
        theme = _visible(uow, actor, theme_id)
        actor.require(Action.RECORD_FEEDBACK, theme.product_id)
        note = of_product(uow.notes, note_id, theme.product_id, "note", "note_id")
        if theme.status != ACTIVE:
            raise ValidationFailed("the theme was retired by a full run", field="theme_id")
        before = uow.theme_members.list({"note_id": note_id}).items
        for member in before:
            uow.theme_members.delete(member.id)
        member = uow.theme_members.add(
            {
                "theme_id": theme_id,
                "note_id": note_id,
                "similarity": _similarity(uow, note_id, theme),
                "pinned": True,
                "added_at": changes.now(),
            }
        )
        resize(uow, [theme_id, *(m.theme_id for m in before)])
        changes.logged(uow, actor, "theme", theme_id, "add note", {"note_id": [None, note_id]})
        uow.commit()
        return member, note


def remove_note(uow: UnitOfWork, actor: Principal, theme_id: int, note_id: int) -> None:
    """Take a note out of a theme; no later run puts it back into that theme."""
    with uow:
        theme = _visible(uow, actor, theme_id)
        actor.require(Action.RECORD_FEEDBACK, theme.product_id)
        members = uow.theme_members.list({"theme_id": theme_id, "note_id": note_id}).items
        if not members:
            raise ValidationFailed(f"note {note_id} is not in theme {theme_id}", field="note_id")
        uow.theme_members.delete(members[0].id)
        resize(uow, [theme_id])
        decision = {
            "status": SuggestionStatus.REJECTED.value,
            "decided_by": actor.user_id,
            "decided_at": changes.now(),
        }
        kind = SuggestionKind.THEME.value
        known = uow.suggestions.list({"note_id": note_id, "kind": kind, "target_id": theme_id})
        if known.items:
            uow.suggestions.update(known.items[0].id, None, decision)
        else:
            uow.suggestions.add(
                {"note_id": note_id, "kind": kind, "target_id": theme_id, "score": 0.0}
                | decision
                | {"created_at": changes.now()}
            )
        changes.logged(uow, actor, "theme", theme_id, "remove note", {"note_id": [note_id, None]})
        uow.commit()


def resize(uow: UnitOfWork, theme_ids: Iterable[int]) -> dict[int, int]:
    """Within an open unit of work: store each theme's size as the count of its members.

    The one place a theme's size is set, after anything that adds or takes away members.
    """
    sizes: dict[int, int] = {}
    for theme_id in sorted(set(theme_ids)):
        sizes[theme_id] = uow.theme_members.count({"theme_id": theme_id})
        uow.themes.update(theme_id, None, {"size": sizes[theme_id]})
    return sizes


def _visible(uow: UnitOfWork, actor: Principal, theme_id: int) -> Theme:
    theme = uow.themes.require(theme_id)
    require_visible(actor, theme.product_id, "theme", theme_id)
    return theme


def _views(uow: UnitOfWork, found: list[Theme], period: Period, periods: int) -> list[ThemeView]:
    dates = uow.theme_members.dates([theme.id for theme in found])
    wanted = [int(n) for theme in found for n in (theme.representatives or [])]
    notes = _notes(uow, wanted)
    today = changes.now().date()
    return [
        ThemeView(
            theme=theme,
            trend=rules.trend_points(dates.get(theme.id, []), period, today, periods),
            representatives=[
                notes[int(n)] for n in (theme.representatives or []) if int(n) in notes
            ],
        )
        for theme in found
    ]


def _notes(uow: UnitOfWork, note_ids: list[int]) -> dict[int, FeedbackNote]:
    if not note_ids:
        return {}
    return {note.id: note for note in uow.notes.list({"id": sorted(set(note_ids))}).items}


def _removed(uow: UnitOfWork) -> set[tuple[int, int]]:
    """(note, theme) pairs a person took apart."""
    rejected = uow.suggestions.list(
        {"kind": SuggestionKind.THEME.value, "status": SuggestionStatus.REJECTED.value}
    ).items
    return {(s.note_id, s.target_id) for s in rejected}


def _similarity(uow: UnitOfWork, note_id: int, theme: Theme) -> float:
    stored = uow.note_vectors.for_notes([note_id]).get(note_id)
    if stored is None or theme.centroid is None or stored.embedder != theme.embedder:
        return 0.0
    vector, centroid = vector_of(stored.vector), vector_of(theme.centroid)
    if len(vector) != len(centroid):
        return 0.0
    return round(
        float(normalize_rows(vector[None, :])[0] @ normalize_rows(centroid[None, :])[0]), 5
    )
