"""The offline synthesis engine on a small sample of BANKING77 (CC-BY-4.0, read in place)."""

from __future__ import annotations

import csv
import socket
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from valueloop.adapters.synthesis import (
    EmbeddingFallbackWarning,
    ModelUnavailable,
    OnnxMiniLM,
    SynthesisEngine,
    TfidfSvd,
    build_themes,
    exact_duplicates,
    find_duplicates,
    load_embedder,
    recluster,
    suggest_links_many,
)
from valueloop.adapters.synthesis import embeddings as embeddings_module
from valueloop.adapters.synthesis.neighbours import micro_cells, nearest_neighbours
from valueloop.adapters.synthesis.wordpiece import VocabularyUnavailable, read_vocabulary
from valueloop.domain.synthesis import UNASSIGNED

BANKING77 = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "banking77"
INTENTS = 20
PER_INTENT = 15


@pytest.fixture(scope="module")
def sample() -> tuple[list[str], list[str]]:
    """The first 15 training queries of each of the first 20 intents: 300 texts, 20 labels."""
    if not (BANKING77 / "train.csv").is_file():
        pytest.skip(f"BANKING77 is not at {BANKING77.resolve()}")
    taken: dict[str, list[str]] = {}
    with (BANKING77 / "train.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            queries = taken.setdefault(row["category"], [])
            if len(queries) < PER_INTENT:
                queries.append(row["text"])
    intents = sorted(taken)[:INTENTS]
    texts = [text for intent in intents for text in taken[intent]]
    labels = [intent for intent in intents for _ in taken[intent]]
    return texts, labels


@pytest.fixture(scope="module")
def model() -> OnnxMiniLM:
    try:
        return OnnxMiniLM(threads=2)
    except ModelUnavailable as error:
        pytest.skip(f"embedding model not installed: {error}")


@pytest.fixture(scope="module")
def vectors(model: OnnxMiniLM, sample: tuple[list[str], list[str]]) -> np.ndarray:
    return model.embed(sample[0])


def perturbed(text: str, kind: str) -> str:
    words = text.split()
    if kind == "case":
        return text.upper()
    if kind == "punctuation":
        return text.rstrip("?.!") + "!!"
    if kind == "typo":  # swap two letters in the longest word
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        words[longest] = word[0] + word[2] + word[1] + word[3:]
        return " ".join(words)
    words[0], words[1] = words[1], words[0]  # word swap
    return " ".join(words)


def test_the_vocabulary_is_bert_base_uncased_read_from_an_installed_package():
    try:
        vocabulary = read_vocabulary()
    except VocabularyUnavailable as error:
        pytest.skip(f"blingfire not installed: {error}")

    assert 30_522 == len(vocabulary)
    assert (101, 102, 1996, 2015) == tuple(vocabulary[p] for p in ("[CLS]", "[SEP]", "the", "##s"))


def test_embedding_works_with_the_network_cut_off(monkeypatch, model, sample):
    def refuse(*args, **kwargs):
        raise AssertionError("synthesis tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    fresh = OnnxMiniLM(threads=2).embed(sample[0][:5])

    assert (5, 384) == fresh.shape
    assert np.linalg.norm(fresh, axis=1) == pytest.approx(np.ones(5), abs=1e-5)
    assert np.array_equal(fresh, model.embed(sample[0][:5]))


def test_exact_and_near_copies_are_grouped_with_their_original(model, sample, vectors):
    texts = sample[0]
    picks = {"case": 3, "punctuation": 40, "typo": 101, "swap": 202}
    copies = [perturbed(texts[i], kind) for kind, i in picks.items()] + [texts[150]]
    originals = [*picks.values(), 150]
    all_texts = texts + copies
    all_vectors = np.vstack([vectors, model.embed(copies)])

    groups = find_duplicates(all_vectors, texts=all_texts)

    group_of = {member: tuple(group) for group in groups for member in group}
    for offset, original in enumerate(originals):
        assert group_of.get(original) == group_of.get(len(texts) + offset) is not None
    assert max(len(group) for group in groups) <= 4
    # case and punctuation are ignored by the exact match; typos and word order are not
    assert [[3, 300], [40, 301], [150, 304]] == exact_duplicates(all_texts)


def test_themes_recover_most_of_the_intents_of_a_sample(sample, vectors):
    texts, labels = sample

    themes = build_themes(vectors, texts, seed=0)

    assert adjusted_rand_score(labels, themes.note_themes) >= 0.45
    assert 12 <= len(themes.themes) <= 40
    assert all(theme.label and theme.representatives for theme in themes.themes)


def test_themes_are_the_same_for_the_same_seed(sample, vectors):
    first = build_themes(vectors, sample[0], seed=3)
    second = build_themes(vectors, sample[0], seed=3)

    assert first.themes == second.themes
    assert np.array_equal(first.note_themes, second.note_themes)


def test_themes_are_the_same_for_the_same_seed_on_the_cell_path():
    # Five well-separated blobs of 600 points: above the exact-Ward limit, so cells are used.
    rng = np.random.default_rng(11)
    centres = rng.normal(size=(5, 32))
    points = np.repeat(centres, 600, axis=0) + rng.normal(scale=0.15, size=(3000, 32))
    texts = [f"blob{i // 600} note" for i in range(3000)]

    first = build_themes(points, texts, seed=5)
    second = build_themes(points, texts, seed=5)

    assert np.array_equal(first.note_themes, second.note_themes)
    assert 1.0 == adjusted_rand_score(np.arange(3000) // 600, first.note_themes)


def test_cell_probing_finds_nearly_all_exact_neighbours():
    rng = np.random.default_rng(2)
    points = np.repeat(rng.normal(size=(60, 24)), 50, axis=0) + rng.normal(
        scale=0.3, size=(3000, 24)
    )
    exact = nearest_neighbours(points, 10)

    probed = nearest_neighbours(points, 10, cells=micro_cells(points, 300), exact_limit=0)

    found = [len(set(a) & set(b)) for a, b in zip(exact.indices, probed.indices, strict=True)]
    assert sum(found) / exact.indices.size >= 0.9


def test_new_notes_join_the_theme_of_their_intent_without_a_rebuild(sample, vectors):
    texts, labels = sample
    old = [i for i in range(len(texts)) if i % PER_INTENT < 12]
    new = [i for i in range(len(texts)) if i % PER_INTENT >= 12]
    model = build_themes(vectors[old], [texts[i] for i in old], seed=0)
    majority = {
        theme.id: Counter(labels[old[m]] for m in theme.members).most_common(1)[0][0]
        for theme in model.themes
    }

    grown, assignment = model.add(vectors[new])

    joined = [(i, t) for i, t in zip(new, assignment.themes, strict=True) if t != UNASSIGNED]
    assert len(joined) >= 0.5 * len(new)
    assert sum(majority[t] == labels[i] for i, t in joined) >= 0.8 * len(joined)
    assert len(old) + len(new) == grown.notes
    assert grown.added_unassigned == len(new) - len(joined)


def test_a_recluster_keeps_the_ids_of_themes_that_carry_on(sample, vectors):
    texts = sample[0]
    first = build_themes(vectors[:240], texts[:240], seed=0)

    again = recluster(first, vectors, texts)

    carried = {theme.id for theme in first.themes} & {theme.id for theme in again.themes}
    assert len(carried) >= 0.7 * len(first.themes)
    for theme in again.themes:
        assert all(again.note_themes[m] == theme.id for m in theme.members)


def test_link_suggestions_rank_the_matching_intent_first(model, sample, vectors):
    texts, labels = sample
    intents = sorted(set(labels))
    items = model.embed([intent.replace("_", " ") for intent in intents])

    suggestions = suggest_links_many(vectors, items, k=3, min_score=0.0)

    top = [intents[s[0].index] for s in suggestions]
    assert sum(t == label for t, label in zip(top, labels, strict=True)) >= 0.5 * len(texts)
    assert all(s[0].score >= s[-1].score for s in suggestions)


def test_the_engine_embeds_each_distinct_text_once_and_returns_both_results(model, sample):
    texts = sample[0][:60] + sample[0][:10]

    result = SynthesisEngine(model).synthesize(texts)

    assert (70, 384) == result.vectors.shape
    assert np.array_equal(result.vectors[:10], result.vectors[60:])
    group_of = {member: tuple(group) for group in result.duplicates for member in group}
    assert all(group_of.get(i) == group_of.get(60 + i) is not None for i in range(10))
    assert 70 == result.themes.notes
    assert {"embedding", "neighbours", "duplicates", "themes"} == set(result.seconds)


def test_without_the_model_synthesis_falls_back_to_tfidf_with_a_warning(monkeypatch, sample):
    def unavailable(**kwargs):
        raise ModelUnavailable("onnxruntime is not installed")

    monkeypatch.setattr(embeddings_module, "OnnxMiniLM", unavailable)

    with pytest.warns(EmbeddingFallbackWarning):
        embedder = load_embedder()

    assert isinstance(embedder, TfidfSvd)
    result = SynthesisEngine(embedder).synthesize(sample[0][::2])
    assert result.features == "tfidf-svd"
    assert len(result.themes.themes) >= 2
