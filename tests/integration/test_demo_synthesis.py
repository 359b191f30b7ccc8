"""The demo's precomputed themes: labelled, sized, within one product, and cheap to make."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

from valueloop.services import demo, demo_synthesis

NOW = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


def test_the_demo_has_labelled_themes_of_its_own_products_notes_made_in_seconds():
    plan = demo.generate(NOW, password_hash="x")
    for table in ("themes", "theme_members", "suggestions"):
        plan.rows.pop(table, None)

    started = time.perf_counter()
    demo_synthesis.themes(plan)
    seconds = time.perf_counter() - started

    notes = {n["id"]: n for n in plan.rows["feedback_notes"]}
    themes = {t["id"]: t for t in plan.rows["themes"]}
    members = plan.rows["theme_members"]
    sizes = Counter(m["theme_id"] for m in members)
    assert seconds < 10
    assert len(themes) >= 20
    assert all(t["label"] and t["embedder"] == demo_synthesis.EMBEDDER for t in themes.values())
    assert {t: t_["size"] for t, t_ in themes.items()} == dict(sizes)
    assert all(
        notes[m["note_id"]]["product_id"] == themes[m["theme_id"]]["product_id"] for m in members
    )
    assert len({m["note_id"] for m in members}) == len(members)
    assert all(
        set(t["representatives"]) <= {m["note_id"] for m in members} for t in themes.values()
    )


def test_demo_duplicate_suggestions_pair_the_same_customers_words():
    plan = demo.generate(NOW, password_hash="x")
    notes = {n["id"]: n for n in plan.rows["feedback_notes"]}

    pairs = [(notes[s["note_id"]], notes[s["target_id"]]) for s in plan.rows["suggestions"]]

    assert pairs
    for dup, kept in pairs:
        assert dup["customer_id"] == kept["customer_id"]
        assert (kept["received_on"], kept["id"]) <= (dup["received_on"], dup["id"])
