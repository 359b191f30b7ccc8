"""Pages for synthesis: a product's themes with trends, one theme's notes, running synthesis
with its progress, and reviewing duplicate and link suggestions."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, BackgroundTasks, Request, Response

from valueloop.adapters.synthesis.synthesizer import default_synthesizer
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.feedback import Importance
from valueloop.domain.jobs import fraction
from valueloop.domain.suggestions import SuggestionKind
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import page_number, redirect, render
from valueloop.entrypoints.web.sessions import Posted, Signed, safe_next
from valueloop.services import demand, jobs, products, suggestions, synthesis, themes

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
MODES = [
    ("auto", "New notes join themes (full run when there are none yet)"),
    ("full", "Rebuild all themes (ids and renamed labels are kept)"),
]
IMPORTANCE = [(str(int(i)), i.name.replace("_", " ").capitalize()) for i in Importance]
KINDS = {
    SuggestionKind.DUPLICATE.value: "Duplicates",
    SuggestionKind.ITEM.value: "Links to items",
    SuggestionKind.OPPORTUNITY.value: "Links to opportunities",
}


def sparkline(points: Sequence[tuple[object, int]], width: int = 120, height: int = 28) -> str:
    """SVG polyline points for counts per period (numbers only, so safe in an attribute)."""
    if not points:
        return ""
    top = max(count for _, count in points) or 1
    step = width / max(len(points) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (count / top) * (height - 4):.1f}"
        for i, (_, count) in enumerate(points)
    )


@router.get("/products/{product_id}/themes")
def themes_page(request: Request, product_id: int, who: Signed, job: str = "") -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    found = themes.overview(uow(), who.principal, product_id)
    latest = jobs.list_jobs(
        uow(), who.principal, product_id=product_id, kind=synthesis.JOB_KIND, limit=1
    ).items
    watched = (
        latest[0]
        if latest and (job.isdigit() or latest[0].status in ("queued", "running"))
        else None
    )
    pending = suggestions.for_product(uow(), who.principal, product_id, limit=1)[1]
    rows = {r.id: r for r in demand.product_demand(uow(), who.principal, product_id, "theme")}
    return render(
        request,
        "themes/list.html",
        {
            "product": product,
            "overview": found,
            "lines": {v.theme.id: sparkline(v.trend) for v in found.themes},
            "demand": rows,
            "job": watched,
            "job_fraction": fraction(watched) if watched else None,
            "last_job": latest[0] if latest else None,
            "pending": pending,
            "modes": MODES,
            "section": "themes",
        },
        viewer=who,
        product=product,
    )


@router.post("/products/{product_id}/themes/run")
def run_synthesis(
    request: Request, product_id: int, who: Signed, form: Posted, tasks: BackgroundTasks
) -> Response:
    mode = form.text("mode", "auto")
    back = f"/products/{product_id}/themes"
    try:
        job = synthesis.start_run(container_of(request).uow(), who.principal, product_id, mode)
    except (ValidationFailed, Conflict) as error:
        return redirect(request, back, notice=error.message, failed=True)
    engine = getattr(request.app.state, "synthesizer", None) or default_synthesizer()
    container = container_of(request)
    tasks.add_task(
        synthesis.run_job,
        container.uow(),
        who.principal,
        engine,
        job.id,
        mode,
        fresh_uow=container.uow,
    )
    return redirect(request, f"{back}?job={job.id}", notice="Synthesis started.")


@router.get("/themes/{theme_id}")
def theme_page(request: Request, theme_id: int, who: Signed, page: str = "1") -> Response:
    uow = container_of(request).uow
    number = page_number(page)
    view, members, total = themes.theme_detail(
        uow(), who.principal, theme_id, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    product_id = view.theme.product_id or 0
    product = products.get_product(uow(), who.principal, product_id)
    return render(
        request,
        "themes/theme.html",
        {
            "product": product,
            "view": view,
            "line": sparkline(view.trend, 480, 80),
            "members": members,
            "total": total,
            "page_no": number,
            "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
            "demand": demand.demand_of(uow(), who.principal, "theme", theme_id).demand,
            "section": "themes",
        },
        viewer=who,
        product=product,
    )


@router.post("/themes/{theme_id}")
def rename_theme(request: Request, theme_id: int, who: Signed, form: Posted) -> Response:
    back = safe_next(form.text("next"), f"/themes/{theme_id}")
    try:
        themes.update_theme(
            container_of(request).uow(),
            who.principal,
            theme_id,
            form.version(),
            {"label": form.text("label")},
        )
    except (ValidationFailed, Conflict) as error:
        return redirect(request, back, notice=error.message, failed=True)
    return redirect(request, back, notice="Theme renamed; the name is kept on later runs.")


@router.post("/themes/{theme_id}/members/{note_id}/remove")
def remove_member(
    request: Request, theme_id: int, note_id: int, who: Signed, form: Posted
) -> Response:
    themes.remove_note(container_of(request).uow(), who.principal, theme_id, note_id)
    return redirect(request, f"/themes/{theme_id}", notice=f"Note {note_id} taken out.")


@router.post("/themes/{theme_id}/members")
def add_member(request: Request, theme_id: int, who: Signed, form: Posted) -> Response:
    note_id = form.integer("note_id")
    try:
        if note_id is None:
            raise ValidationFailed("give the number of the note to move here", field="note_id")
        themes.move_note(container_of(request).uow(), who.principal, note_id, theme_id)
    except ValidationFailed as error:
        return redirect(request, f"/themes/{theme_id}", notice=error.message, failed=True)
    return redirect(request, f"/themes/{theme_id}", notice=f"Note {note_id} moved here.")


@router.get("/products/{product_id}/suggestions")
def suggestions_page(
    request: Request, product_id: int, who: Signed, kind: str = "duplicate", page: str = "1"
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    kind = kind if kind in KINDS else SuggestionKind.DUPLICATE.value
    number = page_number(page)
    views, total = suggestions.for_product(
        uow(),
        who.principal,
        product_id,
        kind=kind,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "themes/suggestions.html",
        {
            "product": product,
            "views": views,
            "total": total,
            "kind": kind,
            "kinds": KINDS,
            "importance": IMPORTANCE,
            "page_no": number,
            "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
            "section": "themes",
        },
        viewer=who,
        product=product,
    )


@router.post("/suggestions/{suggestion_id}/accept")
def accept_suggestion(request: Request, suggestion_id: int, who: Signed, form: Posted) -> Response:
    back = safe_next(form.text("next"), "/feedback")
    try:
        decided = suggestions.accept(
            container_of(request).uow(),
            who.principal,
            suggestion_id,
            form.integer("importance") if form.has("importance") else int(Importance.NICE_TO_HAVE),
        )
    except (ValidationFailed, Conflict) as error:
        return redirect(request, back, notice=error.message, failed=True)
    done = "Merged." if decided.kind == SuggestionKind.DUPLICATE.value else "Linked."
    return redirect(request, back, notice=done)


@router.post("/suggestions/{suggestion_id}/reject")
def reject_suggestion(request: Request, suggestion_id: int, who: Signed, form: Posted) -> Response:
    back = safe_next(form.text("next"), "/feedback")
    try:
        suggestions.reject(container_of(request).uow(), who.principal, suggestion_id)
    except Conflict as error:
        return redirect(request, back, notice=error.message, failed=True)
    return redirect(request, back, notice="Rejected; it will not be suggested again.")
