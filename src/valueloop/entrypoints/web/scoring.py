"""Pages for prioritizing a product's backlog: the scored backlog with each score's terms, the
framework switch, value vs effort, the MoSCoW check, rank stability and calibration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.rank_stability import MAX_DRAWS, MIN_DRAWS
from valueloop.domain.scoring import Framework, IceAggregation, Quadrant
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import page_number, pager, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import calibration, formulas, products, quadrants, rank_stability, scoring
from valueloop.services.quadrants import QuadrantView

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
BUILT_IN = [
    (Framework.RICE.value, "RICE: reach × impact × confidence ÷ effort"),
    (Framework.ICE.value, "ICE: impact, confidence, ease"),
    (Framework.WSJF.value, "WSJF: cost of delay ÷ job size"),
    (Framework.CD3.value, "CD3: cost of delay ÷ duration"),
    (Framework.OPPORTUNITY.value, "Opportunity: importance + unmet need"),
]
QUADRANTS = {
    Quadrant.QUICK_WIN: "Quick wins: high value, low effort",
    Quadrant.BIG_BET: "Big bets: high value, high effort",
    Quadrant.FILL_IN: "Fill-ins: low value, low effort",
    Quadrant.TIME_SINK: "Time sinks: low value, high effort",
}


def framework_options(request: Request, who: Viewer, product_id: int) -> list[tuple[str, str]]:
    """The built-in frameworks and the product's saved formulas, for the framework switch."""
    saved = formulas.list_formulas(container_of(request).uow(), who.principal, product_id)
    return BUILT_IN + [(f"formula:{s.formula.id}", f"Formula: {s.formula.label}") for s in saved]


def _number(value: str, name: str) -> float | None:
    text = value.strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationFailed(f"{name} must be a number", field=name) from None


def quadrant_chart(view: QuadrantView) -> dict[str, Any]:
    """The value-vs-effort grid's data for scoring-chart.js."""
    axes = view.axes
    return {
        "value": axes.value,
        "effort": axes.effort,
        "value_threshold": axes.value_threshold,
        "effort_threshold": axes.effort_threshold,
        "labels": {q.value: label(q) for q in Quadrant},
        "points": [
            {
                "id": p.item_id,
                "title": p.title,
                "value": p.value,
                "effort": p.effort,
                "quadrant": p.quadrant.value,
            }
            for p in view.items
        ],
    }


@router.get("/products/{product_id}/prioritize")
def board_page(
    request: Request,
    product_id: int,
    who: Signed,
    framework: str = "",
    page: str = "1",
    value: str = "",
    effort: str = "",
    vt: str = "",
    et: str = "",
) -> Response:
    return _board_page(
        request, who, product_id, framework, page_number(page), (value, effort, vt, et)
    )


def _board_page(
    request: Request,
    who: Viewer,
    product_id: int,
    framework: str,
    number: int,
    grid: tuple[str, str, str, str],
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    settings = scoring.get_settings(uow(), who.principal, product_id)
    board = scoring.score_board(
        uow(),
        who.principal,
        product_id,
        framework or None,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    value, effort, vt, et = grid
    base = quadrants.default_axes(board.framework)
    grid_error: DomainError | None = None
    try:
        view = quadrants.value_vs_effort(
            uow(),
            who.principal,
            product_id,
            value=value or base.value,
            effort=effort or base.effort,
            value_threshold=_number(vt, "value_threshold") if vt else base.value_threshold,
            effort_threshold=_number(et, "effort_threshold") if et else base.effort_threshold,
        )
    except ValidationFailed as failed:
        grid_error = failed
        view = quadrants.value_vs_effort(
            uow(),
            who.principal,
            product_id,
            value=base.value,
            effort=base.effort,
            value_threshold=base.value_threshold,
            effort_threshold=base.effort_threshold,
        )
    return render(
        request,
        "scoring/board.html",
        {
            "product": product,
            "settings": settings,
            "board": board,
            "pager": pager(request, board),  # type: ignore[arg-type]  # a Page in shape
            "options": framework_options(request, who, product_id),
            "viewing": framework,
            "aggregations": [(a.value, label(a)) for a in IceAggregation],
            "moscow": scoring.moscow_check(uow(), who.principal, product_id),
            "grid": view,
            "grid_form": {"value": value, "effort": effort, "vt": vt, "et": et},
            "grid_error": grid_error,
            "chart": quadrant_chart(view),
            "quadrants": QUADRANTS,
            "section": "prioritize",
            "error": error,
            "failed": "settings" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/prioritize/settings")
def save_settings(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Choose the framework the product scores with (and ICE's aggregation, the unaligned
    weight and the evidence half-life); everyone then sees the backlog scored by it."""
    try:
        fields = form.pick(
            text=("framework", "ice_aggregation"),
            numbers=("unaligned_weight", "half_life_days"),
        )
        chosen = scoring.update_settings(
            container_of(request).uow(),
            who.principal,
            product_id,
            {k: v for k, v in fields.items() if v not in (None, "")},
            version=form.integer("version") or None,
        )
    except (ValidationFailed, Conflict) as error:
        return _board_page(
            request, who, product_id, "", 1, ("", "", "", ""), error=error, form=form.values()
        )
    name = dict(framework_options(request, who, product_id)).get(chosen.framework, "")
    return redirect(
        request,
        f"/products/{product_id}/prioritize",
        notice=f"The backlog is now scored with {name.split(':')[0] or chosen.framework}.",
    )


@router.get("/products/{product_id}/prioritize/stability")
def stability_page(
    request: Request,
    product_id: int,
    who: Signed,
    framework: str = "",
    draws: str = "",
    top: str = "",
    seed: str = "",
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    asked = {
        "draws": _bounded(draws, MIN_DRAWS, MIN_DRAWS, MAX_DRAWS),
        "top": _bounded(top, 10, 1, 10_000),
        "seed": _bounded(seed, 0, 0, 2**31 - 1),
    }
    view = rank_stability.product_rank_stability(
        uow(),
        who.principal,
        product_id,
        framework or None,
        draws=asked["draws"],
        top_k=asked["top"],
        seed=asked["seed"],
    )
    rows = sorted(view.report.items, key=lambda i: i.point_rank) if view.report else []
    return render(
        request,
        "scoring/stability.html",
        {
            "product": product,
            "view": view,
            "rows": rows,
            "asked": asked,
            "viewing": framework,
            "options": framework_options(request, who, product_id),
            "section": "prioritize",
        },
        viewer=who,
        product=product,
    )


def _bounded(value: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string, kept within the bounds the use case accepts."""
    try:
        return max(low, min(int(value), high)) if value.strip() else default
    except ValueError:
        return default


@router.get("/products/{product_id}/prioritize/calibration")
def calibration_page(request: Request, product_id: int, who: Signed) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    view = calibration.calibration_report(uow(), who.principal, product_id)
    return render(
        request,
        "scoring/calibration.html",
        {"product": product, "view": view, "report": view.report, "section": "prioritize"},
        viewer=who,
        product=product,
    )
