"""Story-map pages: a product's maps, and one map with its backbone of activities, the tasks under
them and the stories in each release slice. Forms post here; dragging a story, an activity, a task
or a slice, the move buttons and renaming in place call the REST API from static/js/story_map.js,
and the forms here are the no-script way to do the same."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.backlog import ItemStatus
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.story_maps import stories_under
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.forms import Form
from valueloop.entrypoints.web.rendering import redirect, render
from valueloop.entrypoints.web.sessions import Posted, Signed
from valueloop.services import backlog, products, releases, story_maps

router = APIRouter(include_in_schema=False)

_Failed = (ValidationFailed, Conflict)
_PARTS = {"activity": "activity", "task": "task", "slice": "slice"}


def _map_url(map_id: int, anchor: str = "") -> str:
    return f"/story-maps/{map_id}" + (f"#{anchor}" if anchor else "")


def _cell(form: Form) -> tuple[int, int | None]:
    """The task and slice of a `cell` field ("task:slice", slice blank when unsliced)."""
    task, _, slice_ = form.text("cell").partition(":")
    if not task.isdigit() or not (slice_.isdigit() or slice_ == ""):
        raise ValidationFailed("choose where to put the story", field="cell")
    return int(task), int(slice_) if slice_ else None


def _slice_fields(form: Form) -> dict[str, object]:
    return {
        "name": form.text("name"),
        "description": form.text("description"),
        "release_id": form.integer("release_id"),
    }


@router.get("/products/{product_id}/story-maps")
def maps_page(request: Request, product_id: int, who: Signed) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    found = story_maps.list_maps(uow(), who.principal, product_id)
    return render(
        request,
        "story_maps/list.html",
        {"product": product, "maps": found, "section": "roadmap"},
        viewer=who,
        product=product,
    )


@router.post("/products/{product_id}/story-maps")
def create_map(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    fields = {"name": form.text("name"), "description": form.text("description")}
    try:
        made = story_maps.create_map(container_of(request).uow(), who.principal, product_id, fields)
    except _Failed as error:
        return redirect(
            request, f"/products/{product_id}/story-maps", notice=str(error), failed=True
        )
    return redirect(request, _map_url(made.id), notice=f"Created the story map “{made.name}”.")


@router.get("/story-maps/{map_id}")
def map_page(request: Request, map_id: int, who: Signed) -> Response:
    uow = container_of(request).uow
    shown = story_maps.get_map(uow(), who.principal, map_id)
    product_id = shown.story_map.product_id
    product = products.get_product(uow(), who.principal, product_id)
    layout = shown.layout
    candidates = backlog.list_items(uow(), who.principal, product_id).items
    placed_under = {(p.task_id, p.item_id) for ps in layout.cells.values() for p in ps}
    tasks = [(c.activity, t) for c in layout.columns for t in c.tasks]
    cells = [
        (
            f"{t.id}:{'' if s is None else s.id}",
            f"{a.title} › {t.title} — {s.name if s else 'No slice'}",
        )
        for s in [*layout.slices, None]
        for a, t in tasks
    ]
    return render(
        request,
        "story_maps/map.html",
        {
            "product": product,
            "view": shown,
            "layout": layout,
            "tasks": tasks,
            "cells": cells,
            "unsliced": any(s is None for _, s in layout.cells),
            "item_options": [
                (i.id, i.title) for i in candidates if i.status is not ItemStatus.REJECTED
            ],
            "placed_under": placed_under,
            "releases": releases.list_releases(uow(), who.principal, product_id),
            "stories_under": lambda part, record_id: stories_under(layout, part, record_id),
            "tasks_of": {c.activity.id: len(c.tasks) for c in layout.columns},
            "section": "roadmap",
        },
        viewer=who,
        product=product,
    )


@router.post("/story-maps/{map_id}/edit")
def edit_map(request: Request, map_id: int, who: Signed, form: Posted) -> Response:
    fields = {"name": form.text("name"), "description": form.text("description")}
    try:
        story_maps.update_map(
            container_of(request).uow(), who.principal, map_id, form.version(), fields
        )
    except _Failed as error:
        return redirect(request, _map_url(map_id), notice=str(error), failed=True)
    return redirect(request, _map_url(map_id), notice="Saved the map.")


@router.post("/story-maps/{map_id}/delete")
def delete_map(request: Request, map_id: int, who: Signed, form: Posted) -> Response:
    uow = container_of(request).uow
    found = story_maps.get_map(uow(), who.principal, map_id).story_map
    story_maps.delete_map(uow(), who.principal, map_id)
    return redirect(
        request,
        f"/products/{found.product_id}/story-maps",
        notice=f"Deleted the story map “{found.name}”.",
    )


@router.post("/story-maps/{map_id}/activities")
def add_activity(request: Request, map_id: int, who: Signed, form: Posted) -> Response:
    try:
        made = story_maps.add_activity(
            container_of(request).uow(), who.principal, map_id, {"title": form.text("title")}
        )
    except _Failed as error:
        return redirect(request, _map_url(map_id, "backbone"), notice=str(error), failed=True)
    return redirect(request, _map_url(map_id, "backbone"), notice=f"Added “{made.title}”.")


@router.post("/story-maps/{map_id}/tasks")
def add_task(request: Request, map_id: int, who: Signed, form: Posted) -> Response:
    try:
        activity = form.integer("activity_id")
        if activity is None:
            raise ValidationFailed("choose the activity the task belongs to", field="activity_id")
        made = story_maps.add_task(
            container_of(request).uow(), who.principal, activity, {"title": form.text("title")}
        )
    except _Failed as error:
        return redirect(request, _map_url(map_id, "backbone"), notice=str(error), failed=True)
    return redirect(request, _map_url(map_id, "backbone"), notice=f"Added “{made.title}”.")


@router.post("/story-maps/{map_id}/slices")
def add_slice(request: Request, map_id: int, who: Signed, form: Posted) -> Response:
    fields = _slice_fields(form)
    try:
        made = story_maps.add_slice(container_of(request).uow(), who.principal, map_id, fields)
    except _Failed as error:
        return redirect(request, _map_url(map_id, "slices"), notice=str(error), failed=True)
    return redirect(request, _map_url(map_id, f"slice-{made.id}"), notice=f"Added “{made.name}”.")


def _part_url(map_id: int, part: str, part_id: int) -> str:
    """The map, scrolled to the part's row: the backbone for activities and tasks, or the slice."""
    return _map_url(map_id, f"slice-{part_id}" if part == "slice" else "backbone")


