"""Where measure numbers come from: observation, survey and finance imports; refresh."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel, Field

from valueloop.adapters.importers import finance_csv, observations_csv, surveys_csv
from valueloop.domain.surveys import Period, SurveyKind
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.uploads import ImportOut, text_of
from valueloop.services import finance, goals, measure_sources, surveys

router = APIRouter(tags=["measures"])


class PeriodScoreOut(BaseModel):
    period_start: dt.date
    value: float
    low: float
    high: float
    responses: int
    confidence: float


class RefreshOut(BaseModel):
    measures: int
    observations: int
    unavailable: dict[str, int] = Field(description="Sources not available yet → measures.")


class TotalsOut(BaseModel):
    period_start: dt.date
    cost: float
    revenue: float
    headcount: float


@router.post("/products/{product_id}/observations/import")
async def import_observations(
    product_id: int, actor: Actor, uow: Uow, file: UploadFile = File(...)
) -> ImportOut:
    """CSV with columns measure (id or name), date, value[, note]; all rows or none."""
    name, text = await text_of(file)
    rows = observations_csv.read(name, text=text)
    return wire(ImportOut, goals.import_observations(uow, actor, product_id, rows, name))


@router.post("/products/{product_id}/surveys/{survey}")
async def import_survey(
    product_id: int,
    survey: Literal["nps", "enps", "csat", "gap"],
    actor: Actor,
    uow: Uow,
    file: UploadFile = File(...),
) -> ImportOut:
    """CSV with respondent, customer, date, score, comment (gap: desired, current instead)."""
    name, text = await text_of(file)
    answers = surveys_csv.read(name, survey, text=text)
    return wire(ImportOut, surveys.import_answers(uow, actor, product_id, survey, answers, name))


@router.get("/products/{product_id}/surveys/{survey}")
def survey_scores(
    product_id: int,
    survey: SurveyKind,
    actor: Actor,
    uow: Uow,
    period: Period = Period.MONTH,
    confidence: float = Query(default=0.95, ge=0.5, lt=1),
) -> list[PeriodScoreOut]:
    """The survey's score per period with its confidence interval."""
    rows = surveys.scores(uow, actor, product_id, survey, period, confidence)
    return [
        PeriodScoreOut(
            period_start=r.period_start,
            value=r.score.value,
            low=r.score.low,
            high=r.score.high,
            responses=r.score.responses,
            confidence=r.score.confidence,
        )
        for r in rows
    ]


@router.post("/products/{product_id}/finance")
async def import_finance(
    product_id: int, actor: Actor, uow: Uow, file: UploadFile = File(...)
) -> ImportOut:
    """CSV with period, product, initiative, cost, revenue, headcount; all rows or none."""
    name, text = await text_of(file)
    rows = finance_csv.read(name, text=text)
    report = finance.import_finance(uow, actor, rows, name, product_id=product_id)
    return wire(ImportOut, report)


@router.get("/products/{product_id}/finance")
def finance_totals(product_id: int, actor: Actor, uow: Uow) -> list[TotalsOut]:
    return [wire(TotalsOut, t) for t in finance.period_totals(uow, actor, product_id)]


@router.post("/products/{product_id}/measures/refresh")
def refresh_measures(product_id: int, actor: Actor, uow: Uow) -> RefreshOut:
    """Recompute the product's computed measures from their sources."""
    return wire(RefreshOut, measure_sources.refresh_measures(uow, actor, product_id))
