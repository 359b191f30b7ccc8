"""Pages for the workspace's Key Value Measure catalogue: browse, sync, edit, add to a goal."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.goals import KeyValueArea
from valueloop.domain.roles import Action
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import form_state, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import dashboards, goals, kvm, measure_sources

router = APIRouter(include_in_schema=False)

_EDITABLE = ("name", "kva", "definition", "unit", "direction", "kind", "computed_by")

# How each kind of source gets its numbers, for people choosing a measure.
SOURCES = {
    "manual": "Entered by hand on the measure's page, or uploaded as an observations CSV.",
    "survey": "Computed per month from the survey answers uploaded on the Measure data page.",
    "finance": "Computed per period from the finance CSV uploaded on the Measure data page.",
    "feedback": "Computed from customer feedback linked to open backlog items.",
    "delivery": "Computed from delivery data (backlog flow, deployments, incidents).",
    "usage": "Computed from product usage events.",
    "experiments": "Computed from the goals' experiment loops.",
}


def _area(value: str) -> KeyValueArea | None:
    return KeyValueArea(value) if value in set(KeyValueArea) else None


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@router.get("/catalogue")
def catalogue_page(request: Request, who: Signed, kva: str = "", product_id: str = "") -> Response:
    return _catalogue_page(request, who, _area(kva), _number(product_id))


def _catalogue_page(
    request: Request,
    who: Viewer,
    kva: KeyValueArea | None,
    product_id: int | None,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    view = dashboards.catalogue(container_of(request).uow(), who.principal, product_id=product_id)
    return render(
        request,
        "kvm/catalogue.html",
        {
            "view": view,
            "kva": kva,
            "areas": [kva] if kva else list(KeyValueArea),
            "product_id": product_id,
            "goal_options": [(c.goal.id, f"{c.product.name} › {c.goal.title}") for c in view.goals],
            "sources": SOURCES,
            "can_manage": who.principal.is_admin or who.principal.can(Action.MANAGE_GOALS),
            "section": "catalogue",
            "error": error,
            "failed": failed,
            "form": form or {},
        },
        viewer=who,
        status_code=status_for(error) if error else 200,
    )


@router.post("/catalogue/sync")
def sync(request: Request, who: Signed, form: Posted) -> Response:
    """Bring in the packaged catalogue: new entries added, entries nobody edited refreshed."""
    catalogue = load_kvm_catalogue()
    added, refreshed = kvm.sync_catalogue(container_of(request).uow(), who.principal, catalogue)
    notice = (
        f"Synced with the packaged catalogue {catalogue.version}: {added} added, "
        f"{refreshed} refreshed; entries edited in this workspace were kept."
    )
    return redirect(request, "/catalogue", notice=notice)


@router.get("/catalogue/{kvm_id}")
def entry_page(request: Request, kvm_id: int, who: Signed) -> Response:
    return _entry_page(request, who, kvm_id)


def _entry_page(
    request: Request,
    who: Viewer,
    kvm_id: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    entry = dashboards.catalogue_entry(container_of(request).uow(), who.principal, kvm_id)
    return render(
        request,
        "kvm/entry.html",
        {
            "entry": entry,
            "sources": SOURCES,
            "registered": ["manual", *measure_sources.registered()],
            "can_manage": who.principal.is_admin or who.principal.can(Action.MANAGE_GOALS),
            "section": "catalogue",
            **form_state(error, "edit" if error else None, form),
        },
        viewer=who,
        status_code=status_for(error) if error else 200,
    )


@router.post("/catalogue/{kvm_id}")
def edit_entry(request: Request, kvm_id: int, who: Signed, form: Posted) -> Response:
    try:
        kvm.edit_kvm(
            container_of(request).uow(),
            who.principal,
            kvm_id,
            form.version(),
            form.pick(text=_EDITABLE),
        )
    except (ValidationFailed, Conflict) as error:
        return _entry_page(request, who, kvm_id, error=error, form=form.values())
    return redirect(
        request,
        f"/catalogue#kvm-{kvm_id}",
        notice="Catalogue entry saved; syncing with the packaged catalogue will keep your edit.",
    )


@router.post("/catalogue/{kvm_id}/measures")
def add_to_goal(request: Request, kvm_id: int, who: Signed, form: Posted) -> Response:
    """A measure on the chosen goal, filled in from the catalogue entry."""
    uow = container_of(request).uow
    entry = dashboards.catalogue_entry(uow(), who.principal, kvm_id)
    try:
        goal_id = form.integer("goal_id")
        if goal_id is None:
            raise ValidationFailed("choose a goal", field="goal_id")
        measure = goals.add_measure(
            uow(),
            who.principal,
            goal_id,
            {
                "catalogue_key": entry.key,
                "name": entry.name,
                "definition": entry.definition,
                "unit": entry.unit,
                "direction": entry.direction,
                "kind": entry.kind,
                "computed_by": entry.computed_by,
                **form.pick(numbers=("baseline", "target"), dates=("target_date",)),
            },
        )
    except ValidationFailed as error:
        return _catalogue_page(
            request,
            who,
            _area(form.text("kva")),
            _number(form.text("product_id")),
            error=error,
            failed=f"add-{kvm_id}",
            form=form.values(),
        )
    return redirect(
        request,
        f"/measures/{measure.id}",
        notice=f"Measure “{measure.name}” added to the goal from the catalogue.",
    )
