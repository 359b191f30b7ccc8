"""Jobs to be Done: /api/v1/products/{id}/jobs-to-be-done, /desired-outcomes, /job-stories, the
outcome survey upload and the opportunity landscape."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, File, Response, UploadFile, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.adapters.importers import outcome_survey_csv
from valueloop.domain.jtbd import JobKind, OutcomeScore, Served
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.entrypoints.api.uploads import ImportOut, text_of
from valueloop.services import jtbd, jtbd_survey
from valueloop.services.jtbd import JobDetail, ScoredOutcome

router = APIRouter(tags=["jobs to be done"])


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    statement: str = Field(max_length=1000, description="Verb + object + context.")
    performer: str = Field(default="", max_length=200, description="Who is trying to get it done.")
    kind: JobKind = JobKind.CORE


class JobPatch(Patch):
    statement: str | None = Field(default=None, max_length=1000)
    performer: str | None = Field(default=None, max_length=200)
    kind: JobKind | None = None


class JobOut(BaseModel):
    id: int
    product_id: int
    performer: str
    statement: str
    kind: JobKind
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    statement: str = Field(
        max_length=1000, description="Direction + metric + object of control + clarifier."
    )
    opportunity_id: int | None = Field(default=None, description="An opportunity of the product.")


class OutcomePatch(Patch):
    statement: str | None = Field(default=None, max_length=1000)
    opportunity_id: int | None = None


class OutcomeOut(BaseModel):
    id: int
    job_id: int
    statement: str
    opportunity_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class ScoreOut(BaseModel):
    respondents: int
    importance: float = Field(description="Share rating importance 4–5 of 5, times 10 (0–10).")
    satisfaction: float = Field(description="Share rating satisfaction 4–5 of 5, times 10.")
    opportunity: float = Field(description="importance + max(importance − satisfaction, 0).")
    served: Served
    band: str = Field(description="For under-served outcomes: extreme (>15), high (12–15), solid.")
    explain: str


class ScoredOutcomeOut(BaseModel):
    outcome: OutcomeOut
    score: ScoreOut | None = Field(description="None until someone rated the outcome.")
    hints: list[str] = Field(description="Where the wording departs from Ulwick's form.")


class JobDetailOut(BaseModel):
    job: JobOut
    outcomes: list[ScoredOutcomeOut]
    hints: list[str]


class StoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    situation: str = Field(max_length=1000, description="When …")
    motivation: str = Field(max_length=1000, description="I want to …")
    expected_outcome: str = Field(max_length=1000, description="so I can …")
    job_id: int | None = None
    item_id: int | None = Field(default=None, description="A backlog item that serves the story.")


class StoryPatch(Patch):
    situation: str | None = Field(default=None, max_length=1000)
    motivation: str | None = Field(default=None, max_length=1000)
    expected_outcome: str | None = Field(default=None, max_length=1000)
    job_id: int | None = None
    item_id: int | None = None


class StoryOut(BaseModel):
    id: int
    product_id: int
    job_id: int | None
    situation: str
    motivation: str
    expected_outcome: str
    item_id: int | None
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class LandscapePointOut(BaseModel):
    outcome_id: int
    statement: str
    job_id: int
    job: str
    opportunity_id: int | None
    score: ScoreOut


def _scored(row: ScoredOutcome) -> ScoredOutcomeOut:
    return ScoredOutcomeOut(
        outcome=wire(OutcomeOut, row.outcome),
        score=_score(row.score) if row.score else None,
        hints=row.hints,
    )


def _score(score: OutcomeScore) -> ScoreOut:
    return ScoreOut(
        respondents=score.respondents,
        importance=score.importance,
        satisfaction=score.satisfaction,
        opportunity=score.opportunity,
        served=score.served,
        band=score.band,
        explain=score.explain(),
    )


def _detail(detail: JobDetail) -> JobDetailOut:
    return JobDetailOut(
        job=wire(JobOut, detail.job),
        outcomes=[_scored(row) for row in detail.outcomes],
        hints=detail.hints,
    )


# --- jobs ---------------------------------------------------------------------------------------


@router.get("/products/{product_id}/jobs-to-be-done")
def list_jobs(product_id: int, actor: Actor, uow: Uow) -> list[JobDetailOut]:
    """The product's jobs (core first), each with its outcomes, most under-served first."""
    return [_detail(d) for d in jtbd.list_jobs(uow, actor, product_id)]


@router.post("/products/{product_id}/jobs-to-be-done", status_code=status.HTTP_201_CREATED)
def create_job(product_id: int, body: JobIn, actor: Actor, uow: Uow) -> JobOut:
    return wire(JobOut, jtbd.create_job(uow, actor, product_id, body.model_dump()))


