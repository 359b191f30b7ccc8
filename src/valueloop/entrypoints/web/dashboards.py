"""Pages for the EBM dashboard of a product and the portfolio, with their CSV downloads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.goals import KeyValueArea
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.csv_files import csv_response, file_name
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import render
from valueloop.entrypoints.web.sessions import Signed
from valueloop.services import dashboards, overview
from valueloop.services.dashboards import MeasureTrend

router = APIRouter(include_in_schema=False)

# What each Key Value Area asks (Scrum.org's Evidence-Based Management Guide).
QUESTIONS = {
    KeyValueArea.CURRENT_VALUE: "The value the product delivers today",
    KeyValueArea.UNREALIZED_VALUE: "Value that could still be realized",
    KeyValueArea.ABILITY_TO_INNOVATE: "What keeps the team from delivering new value",
    KeyValueArea.TIME_TO_MARKET: "How fast the team delivers and learns",
}

_TABLE_HEADER = (
    "product",
    "key_value_area",
    "goal",
    "goal_status",
    "measure",
    "unit",
    "direction",
    "kind",
    "computed_by",
    "baseline",
    "target",
    "latest",
    "latest_on",
    "previous",
    "previous_on",
    "change",
    "change_is_better",
    "gap_to_target",
    "progress",
    "latest_source",
    "latest_note",
)


def series(t: MeasureTrend) -> dict[str, Any]:
    """A measure's chart data for the page's scripts."""
    m = t.measure
    return {
        "name": m.name,
        "unit": m.unit,
        "direction": m.direction.value,
        "dates": [o.observed_on.isoformat() for o in t.observations],
        "values": [o.value for o in t.observations],
        "baseline": m.baseline,
        "target": m.target,
        "filename": file_name(m.name, "trend")[:-4],
    }


def table_row(product: str, t: MeasureTrend) -> list[object]:
    latest, previous = t.latest, t.previous
    return [
        product,
        label(t.goal.kva),
        t.goal.title,
        t.goal.status,
        t.measure.name,
        t.measure.unit,
        t.measure.direction,
        t.measure.kind,
        t.measure.computed_by,
        t.measure.baseline,
        t.measure.target,
        latest.value if latest else None,
        latest.observed_on if latest else None,
        previous.value if previous else None,
        previous.observed_on if previous else None,
        t.change,
        t.better,
        t.gap,
        None if t.progress is None else round(t.progress, 4),
        latest.source if latest else None,
        latest.note if latest else None,
    ]


@router.get("/products/{product_id}/ebm")
def ebm_page(request: Request, product_id: int, who: Signed, closed: str = "") -> Response:
    board = dashboards.ebm_dashboard(
        container_of(request).uow(), who.principal, product_id, include_closed=closed == "1"
    )
    charts = {str(t.measure.id): series(t) for a in board.areas for t in a.measures}
    return render(
        request,
        "dashboards/ebm.html",
        {
            "board": board,
            "product": board.product,
            "charts": charts,
            "questions": QUESTIONS,
            "section": "ebm",
        },
        viewer=who,
        product=board.product,
    )


@router.get("/products/{product_id}/ebm.csv")
def ebm_csv(request: Request, product_id: int, who: Signed, closed: str = "") -> Response:
    """Every measure on the dashboard with its latest and previous values, gap and progress."""
    board = dashboards.ebm_dashboard(
        container_of(request).uow(), who.principal, product_id, include_closed=closed == "1"
    )
    name = board.product.name
    rows = [table_row(name, t) for a in board.areas for t in a.measures]
    return csv_response(file_name(name, "ebm"), _TABLE_HEADER, rows)


@router.get("/measures/{measure_id}/observations.csv")
def observations_csv(request: Request, measure_id: int, who: Signed) -> Response:
    """A measure's observations, oldest first, in the columns the observations import reads."""
    detail = overview.measure_detail(container_of(request).uow(), who.principal, measure_id)
    m = detail.measure
    rows = [
        [m.name, o.observed_on, o.value, o.note, o.source, m.unit, m.baseline, m.target]
        for o in detail.observations
    ]
    header = ("measure", "date", "value", "note", "source", "unit", "baseline", "target")
    return csv_response(file_name(detail.product.name, m.name), header, rows)


def _portfolio_chart(summaries: list[dashboards.ProductSummary]) -> dict[str, Any]:
    return {
        "areas": [label(kva) for kva in dashboards.AREAS],
        "products": [
            {
                "name": s.product.name,
                "progress": [
                    None if a.progress is None else round(a.progress * 100, 1) for a in s.areas
                ],
            }
            for s in summaries
        ],
        "filename": "portfolio-progress",
    }


@router.get("/portfolio")
def portfolio_page(request: Request, who: Signed) -> Response:
    view = dashboards.portfolio(container_of(request).uow(), who.principal)
    return render(
        request,
        "dashboards/portfolio.html",
        {
            "view": view,
            "areas": dashboards.AREAS,
            "questions": QUESTIONS,
            "chart": _portfolio_chart(view.products),
            "section": "portfolio",
        },
        viewer=who,
    )


@router.get("/portfolio.csv")
def portfolio_csv(request: Request, who: Signed) -> Response:
    """Every product's measures on open goals, area by area, as on the portfolio page."""
    view = dashboards.portfolio(container_of(request).uow(), who.principal)
    rows = [
        table_row(s.product.name, t) for s in view.products for a in s.areas for t in a.measures
    ]
    return csv_response(file_name("portfolio"), _TABLE_HEADER, rows)
