"""Background jobs: a record of long work (synthesis, imports) that reports its progress.

The work runs elsewhere (a thread of the web server, or the CLI's own process) and writes its
progress in short transactions of its own, so a page polling the job sees it move while the
work's own transactions are still open. Any long use case can take a `JobProgress` as its
`progress` callback: it is called as `progress(step, done, total)`.

A running job shows it is alive through `heartbeat_at`: every progress write sets it, and a
daemon thread beside the work sets it at least every HEARTBEAT_S seconds even while the work is
silent (clustering, say). A job not heard from for STALE_AFTER died with its process; whoever
reads it next (get_job, list_jobs, or queueing another of its kind) records it as failed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from valueloop.domain.errors import Conflict, DomainError, NotFound
from valueloop.domain.jobs import (
    HEARTBEAT,
    STALE_AFTER,
    UNFINISHED,
    BackgroundJob,
    JobStatus,
    is_stale,
    short,
    stopped_error,
)
from valueloop.domain.roles import Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
WRITE_EVERY_S = 0.5  # progress rows written at most twice a second; the last one always
HEARTBEAT_S = HEARTBEAT.total_seconds()  # read at each run, so a test may shorten it


def queue_job(
    uow: UnitOfWork, actor: Principal, kind: str, product_id: int | None, message: str = ""
) -> BackgroundJob:
    """A queued job; Conflict while the same kind of job for the product is still unfinished.

    The caller checks the permission the work itself needs before queueing it.
    """
    with uow:
        now = changes.now()
        found = uow.jobs.list(
            {"kind": kind, "product_id": product_id, "status": sorted(UNFINISHED)}
        ).items
        # A job whose process died makes way; a live one (or one that just beat) does not.
        for current in _fail_stale(uow, found):
            if current.status in UNFINISHED:
                raise Conflict(
                    f"a {kind} job is already {current.status} for this product (job {current.id})",
                    field="job",
                )
        job = uow.jobs.add(
            {
                "kind": kind,
                "product_id": product_id,
                "status": JobStatus.QUEUED.value,
                "done": 0,
                "total": None,
                "message": short(message or "waiting to start"),
                "result": None,
                "error": "",
                "created_by": actor.user_id,
                "created_at": now,
            }
        )
        uow.commit()
        return job


def get_job(uow: UnitOfWork, actor: Principal, job_id: int) -> BackgroundJob:
    """A job the actor may see: one of a product they have a role on, or their own (failed
    now if its process stopped beating)."""
    with uow:
        job = uow.jobs.require(job_id)
        _require_visible(actor, job)
        [job] = _fail_stale(uow, [job])
        uow.commit()
        return job


def list_jobs(
    uow: UnitOfWork,
    actor: Principal,
    *,
    product_id: int | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[BackgroundJob]:
    """A product's jobs (or the actor's own workspace-wide ones), newest first."""
    where: dict[str, object] = {} if kind is None else {"kind": kind}
    with uow:
        if product_id is not None:
            uow.products.require(product_id)
            require_visible(actor, product_id, "product", product_id)
            where["product_id"] = product_id
        elif not actor.is_admin:
            where["created_by"] = actor.user_id
        page = uow.jobs.list(where, order_by=("-id",), limit=limit, offset=offset)
        page = dataclasses.replace(page, items=_fail_stale(uow, page.items))
        uow.commit()
        return page


class JobProgress:
    """A progress callback that writes to the job's record; `also` is told every report too."""

    def __init__(self, uow: UnitOfWork, job_id: int, also: Progress | None = None) -> None:
        self._uow = uow
        self._job_id = job_id
        self._also = also
        self._written = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        if self._also is not None:
            self._also(step, done, total)
        moment = time.monotonic()
        if done < total and moment - self._written < WRITE_EVERY_S:
            return
        self._written = moment
        values = {
            "done": done,
            "total": total,
            "message": short(step),
            "heartbeat_at": changes.now(),
        }
        with self._uow as uow:
            uow.jobs.update(self._job_id, None, values)
            uow.commit()


class _Heartbeat:
    """Writes the job's heartbeat_at every `every_s` seconds from a daemon thread, each beat in
    a unit of work of its own, until the `with` block ends; a failed beat is logged and the
    next one tried (a beat waiting on SQLite's write lock is late, not lost)."""

    def __init__(self, fresh_uow: Callable[[], UnitOfWork], job_id: int, every_s: float) -> None:
        self._fresh_uow = fresh_uow
        self._job_id = job_id
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"job-{job_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                with self._fresh_uow() as uow:
                    uow.jobs.update(self._job_id, None, {"heartbeat_at": changes.now()})
                    uow.commit()
            except Exception:
                log.warning("job %s: heartbeat not written", self._job_id, exc_info=True)


def run_job(
    uow: UnitOfWork,
    job_id: int,
    work: Callable[[Progress], Mapping[str, Any]],
    *,
    also: Progress | None = None,
    fresh_uow: Callable[[], UnitOfWork] | None = None,
) -> BackgroundJob:
    """Run `work(progress)` as the job: running, then succeeded with its result or failed.

    Errors a user can cause are kept as the job's error message; anything else is logged with
    its traceback and kept as "internal error". The job's final record is returned either way.
    `fresh_uow` (the container's unit-of-work factory) lets a thread beat every HEARTBEAT_S
    while the work runs; without it only progress reports beat.
    """
    started = changes.now()
    with uow:
        uow.jobs.update(
            job_id,
            None,
            {
                "status": JobStatus.RUNNING.value,
                "started_at": started,
                "heartbeat_at": started,
                "message": "started",
            },
        )
        uow.commit()
    beating: contextlib.AbstractContextManager[None] = (
        contextlib.nullcontext()
        if fresh_uow is None
        else _Heartbeat(fresh_uow, job_id, HEARTBEAT_S)
    )
    try:
        with beating:
            result = dict(work(JobProgress(uow, job_id, also)))
    except DomainError as error:
        final = _failed(error.message)
    except Exception:
        log.exception("job %s failed", job_id)
        final = _failed("internal error (see the server log)")
    else:
        final = {
            "status": JobStatus.SUCCEEDED.value,
            "error": "",  # a reader may have taken it for dead meanwhile (see _fail_stale)
            "result": result,
            "message": "finished",
            "finished_at": changes.now(),
        }
    with uow:
        job = uow.jobs.update(job_id, None, final)
        if final["status"] == JobStatus.SUCCEEDED.value and job.total is not None:
            job = uow.jobs.update(job_id, None, {"done": job.total})
        uow.commit()
        return job


def _failed(error: str) -> dict[str, object]:
    return {
        "status": JobStatus.FAILED.value,
        "error": short(error),
        "message": "failed",
        "finished_at": changes.now(),
    }


def _fail_stale(uow: UnitOfWork, found: list[BackgroundJob]) -> list[BackgroundJob]:
    """The jobs as they stand once those whose process stopped beating are recorded failed."""
    moment = changes.now()
    return [
        # Conditional: a heartbeat or final status the job wrote since it was read wins.
        uow.jobs.fail_if_silent(job.id, moment - STALE_AFTER, _failed(stopped_error(job)))
        if is_stale(job, moment)
        else job
        for job in found
    ]


def _require_visible(actor: Principal, job: BackgroundJob) -> None:
    if job.product_id is not None:
        require_visible(actor, job.product_id, "job", job.id)
    elif not (actor.is_admin or job.created_by == actor.user_id):
        raise NotFound(f"job {job.id} does not exist", field="id")
