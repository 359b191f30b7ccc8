"""Pages for a product's saved formulas: write, check, rewrite (a new version) and remove them;
an error points at the line and column at fault."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.estimates import FIELDS
from valueloop.domain.evidence import EVIDENCE_VARIABLES, GOAL_VARIABLES, OTHER_VARIABLES
from valueloop.domain.formulas import FormulaError
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import form_state, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import formulas, products, scoring

router = APIRouter(include_in_schema=False)

_FIELDS = ("name", "description", "text")


def variables() -> list[tuple[str, str]]:
    """The names every product's formulas may use (custom estimate fields and segments add more)."""
    named = {name: rule.description for name, rule in FIELDS.items()}
    named.update(EVIDENCE_VARIABLES)
    named.update(GOAL_VARIABLES)
    named.update(OTHER_VARIABLES)
    return sorted(named.items())


def _formulas_page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
    checked: formulas.CheckedFormula | None = None,
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    return render(
        request,
        "scoring/formulas.html",
        {
            "product": product,
            "saved": formulas.list_formulas(uow(), who.principal, product_id),
            "settings": scoring.get_settings(uow(), who.principal, product_id),
            "variables": variables(),
            "pointer": error.pointer() if isinstance(error, FormulaError) else "",
            "checked": checked,
            "section": "prioritize",
            **form_state(error, failed, form),
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.get("/products/{product_id}/formulas")
def formulas_page(request: Request, product_id: int, who: Signed) -> Response:
    return _formulas_page(request, who, product_id)


@router.post("/products/{product_id}/formulas")
def create_formula(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Save a new formula, or only check it when the "check" button was pressed."""
    uow = container_of(request).uow
    try:
        if form.text("action") == "check":
            checked = formulas.check_formula(uow(), who.principal, product_id, form.text("text"))
            return _formulas_page(
                request, who, product_id, failed="create", form=form.values(), checked=checked
            )
        created = formulas.create_formula(uow(), who.principal, product_id, form.pick(text=_FIELDS))
    except ValidationFailed as error:
        return _formulas_page(
            request, who, product_id, error=error, failed="create", form=form.values()
        )
    return redirect(
        request,
        f"/products/{product_id}/formulas#formula-{created.id}",
        notice=f"Saved “{created.label}”. Score with it from the Prioritize page.",
    )


@router.post("/formulas/{formula_id}")
def update_formula(request: Request, formula_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    found = formulas.get_formula(uow(), who.principal, formula_id)
    try:
        changed = formulas.update_formula(
            uow(), who.principal, formula_id, form.version(), form.pick(text=_FIELDS)
        )
    except (ValidationFailed, Conflict) as error:
        return _formulas_page(
            request,
            who,
            found.product_id,
            error=error,
            failed=f"formula-{formula_id}",
            form=form.values(),
        )
    return redirect(
        request,
        f"/products/{changed.product_id}/formulas#formula-{formula_id}",
        notice=f"Saved “{changed.label}”.",
    )


@router.post("/formulas/{formula_id}/delete")
def delete_formula(request: Request, formula_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    found = formulas.get_formula(uow(), who.principal, formula_id)
    try:
        formulas.delete_formula(uow(), who.principal, formula_id, form.integer("version"))
    except (ValidationFailed, Conflict) as error:
        return _formulas_page(
            request,
            who,
            found.product_id,
            error=error,
            failed=f"formula-{formula_id}",
            form=form.values(),
        )
    return redirect(
        request, f"/products/{found.product_id}/formulas", notice=f"Removed “{found.name}”."
    )
