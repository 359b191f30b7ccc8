"""Use cases for Jobs to be Done: job statements, their desired outcomes, and job stories.

Writing them is a decision about what and why, so it takes the deciders' right to link evidence
(product leader, manager, owner); survey answers are recorded like other customer evidence
(services/jtbd_survey.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import jtbd
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.jtbd import DesiredOutcome, Job, JobStory, OutcomeScore
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.opportunities import check_opportunity
from valueloop.services.records import label, require_visible
from valueloop.services.unit_of_work import UnitOfWork

EDIT = Action.LINK_EVIDENCE

# A job takes comments and watchers; outcomes and stories are audited under a plain name.
JOB, OUTCOME, STORY = RecordType.JTBD_JOB, "jtbd_outcome", "job_story"


@dataclass(frozen=True, slots=True)
class ScoredOutcome:
    """A desired outcome with its opportunity score (None before any rating) and wording hints."""

    outcome: DesiredOutcome
    score: OutcomeScore | None
    hints: list[str]


@dataclass(frozen=True, slots=True)
class JobDetail:
    """A job with its outcomes, most under-served first, and hints on its wording."""

    job: Job
    outcomes: list[ScoredOutcome]
    hints: list[str]


# --- jobs ---------------------------------------------------------------------------------------


def create_job(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Job:
    values = jtbd.validate_job(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(EDIT, product_id)
        job = uow.jtbd_jobs.add({**values, "product_id": product_id})
        changes.created(uow, actor, JOB, job)
        uow.commit()
        return job


def _job(uow: UnitOfWork, actor: Principal, job_id: int) -> Job:
    job = uow.jtbd_jobs.require(job_id)
    require_visible(actor, job.product_id, "job to be done", job_id)
    return job


def update_job(
    uow: UnitOfWork,
    actor: Principal,
    job_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Job:
    values = jtbd.validate_job(fields, creating=False)
    with uow:
        before = _job(uow, actor, job_id)
        actor.require(EDIT, before.product_id)
        after = uow.jtbd_jobs.update(job_id, version, values)
        changes.updated(uow, actor, JOB, before, after, label(JOB, after))
        uow.commit()
        return after


def delete_job(uow: UnitOfWork, actor: Principal, job_id: int, version: int | None) -> None:
    """Remove a job with its outcomes and their ratings; its job stories stay, unlinked."""
    with uow:
        job = _job(uow, actor, job_id)
        actor.require(EDIT, job.product_id)
        changes.deleted(uow, actor, JOB, job, label(JOB, job))
        uow.jtbd_jobs.delete(job.id, version)
        uow.commit()


def _details(uow: UnitOfWork, jobs: list[Job]) -> list[JobDetail]:
    ids = [job.id for job in jobs]
    outcomes = uow.desired_outcomes.list({"job_id": ids}).items if ids else []
    scores = scores_of(uow, [o.id for o in outcomes])
    by_job: dict[int, list[ScoredOutcome]] = {job.id: [] for job in jobs}
    for outcome in outcomes:
        by_job[outcome.job_id].append(
            ScoredOutcome(outcome, scores.get(outcome.id), jtbd.outcome_hints(outcome.statement))
        )
    for rows in by_job.values():
        rows.sort(key=lambda r: -1.0 if r.score is None else r.score.opportunity, reverse=True)
    return [JobDetail(job, by_job[job.id], jtbd.job_hints(job.statement)) for job in jobs]


def scores_of(uow: UnitOfWork, outcome_ids: list[int]) -> dict[int, OutcomeScore]:
    """Each rated outcome's opportunity score."""
    if not outcome_ids:
        return {}
    pairs: dict[int, list[tuple[int, int]]] = {}
    for r in uow.outcome_ratings.list({"outcome_id": outcome_ids}).items:
        pairs.setdefault(r.outcome_id, []).append((r.importance, r.satisfaction))
    return {oid: s for oid, rows in pairs.items() if (s := jtbd.score(rows)) is not None}


def get_job(uow: UnitOfWork, actor: Principal, job_id: int) -> JobDetail:
    with uow:
        return _details(uow, [_job(uow, actor, job_id)])[0]


