"""The set-based evidence roll-ups a backlog is scored with, on SQLite and PostgreSQL, against a
plain computation over the records of a small random workspace."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

import pytest

from tests import factories
from valueloop.bootstrap import Container
from valueloop.domain.confidence import Evidence, derive_confidence
from valueloop.domain.evidence import CUSTOMER_VARIABLES, kind_of_source, segment_variable
from valueloop.domain.priorities import default_settings
from valueloop.services import backlog, customers, feedback
from valueloop.services.score_inputs import backlog_columns

TODAY = dt.date(2026, 3, 1)
SOURCES = ["support", "interview", "survey:nps", "usage:adoption", "experiment:v2", "app review"]
SEGMENTS = ["Enterprise", "SMB", "Mid-market", ""]
VARIABLES = ["notes", "recency_days", "confidence_derived", *sorted(CUSTOMER_VARIABLES)]


@dataclass(frozen=True)
class Note:
    source: str
    received_on: dt.date
    customer: int | None


@dataclass(frozen=True)
class Link:
    id: int
    note: int
    item: int
    importance: int


@dataclass
class Workspace:
    product: int
    items: list[int]
    arr: dict[int, float]
    segments: dict[int, str]
    notes: dict[int, Note]
    links: list[Link]


def random_workspace(c: Container, seed: int) -> Workspace:
    """Customers, items, notes and links drawn at random: few days, so that one customer often
    speaks about one item twice the same day (the newer link must win)."""
    rng = random.Random(seed)
    admin = factories.admin(c)
    product = factories.product(c, name="Helpdesk")
    other = factories.product(c, name="Elsewhere")
    arr: dict[int, float] = {}
    segments: dict[int, str] = {}
    for index in range(6):
        fields = {"name": f"Customer {index}", "arr": round(rng.uniform(0, 5000), 2)}
        if segment := rng.choice(SEGMENTS):
            fields["segment"] = segment
        found = customers.create_customer(c.uow(), admin, fields)
        arr[found.id], segments[found.id] = found.arr or 0.0, found.segment or ""
    items = [
        backlog.create_item(c.uow(), admin, product, {"title": f"Item {i}"}).id for i in range(7)
    ]
    elsewhere = backlog.create_item(c.uow(), admin, other, {"title": "Not ours"}).id
    days = [TODAY - dt.timedelta(days=d) for d in (-3, 0, 1, 40, 400)]
    notes: dict[int, Note] = {}
    for _ in range(18):
        note = Note(rng.choice(SOURCES), rng.choice(days), rng.choice([*arr, None]))
        fields = {"text": "We need this", "source": note.source, "received_on": note.received_on}
        recorded = feedback.record_note(c.uow(), admin, {**fields, "customer_id": note.customer})
        notes[recorded.id] = note
    links: list[Link] = []
    pairs = [(n, i) for n in notes for i in [*items[:-1], elsewhere]]  # the last item: no links
    for note_id, item_id in rng.sample(pairs, 45):
        importance = rng.randint(0, 3)
        made = feedback.link_note(c.uow(), admin, note_id, item_id, importance)
        if item_id != elsewhere:
            links.append(Link(made.id, note_id, item_id, importance))
    return Workspace(product, items, arr, segments, notes, links)


def expected_values(w: Workspace, item_id: int) -> dict[str, float]:
    """One item's variables, computed link by link from the records."""
    mine = [link for link in w.links if link.item == item_id]
    latest: dict[int, tuple[dt.date, int, int]] = {}  # customer → (day, link id, importance)
    for link in mine:
        note = w.notes[link.note]
        if note.customer is None:
            continue
        word = (note.received_on, link.id, link.importance)
        latest[note.customer] = max(latest.get(note.customer, word), word)
    levels = [importance for _, _, importance in latest.values()]
    newest = max((w.notes[link.note].received_on for link in mine), default=None)
    confidence = derive_confidence(
        [
            Evidence(kind_of_source(w.notes[link.note].source), w.notes[link.note].received_on)
            for link in mine
        ],
        today=TODAY,
    )
    values = {
        "notes": float(len(mine)),
        "recency_days": float(max((TODAY - newest).days, 0)) if newest else math.nan,
        "confidence_derived": confidence.derived,
        "customers": float(len(latest)),
        "arr": sum(w.arr[customer] for customer in latest),
        "importance_sum": float(sum(levels)),
        "importance_max": float(max(levels)) if levels else math.nan,
        "importance_mean": sum(levels) / len(levels) if levels else math.nan,
        "critical_customers": float(levels.count(3)),
    }
    for segment in SEGMENTS:
        name = segment_variable(segment)
        values[name] = float(sum(1 for c in latest if w.segments[c] == segment))
    return values


@pytest.mark.parametrize("seed", [5, 11])
def test_bulk_evidence_roll_ups_equal_a_plain_computation_over_the_records(any_container, seed):
    w = random_workspace(any_container, seed)
    names = [*VARIABLES, *(segment_variable(s) for s in SEGMENTS)]
    settings = default_settings(w.product, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))

    with any_container.uow() as uow:
        columns = backlog_columns(uow, w.product, None, names, settings, TODAY)

    assert sorted(w.items) == sorted(columns.ids.tolist())
    assert any(row.customer is not None for row in w.notes.values())
    for position, item_id in enumerate(columns.ids.tolist()):
        expected = expected_values(w, item_id)
        found = {name: float(columns.values[name][position]) for name in expected}
        for name, value in expected.items():
            assert value == pytest.approx(found[name], rel=1e-12, abs=1e-12, nan_ok=True), (
                item_id,
                name,
            )
