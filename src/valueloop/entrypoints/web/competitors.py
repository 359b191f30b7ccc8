"""The competitors page: the capability matrix against the product's own, editable cells, gaps
highlighted, and its CSV download."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.competitors import LEVEL_LABELS, Level, Standing
from valueloop.domain.errors import Conflict, DomainError, ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.csv_files import csv_response, file_name
from valueloop.entrypoints.web.rendering import redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import competitors

router = APIRouter(include_in_schema=False)

LEVELS = [(str(int(lvl)), f"{int(lvl)} · {text}") for lvl, text in LEVEL_LABELS.items()]


def _page(product_id: int) -> str:
    return f"/products/{product_id}/competitors"


@router.get("/products/{product_id}/competitors")
def matrix_page(request: Request, product_id: int, who: Signed) -> Response:
    return _matrix_page(request, who, product_id)


def _matrix_page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    board = competitors.matrix(container_of(request).uow(), who.principal, product_id)
    return render(
        request,
        "competitors/matrix.html",
        {
            "board": board,
            "product": board.product,
            "levels": LEVELS,
            "level_labels": {int(k): v for k, v in LEVEL_LABELS.items()},
            "Standing": Standing,
            "section": "competitors",
            "error": error,
            "failed": failed,
            "form": form or {},
        },
        viewer=who,
        product=board.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/competitors")
def create_competitor(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        competitors.create_competitor(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.pick(text=("name", "website", "description")),
        )
    except (ValidationFailed, Conflict) as error:
        return _matrix_page(
            request, who, product_id, error=error, failed="competitor", form=form.values()
        )
    return redirect(request, _page(product_id), notice="Competitor added; rate it per capability.")


@router.post("/products/{product_id}/capabilities")
def create_capability(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        fields = form.pick(text=("name", "description"))
        fields["own_level"] = form.integer("own_level") or 0
        competitors.create_capability(
            container_of(request).uow(), who.principal, product_id, fields
        )
    except (ValidationFailed, Conflict) as error:
        return _matrix_page(
            request, who, product_id, error=error, failed="capability", form=form.values()
        )
    return redirect(request, _page(product_id), notice="Capability added.")


@router.post("/capabilities/{capability_id}/own-level")
def set_own_level(request: Request, capability_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    capability = competitors.get_capability(uow(), who.principal, capability_id)
    try:
        competitors.update_capability(
            uow(),
            who.principal,
            capability_id,
            form.version(),
            {"own_level": form.integer("level")},
        )
    except (ValidationFailed, Conflict) as error:
        return _matrix_page(request, who, capability.product_id, error=error, failed="matrix")
    return redirect(request, _page(capability.product_id), notice="Our level saved.")


@router.post("/competitors/{competitor_id}/capabilities/{capability_id}")
def set_level(
    request: Request, competitor_id: int, capability_id: int, who: Signed, form: Posted
) -> Response:
    """Rate a competitor on a capability; an empty level marks it as not rated."""
    uow = container_of(request).uow
    competitor = competitors.get_competitor(uow(), who.principal, competitor_id)
    try:
        if form.text("level").strip() == "":
            competitors.clear_level(uow(), who.principal, competitor_id, capability_id)
        else:
            competitors.set_level(
                uow(),
                who.principal,
                competitor_id,
                capability_id,
                form.integer("version"),
                {"level": form.integer("level"), "note": form.text("note")},
            )
    except (ValidationFailed, Conflict) as error:
        return _matrix_page(request, who, competitor.product_id, error=error, failed="matrix")
    return redirect(request, _page(competitor.product_id), notice=f"{competitor.name} rated.")


@router.post("/competitors/{competitor_id}/delete")
def delete_competitor(request: Request, competitor_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    competitor = competitors.get_competitor(uow(), who.principal, competitor_id)
    try:
        competitors.delete_competitor(uow(), who.principal, competitor_id, form.version())
    except (ValidationFailed, Conflict) as error:
        return _matrix_page(request, who, competitor.product_id, error=error, failed="matrix")
    return redirect(request, _page(competitor.product_id), notice="Competitor removed.")


@router.post("/capabilities/{capability_id}/delete")
def delete_capability(request: Request, capability_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    capability = competitors.get_capability(uow(), who.principal, capability_id)
    try:
        competitors.delete_capability(uow(), who.principal, capability_id, form.version())
    except (ValidationFailed, Conflict) as error:
        return _matrix_page(request, who, capability.product_id, error=error, failed="matrix")
    return redirect(request, _page(capability.product_id), notice="Capability removed.")


@router.get("/products/{product_id}/competitors.csv")
def matrix_csv(request: Request, product_id: int, who: Signed) -> Response:
    """One row per capability: our level, each competitor's level and note, and the standing."""
    board = competitors.matrix(container_of(request).uow(), who.principal, product_id)
    header: list[str] = ["capability", "description", board.product.name]
    for rival in board.competitors:
        header += [rival.name, f"{rival.name} note"]
    header += ["standing", "competitors ahead"]
    names = {c.id: c.name for c in board.competitors}
    rows = []
    for row in board.rows:
        cells: list[object] = [
            row.capability.name,
            row.capability.description,
            Level(row.capability.own_level).label,
        ]
        for rival in board.competitors:
            cell = row.cells.get(rival.id)
            cells += [Level(cell.level).label if cell else "", cell.note if cell else ""]
        ahead = "; ".join(names[i] for i in row.comparison.ahead_of_us)
        rows.append([*cells, row.comparison.standing.value, ahead])
    return csv_response(file_name(board.product.name, "competitors"), header, rows)