@router.post("/story-maps/{map_id}/parts/{part}/{part_id}/edit")
def edit_part(
    request: Request, map_id: int, part: str, part_id: int, who: Signed, form: Posted
) -> Response:
    """The no-script way to rename an activity or a task, or to edit a slice."""
    fields = _slice_fields(form) if part == "slice" else {"title": form.text("title")}
    try:
        edited = story_maps.rename(
            container_of(request).uow(),
            who.principal,
            part,
            part_id,
            fields,
            version=form.version(),
        )
    except _Failed as error:
        return redirect(request, _part_url(map_id, part, part_id), notice=str(error), failed=True)
    name = getattr(edited, "name", None) or getattr(edited, "title", "")
    return redirect(request, _part_url(map_id, part, part_id), notice=f"Saved “{name}”.")


@router.post("/story-maps/{map_id}/parts/{part}/{part_id}/move")
def shift_part(
    request: Request, map_id: int, part: str, part_id: int, who: Signed, form: Posted
) -> Response:
    """The move buttons (← → ↑ ↓) without scripts: one place left, right, up or down."""
    try:
        story_maps.shift_part(
            container_of(request).uow(), who.principal, part, part_id, form.integer("by") or 0
        )
    except _Failed as error:
        return redirect(request, _part_url(map_id, part, part_id), notice=str(error), failed=True)
    return redirect(request, _part_url(map_id, part, part_id), notice=f"Moved the {part}.")


@router.post("/story-maps/{map_id}/parts/{part}/{part_id}/delete")
def remove_part(
    request: Request, map_id: int, part: str, part_id: int, who: Signed, form: Posted
) -> Response:
    if part not in _PARTS:
        return redirect(request, _map_url(map_id), notice=f"no such part: {part}", failed=True)
    story_maps.remove_part(container_of(request).uow(), who.principal, _PARTS[part], part_id)
    return redirect(request, _map_url(map_id), notice=f"Deleted the {part}.")


@router.post("/story-maps/{map_id}/stories")
def place_story(request: Request, map_id: int, who: Signed, form: Posted) -> Response:
    try:
        task_id, slice_id = _cell(form)
        item_id = form.integer("item_id")
        if item_id is None:
            raise ValidationFailed("choose a backlog item", field="item_id")
        story_maps.place_item(
            container_of(request).uow(), who.principal, task_id, item_id, slice_id
        )
    except _Failed as error:
        return redirect(request, _map_url(map_id, "place"), notice=str(error), failed=True)
    return redirect(request, _map_url(map_id, "map"), notice="Placed the story.")


@router.post("/story-placements/{placement_id}/move")
def move_story(request: Request, placement_id: int, who: Signed, form: Posted) -> Response:
    """The no-script fallback of dragging a story (with scripts it calls the REST API)."""
    map_id = form.integer("map_id") or 0
    try:
        task_id, slice_id = _cell(form)
        story_maps.move_story(
            container_of(request).uow(), who.principal, placement_id, task_id, slice_id
        )
    except _Failed as error:
        return redirect(request, _map_url(map_id, "map"), notice=str(error), failed=True)
    return redirect(request, _map_url(map_id, "map"), notice="Moved the story.")


@router.post("/story-placements/{placement_id}/delete")
def remove_story(request: Request, placement_id: int, who: Signed, form: Posted) -> Response:
    map_id = form.integer("map_id") or 0
    story_maps.unplace(container_of(request).uow(), who.principal, placement_id)
    return redirect(request, _map_url(map_id, "map"), notice="Took the story off the map.")
