"""Suggestions from synthesis: links from notes to items and opportunities, and duplicates.

A run proposes (`propose`); a person accepts or rejects. Accepting a link suggestion creates
the evidence link (services/feedback.link_note, services/opportunity_links.add_link);
accepting a duplicate merges the note into the one it repeats (`merge`, which keeps all the
evidence). Decided suggestions stay, so they are never proposed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from valueloop.domain.backlog import ItemStatus
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import FeedbackNote, Importance, NoteStatus
from valueloop.domain.roles import Action, Principal
from valueloop.domain.suggestions import (
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    nearest_targets,
    require_pending,
)
from valueloop.domain.themes import Corpus, embedding_text
from valueloop.services import changes, feedback, opportunity_links, themes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork

if TYPE_CHECKING:
    from valueloop.services.synthesis import Synthesizer

PENDING = SuggestionStatus.PENDING.value
LINK_KINDS = (SuggestionKind.ITEM.value, SuggestionKind.OPPORTUNITY.value)
CLOSED_ITEMS = frozenset({ItemStatus.DONE.value, ItemStatus.REJECTED.value})


@dataclass(frozen=True, slots=True)
class Proposed:
    duplicates: int
    links: int


@dataclass(frozen=True, slots=True)
class SuggestionView:
    """A suggestion with its note and what it points at (a title, or the other note's text)."""

    suggestion: Suggestion
    note: FeedbackNote
    target_title: str
    target_text: str


def propose(
    uow: UnitOfWork,
    synthesizer: Synthesizer,
    product_id: int,
    corpus: Corpus,
    duplicate_groups: Sequence[Sequence[int]],
) -> Proposed:
    """Replace the product's pending suggestions with this run's; decided ones are kept."""
    notes = corpus.notes
    with uow:
        items = [
            i
            for i in uow.items.list({"product_id": product_id}).items
            if i.status not in CLOSED_ITEMS
        ]
        opportunities = uow.opportunities.list({"product_id": product_id}).items
        item_links = uow.links.list({"item_id": [i.id for i in items]}).items if items else []
        opportunity_links_ = (
            uow.opportunity_links.list({"opportunity_id": [o.id for o in opportunities]}).items
            if opportunities
            else []
        )
        known = uow.suggestions.for_notes([note.id for note in notes])
    decided = {(s.note_id, s.kind, s.target_id) for s in known if s.status != PENDING}
    linked = {(lk.note_id, SuggestionKind.ITEM.value, lk.item_id) for lk in item_links}
    linked |= {
        (lk.note_id, SuggestionKind.OPPORTUNITY.value, lk.opportunity_id)
        for lk in opportunity_links_
    }
    wanted: dict[tuple[int, str, int], float] = {}
    for group in duplicate_groups:
        # The earliest note is kept; the others are suggested as its duplicates.
        members = sorted(group, key=lambda i: (notes[i].received_on, notes[i].id))
        kept = members[0]
        for other in members[1:]:
            customers = {notes[other].customer_id, notes[kept].customer_id} - {None}
            if len(customers) > 1:
                continue  # two customers' words are two pieces of evidence, never merged
            key = (notes[other].id, SuggestionKind.DUPLICATE.value, notes[kept].id)
            mirror = (notes[kept].id, SuggestionKind.DUPLICATE.value, notes[other].id)
            if key not in decided and mirror not in decided:
                score = float(corpus.vectors[other] @ corpus.vectors[kept])
                wanted[key] = round(min(score, 1.0), 4)
    # Notes a person already linked or archived need no link suggestions.
    has_links = {key[0] for key in linked}
    open_notes = [
        i
        for i, note in enumerate(notes)
        if note.status != NoteStatus.ARCHIVED.value and note.id not in has_links
    ]
    for kind, targets in (
        (SuggestionKind.ITEM.value, [(t.id, t.title, t.description) for t in items]),
        (
            SuggestionKind.OPPORTUNITY.value,
            [(t.id, t.title, t.description) for t in opportunities],
        ),
    ):
        if not targets or not open_notes:
            continue
        vectors = synthesizer.embed([embedding_text(title, text) for _, title, text in targets])
        skip = {
            (row, column)
            for row, position in enumerate(open_notes)
            for column, target in enumerate(targets)
            if (notes[position].id, kind, target[0]) in decided
        }
        nearest = nearest_targets(corpus.vectors[open_notes], vectors, exclude=skip)
        for position, found in zip(open_notes, nearest, strict=True):
            for column, score in found:
                wanted[(notes[position].id, kind, targets[column][0])] = score
    pending = {(s.note_id, s.kind, s.target_id): s for s in known if s.status == PENDING}
    now = changes.now()
    with uow:
        uow.suggestions.delete_many([s.id for key, s in pending.items() if key not in wanted])
        for key, score in wanted.items():
            if key in pending and not np.isclose(pending[key].score, score):
                uow.suggestions.update(pending[key].id, None, {"score": score})
        uow.suggestions.add_many(
            [
                {
                    "note_id": note_id,
                    "kind": kind,
                    "target_id": target_id,
                    "score": score,
                    "status": PENDING,
                    "created_at": now,
                }
                for (note_id, kind, target_id), score in wanted.items()
                if (note_id, kind, target_id) not in pending
            ]
        )
        uow.commit()
    duplicates = sum(1 for key in wanted if key[1] == SuggestionKind.DUPLICATE.value)
    return Proposed(duplicates=duplicates, links=len(wanted) - duplicates)


def for_note(uow: UnitOfWork, actor: Principal, note_id: int) -> list[SuggestionView]:
    """A note's pending suggestions, best first (for the note page)."""
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        found = [s for s in uow.suggestions.for_notes([note_id]) if s.status == PENDING]
        found.sort(key=lambda s: (-s.score, s.id))
        return _views(uow, found)


def for_product(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    kind: str | None = None,
    status: str = PENDING,
    limit: int | None = 50,
    offset: int = 0,
) -> tuple[list[SuggestionView], int]:
    """One page of a product's suggestions (of one kind, or all), best score first."""
    kinds = [k.value for k in SuggestionKind if k is not SuggestionKind.THEME]
    if kind is not None and kind not in kinds:
        raise ValidationFailed(f"kind must be one of {', '.join(kinds)}", field="kind")
    if status not in {s.value for s in SuggestionStatus}:
        raise ValidationFailed("status must be pending, accepted or rejected", field="status")
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        page: Page[Suggestion] = uow.suggestions.of_product(
            product_id, kinds=[kind] if kind else kinds, status=status, limit=limit, offset=offset
        )
        return _views(uow, page.items), page.total


def accept(
    uow: UnitOfWork,
    actor: Principal,
    suggestion_id: int,
    importance: object = int(Importance.NICE_TO_HAVE),
    highlight: str = "",
) -> Suggestion:
    """Accept: link the note to the item or opportunity, or merge the duplicate; recorded."""
    with uow:
        suggestion, note = _decidable(uow, actor, suggestion_id)
        if suggestion.kind == SuggestionKind.OPPORTUNITY.value:
            opportunity_links.add_link(
                uow, actor, note, suggestion.target_id, importance, highlight
            )
            decided = _decide(uow, actor, suggestion, SuggestionStatus.ACCEPTED)
            uow.commit()
            return decided
    if suggestion.kind == SuggestionKind.DUPLICATE.value:
        merge(uow, actor, suggestion.note_id, suggestion.target_id)
        with uow:
            return uow.suggestions.require(suggestion_id)
    with uow:
        already = uow.links.list({"note_id": note.id, "item_id": suggestion.target_id}).total
    if not already:
        feedback.link_note(uow, actor, note.id, suggestion.target_id, importance, highlight)
    with uow:
        decided = _decide(
            uow, actor, uow.suggestions.require(suggestion_id), SuggestionStatus.ACCEPTED
        )
        uow.commit()
        return decided


def reject(uow: UnitOfWork, actor: Principal, suggestion_id: int) -> Suggestion:
    """Reject: recorded, and never suggested again."""
    with uow:
        suggestion, _ = _decidable(uow, actor, suggestion_id)
        decided = _decide(uow, actor, suggestion, SuggestionStatus.REJECTED)
        uow.commit()
        return decided


def merge(uow: UnitOfWork, actor: Principal, duplicate_id: int, into_id: int) -> FeedbackNote:
    """Merge a duplicate note into the one it repeats, keeping every piece of evidence.

    The duplicate is archived with `duplicate_of_id`; its item and opportunity links move to
    the kept note (where both were linked to the same target, one link stays, with the higher
    importance); notes merged into it earlier now point at the kept note; it leaves its theme.
    Notes of two different customers are two pieces of evidence and are never merged.
    """
    with uow:
        dup, kept = uow.notes.require(duplicate_id), uow.notes.require(into_id)
        require_visible(actor, dup.product_id, "feedback note", duplicate_id)
        require_visible(actor, kept.product_id, "feedback note", into_id)
        actor.require(Action.LINK_EVIDENCE, kept.product_id)
        _check_merge(dup, kept)
        if kept.customer_id is None and dup.customer_id is not None:
            # A person chose this customer: a re-import keeps it like any hand edit.
            uow.notes.update(
                kept.id, None, {"customer_id": dup.customer_id, "edited_at": changes.now()}
            )
        moved = _move_links(uow, dup.id, kept.id)
        for earlier in uow.notes.list({"duplicate_of_id": dup.id}).items:
            uow.notes.update(earlier.id, None, {"duplicate_of_id": kept.id})
        left = uow.theme_members.list({"note_id": dup.id}).items
        for member in left:
            uow.theme_members.delete(member.id)
        themes.resize(uow, [member.theme_id for member in left])
        now = changes.now()
        for s in uow.suggestions.for_notes([dup.id, kept.id]):
            pair = {s.note_id, s.target_id} == {dup.id, kept.id}
            if s.kind == SuggestionKind.DUPLICATE.value and pair and s.status == PENDING:
                uow.suggestions.update(
                    s.id,
                    None,
                    {"status": SuggestionStatus.ACCEPTED.value, "decided_by": actor.user_id}
                    | {"decided_at": now},
                )
            elif s.note_id == dup.id and s.status == PENDING:
                uow.suggestions.delete(s.id)
        merged = uow.notes.update(
            dup.id, None, {"duplicate_of_id": kept.id, "status": NoteStatus.ARCHIVED.value}
        )
        changes.logged(
            uow,
            actor,
            "feedback",
            dup.id,
            "merge",
            {"duplicate_of_id": [None, kept.id], "links_moved": [None, moved]},
        )
        uow.commit()
        return merged


def _check_merge(dup: FeedbackNote, kept: FeedbackNote) -> None:
    if dup.id == kept.id:
        raise ValidationFailed("a note cannot be merged into itself", field="into_id")
    if dup.product_id != kept.product_id:
        raise ValidationFailed("the notes belong to different products", field="into_id")
    if dup.duplicate_of_id is not None:
        raise ValidationFailed(
            f"note {dup.id} was already merged into note {dup.duplicate_of_id}", field="note_id"
        )
    if kept.duplicate_of_id is not None:
        raise ValidationFailed(
            f"note {kept.id} was merged into note {kept.duplicate_of_id}; merge into that one",
            field="into_id",
        )
    if dup.customer_id is not None and kept.customer_id not in (None, dup.customer_id):
        raise ValidationFailed(
            "the notes come from different customers, so both count as evidence; "
            "reject the suggestion instead of merging",
            field="into_id",
        )


def _move_links(uow: UnitOfWork, dup_id: int, kept_id: int) -> int:
    """Move the duplicate's item and opportunity links to the kept note; how many moved."""
    moved = 0
    kept_items = {lk.item_id: lk for lk in uow.links.list({"note_id": kept_id}).items}
    for link in uow.links.list({"note_id": dup_id}).items:
        same = kept_items.get(link.item_id)
        if same is None:
            uow.links.update(link.id, None, {"note_id": kept_id})
            moved += 1
            continue
        if link.importance > same.importance:
            uow.links.update(same.id, None, {"importance": int(link.importance)})
        uow.links.delete(link.id)
    kept_opps = {
        lk.opportunity_id: lk for lk in uow.opportunity_links.list({"note_id": kept_id}).items
    }
    for olink in uow.opportunity_links.list({"note_id": dup_id}).items:
        twin = kept_opps.get(olink.opportunity_id)
        if twin is None:
            uow.opportunity_links.update(olink.id, None, {"note_id": kept_id})
            moved += 1
            continue
        if olink.importance > twin.importance:
            uow.opportunity_links.update(twin.id, None, {"importance": int(olink.importance)})
        uow.opportunity_links.delete(olink.id)
    return moved


def _decidable(
    uow: UnitOfWork, actor: Principal, suggestion_id: int
) -> tuple[Suggestion, FeedbackNote]:
    suggestion = uow.suggestions.require(suggestion_id)
    note = uow.notes.require(suggestion.note_id)
    require_visible(actor, note.product_id, "suggestion", suggestion_id)
    actor.require(Action.LINK_EVIDENCE, note.product_id)
    require_pending(suggestion)
    return suggestion, note


def _decide(
    uow: UnitOfWork, actor: Principal, suggestion: Suggestion, status: SuggestionStatus
) -> Suggestion:
    require_pending(suggestion)
    decided = uow.suggestions.update(
        suggestion.id,
        None,
        {"status": status.value, "decided_by": actor.user_id, "decided_at": changes.now()},
    )
    changes.logged(
        uow,
        actor,
        "feedback",
        suggestion.note_id,
        status.value.removesuffix("ed") if status is SuggestionStatus.ACCEPTED else "reject",
        {suggestion.kind: [None, {"target_id": suggestion.target_id, "status": status.value}]},
    )
    return decided


def _views(uow: UnitOfWork, found: list[Suggestion]) -> list[SuggestionView]:
    note_ids = {s.note_id for s in found}
    note_ids |= {s.target_id for s in found if s.kind == SuggestionKind.DUPLICATE.value}
    notes = {n.id: n for n in uow.notes.list({"id": sorted(note_ids)}).items} if note_ids else {}
    item_ids = [s.target_id for s in found if s.kind == SuggestionKind.ITEM.value]
    items = {i.id: i for i in uow.items.list({"id": item_ids}).items} if item_ids else {}
    opp_ids = [s.target_id for s in found if s.kind == SuggestionKind.OPPORTUNITY.value]
    opps = {o.id: o for o in uow.opportunities.list({"id": opp_ids}).items} if opp_ids else {}
    views = []
    for s in found:
        if s.note_id not in notes:
            continue
        if s.kind == SuggestionKind.DUPLICATE.value and s.target_id in notes:
            other = notes[s.target_id]
            views.append(SuggestionView(s, notes[s.note_id], other.title, other.text))
        elif s.kind == SuggestionKind.ITEM.value and s.target_id in items:
            item = items[s.target_id]
            views.append(SuggestionView(s, notes[s.note_id], item.title, item.description))
        elif s.kind == SuggestionKind.OPPORTUNITY.value and s.target_id in opps:
            opp = opps[s.target_id]
            views.append(SuggestionView(s, notes[s.note_id], opp.title, opp.description))
    return views
