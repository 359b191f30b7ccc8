"""The audit trail's change sets."""

from __future__ import annotations

import datetime as dt

from valueloop.domain.audit import diff, plain, snapshot
from valueloop.domain.backlog import ItemStatus


def test_diff_lists_only_the_fields_that_changed_as_old_and_new():
    before = {"title": "A", "estimate": 3.0, "owner_id": None}
    after = {"title": "B", "estimate": 3.0, "owner_id": 7}

    assert {"title": ["A", "B"], "owner_id": [None, 7]} == diff(before, after)


def test_diff_of_identical_records_is_empty():
    record = {"title": "A", "status": ItemStatus.NEW}

    assert {} == diff(record, dict(record))


def test_diff_writes_enums_by_value_and_dates_as_iso_text():
    before = {"status": ItemStatus.NEW, "due": dt.date(2024, 1, 1)}
    after = {"status": ItemStatus.READY, "due": dt.date(2024, 2, 1)}

    assert {
        "status": ["new", "ready"],
        "due": ["2024-01-01", "2024-02-01"],
    } == diff(before, after)


def test_diff_treats_an_enum_and_its_value_as_the_same():
    assert {} == diff({"status": "new"}, {"status": ItemStatus.NEW})


def test_diff_treats_a_field_missing_before_as_none():
    assert {"goal_id": [None, 4]} == diff({}, {"goal_id": 4})


def test_a_snapshot_records_every_field_as_set_from_nothing():
    assert {"title": [None, "A"], "status": [None, "done"]} == snapshot(
        {"title": "A", "status": ItemStatus.DONE}
    )


def test_plain_leaves_json_values_alone():
    assert [1, "x", None, 2.5, True] == [plain(v) for v in (1, "x", None, 2.5, True)]


def test_plain_writes_datetimes_as_iso_text():
    stamp = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)

    assert "2024-05-06T07:08:09+00:00" == plain(stamp)
