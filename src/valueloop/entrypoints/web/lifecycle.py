"""The product overview's exit criteria: add one to a stage's gate, or remove one."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.products import show_overview
from valueloop.entrypoints.web.rendering import redirect
from valueloop.entrypoints.web.sessions import Posted, Signed
from valueloop.services import lifecycle

router = APIRouter(include_in_schema=False)


@router.post("/products/{product_id}/exit-criteria")
def add_criterion(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        measure_id = form.integer("measure_id")
        if measure_id is None:
            raise ValidationFailed("choose a measure", field="measure_id")
        lifecycle.add_exit_criterion(
            container_of(request).uow(),
            who.principal,
            product_id,
            stage=form.text("stage"),
            measure_id=measure_id,
            comparator=form.text("comparator"),
            threshold=form.number("threshold"),
            description=form.text("description"),
        )
    except (ValidationFailed, Conflict) as error:
        return show_overview(
            request, who, product_id, error=error, failed="criterion", form=form.values()
        )
    return redirect(
        request, f"/products/{product_id}#exit-criteria", notice="Exit criterion added."
    )


@router.post("/exit-criteria/{criterion_id}/delete")
def remove_criterion(request: Request, criterion_id: int, who: Signed, form: Posted) -> Response:
    product_id = form.integer("product_id")
    lifecycle.remove_exit_criterion(container_of(request).uow(), who.principal, criterion_id)
    back = f"/products/{product_id}#exit-criteria" if product_id else "/products"
    return redirect(request, back, notice="Exit criterion removed.")
