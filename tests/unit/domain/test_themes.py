"""Theme rules: label validation, vectors as bytes, text hashes and trends with empty periods."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.jobs import (
    HEARTBEAT,
    STALE_AFTER,
    BackgroundJob,
    JobStatus,
    fraction,
    is_stale,
    short,
    stopped_error,
)
from valueloop.domain.suggestions import nearest_targets
from valueloop.domain.surveys import Period
from valueloop.domain.themes import (
    embedding_text,
    text_hash,
    trend_points,
    validate,
    vector_bytes,
    vector_of,
)


def test_a_vector_survives_the_round_trip_through_bytes():
    vector = np.array([0.25, -1.5, 3.0], dtype=np.float32)

    assert [0.25, -1.5, 3.0] == vector_of(vector_bytes(vector), 3).tolist()
    assert 12 == len(vector_bytes(vector))


def test_a_stored_vector_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationFailed, match="3 numbers, not 4"):
        vector_of(vector_bytes(np.zeros(3)), 4)


def test_the_text_hash_changes_with_the_title_or_the_text():
    one = text_hash(embedding_text("", "Dark mode"))
    two = text_hash(embedding_text("Request", "Dark mode"))

    assert one != two
    assert one == text_hash("Dark mode")
    assert 64 == len(one)


def test_a_label_must_not_be_blank_and_nothing_else_is_editable():
    with pytest.raises(ValidationFailed, match="label must not be empty"):
        validate({"label": "  "})
    with pytest.raises(ValidationFailed):
        validate({"size": 3})
    assert {"label": "Exports"} == validate({"label": " Exports "})


def test_a_trend_counts_notes_per_month_with_the_empty_months_as_zero():
    days = [dt.date(2025, 1, 5), dt.date(2025, 1, 20), dt.date(2025, 3, 2)]

    points = trend_points(days, Period.MONTH, dt.date(2025, 3, 15), 4)

    assert [
        (dt.date(2024, 12, 1), 0),
        (dt.date(2025, 1, 1), 2),
        (dt.date(2025, 2, 1), 0),
        (dt.date(2025, 3, 1), 1),
    ] == points


def test_nearest_targets_skips_excluded_pairs_and_weak_scores():
    notes = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    targets = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)

    found = nearest_targets(notes, targets, k=2, min_score=0.5, exclude={(0, 0)})

    assert [[(1, 0.8)], [(2, 1.0), (1, 0.6)]] == found


def _job(**fields):
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    base = {
        "id": 1,
        "kind": "synthesis",
        "product_id": 1,
        "status": "running",
        "done": 0,
        "total": None,
        "message": "",
        "result": None,
        "error": "",
        "created_by": 1,
        "created_at": now,
        "started_at": now,
        "finished_at": None,
        "heartbeat_at": None,
    }
    return BackgroundJob(**{**base, **fields})


def test_a_jobs_fraction_is_unknown_until_it_has_a_size_and_whole_when_it_succeeded():
    assert None is fraction(_job())
    assert 0.25 == fraction(_job(done=1, total=4))
    assert 1.0 == fraction(_job(status=JobStatus.SUCCEEDED.value))


def test_an_unfinished_job_silent_for_hours_is_stale_and_a_finished_one_never():
    later = dt.datetime(2025, 1, 1, 3, tzinfo=dt.UTC)

    assert is_stale(_job(), later)
    assert not is_stale(_job(status="failed"), later)
    assert "x" * 499 + "…" == short("x" * 600)


def test_a_long_job_beating_recently_is_not_stale_and_one_silent_past_stale_after_is():
    started = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    later = started + dt.timedelta(hours=3)
    fresh = _job(heartbeat_at=later - HEARTBEAT)
    silent = _job(heartbeat_at=later - STALE_AFTER - dt.timedelta(seconds=1))

    assert not is_stale(fresh, later)
    assert is_stale(silent, later)
    assert not is_stale(_job(started_at=None, created_at=later - HEARTBEAT), later)


def test_a_stale_jobs_error_says_when_it_was_last_heard_from():
    beat = dt.datetime(2025, 1, 1, 2, 30, 5, tzinfo=dt.UTC)

    assert "the process running it stopped (no heartbeat since 2025-01-01 02:30:05 UTC)" == (
        stopped_error(_job(heartbeat_at=beat))
    )
    assert "no heartbeat since 2025-01-01 00:00:00 UTC" in stopped_error(_job())
