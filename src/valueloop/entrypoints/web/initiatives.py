"""Pages for initiatives: a product's list with a create form, and one initiative with its items."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.domain.lifecycle import ORDER, next_stage
from valueloop.domain.products import LifecycleStage
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import form_state, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import initiatives, lifecycle, overview

router = APIRouter(include_in_schema=False)

_TEXT = ("title", "description", "kind", "status")
_IDS = ("goal_id", "owner_id")
_DATES = ("start_date", "end_date")


def stage_choices(current: LifecycleStage | None) -> list[tuple[str, str]]:
    """Where an initiative may move: into any stage when it has none, else one on or back."""
    if current is None:
        return [(s.value, f"Start in {label(s)}") for s in ORDER]
    ahead = next_stage(current)
    back = [s for s in ORDER if ORDER.index(s) < ORDER.index(current)]
    forward = [(ahead.value, f"Advance to {label(ahead)}")] if ahead else []
    return forward + [(s.value, f"Go back to {label(s)}") for s in reversed(back)]


@router.get("/products/{product_id}/initiatives")
def initiative_list(request: Request, product_id: int, who: Signed) -> Response:
    return _list_page(request, who, product_id)


def _list_page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    board = initiatives.initiative_board(container_of(request).uow(), who.principal, product_id)
    return render(
        request,
        "initiatives/list.html",
        {
            "board": board,
            "product": board.product,
            "people": [(u.id, overview.display_name(u)) for u in board.people],
            "section": "initiatives",
            "error": error,
            "failed": "create" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=board.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/initiatives")
def create_initiative(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        created = initiatives.create_initiative(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.pick(text=_TEXT, numbers=("budget",), ids=_IDS, dates=_DATES),
        )
    except ValidationFailed as error:
        return _list_page(request, who, product_id, error=error, form=form.values())
    return redirect(
        request,
        f"/initiatives/{created.id}",
        notice=f"Initiative “{created.title}” created. Add the backlog items it contains.",
    )


@router.get("/initiatives/{initiative_id}")
def initiative_page(request: Request, initiative_id: int, who: Signed) -> Response:
    return _initiative_page(request, who, initiative_id)


def _initiative_page(
    request: Request,
    who: Viewer,
    initiative_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    detail = initiatives.initiative_detail(uow(), who.principal, initiative_id)
    return render(
        request,
        "initiatives/initiative.html",
        {
            "detail": detail,
            "initiative": detail.row.initiative,
            "product": detail.product,
            "stages": stage_choices(detail.row.initiative.stage),
            "people": [(u.id, overview.display_name(u)) for u in detail.people],
            "section": "initiatives",
            "talk": overview.discussion(uow(), who.principal, RecordType.INITIATIVE, initiative_id),
            "record": (RecordType.INITIATIVE, initiative_id),
            **form_state(error, failed, form),
        },
        viewer=who,
        product=detail.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/initiatives/{initiative_id}")
def edit_initiative(request: Request, initiative_id: int, who: Signed, form: Posted) -> Response:
    try:
        initiatives.update_initiative(
            container_of(request).uow(),
            who.principal,
            initiative_id,
            form.version(),
            form.pick(text=_TEXT, numbers=("budget",), ids=_IDS, dates=_DATES),
        )
    except (ValidationFailed, Conflict) as error:
        return _initiative_page(
            request, who, initiative_id, error=error, failed="edit", form=form.values()
        )
    return redirect(request, f"/initiatives/{initiative_id}", notice="Initiative saved.")


@router.post("/initiatives/{initiative_id}/items")
def set_items(request: Request, initiative_id: int, who: Signed, form: Posted) -> Response:
    """Add one backlog item to the initiative (`add`) or take one out (`remove`)."""
    added, removed = form.integer("add"), form.integer("remove")
    try:
        if added is None and removed is None:
            raise ValidationFailed("choose a backlog item to add", field="add")
        initiatives.set_items(
            container_of(request).uow(),
            who.principal,
            initiative_id,
            [added] if added is not None else [],
            [removed] if removed is not None else [],
        )
    except (ValidationFailed, Conflict) as error:
        return _initiative_page(
            request, who, initiative_id, error=error, failed="items", form=form.values()
        )
    notice = "Item added to the initiative." if added else "Item taken out of the initiative."
    return redirect(request, f"/initiatives/{initiative_id}#items", notice=notice)


@router.post("/initiatives/{initiative_id}/stage")
def move_stage(request: Request, initiative_id: int, who: Signed, form: Posted) -> Response:
    """Move a large initiative through the lifecycle; the move is a decision with its evidence."""
    try:
        decision = lifecycle.move_initiative_stage(
            container_of(request).uow(),
            who.principal,
            initiative_id,
            form.text("stage"),
            rationale=form.text("rationale"),
            version=form.version(),
            override=form.text("override") == "1",
        )
    except (ValidationFailed, Conflict) as error:
        return _initiative_page(
            request, who, initiative_id, error=error, failed="stage", form=form.values()
        )
    return redirect(
        request, f"/decisions/{decision.id}", notice="Stage moved; the decision is in the log."
    )
