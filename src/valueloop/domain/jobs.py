"""Background jobs (imports, synthesis) with their progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


UNFINISHED = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})
HEARTBEAT = dt.timedelta(seconds=60)
"""A running job's process writes `heartbeat_at` at least this often, busy or not."""
STALE_AFTER = 5 * HEARTBEAT
"""An unfinished job not heard from for this long died with its process (a restart, a kill);
a few missed beats, so a slow database write or a paused laptop does not fail a live job."""
MAX_MESSAGE = 500


@dataclass(frozen=True, slots=True)
class BackgroundJob:
    """A long-running piece of work and how far it has got."""

    id: int
    kind: str
    product_id: int | None
    status: str
    done: int
    total: int | None
    message: str
    result: Any
    error: str
    created_by: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None


def fraction(job: BackgroundJob) -> float | None:
    """How much of the job is done, 0–1; None while its size is unknown."""
    if job.status == JobStatus.SUCCEEDED:
        return 1.0
    if not job.total:
        return None
    return min(max(job.done / job.total, 0.0), 1.0)


def last_heard(job: BackgroundJob) -> dt.datetime:
    """When the job was last known alive: its heartbeat, else when it started or was queued."""
    return job.heartbeat_at or job.started_at or job.created_at


def is_stale(job: BackgroundJob, now: dt.datetime) -> bool:
    """Whether an unfinished job has been silent so long that its process must have died."""
    return job.status in UNFINISHED and now - last_heard(job) > STALE_AFTER


def stopped_error(job: BackgroundJob) -> str:
    """The error a stale job is failed with, saying when it was last heard from."""
    since = last_heard(job).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"the process running it stopped (no heartbeat since {since})"


def short(message: str) -> str:
    """A progress or error message cut to what the table keeps."""
    text = " ".join(message.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
