"""Background jobs on SQLite and PostgreSQL: heartbeats while the work runs, and a job whose
process stopped beating reported (and recorded) as failed by whoever reads it."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tests import factories
from valueloop.domain.errors import Conflict
from valueloop.domain.jobs import HEARTBEAT, STALE_AFTER, JobStatus
from valueloop.services import jobs


def _queued(container):
    admin = factories.admin(container)
    product = factories.product(container)
    return admin, product, jobs.queue_job(container.uow(), admin, "synthesis", product)


def _running(container, job_id, *, started, heartbeat):
    with container.uow() as uow:
        uow.jobs.update(
            job_id,
            None,
            {"status": JobStatus.RUNNING.value, "started_at": started, "heartbeat_at": heartbeat},
        )
        uow.commit()


def _stored(container, job_id):
    with container.uow() as uow:
        return uow.jobs.require(job_id)


def test_each_progress_write_also_writes_the_heartbeat(any_container):
    c = any_container
    _, _, job = _queued(c)
    beats = []

    def work(progress):
        before = _stored(c, job.id).heartbeat_at
        time.sleep(0.01)
        progress("counting", 1, 1)
        beats.append((before, _stored(c, job.id).heartbeat_at))
        return {}

    final = jobs.run_job(c.uow(), job.id, work)

    [(at_start, after_progress)] = beats
    assert at_start is not None
    assert after_progress > at_start
    assert "succeeded" == final.status


@pytest.mark.parametrize("with_factory", [True, False], ids=["fresh_uow", "no factory"])
def test_a_silent_job_beats_from_its_own_thread_only_given_a_unit_of_work_factory(
    any_container, monkeypatch, with_factory
):
    c = any_container
    _, _, job = _queued(c)
    monkeypatch.setattr(jobs, "HEARTBEAT_S", 0.05)
    beaten = []

    def silent_work(progress):
        started = _stored(c, job.id).heartbeat_at
        deadline = time.monotonic() + (5 if with_factory else 0.5)
        while time.monotonic() < deadline and not beaten:
            if _stored(c, job.id).heartbeat_at > started:
                beaten.append(True)
            time.sleep(0.02)
        return {}

    jobs.run_job(c.uow(), job.id, silent_work, fresh_uow=c.uow if with_factory else None)

    assert with_factory == bool(beaten)


def test_a_running_job_with_an_old_heartbeat_is_reported_and_recorded_failed(any_container):
    c = any_container
    admin, _, job = _queued(c)
    beat = dt.datetime.now(dt.UTC) - STALE_AFTER - dt.timedelta(minutes=1)
    _running(c, job.id, started=beat - dt.timedelta(hours=1), heartbeat=beat)

    read = jobs.get_job(c.uow(), admin, job.id)

    expected = "the process running it stopped (no heartbeat since "
    assert ("failed", True) == (read.status, read.error.startswith(expected))
    assert beat.strftime("%Y-%m-%d %H:%M:%S UTC") in read.error
    assert read.finished_at is not None
    assert ("failed", read.error) == (_stored(c, job.id).status, _stored(c, job.id).error)


def test_listing_jobs_reports_a_stale_one_failed_and_leaves_a_live_one(any_container):
    c = any_container
    admin, product, stale = _queued(c)
    live = jobs.queue_job(c.uow(), admin, "import", product)
    now = dt.datetime.now(dt.UTC)
    _running(c, stale.id, started=now - dt.timedelta(hours=1), heartbeat=now - 2 * STALE_AFTER)
    _running(c, live.id, started=now - dt.timedelta(hours=1), heartbeat=now)

    page = jobs.list_jobs(c.uow(), admin, product_id=product)

    assert {stale.id: "failed", live.id: "running"} == {j.id: j.status for j in page.items}
    assert "failed" == _stored(c, stale.id).status


def test_a_long_job_with_a_fresh_heartbeat_is_not_failed(any_container):
    c = any_container
    admin, product, job = _queued(c)
    now = dt.datetime.now(dt.UTC)
    _running(c, job.id, started=now - dt.timedelta(hours=5), heartbeat=now - HEARTBEAT)

    read = jobs.get_job(c.uow(), admin, job.id)

    assert ("running", "") == (read.status, read.error)
    with pytest.raises(Conflict):
        jobs.queue_job(c.uow(), admin, "synthesis", product)


def test_queueing_again_after_the_process_died_fails_the_old_job_and_queues_a_new_one(
    any_container,
):
    c = any_container
    admin, product, job = _queued(c)
    old = dt.datetime.now(dt.UTC) - 3 * STALE_AFTER
    _running(c, job.id, started=old, heartbeat=old)

    again = jobs.queue_job(c.uow(), admin, "synthesis", product)

    assert "queued" == again.status
    assert "failed" == _stored(c, job.id).status
    assert "no heartbeat since" in _stored(c, job.id).error


def test_a_job_taken_for_dead_that_then_finishes_is_succeeded_without_the_stale_error(
    any_container,
):
    c = any_container
    admin, _, job = _queued(c)

    def work(progress):
        # a reader finds it silent too long (say, the laptop slept) and records it failed
        old = dt.datetime.now(dt.UTC) - 2 * STALE_AFTER
        _running(c, job.id, started=old, heartbeat=old)
        assert "failed" == jobs.get_job(c.uow(), admin, job.id).status
        return {"themes": 3}

    final = jobs.run_job(c.uow(), job.id, work)

    assert ("succeeded", "", {"themes": 3}) == (final.status, final.error, final.result)
    assert ("succeeded", "") == (_stored(c, job.id).status, _stored(c, job.id).error)


@pytest.mark.parametrize("meanwhile", ["beat", "finished"])
def test_a_job_read_as_stale_that_beats_or_finishes_before_the_write_is_left_as_it_is(
    any_container, meanwhile
):
    """The reader's "failed" is a conditional write: whatever the job's process wrote between
    the read and that write (a heartbeat, its final status) wins."""
    c = any_container
    _, _, job = _queued(c)
    beat = dt.datetime.now(dt.UTC) - STALE_AFTER - dt.timedelta(minutes=1)
    _running(c, job.id, started=beat, heartbeat=beat)
    read_as_stale = _stored(c, job.id)
    with c.uow() as uow:  # the job's own process, between the reader's read and its write
        fresh = {"heartbeat_at": dt.datetime.now(dt.UTC)}
        done = {"status": JobStatus.SUCCEEDED.value, "finished_at": dt.datetime.now(dt.UTC)}
        uow.jobs.update(job.id, None, fresh if meanwhile == "beat" else done)
        uow.commit()

    with c.uow() as uow:
        [shown] = jobs._fail_stale(uow, [read_as_stale])
        uow.commit()

    expected = "running" if meanwhile == "beat" else "succeeded"
    assert (expected, "") == (shown.status, shown.error)
    assert (expected, "") == (_stored(c, job.id).status, _stored(c, job.id).error)
