"""The Jobs to be Done page: jobs with their desired outcomes and opportunity scores, the
opportunity landscape, the survey upload, and job stories."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.adapters.importers import outcome_survey_csv
from valueloop.domain.errors import Conflict, DomainError, NotFound, ValidationFailed
from valueloop.domain.jtbd import EXTREME_AT, UNDER_SERVED_AT, JobKind, Served
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import backlog, jtbd, jtbd_survey, products

router = APIRouter(include_in_schema=False)

_STORY = ("situation", "motivation", "expected_outcome")


def _page(product_id: int, anchor: str = "") -> str:
    return f"/products/{product_id}/jtbd" + (f"#{anchor}" if anchor else "")


def chart_data(points: list[jtbd_survey.LandscapePoint]) -> dict[str, Any]:
    """The landscape's points for the page's script (user text goes in as data, never markup)."""
    return {
        "points": [
            {
                "id": p.outcome.id,
                "statement": p.outcome.statement,
                "job": p.job.statement,
                "importance": round(p.score.importance, 2),
                "satisfaction": round(p.score.satisfaction, 2),
                "opportunity": round(p.score.opportunity, 2),
                "served": p.score.served.value,
            }
            for p in points
        ],
        "labels": {s.value: label(s) for s in Served},
        "under_served_at": UNDER_SERVED_AT,
        "extreme_at": EXTREME_AT,
        "filename": "opportunity-landscape",
    }


@router.get("/products/{product_id}/jtbd")
def jtbd_page(request: Request, product_id: int, who: Signed) -> Response:
    return _jtbd_page(request, who, product_id)


def _jtbd_page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    jobs = jtbd.list_jobs(uow(), who.principal, product_id)
    points = jtbd_survey.landscape(uow(), who.principal, product_id)
    stories = jtbd.list_stories(uow(), who.principal, product_id)
    items = backlog.list_items(uow(), who.principal, product_id, limit=500).items
    return render(
        request,
        "jtbd/page.html",
        {
            "product": product,
            "jobs": jobs,
            "job_names": {d.job.id: d.job.statement for d in jobs},
            "points": points,
            "counts": jtbd_survey.served_counts(points),
            "chart": chart_data(points),
            "stories": stories,
            "items": {i.id: i for i in items},
            "item_options": [("", "— none —")] + [(i.id, i.title) for i in items],
            "job_options": [("", "— none —")] + [(d.job.id, d.job.statement) for d in jobs],
            "kinds": [(k.value, label(k)) for k in JobKind],
            "Served": Served,
            "section": "jtbd",
            "error": error,
            "failed": failed,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/jtbd/jobs")
def create_job(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        job = jtbd.create_job(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.pick(text=("statement", "performer", "kind")),
        )
    except ValidationFailed as error:
        return _jtbd_page(request, who, product_id, error=error, failed="job", form=form.values())
    return redirect(request, _page(product_id, f"job-{job.id}"), notice="Job added.")


@router.post("/jtbd/jobs/{job_id}/outcomes")
def create_outcome(request: Request, job_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    job = jtbd.get_job(uow(), who.principal, job_id).job
    try:
        jtbd.create_outcome(uow(), who.principal, job_id, form.pick(text=("statement",)))
    except ValidationFailed as error:
        return _jtbd_page(
            request,
            who,
            job.product_id,
            error=error,
            failed=f"outcome-{job_id}",
            form=form.values(),
        )
    return redirect(request, _page(job.product_id, f"job-{job_id}"), notice="Outcome added.")


@router.post("/jtbd/jobs/{job_id}/delete")
def delete_job(request: Request, job_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    job = jtbd.get_job(uow(), who.principal, job_id).job
    try:
        jtbd.delete_job(uow(), who.principal, job_id, form.version())
    except (ValidationFailed, Conflict) as error:
        return _jtbd_page(request, who, job.product_id, error=error, failed="list")
    return redirect(request, _page(job.product_id), notice="Job removed with its outcomes.")


@router.post("/jtbd/outcomes/{outcome_id}/delete")
def delete_outcome(request: Request, outcome_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    outcome = jtbd.get_outcome(uow(), who.principal, outcome_id).outcome
    product_id = jtbd.get_job(uow(), who.principal, outcome.job_id).job.product_id
    try:
        jtbd.delete_outcome(uow(), who.principal, outcome_id, form.version())
    except (ValidationFailed, Conflict) as error:
        return _jtbd_page(request, who, product_id, error=error, failed="list")
    return redirect(request, _page(product_id, f"job-{outcome.job_id}"), notice="Outcome removed.")


@router.post("/products/{product_id}/jtbd/survey")
def upload_survey(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Ratings per outcome (respondent, outcome, importance, satisfaction[, date, customer])."""
    try:
        name, text = form.upload("file")
        rows = outcome_survey_csv.read(name, text=text)
        report = jtbd_survey.import_survey(
            container_of(request).uow(), who.principal, product_id, rows, name
        )
    except (ValidationFailed, NotFound) as error:
        return _jtbd_page(request, who, product_id, error=error, failed="survey")
    notice = (
        f"{report.source}: {report.rows} ratings — {report.created} new, {report.updated} "
        f"changed, {report.unchanged} unchanged. Scores updated."
    )
    return redirect(request, _page(product_id, "landscape"), notice=notice)


@router.post("/products/{product_id}/jtbd/stories")
def create_story(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        jtbd.create_story(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.pick(text=_STORY, ids=("job_id", "item_id")),
        )
    except ValidationFailed as error:
        return _jtbd_page(request, who, product_id, error=error, failed="story", form=form.values())
    return redirect(request, _page(product_id, "stories"), notice="Job story added.")


@router.post("/jtbd/stories/{story_id}/delete")
def delete_story(request: Request, story_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    story = jtbd.get_story(uow(), who.principal, story_id)
    try:
        jtbd.delete_story(uow(), who.principal, story_id, form.version())
    except (ValidationFailed, Conflict) as error:
        return _jtbd_page(request, who, story.product_id, error=error, failed="list")
    return redirect(request, _page(story.product_id, "stories"), notice="Job story removed.")