@router.get("/jobs-to-be-done/{jtbd_job_id}")
def get_job(jtbd_job_id: int, actor: Actor, uow: Uow) -> JobDetailOut:
    return _detail(jtbd.get_job(uow, actor, jtbd_job_id))


@router.patch("/jobs-to-be-done/{jtbd_job_id}")
def update_job(jtbd_job_id: int, body: JobPatch, actor: Actor, uow: Uow) -> JobOut:
    return wire(JobOut, jtbd.update_job(uow, actor, jtbd_job_id, body.version, changes(body)))


@router.delete("/jobs-to-be-done/{jtbd_job_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_job(jtbd_job_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    """Remove the job with its outcomes and their ratings; its job stories stay, unlinked."""
    jtbd.delete_job(uow, actor, jtbd_job_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- desired outcomes ---------------------------------------------------------------------------


@router.post("/jobs-to-be-done/{jtbd_job_id}/outcomes", status_code=status.HTTP_201_CREATED)
def create_outcome(jtbd_job_id: int, body: OutcomeIn, actor: Actor, uow: Uow) -> OutcomeOut:
    return wire(OutcomeOut, jtbd.create_outcome(uow, actor, jtbd_job_id, body.model_dump()))


@router.get("/desired-outcomes/{desired_outcome_id}")
def get_outcome(desired_outcome_id: int, actor: Actor, uow: Uow) -> ScoredOutcomeOut:
    return _scored(jtbd.get_outcome(uow, actor, desired_outcome_id))


@router.patch("/desired-outcomes/{desired_outcome_id}")
def update_outcome(
    desired_outcome_id: int, body: OutcomePatch, actor: Actor, uow: Uow
) -> OutcomeOut:
    updated = jtbd.update_outcome(uow, actor, desired_outcome_id, body.version, changes(body))
    return wire(OutcomeOut, updated)


@router.delete("/desired-outcomes/{desired_outcome_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_outcome(
    desired_outcome_id: int, actor: Actor, uow: Uow, version: int | None = None
) -> Response:
    """Remove the desired outcome and its survey ratings."""
    jtbd.delete_outcome(uow, actor, desired_outcome_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- the survey and the landscape ---------------------------------------------------------------


@router.post("/products/{product_id}/outcome-survey")
async def import_survey(
    product_id: int, actor: Actor, uow: Uow, file: UploadFile = File(...)
) -> ImportOut:
    """CSV with respondent, outcome (id or exact statement), importance, satisfaction (1–5)
    [, date, customer]; all rows or none, and a re-import changes nothing."""
    name, text = await text_of(file)
    rows = outcome_survey_csv.read(name, text=text)
    return wire(ImportOut, jtbd_survey.import_survey(uow, actor, product_id, rows, name))


@router.get("/products/{product_id}/opportunity-landscape")
def landscape(product_id: int, actor: Actor, uow: Uow) -> list[LandscapePointOut]:
    """Every rated outcome with importance (y) and satisfaction (x), most under-served first."""
    return [
        LandscapePointOut(
            outcome_id=p.outcome.id,
            statement=p.outcome.statement,
            job_id=p.job.id,
            job=p.job.statement,
            opportunity_id=p.outcome.opportunity_id,
            score=_score(p.score),
        )
        for p in jtbd_survey.landscape(uow, actor, product_id)
    ]


# --- job stories --------------------------------------------------------------------------------


@router.get("/products/{product_id}/job-stories")
def list_stories(
    product_id: int, actor: Actor, uow: Uow, job_id: int | None = None
) -> list[StoryOut]:
    return [wire(StoryOut, s) for s in jtbd.list_stories(uow, actor, product_id, job_id=job_id)]


@router.post("/products/{product_id}/job-stories", status_code=status.HTTP_201_CREATED)
def create_story(product_id: int, body: StoryIn, actor: Actor, uow: Uow) -> StoryOut:
    return wire(StoryOut, jtbd.create_story(uow, actor, product_id, body.model_dump()))


@router.get("/job-stories/{job_story_id}")
def get_story(job_story_id: int, actor: Actor, uow: Uow) -> StoryOut:
    return wire(StoryOut, jtbd.get_story(uow, actor, job_story_id))


@router.patch("/job-stories/{job_story_id}")
def update_story(job_story_id: int, body: StoryPatch, actor: Actor, uow: Uow) -> StoryOut:
    updated = jtbd.update_story(uow, actor, job_story_id, body.version, changes(body))
    return wire(StoryOut, updated)


@router.delete("/job-stories/{job_story_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_story(job_story_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    jtbd.delete_story(uow, actor, job_story_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
