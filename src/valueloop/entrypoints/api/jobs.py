"""Background jobs and their progress: /api/v1/jobs/{id}, /api/v1/products/{id}/jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from valueloop.domain.jobs import BackgroundJob, fraction
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut
from valueloop.services import jobs

router = APIRouter(tags=["jobs"])


class JobOut(BaseModel):
    id: int
    kind: str
    product_id: int | None
    status: str
    done: int
    total: int | None
    fraction: float | None
    message: str
    result: Any
    error: str
    created_by: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None = Field(
        description="When the process running it last showed it was alive (at least every "
        "minute); a running job silent for five minutes is reported failed."
    )


def job_out(job: BackgroundJob) -> JobOut:
    return JobOut.model_validate({**_fields(job), "fraction": fraction(job)})


def _fields(job: BackgroundJob) -> dict[str, Any]:
    return {name: getattr(job, name) for name in BackgroundJob.__slots__}


@router.get("/jobs/{job_id}")
def get_job(job_id: int, actor: Actor, uow: Uow) -> JobOut:
    return job_out(jobs.get_job(uow, actor, job_id))


@router.get("/products/{product_id}/jobs")
def list_jobs(
    product_id: int,
    actor: Actor,
    uow: Uow,
    kind: str | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> PageOut[JobOut]:
    page = jobs.list_jobs(uow, actor, product_id=product_id, kind=kind, limit=limit, offset=offset)
    return PageOut[JobOut](
        items=[job_out(job) for job in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )
