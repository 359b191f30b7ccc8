"""Pages for prioritizing a product's backlog: the scored backlog with each score's terms, the
framework switch, value vs effort, the MoSCoW check, rank stability and calibration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.calibration import GroupCalibration
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.rank_stability import MAX_DRAWS, MIN_DRAWS
from valueloop.domain.scoring import Framework, IceAggregation, Quadrant
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import page_number, pager, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import calibration, formulas, products, quadrants, rank_stability, scoring
from valueloop.services.calibration import CalibrationView
from valueloop.services.quadrants import QuadrantView, Source

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
    failed: str = "settings",
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
    view, grid_error = _grid(request, who, product_id, board.framework, grid)
    value, effort, vt, et = grid
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
            "grid_saved": {k: v for k, v in view.saved.items() if v is not None},
            "grid_save": _grid_save(view),
            "error": error,
            "failed": failed if error else None,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


def _grid(
    request: Request,
    who: Viewer,
    product_id: int,
    framework: str,
    grid: tuple[str, str, str, str],
) -> tuple[QuadrantView, ValidationFailed | None]:
    """The grid as asked; when that fails, the product's saved grid, and when that fails too
    (a saved axis that no longer reads as a formula), the framework's own; with the first error."""
    first: ValidationFailed | None = None
    for asked in dict.fromkeys((grid, ("", "", "", ""))):
        try:
            return _grid_view(request, who, product_id, framework, asked), first
        except ValidationFailed as failed:
            first = first or failed
    base = quadrants.default_axes(framework)
    own = (base.value, base.effort, f"{base.value_threshold!r}", f"{base.effort_threshold!r}")
    return _grid_view(request, who, product_id, framework, own), first


def _grid_view(
    request: Request,
    who: Viewer,
    product_id: int,
    framework: str,
    asked: tuple[str, str, str, str],
) -> QuadrantView:
    value, effort, vt, et = asked
    return quadrants.value_vs_effort(
        container_of(request).uow(),
        who.principal,
        product_id,
        value=value or None,
        effort=effort or None,
        value_threshold=_number(vt, "value_threshold"),
        effort_threshold=_number(et, "effort_threshold"),
        framework=framework,
    )


def _grid_save(view: QuadrantView) -> dict[str, str]:
    """What "Save as this product's grid" sends: the axes given here or saved before; blank
    where the framework's own applies, so they follow the framework."""
    sources = view.sources
    shown = {
        "quadrant_value": ("value", view.axes.value),
        "quadrant_effort": ("effort", view.axes.effort),
        "quadrant_value_threshold": ("value_threshold", _exact(view.axes.value_threshold)),
        "quadrant_effort_threshold": ("effort_threshold", _exact(view.axes.effort_threshold)),
    }
    return {
        name: "" if sources[field] is Source.FRAMEWORK else text
        for name, (field, text) in shown.items()
    }


def _exact(line: float) -> str:
    """A line as a form sends it back unchanged: the shortest text that reads as the same float
    (`:g` would keep six digits, saving 1234567 as 1234570)."""
    return repr(line).removesuffix(".0")


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
            version=form.integer("version"),
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


@router.post("/products/{product_id}/prioritize/grid")
def save_grid(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Save the value-vs-effort grid for the product (blank fields: the framework's own), or
    with `reset` go back to the framework's own grid."""
    names = ("quadrant_value", "quadrant_effort")
    lines = ("quadrant_value_threshold", "quadrant_effort_threshold")
    try:
        if form.text("reset"):
            fields: dict[str, object] = dict.fromkeys((*names, *lines))
        else:
            fields = {name: form.text(name).strip() or None for name in names}
            fields |= {name: form.number(name) for name in lines}
        scoring.update_settings(
            container_of(request).uow(),
            who.principal,
            product_id,
            fields,
            version=form.integer("version"),
        )
    except (ValidationFailed, Conflict) as error:
        # Show the grid the user was saving (as if tried here), not the saved one it failed to
        # replace, so the page still says what they meant.
        value, effort = (form.text(name) for name in names)
        vt, et = (form.text(name) for name in lines)
        meant = ("", "", "", "") if form.text("reset") else (value, effort, vt, et)
        return _board_page(
            request,
            who,
            product_id,
            "",
            1,
            meant,
            error=error,
            form=form.values(),
            failed="grid",
        )
    notice = (
        "Value vs effort is back to the framework's own grid."
        if form.text("reset")
        else "Saved as this product's value-vs-effort grid."
    )
    return redirect(request, f"/products/{product_id}/prioritize", notice=notice)


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


def _fit(group: GroupCalibration) -> str:
    """A group's legend entry: its rank correlation and normalized error, or why it has none."""
    if group.spearman is None and group.mae is None:
        return f"{group.key} ({group.verdict})"
    parts = [f"ρ {group.spearman:.2f}" if group.spearman is not None else "ρ —"]
    if group.mae is not None:
        parts.append(f"error {group.mae:.2f}")
    return f"{group.key} ({', '.join(parts)}, n {group.count})"


def calibration_chart(view: CalibrationView) -> dict[str, Any]:
    """Predicted against measured impact for calibration-chart.js: each measured prediction's
    score and impact scaled 0–1 (a perfect prediction lies on y = x), grouped by framework or
    estimator with each group's fit, and the predicted impact estimates in the measure's units."""
    report = view.report
    points = report.points
    impacts: dict[int, dict[str, Any]] = {}
    for p in points:
        if p.prediction.predicted_impact is not None:
            impacts.setdefault(
                p.prediction.item_id,
                {
                    "item_id": p.prediction.item_id,
                    "title": view.titles.get(p.prediction.item_id, ""),
                    "x": p.prediction.predicted_impact,
                    "y": p.measured,
                },
            )
    return {
        "groups": {
            "framework": {g.key: _fit(g) for g in report.by_framework},
            "estimator": {g.key: _fit(g) for g in report.by_estimator},
        },
        "points": [
            {
                "item_id": p.prediction.item_id,
                "title": view.titles.get(p.prediction.item_id, ""),
                "framework": p.prediction.framework,
                "estimator": p.prediction.estimator,
                "x": p.score,
                "y": p.actual,
                "score": p.prediction.score,
                "measured": p.measured,
            }
            for p in points
        ],
        "impacts": list(impacts.values()),
    }


@router.get("/products/{product_id}/prioritize/calibration")
def calibration_page(request: Request, product_id: int, who: Signed) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    view = calibration.calibration_report(uow(), who.principal, product_id)
    return render(
        request,
        "scoring/calibration.html",
        {
            "product": product,
            "view": view,
            "report": view.report,
            "chart": calibration_chart(view),
            "section": "prioritize",
        },
        viewer=who,
        product=product,
    )