def list_jobs(uow: UnitOfWork, actor: Principal, product_id: int) -> list[JobDetail]:
    """The product's jobs (core first), each with its scored outcomes."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        jobs = uow.jtbd_jobs.list({"product_id": product_id}).items
        order = list(jtbd.JobKind)
        jobs.sort(key=lambda j: (order.index(j.kind), j.id))
        return _details(uow, jobs)


# --- desired outcomes ---------------------------------------------------------------------------


def create_outcome(
    uow: UnitOfWork, actor: Principal, job_id: int, fields: Mapping[str, object]
) -> DesiredOutcome:
    values = jtbd.validate_outcome(fields, creating=True)
    with uow:
        job = _job(uow, actor, job_id)
        actor.require(EDIT, job.product_id)
        check_opportunity(uow, job.product_id, values)
        outcome = uow.desired_outcomes.add({**values, "job_id": job_id})
        changes.created(uow, actor, OUTCOME, outcome)
        uow.commit()
        return outcome


def _outcome(uow: UnitOfWork, actor: Principal, outcome_id: int) -> tuple[DesiredOutcome, Job]:
    outcome = uow.desired_outcomes.require(outcome_id)
    job = uow.jtbd_jobs.require(outcome.job_id)
    require_visible(actor, job.product_id, "desired outcome", outcome_id)
    return outcome, job


def get_outcome(uow: UnitOfWork, actor: Principal, outcome_id: int) -> ScoredOutcome:
    with uow:
        outcome, _ = _outcome(uow, actor, outcome_id)
        score = scores_of(uow, [outcome_id]).get(outcome_id)
        return ScoredOutcome(outcome, score, jtbd.outcome_hints(outcome.statement))


def update_outcome(
    uow: UnitOfWork,
    actor: Principal,
    outcome_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> DesiredOutcome:
    values = jtbd.validate_outcome(fields, creating=False)
    with uow:
        before, job = _outcome(uow, actor, outcome_id)
        actor.require(EDIT, job.product_id)
        check_opportunity(uow, job.product_id, values)
        after = uow.desired_outcomes.update(outcome_id, version, values)
        changes.updated(uow, actor, OUTCOME, before, after)
        uow.commit()
        return after


def delete_outcome(uow: UnitOfWork, actor: Principal, outcome_id: int, version: int | None) -> None:
    """Remove a desired outcome and its survey ratings."""
    with uow:
        outcome, job = _outcome(uow, actor, outcome_id)
        actor.require(EDIT, job.product_id)
        changes.deleted(uow, actor, OUTCOME, outcome)
        uow.desired_outcomes.delete(outcome.id, version)
        uow.commit()


# --- job stories --------------------------------------------------------------------------------


def _check_story_links(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    """A story's job and backlog item belong to the story's product."""
    if values.get("job_id") is not None:
        job = uow.jtbd_jobs.get(int(str(values["job_id"])))
        if job is None or job.product_id != product_id:
            raise ValidationFailed(
                f"job {values['job_id']} is not a job of this product", field="job_id"
            )
    if values.get("item_id") is not None:
        item = uow.items.get(int(str(values["item_id"])))
        if item is None or item.product_id != product_id:
            raise ValidationFailed(
                f"item {values['item_id']} is not a backlog item of this product", field="item_id"
            )


def create_story(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> JobStory:
    values = jtbd.validate_story(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(EDIT, product_id)
        _check_story_links(uow, product_id, values)
        story = uow.job_stories.add({**values, "product_id": product_id})
        changes.created(uow, actor, STORY, story)
        uow.commit()
        return story


def _story(uow: UnitOfWork, actor: Principal, story_id: int) -> JobStory:
    story = uow.job_stories.require(story_id)
    require_visible(actor, story.product_id, "job story", story_id)
    return story


def get_story(uow: UnitOfWork, actor: Principal, story_id: int) -> JobStory:
    with uow:
        return _story(uow, actor, story_id)


def update_story(
    uow: UnitOfWork,
    actor: Principal,
    story_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> JobStory:
    values = jtbd.validate_story(fields, creating=False)
    with uow:
        before = _story(uow, actor, story_id)
        actor.require(EDIT, before.product_id)
        _check_story_links(uow, before.product_id, values)
        after = uow.job_stories.update(story_id, version, values)
        changes.updated(uow, actor, STORY, before, after)
        uow.commit()
        return after


def delete_story(uow: UnitOfWork, actor: Principal, story_id: int, version: int | None) -> None:
    with uow:
        story = _story(uow, actor, story_id)
        actor.require(EDIT, story.product_id)
        changes.deleted(uow, actor, STORY, story)
        uow.job_stories.delete(story.id, version)
        uow.commit()


def list_stories(
    uow: UnitOfWork, actor: Principal, product_id: int, *, job_id: int | None = None
) -> list[JobStory]:
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        where: dict[str, object] = {"product_id": product_id}
        if job_id is not None:
            where["job_id"] = job_id
        return uow.job_stories.list(where).items
