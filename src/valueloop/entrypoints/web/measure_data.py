"""The Measure data page: survey, finance and observation uploads, and refreshing computed measures.

Each upload goes through the same importer and use case as the REST API: a bad file is refused
as a whole, and the page names the file, line and field at fault.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.adapters.importers import finance_csv, observations_csv, surveys_csv
from valueloop.domain.errors import DomainError, NotFound, ValidationFailed
from valueloop.domain.imports import ImportReport
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import dashboards, finance, goals, measure_sources, surveys

router = APIRouter(include_in_schema=False)

SURVEYS = {
    "nps": "NPS: customers, 0–10",
    "enps": "eNPS: employees, 0–10",
    "csat": "CSAT: 1–5",
    "gap": "Satisfaction gap: desired and current, 0–10",
}


def _page(product_id: int) -> str:
    return f"/products/{product_id}/measure-data"


@router.get("/products/{product_id}/measure-data")
def measure_data_page(request: Request, product_id: int, who: Signed) -> Response:
    return _data_page(request, who, product_id)


def _data_page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    data = dashboards.measure_data(container_of(request).uow(), who.principal, product_id)
    return render(
        request,
        "measure_data/page.html",
        {
            "data": data,
            "product": data.product,
            "surveys": SURVEYS,
            "section": "ebm",
            "error": error,
            "failed": failed,
            "form": form or {},
        },
        viewer=who,
        product=data.product,
        status_code=status_for(error) if error else 200,
    )


def _reported(report: ImportReport, then: str = "") -> str:
    return (
        f"Imported {report.source}: {report.rows} rows — {report.created} created, "
        f"{report.updated} updated, {report.unchanged} unchanged.{then}"
    )


@router.post("/products/{product_id}/measure-data/surveys")
def upload_survey(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Survey answers (respondent, customer, date, score, comment); survey measures refresh."""
    survey = form.text("survey")
    try:
        if survey not in SURVEYS:
            raise ValidationFailed("choose which survey the file holds", field="survey")
        name, text = form.upload("file")
        answers = surveys_csv.read(name, survey, text=text)
        report = surveys.import_answers(
            container_of(request).uow(), who.principal, product_id, survey, answers, name
        )
    except (ValidationFailed, NotFound) as error:
        return _data_page(
            request, who, product_id, error=error, failed="survey", form=form.values()
        )
    then = " Comments became feedback notes; survey measures were recomputed."
    return redirect(request, _page(product_id), notice=_reported(report, then))


@router.post("/products/{product_id}/measure-data/finance")
def upload_finance(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Finance per period (period, product, initiative, cost, revenue, headcount)."""
    uow = container_of(request).uow
    try:
        name, text = form.upload("file")
        rows = finance_csv.read(name, text=text)
        report = finance.import_finance(uow(), who.principal, rows, name, product_id=product_id)
    except (ValidationFailed, NotFound) as error:
        return _data_page(
            request, who, product_id, error=error, failed="finance", form=form.values()
        )
    then = " This product's finance measures were recomputed."
    return redirect(request, _page(product_id), notice=_reported(report, then))


@router.post("/products/{product_id}/measure-data/observations")
def upload_observations(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Observations of manual measures (measure by id or name, date, value, note)."""
    try:
        name, text = form.upload("file")
        rows = observations_csv.read(name, text=text)
        report = goals.import_observations(
            container_of(request).uow(), who.principal, product_id, rows, name
        )
    except (ValidationFailed, NotFound) as error:
        return _data_page(
            request, who, product_id, error=error, failed="observations", form=form.values()
        )
    return redirect(request, _page(product_id), notice=_reported(report))


@router.post("/products/{product_id}/measure-data/refresh")
def refresh(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Recompute every computed measure of the product from its source."""
    report = measure_sources.refresh_measures(
        container_of(request).uow(), who.principal, product_id
    )
    notice = f"Recomputed {report.measures} measures ({report.observations} observations)."
    if report.unavailable:
        waiting = ", ".join(f"{k} ({n})" for k, n in sorted(report.unavailable.items()))
        notice += f" Not computed yet, as no source publishes them: {waiting}."
    return redirect(request, _page(product_id), notice=notice)
