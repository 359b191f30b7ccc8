"""Background jobs, with the one conditional write their liveness check needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import TableRepository
from valueloop.domain.jobs import UNFINISHED, BackgroundJob


class JobRepository(TableRepository[BackgroundJob]):
    def fail_if_silent(
        self, job_id: int, heard_before: dt.datetime, values: Mapping[str, object]
    ) -> BackgroundJob:
        """Write `values` only if the job is still unfinished and was last heard from before
        `heard_before`, in one statement: a heartbeat or a final status written meanwhile by
        the job's own process wins. The job as it stands either way."""
        jobs = t.background_jobs
        last_heard = sa.func.coalesce(jobs.c.heartbeat_at, jobs.c.started_at, jobs.c.created_at)
        updated = self._connection.execute(
            sa.update(jobs)
            .where(
                jobs.c.id == job_id,
                jobs.c.status.in_(sorted(UNFINISHED)),
                last_heard < heard_before,
            )
            .values(self._plain(values))
            .returning(jobs)
        ).first()
        return self.require(job_id) if updated is None else self._to_record(updated)
