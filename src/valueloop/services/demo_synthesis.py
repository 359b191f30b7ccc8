"""The demo's themes and duplicate suggestions, precomputed cheaply from the note texts.

Synthesis with the sentence-embedding model takes about 35 s for the demo's ~4,300 notes on
two cores (embedding is 95 % of it), too long for `valueloop demo`. So the demo's themes come
from a lexical pass instead: TF-IDF word vectors of each product's notes, Ward agglomeration
cut and labelled by c-TF-IDF with the real engine's rules (domain/synthesis.py), and exact
duplicates (same words, same customer) as suggestions. They are stored with the embedder
name `demo:tfidf`, so the first **Run synthesis** (or `valueloop synthesize`) rebuilds them
with the model; themes that carry on keep their ids (and any label a person gave them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from valueloop.domain import synthesis as rules
from valueloop.domain.suggestions import SuggestionKind, SuggestionStatus
from valueloop.domain.themes import MIN_THEME_SIZE, ThemeStatus, embedding_text
from valueloop.services.demo_data import Plan

EMBEDDER = "demo:tfidf"
GRANULARITY = 0.008
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
# Words too common in feedback to tell topics apart (the real engine uses a full stop list).
_STOP_WORDS = """a about after again all also am an and any are as at be because been before being
    but by can can't cannot could did do does doesn't don't each even every for from get gets got
    had has have having he her here him his how i i'd i'm i've if in into is isn't it it's its
    just me more most my no not now of on once only or other our out over own please really
    same she should so some still such than that that's the their them then there these they
    this those through to too under up us very was we we're were what when where which while
    who why will with would you your yours wish one like need want love make thing things much
    way use using able lot give gave score"""
_STOP = frozenset(_STOP_WORDS.split())


def themes(plan: Plan) -> None:
    """Add themes, their members and duplicate suggestions for every product's notes."""
    notes = plan.rows.get("feedback_notes", [])
    by_product: dict[int, list[dict[str, object]]] = {}
    for row in notes:
        if row.get("product_id") is not None and row.get("duplicate_of_id") is None:
            by_product.setdefault(int(str(row["product_id"])), []).append(row)
    for product_id, rows in sorted(by_product.items()):
        _product_themes(plan, product_id, rows)
        _duplicates(plan, rows)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _product_themes(plan: Plan, product_id: int, rows: list[dict[str, object]]) -> None:
    texts = [embedding_text(str(r.get("title") or ""), str(r["text"])) for r in rows]
    words = [_words(text) for text in texts]
    vocabulary = sorted({w for ws in words for w in ws})
    if len(rows) < MIN_THEME_SIZE or not vocabulary:
        return
    column = {w: i for i, w in enumerate(vocabulary)}
    counts = _counts(words, column)
    idf = np.log((1 + len(rows)) / (1 + np.asarray((counts > 0).sum(axis=0)).ravel())) + 1
    x = rules.normalize_rows(np.asarray((counts @ sp.diags(idf)).todense(), dtype=np.float32))
    tree = rules.ward_tree(x, np.ones(len(x)))
    labels = rules.cut_tree(tree, rules.merge_cost(x, GRANULARITY))
    sizes = Counter(int(label) for label in labels)
    kept = [label for label, size in sizes.most_common() if size >= MIN_THEME_SIZE]
    n_themes = len(kept)
    index = {label: i for i, label in enumerate(kept)}
    themed = np.array([index.get(int(label), n_themes) for label in labels])
    all_terms = rules.cluster_terms(counts, themed, n_themes, vocabulary, 10)
    at = plan.moment(plan.today)
    for i, terms in enumerate(all_terms):
        members = np.flatnonzero(themed == i)
        centroid = rules.normalize_rows(x[members].sum(axis=0)[None, :])[0]
        similarity = x[members] @ centroid
        nearest = rules.representatives(x[members], centroid, 3)
        theme_id = plan.add(
            "themes",
            product_id=product_id,
            label=rules.label_of(terms),
            label_edited=False,
            terms=[[t, round(w, 4)] for t, w in terms],
            representatives=[rows[int(members[j])]["id"] for j in nearest],
            size=len(members),
            centroid=None,  # not in an embedding space: the first real run replaces it
            embedder=EMBEDDER,
            status=ThemeStatus.ACTIVE.value,
            created_at=at,
            updated_at=at,
            version=1,
        )
        for member, sim in zip(members, similarity, strict=True):
            plan.add(
                "theme_members",
                theme_id=theme_id,
                note_id=rows[int(member)]["id"],
                similarity=round(float(sim), 5),
                pinned=False,
                added_at=at,
            )


def _counts(words: Sequence[list[str]], column: dict[str, int]) -> sp.csr_matrix:
    data, rows, cols = [], [], []
    for r, ws in enumerate(words):
        for word, n in Counter(ws).items():
            rows.append(r)
            cols.append(column[word])
            data.append(float(n))
    return sp.csr_matrix((data, (rows, cols)), shape=(len(words), len(column)))


def _duplicates(plan: Plan, rows: list[dict[str, object]]) -> None:
    """Notes with the same words from the same customer: the later ones as duplicates."""
    first: dict[tuple[str, object], dict[str, object]] = {}
    for row in sorted(rows, key=lambda r: (str(r["received_on"]), int(str(r["id"])))):
        key = (" ".join(_WORD.findall(str(row["text"]).lower())), row.get("customer_id"))
        kept = first.setdefault(key, row)
        if kept is not row:
            plan.add(
                "suggestions",
                note_id=row["id"],
                kind=SuggestionKind.DUPLICATE.value,
                target_id=kept["id"],
                score=1.0,
                status=SuggestionStatus.PENDING.value,
                decided_by=None,
                decided_at=None,
                created_at=plan.moment(plan.today),
            )
