"""Use cases for story maps: the backbone of activities, tasks, release slices, placed stories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from valueloop.domain import ranking, story_maps
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.roles import Action, Principal
from valueloop.domain.story_maps import (
    Layout,
    StoryActivity,
    StoryMap,
    StoryPlacement,
    StorySlice,
    StoryTask,
)
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Filters, Records, UnitOfWork

KIND = "story_map"
_CELL = "that cell"
SKELETON = "Walking skeleton"
_ORDER = ("rank", "id")


@dataclass(frozen=True, slots=True)
class MapView:
    """A story map laid out, with the stories' items and the product's releases by id."""

    story_map: StoryMap
    layout: Layout
    items: dict[int, BacklogItem]


def create_map(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> StoryMap:
    """A new story map for a product area, with its first slice: the walking skeleton."""
    values = story_maps.validate_map(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_ITEM, product_id)
        made = uow.story_maps.add({**values, "product_id": product_id})
        uow.story_slices.add({"map_id": made.id, "name": SKELETON, "description": "", "rank": "i"})
        changes.logged(uow, actor, KIND, made.id, "create", {"name": [None, made.name]})
        uow.commit()
        return made


def update_map(
    uow: UnitOfWork,
    actor: Principal,
    map_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> StoryMap:
    values = story_maps.validate_map(fields, creating=False)
    with uow:
        before = _map(uow, actor, map_id, edit=True)
        if version is not None and version != before.version:
            raise _stale("map", before.name, before.version, version)
        after = uow.story_maps.update(map_id, version, values)
        changes.logged(uow, actor, KIND, map_id, "update", {"name": [before.name, after.name]})
        uow.commit()
        return after


def delete_map(uow: UnitOfWork, actor: Principal, map_id: int) -> None:
    with uow:
        found = _map(uow, actor, map_id, edit=True)
        changes.logged(uow, actor, KIND, map_id, "delete", {"name": [found.name, None]})
        uow.story_maps.delete(map_id)
        uow.commit()


def list_maps(uow: UnitOfWork, actor: Principal, product_id: int) -> list[StoryMap]:
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return uow.story_maps.list({"product_id": product_id}, order_by=("name",)).items


def get_map(uow: UnitOfWork, actor: Principal, map_id: int) -> MapView:
    """The map laid out: backbone, slices (first: walking skeleton), stories, skeleton gaps."""
    with uow:
        found = _map(uow, actor, map_id)
        activities = uow.story_activities.list({"map_id": map_id}).items
        tasks = (
            uow.story_tasks.list({"activity_id": [a.id for a in activities]}).items
            if activities
            else []
        )
        slices = uow.story_slices.list({"map_id": map_id}).items
        placements = (
            uow.story_placements.list({"task_id": [t.id for t in tasks]}).items if tasks else []
        )
        ids = sorted({p.item_id for p in placements})
        items = {i.id: i for i in uow.items.list({"id": ids}).items} if ids else {}
    return MapView(found, story_maps.layout(activities, tasks, slices, placements), items)


def add_activity(
    uow: UnitOfWork, actor: Principal, map_id: int, fields: Mapping[str, object]
) -> StoryActivity:
    """Add a step to the backbone, at its right end."""
    title = story_maps.validate_title(fields)
    with uow:
        _map(uow, actor, map_id, edit=True)
        rank = _key(uow.story_activities, {"map_id": map_id}, 0)
        made = uow.story_activities.add({"map_id": map_id, "title": title, "rank": rank})
        changes.logged(uow, actor, KIND, map_id, "activity", {"added": [None, title]})
        uow.commit()
        return made


def add_task(
    uow: UnitOfWork, actor: Principal, activity_id: int, fields: Mapping[str, object]
) -> StoryTask:
    """Add a task under an activity, at the bottom."""
    title = story_maps.validate_title(fields)
    with uow:
        activity = uow.story_activities.require(activity_id)
        _map(uow, actor, activity.map_id, edit=True)
        rank = _key(uow.story_tasks, {"activity_id": activity_id}, 0)
        made = uow.story_tasks.add({"activity_id": activity_id, "title": title, "rank": rank})
        changes.logged(uow, actor, KIND, activity.map_id, "task", {"added": [None, title]})
        uow.commit()
        return made


def add_slice(
    uow: UnitOfWork, actor: Principal, map_id: int, fields: Mapping[str, object]
) -> StorySlice:
    """Add a release slice below the others."""
    values = story_maps.validate_slice(fields, creating=True)
    with uow:
        found = _map(uow, actor, map_id, edit=True)
        _check_release(uow, found.product_id, values.get("release_id"))
        rank = _key(uow.story_slices, {"map_id": map_id}, 0)
        made = uow.story_slices.add({**values, "map_id": map_id, "rank": rank})
        changes.logged(uow, actor, KIND, map_id, "slice", {"added": [None, made.name]})
        uow.commit()
        return made


def rename(
    uow: UnitOfWork,
    actor: Principal,
    part: str,
    record_id: int,
    fields: Mapping[str, object],
    *,
    version: int | None = None,
) -> StoryActivity | StoryTask | StorySlice:
    """Rename an activity or a task, or edit a slice (name, description, release); a stale
    `version` is refused with a Conflict that names the current value."""
    with uow:
        records, found, board = _part(uow, actor, part, record_id)
        if part == "slice":
            values = story_maps.validate_slice(fields, creating=False)
            _check_release(uow, board.product_id, values.get("release_id"))
        else:
            values = {"title": story_maps.validate_title(fields)}
        if version is not None and version != found.version:
            raise _stale(part, _label(found), found.version, version)
        renamed: StoryActivity | StoryTask | StorySlice = found
        if all(getattr(found, name) == value for name, value in values.items()):
            return renamed  # nothing changes: no new version, no history entry
        renamed = records.update(record_id, version, values)
        changes.logged(
            uow, actor, KIND, board.id, "rename", {part: [_label(found), _label(renamed)]}
        )
        uow.commit()
        return renamed


def move_part(
    uow: UnitOfWork,
    actor: Principal,
    part: str,
    record_id: int,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
    activity_id: int | None = None,
) -> None:
    """Reorder an activity (left/right), a task (in its activity, or under another activity of
    the map given `activity_id`) or a slice (up/down), after/before a sibling (neither: last)."""
    with uow:
        records, found, board = _part(uow, actor, part, record_id)
        if activity_id is not None:
            if part != "task":
                raise ValidationFailed("only a task moves to another activity", field="activity_id")
            target = uow.story_activities.get(activity_id)
            if target is None or target.map_id != board.id:
                raise ValidationFailed(
                    f"activity {activity_id} is not on this map", field="activity_id"
                )
        _reorder(uow, actor, board, part, records, found, (after_id, before_id), activity_id)
        uow.commit()


def shift_part(uow: UnitOfWork, actor: Principal, part: str, record_id: int, by: int) -> None:
    """Move an activity or a task one place left (-1) or right (1), or a slice one place up or
    down; a task at the end of its activity goes to the near end of the neighbouring activity."""
    with uow:
        records, found, board = _part(uow, actor, part, record_id)
        siblings = [r.id for r in records.list(_siblings(part, found)[0], order_by=_ORDER).items]
        anchor = story_maps.step_anchor(siblings, record_id, by)
        activity_id = None
        if anchor is None and part == "task":
            backbone = [
                a.id for a in uow.story_activities.list({"map_id": board.id}, order_by=_ORDER).items
            ]
            at = backbone.index(found.activity_id) + by
            if 0 <= at < len(backbone):
                activity_id = backbone[at]
                there = uow.story_tasks.list({"activity_id": activity_id}, order_by=_ORDER).items
                anchor = (None, there[0].id) if by > 0 and there else (None, None)
        if anchor is None:
            end = {"slice": "top" if by < 0 else "bottom"}.get(part, "left" if by < 0 else "right")
            raise ValidationFailed(f"the {part} is already at the {end}", field="by")
        _reorder(uow, actor, board, part, records, found, anchor, activity_id)
        uow.commit()


def remove_part(uow: UnitOfWork, actor: Principal, part: str, record_id: int) -> None:
    """Delete an activity (with its tasks), a task, or a slice (its stories become unsliced)."""
    with uow:
        records, found, board = _part(uow, actor, part, record_id)
        if part == "slice":
            for p in uow.story_placements.list({"slice_id": record_id}).items:
                uow.story_placements.update(p.id, None, {"slice_id": None})
        records.delete(record_id)
        changes.logged(uow, actor, KIND, board.id, "remove", {part: [_label(found), None]})
        uow.commit()


def place_item(
    uow: UnitOfWork,
    actor: Principal,
    task_id: int,
    item_id: int,
    slice_id: int | None,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
) -> StoryPlacement:
    """Place a story (a backlog item) under a task in a slice, after/before another placement
    of that cell (neither: at the bottom); placing it again under the task moves it."""
    with uow:
        task = uow.story_tasks.require(task_id)
        map_id = uow.story_activities.require(task.activity_id).map_id
        found = _map(uow, actor, map_id, edit=True)
        item = uow.items.get(item_id)
        if item is None or item.product_id != found.product_id:
            raise ValidationFailed(f"item {item_id} is not in this product", field="item_id")
        if slice_id is not None and uow.story_slices.require(slice_id).map_id != map_id:
            raise ValidationFailed(f"slice {slice_id} is not on this map", field="slice_id")
        existing = uow.story_placements.list({"task_id": task_id, "item_id": item_id}).items
        own = existing[0].id if existing else 0
        cell = {"task_id": task_id, "slice_id": slice_id}
        rank = _key(
            uow.story_placements, cell, own, after_id=after_id, before_id=before_id, label=_CELL
        )
        values = {"slice_id": slice_id, "rank": rank}
        if existing:
            placed = uow.story_placements.update(own, None, values)
        else:
            placed = uow.story_placements.add(
                {**values, "task_id": task_id, "item_id": item_id, "created_at": changes.now()}
            )
        if _respace(uow.story_placements, cell, rank):
            placed = uow.story_placements.require(placed.id)
        changes.logged(uow, actor, KIND, map_id, "place", {"item_id": [None, item_id]})
        uow.commit()
        return placed


def move_story(
    uow: UnitOfWork,
    actor: Principal,
    placement_id: int,
    task_id: int,
    slice_id: int | None,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
) -> StoryPlacement:
    """Move a placed story to another cell of its map (a task and a slice), after/before another
    placement there (neither: at the bottom). Moved under a task that already holds the item,
    it replaces that placement: an item sits under a task once."""
    with uow:
        placed = uow.story_placements.require(placement_id)
        old_task = uow.story_tasks.require(placed.task_id)
        map_id = uow.story_activities.require(old_task.activity_id).map_id
        _map(uow, actor, map_id, edit=True)
        task = uow.story_tasks.get(task_id)
        if task is None or uow.story_activities.require(task.activity_id).map_id != map_id:
            raise ValidationFailed(f"task {task_id} is not on this map", field="task_id")
        if slice_id is not None:
            found = uow.story_slices.get(slice_id)
            if found is None or found.map_id != map_id:
                raise ValidationFailed(f"slice {slice_id} is not on this map", field="slice_id")
        cell = {"task_id": task_id, "slice_id": slice_id}
        rank = _key(
            uow.story_placements,
            cell,
            placement_id,
            after_id=after_id,
            before_id=before_id,
            label=_CELL,
        )
        if task_id != placed.task_id:
            for twin in uow.story_placements.list(
                {"task_id": task_id, "item_id": placed.item_id}
            ).items:
                uow.story_placements.delete(twin.id)
        moved = uow.story_placements.update(
            placement_id, None, {"task_id": task_id, "slice_id": slice_id, "rank": rank}
        )
        if _respace(uow.story_placements, cell, rank):
            moved = uow.story_placements.require(placement_id)
        changes.logged(
            uow,
            actor,
            KIND,
            map_id,
            "move",
            {"task_id": [placed.task_id, task_id], "slice_id": [placed.slice_id, slice_id]},
        )
        uow.commit()
        return moved


def unplace(uow: UnitOfWork, actor: Principal, placement_id: int) -> None:
    with uow:
        placed = uow.story_placements.require(placement_id)
        task = uow.story_tasks.require(placed.task_id)
        map_id = uow.story_activities.require(task.activity_id).map_id
        _map(uow, actor, map_id, edit=True)
        uow.story_placements.delete(placement_id)
        changes.logged(uow, actor, KIND, map_id, "place", {"item_id": [placed.item_id, None]})
        uow.commit()


def _part(
    uow: UnitOfWork, actor: Principal, part: str, record_id: int
) -> tuple[Records[Any], Any, StoryMap]:
    """The repository of a part of a map, the part itself and its map (which the actor may edit)."""
    if part == "activity":
        activity = uow.story_activities.require(record_id)
        return uow.story_activities, activity, _map(uow, actor, activity.map_id, edit=True)
    if part == "task":
        task = uow.story_tasks.require(record_id)
        map_id = uow.story_activities.require(task.activity_id).map_id
        return uow.story_tasks, task, _map(uow, actor, map_id, edit=True)
    if part == "slice":
        piece = uow.story_slices.require(record_id)
        return uow.story_slices, piece, _map(uow, actor, piece.map_id, edit=True)
    raise ValidationFailed(f"no such part of a story map: {part}", field="part")


def _siblings(part: str, record: Any, activity_id: int | None = None) -> tuple[Filters, str]:
    """Which records a part is ordered among (a task: those of `activity_id` or its own
    activity), and how an error names that list."""
    if part == "activity":
        return {"map_id": record.map_id}, "the backbone"
    if part == "task":
        return {"activity_id": activity_id or record.activity_id}, "that activity"
    return {"map_id": record.map_id}, "this map"


def _reorder(
    uow: UnitOfWork,
    actor: Principal,
    board: StoryMap,
    part: str,
    records: Records[Any],
    record: Any,
    anchor: tuple[int | None, int | None],
    activity_id: int | None,
) -> None:
    """Give a part its rank key after/before `anchor` among its siblings (a task: under
    `activity_id` when given), re-spacing that list when the key grows long."""
    where, label = _siblings(part, record, activity_id)
    after_id, before_id = anchor
    rank = _key(records, where, record.id, after_id=after_id, before_id=before_id, label=label)
    values: dict[str, object] = {"rank": rank}
    if activity_id is not None:
        values["activity_id"] = activity_id
    records.update(record.id, None, values)
    _respace(records, where, rank)
    moved = {"activity_id": [record.activity_id, activity_id]} if activity_id else {}
    changes.logged(uow, actor, KIND, board.id, "reorder", {part: record.id, **moved})


def _label(record: Any) -> str:
    """What a user calls a part: a slice's or a map's name, an activity's or a task's title."""
    return str(getattr(record, "name", None) or getattr(record, "title", ""))


def _stale(noun: str, current: str, now_at: int | None, edited: int | None) -> Conflict:
    """The conflict of an edit made to an old version, naming the value it has now."""
    return Conflict(
        f"someone else changed this {noun} meanwhile: it is now “{current}” (you edited version "
        f"{edited}, it is now at version {now_at}); your change was not saved",
        field="version",
    )


def _map(uow: UnitOfWork, actor: Principal, map_id: int, *, edit: bool = False) -> StoryMap:
    found = uow.story_maps.require(map_id)
    require_visible(actor, found.product_id, "story map", map_id)
    if edit:
        actor.require(Action.EDIT_ITEM, found.product_id)
    return found


def _key(
    records: Records[Any],
    where: Filters,
    moving_id: int,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
    label: str = "that list",
) -> str:
    """The rank key for `moving_id` (0: a new record) in the list of records matching `where`."""
    ordered = [(r.id, r.rank) for r in records.list(where, order_by=_ORDER).items]
    return ranking.key_among(
        ordered, moving_id, after_id=after_id, before_id=before_id, where=label
    )


def _respace(records: Records[Any], where: Filters, rank: str) -> bool:
    """Re-space the list once `rank`, just written there, grows long; True when it did."""
    if len(rank) <= ranking.RESPACE_AT:
        return False
    ordered = records.list(where, order_by=_ORDER).items
    for record, key in zip(ordered, ranking.initial_keys(len(ordered)), strict=True):
        records.update(record.id, None, {"rank": key})
    return True


def _check_release(uow: UnitOfWork, product_id: int, release_id: object) -> None:
    if release_id is None:
        return
    release = uow.releases.get(int(str(release_id)))
    if release is None or release.product_id != product_id:
        raise ValidationFailed(f"release {release_id} is not in this product", field="release_id")
