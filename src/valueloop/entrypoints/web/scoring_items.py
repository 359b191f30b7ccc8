"""An item's prioritization page: its score under every framework with the terms, the estimates
editor (likely value and range per input), confidence with its override, MoSCoW, the
desirability/viability/feasibility assessment, and its snapshots with the measured impact."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.assessments import Dimension, Rating
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.estimates import FIELDS
from valueloop.domain.rank_stability import Distribution
from valueloop.domain.scoring import Framework, Moscow
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import form_state, redirect, render, status_for
from valueloop.entrypoints.web.scoring import framework_options
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import assessments, calibration, estimates, overview, scoring

router = APIRouter(include_in_schema=False)

# The estimate fields in the order of the frameworks that read them.
GROUPS = [
    ("RICE", ("reach", "impact", "effort")),
    ("ICE", ("ice_impact", "ice_confidence", "ice_ease")),
    ("WSJF", ("business_value", "time_criticality", "risk_reduction", "job_size")),
    ("CD3", ("cost_of_delay", "duration")),
    ("Opportunity", ("importance", "satisfaction")),
    ("Formulas and calibration", ("value", "predicted_impact")),
]
DISTRIBUTIONS = [(d.value, label(d)) for d in Distribution if d is not Distribution.POINT]


def _item_page(
    request: Request,
    who: Viewer,
    item_id: int,
    framework: str = "",
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    context = overview.item_context(uow(), who.principal, item_id)
    item, product = context.item, context.product
    chosen = framework or scoring.get_settings(uow(), who.principal, product.id).framework
    row = scoring.score_item(uow(), who.principal, item_id, chosen)
    others = [
        (scoring.LABELS[fw], scoring.score_item(uow(), who.principal, item_id, fw.value))
        for fw in Framework
        if fw.value != chosen
    ]
    snapshots, impact = calibration.item_snapshots(uow(), who.principal, item_id)
    found = {a.dimension: a for a in assessments.list_assessments(uow(), who.principal, item_id)}
    custom = sorted(name for name in row.estimates if name not in FIELDS)
    return render(
        request,
        "scoring/item.html",
        {
            "item": item,
            "product": product,
            "row": row,
            "others": others,
            "viewing": framework,
            "options": framework_options(request, who, product.id),
            "priority": estimates.get_priority(uow(), who.principal, item_id),
            "groups": [*GROUPS, ("Custom fields", tuple(custom))] if custom else GROUPS,
            "rules": FIELDS,
            "distributions": DISTRIBUTIONS,
            "moscow_options": [("", "— none —")] + [(m.value, label(m)) for m in Moscow],
            "dimensions": list(Dimension),
            "ratings": [(r.value, label(r)) for r in Rating],
            "assessed": found,
            "names": overview.user_names(
                uow(), who.principal, [s.estimator_id for s in snapshots if s.estimator_id]
            ),
            "snapshots": snapshots,
            "impact": impact,
            "section": "prioritize",
            **form_state(error, failed, form),
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.get("/items/{item_id}/prioritize")
def item_page(request: Request, item_id: int, who: Signed, framework: str = "") -> Response:
    return _item_page(request, who, item_id, framework)


def _back(request: Request, item_id: int, notice: str, anchor: str) -> Response:
    return redirect(request, f"/items/{item_id}/prioritize#{anchor}", notice=notice)


@router.post("/items/{item_id}/estimates")
def save_estimate(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    """Estimate one input: a likely value, and optionally a range with its distribution."""
    field = form.text("field").strip().lower()
    try:
        values: dict[str, object] = {"likely": form.number("likely")}
        low, high = form.number("low"), form.number("high")
        if low is not None or high is not None:
            values.update(low=low, high=high, distribution=form.text("distribution") or None)
        if form.has("note"):
            values["note"] = form.text("note")
        estimates.set_estimate(
            container_of(request).uow(),
            who.principal,
            item_id,
            field,
            values,
            version=form.integer("version"),
        )
    except (ValidationFailed, Conflict) as error:
        failed = f"estimate-{field}" if field in FIELDS or form.has("version") else "estimate-new"
        return _item_page(request, who, item_id, error=error, failed=failed, form=form.values())
    return _back(request, item_id, f"Estimated {field.replace('_', ' ')}.", "estimates")


@router.post("/items/{item_id}/estimates/{field}/delete")
def delete_estimate(
    request: Request, item_id: int, field: str, who: Signed, form: Posted
) -> Response:
    try:
        estimates.clear_estimate(
            container_of(request).uow(),
            who.principal,
            item_id,
            field,
            version=form.integer("version"),
        )
    except (ValidationFailed, Conflict) as error:
        return _item_page(
            request, who, item_id, error=error, failed=f"estimate-{field}", form=form.values()
        )
    return _back(request, item_id, f"Removed the {field.replace('_', ' ')} estimate.", "estimates")


@router.post("/items/{item_id}/priority")
def save_priority(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    """MoSCoW, or the confidence override with its reason (or clearing it)."""
    which = form.text("part")
    try:
        if which == "moscow":
            fields: dict[str, object] = {"moscow": form.text("moscow") or None}
        elif which == "clear-override":
            fields = {"confidence_override": None}
        else:
            which = "override"
            percent = form.number("confidence_override")
            fields = {
                "confidence_override": None if percent is None else percent / 100,
                "override_reason": form.text("override_reason"),
            }
            if percent is None:
                raise ValidationFailed(
                    "confidence_override must be a number from 0 to 100",
                    field="confidence_override",
                )
        estimates.set_priority(
            container_of(request).uow(),
            who.principal,
            item_id,
            fields,
            version=form.integer("version"),
        )
    except (ValidationFailed, Conflict) as error:
        if isinstance(error, ValidationFailed) and error.field == "confidence_override":
            error = ValidationFailed(
                error.message.replace("must be at most 1", "must be at most 100"),
                field=error.field,
            )
        failed = "moscow" if which == "moscow" else "override"
        return _item_page(request, who, item_id, error=error, failed=failed, form=form.values())
    notices = {
        "moscow": "MoSCoW category saved.",
        "clear-override": "Confidence is derived from the evidence again.",
        "override": "Confidence set by hand; the reason is recorded.",
    }
    return _back(request, item_id, notices[which], "confidence")


@router.post("/items/{item_id}/assessments/{dimension}")
def save_assessment(
    request: Request, item_id: int, dimension: str, who: Signed, form: Posted
) -> Response:
    try:
        assessments.assess(
            container_of(request).uow(),
            who.principal,
            item_id,
            dimension,
            {
                "rating": form.text("rating"),
                "evidence": form.text("evidence"),
                "link": form.text("link").strip(),
            },
            version=form.integer("version"),
        )
    except (ValidationFailed, Conflict) as error:
        return _item_page(
            request, who, item_id, error=error, failed=f"dvf-{dimension}", form=form.values()
        )
    return _back(request, item_id, f"{dimension.capitalize()} assessed.", "dvf")


@router.post("/items/{item_id}/measured-impact")
def save_impact(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    try:
        calibration.record_impact(
            container_of(request).uow(),
            who.principal,
            item_id,
            form.number("value"),
            measured_on=form.text("measured_on").strip() or None,
            note=form.text("note"),
            version=form.integer("version"),
        )
    except (ValidationFailed, Conflict) as error:
        return _item_page(request, who, item_id, error=error, failed="impact", form=form.values())
    return _back(request, item_id, "Measured impact recorded.", "calibration")
