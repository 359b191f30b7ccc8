"""Story maps: /api/v1/products/{id}/story-maps, /api/v1/story-maps and their parts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import story_maps

router = APIRouter(tags=["story maps"])


class MapIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200, description="The product area the map covers.")
    description: str = Field(default="", max_length=10_000)


class MapPatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=10_000)


class MapOut(BaseModel):
    id: int
    product_id: int
    name: str
    description: str
    version: int


class TitleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)


class SliceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    release_id: int | None = None


class PartOut(BaseModel):
    id: int
    title: str
    rank: str
    version: int


class SliceOut(BaseModel):
    id: int
    name: str
    description: str
    rank: str
    release_id: int | None
    version: int


class PartPatch(Patch):
    title: str | None = Field(default=None, max_length=300, description="An activity or a task.")
    name: str | None = Field(default=None, max_length=200, description="A slice.")
    description: str | None = Field(default=None, max_length=10_000, description="A slice.")
    release_id: int | None = Field(default=None, description="A slice: its release (null: none).")


class PlacementOut(BaseModel):
    id: int
    task_id: int
    item_id: int
    slice_id: int | None
    rank: str


class StoryOut(BaseModel):
    placement_id: int
    item_id: int
    title: str


class CellOut(BaseModel):
    task_id: int
    slice_id: int | None
    stories: list[StoryOut]


class ColumnOut(BaseModel):
    activity: PartOut
    tasks: list[PartOut]


class MapLayoutOut(BaseModel):
    map: MapOut
    activities: list[ColumnOut]
    slices: list[SliceOut] = Field(description="Top to bottom; the first is the walking skeleton.")
    cells: list[CellOut]
    skeleton_gaps: list[PartOut] = Field(
        description="Activities with no story in the walking skeleton."
    )


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after_id: int | None = None
    before_id: int | None = None

    @model_validator(mode="after")
    def one_anchor(self) -> MoveIn:
        if self.after_id is not None and self.before_id is not None:
            raise ValueError("give after_id or before_id, not both (neither: at the end)")
        return self


class PartMoveIn(MoveIn):
    activity_id: int | None = Field(
        default=None, description="A task only: the activity (on the same map) to move it under."
    )


class ShiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: Literal[-1, 1] = Field(
        description="-1: one place left (a slice: up), 1: one place right (a slice: down)."
    )


class PlaceIn(MoveIn):
    item_id: int
    slice_id: int | None = Field(default=None, description="null: not yet in a slice.")


class StoryMoveIn(MoveIn):
    task_id: int = Field(description="The task to move the story under (on the same map).")
    slice_id: int | None = Field(default=None, description="null: not yet in a slice.")


@router.get("/products/{product_id}/story-maps")
def list_maps(product_id: int, actor: Actor, uow: Uow) -> list[MapOut]:
    return [wire(MapOut, m) for m in story_maps.list_maps(uow, actor, product_id)]


@router.post("/products/{product_id}/story-maps", status_code=status.HTTP_201_CREATED)
def create_map(product_id: int, body: MapIn, actor: Actor, uow: Uow) -> MapOut:
    """A new map for a product area; its first slice, the walking skeleton, comes with it."""
    made = story_maps.create_map(uow, actor, product_id, body.model_dump(exclude_unset=True))
    return wire(MapOut, made)


@router.get("/story-maps/{map_id}")
def get_map(map_id: int, actor: Actor, uow: Uow) -> MapLayoutOut:
    shown = story_maps.get_map(uow, actor, map_id)
    layout = shown.layout
    return MapLayoutOut(
        map=wire(MapOut, shown.story_map),
        activities=[
            ColumnOut(activity=wire(PartOut, c.activity), tasks=[wire(PartOut, t) for t in c.tasks])
            for c in layout.columns
        ],
        slices=[wire(SliceOut, s) for s in layout.slices],
        cells=[
            CellOut(
                task_id=task_id,
                slice_id=slice_id,
                stories=[
                    StoryOut(
                        placement_id=p.id, item_id=p.item_id, title=shown.items[p.item_id].title
                    )
                    for p in placed
                ],
            )
            for (task_id, slice_id), placed in layout.cells.items()
        ],
        skeleton_gaps=[wire(PartOut, a) for a in layout.skeleton_gaps],
    )


@router.patch("/story-maps/{map_id}")
def update_map(map_id: int, body: MapPatch, actor: Actor, uow: Uow) -> MapOut:
    return wire(MapOut, story_maps.update_map(uow, actor, map_id, body.version, changes(body)))


@router.delete("/story-maps/{map_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_map(map_id: int, actor: Actor, uow: Uow) -> Response:
    story_maps.delete_map(uow, actor, map_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/story-maps/{map_id}/activities", status_code=status.HTTP_201_CREATED)
def add_activity(map_id: int, body: TitleIn, actor: Actor, uow: Uow) -> PartOut:
    """Add a step at the right end of the backbone."""
    return wire(PartOut, story_maps.add_activity(uow, actor, map_id, body.model_dump()))


@router.post("/story-maps/{map_id}/slices", status_code=status.HTTP_201_CREATED)
def add_slice(map_id: int, body: SliceIn, actor: Actor, uow: Uow) -> SliceOut:
    """Add a release slice below the others."""
    return wire(SliceOut, story_maps.add_slice(uow, actor, map_id, body.model_dump()))


@router.post("/story-activities/{activity_id}/tasks", status_code=status.HTTP_201_CREATED)
def add_task(activity_id: int, body: TitleIn, actor: Actor, uow: Uow) -> PartOut:
    return wire(PartOut, story_maps.add_task(uow, actor, activity_id, body.model_dump()))


Part = Literal["activity", "task", "slice"]


@router.patch("/story-maps/parts/{part}/{part_id}")
def edit_part(
    part: Part, part_id: int, body: PartPatch, actor: Actor, uow: Uow
) -> PartOut | SliceOut:
    """Rename an activity or a task (`title`), or edit a slice (`name`, `description`,
    `release_id`); a stale `version` is refused with 409 naming the current value."""
    edited = story_maps.rename(uow, actor, part, part_id, changes(body), version=body.version)
    return wire(SliceOut, edited) if part == "slice" else wire(PartOut, edited)


@router.post("/story-maps/parts/{part}/{part_id}/move", status_code=status.HTTP_204_NO_CONTENT)
def move_part(part: Part, part_id: int, body: PartMoveIn, actor: Actor, uow: Uow) -> Response:
    """Reorder an activity (left to right), a task (in its activity, or under another one with
    `activity_id`) or a slice."""
    story_maps.move_part(
        uow,
        actor,
        part,
        part_id,
        after_id=body.after_id,
        before_id=body.before_id,
        activity_id=body.activity_id,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/story-maps/parts/{part}/{part_id}/shift", status_code=status.HTTP_204_NO_CONTENT)
def shift_part(part: Part, part_id: int, body: ShiftIn, actor: Actor, uow: Uow) -> Response:
    """Move a part one place (the move buttons): a task past the end of its activity goes to
    the neighbouring activity."""
    story_maps.shift_part(uow, actor, part, part_id, body.by)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/story-maps/parts/{part}/{part_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_part(part: Part, part_id: int, actor: Actor, uow: Uow) -> Response:
    """Delete an activity with its tasks, a task, or a slice (its stories become unsliced)."""
    story_maps.remove_part(uow, actor, part, part_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/story-tasks/{task_id}/stories", status_code=status.HTTP_201_CREATED)
def place_story(task_id: int, body: PlaceIn, actor: Actor, uow: Uow) -> PlacementOut:
    """Place a backlog item under a task in a slice (again: move it)."""
    placed = story_maps.place_item(
        uow,
        actor,
        task_id,
        body.item_id,
        body.slice_id,
        after_id=body.after_id,
        before_id=body.before_id,
    )
    return wire(PlacementOut, placed)


@router.post("/story-placements/{placement_id}/move")
def move_story(placement_id: int, body: StoryMoveIn, actor: Actor, uow: Uow) -> PlacementOut:
    """Move a placed story to another task and slice of its map (drag between cells)."""
    moved = story_maps.move_story(
        uow,
        actor,
        placement_id,
        body.task_id,
        body.slice_id,
        after_id=body.after_id,
        before_id=body.before_id,
    )
    return wire(PlacementOut, moved)


@router.delete("/story-placements/{placement_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_story(placement_id: int, actor: Actor, uow: Uow) -> Response:
    story_maps.unplace(uow, actor, placement_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
