"""The roadmap page: now / next / later board, releases timeline, dependencies, capacity."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.backlog import Lane
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.releases import ReleaseKind
from valueloop.domain.roadmap import LANE_TITLES, GroupBy, month_ticks
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.csv_files import csv_response, file_name
from valueloop.entrypoints.web.rendering import redirect, render
from valueloop.entrypoints.web.sessions import Posted, Signed
from valueloop.services import capacity, dependencies, releases, roadmap

router = APIRouter(include_in_schema=False)

_Failed = (ValidationFailed, Conflict)


def _by(value: str) -> GroupBy:
    return GroupBy(value) if value in set(GroupBy) else GroupBy.NONE


def _back(product_id: int, anchor: str = "") -> str:
    return f"/products/{product_id}/roadmap" + (f"#{anchor}" if anchor else "")


@router.get("/products/{product_id}/roadmap")
def roadmap_page(request: Request, product_id: int, who: Signed, by: str = "none") -> Response:
    shown = roadmap.view(container_of(request).uow(), who.principal, product_id, _by(by))
    timeline = shown.timeline
    ticks = (
        month_ticks(timeline.starts_on, timeline.ends_on)
        if timeline.starts_on and timeline.ends_on
        else []
    )
    planned = [i for _, groups in shown.lanes for _, items in groups for i in items]
    return render(
        request,
        "roadmap/page.html",
        {
            "product": shown.product,
            "view": shown,
            "lane_titles": LANE_TITLES,
            "ticks": ticks,
            "by_options": [
                (g.value, g.value.title() if g is not GroupBy.NONE else "No grouping")
                for g in GroupBy
            ],
            "item_options": [(i.id, i.title) for i in planned + shown.unplanned],
            "release_kinds": [(k.value, k.value.title()) for k in ReleaseKind],
            "blocked_by": shown.blocked_by(),
            "release_names": {r.id: r.name for r in shown.releases},
        },
        viewer=who,
        product=shown.product,
    )


@router.get("/products/{product_id}/roadmap.csv")
def roadmap_csv(request: Request, product_id: int, who: Signed, by: str = "none") -> Response:
    product, header, rows = roadmap.csv_table(
        container_of(request).uow(), who.principal, product_id, _by(by)
    )
    return csv_response(file_name(product.name, "roadmap"), header, rows)


@router.post("/items/{item_id}/lane")
def move_to_lane(request: Request, item_id: int, who: Signed, form: Posted) -> Response:
    """The no-script fallback of the board (with scripts it calls the REST API)."""
    lane_text = form.text("lane")
    lane = Lane(lane_text) if lane_text in set(Lane) else None
    moved = roadmap.move_to_lane(
        container_of(request).uow(),
        who.principal,
        item_id,
        lane,
        after_id=form.integer("after_id"),
        before_id=form.integer("before_id"),
    )
    where = LANE_TITLES[lane] if lane else "off the roadmap"
    return redirect(
        request, _back(moved.product_id, "board"), notice=f"Moved “{moved.title}” to {where}."
    )


@router.post("/products/{product_id}/releases")
def create_release(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    fields: dict[str, object] = {
        "name": form.text("name"),
        "kind": form.text("kind") or "release",
        "target_date": form.text("target_date") or None,
        "description": form.text("description"),
        "public": form.has("public"),
    }
    try:
        made = releases.create_release(
            container_of(request).uow(), who.principal, product_id, fields
        )
    except _Failed as error:
        return redirect(request, _back(product_id, "releases"), notice=str(error), failed=True)
    return redirect(
        request, _back(product_id, "timeline"), notice=f"Added {made.kind.value} “{made.name}”."
    )


@router.post("/releases/{release_id}/status")
def set_release_status(request: Request, release_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    release = releases.get_release(uow(), who.principal, release_id)
    try:
        releases.update_release(
            uow(), who.principal, release_id, form.version(), {"status": form.text("status")}
        )
    except _Failed as error:
        return redirect(
            request, _back(release.product_id, "releases"), notice=str(error), failed=True
        )
    return redirect(
        request, _back(release.product_id, "releases"), notice=f"Saved “{release.name}”."
    )


@router.post("/releases/{release_id}/delete")
def delete_release(request: Request, release_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    release = releases.get_release(uow(), who.principal, release_id)
    releases.delete_release(uow(), who.principal, release_id, form.version())
    return redirect(
        request, _back(release.product_id, "releases"), notice=f"Removed “{release.name}”."
    )


@router.post("/releases/{release_id}/items")
def add_release_item(request: Request, release_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    release = releases.get_release(uow(), who.principal, release_id)
    item_id = form.integer("item_id")
    try:
        releases.set_items(uow(), who.principal, release_id, [item_id] if item_id else [], [])
    except _Failed as error:
        return redirect(
            request, _back(release.product_id, "releases"), notice=str(error), failed=True
        )
    return redirect(
        request, _back(release.product_id, "releases"), notice=f"Planned into “{release.name}”."
    )


@router.post("/products/{product_id}/dependencies")
def add_dependency(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    blocker, blocked = form.integer("blocker_id"), form.integer("blocked_id")
    try:
        if blocker is None or blocked is None:
            raise ValidationFailed("choose both items", field="blocker_id")
        dependencies.add_dependency(container_of(request).uow(), who.principal, blocker, blocked)
    except _Failed as error:
        return redirect(request, _back(product_id, "dependencies"), notice=str(error), failed=True)
    return redirect(request, _back(product_id, "dependencies"), notice="Dependency added.")


@router.post("/dependencies/{dependency_id}/delete")
def remove_dependency(request: Request, dependency_id: int, who: Signed, form: Posted) -> Response:
    product_id = dependencies.remove_dependency(
        container_of(request).uow(), who.principal, dependency_id
    )
    return redirect(request, _back(product_id, "dependencies"), notice="Dependency removed.")


@router.post("/products/{product_id}/capacity")
def add_capacity(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    fields: dict[str, object] = {
        "team": form.text("team"),
        "starts_on": form.text("starts_on") or None,
        "ends_on": form.text("ends_on") or None,
        "capacity": form.number("capacity"),
        "note": form.text("note"),
    }
    try:
        capacity.create_period(container_of(request).uow(), who.principal, product_id, fields)
    except _Failed as error:
        return redirect(request, _back(product_id, "capacity"), notice=str(error), failed=True)
    return redirect(request, _back(product_id, "capacity"), notice="Capacity added.")


@router.post("/capacity/{period_id}/delete")
def delete_capacity(request: Request, period_id: int, who: Signed, form: Posted) -> Response:
    product_id = capacity.delete_period(
        container_of(request).uow(), who.principal, period_id, form.version()
    )
    return redirect(request, _back(product_id, "capacity"), notice="Capacity period removed.")
