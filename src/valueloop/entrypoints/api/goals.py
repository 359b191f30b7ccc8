"""Goals, their measures and observations: /api/v1/products/{id}/goals, /goals, /measures."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.goals import (
    Direction,
    GoalLevel,
    GoalStanding,
    GoalStatus,
    KeyValueArea,
    MeasureKind,
)
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import goals

router = APIRouter(tags=["goals"])


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=4000)
    level: GoalLevel = GoalLevel.STRATEGIC
    parent_id: int | None = None
    kva: KeyValueArea = KeyValueArea.CURRENT_VALUE
    status: GoalStatus = GoalStatus.ACTIVE
    owner_id: int | None = None
    target_date: dt.date | None = None
    weight: float = Field(
        default=1.0, ge=0, le=1000, description="What the items serving the goal inherit."
    )


class GoalPatch(Patch):
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=4000)
    level: GoalLevel | None = None
    parent_id: int | None = None
    kva: KeyValueArea | None = None
    status: GoalStatus | None = None
    owner_id: int | None = None
    target_date: dt.date | None = None
    weight: float | None = Field(default=None, ge=0, le=1000)


class GoalOut(BaseModel):
    id: int
    product_id: int
    parent_id: int | None
    level: GoalLevel
    title: str
    description: str
    kva: KeyValueArea
    status: GoalStatus
    owner_id: int | None
    target_date: dt.date | None
    weight: float
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class MeasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    definition: str = Field(default="", max_length=2000)
    unit: str = Field(default="", max_length=40)
    direction: Direction = Direction.HIGHER_IS_BETTER
    kind: MeasureKind = MeasureKind.OUTCOME
    baseline: float
    target: float
    target_date: dt.date | None = None
    catalogue_key: str | None = Field(default=None, max_length=60, description="KVM it follows.")
    computed_by: str = Field(
        default="manual",
        max_length=80,
        description="manual, or a source such as survey:nps that publishes the numbers.",
    )


class MeasurePatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    definition: str | None = Field(default=None, max_length=2000)
    unit: str | None = Field(default=None, max_length=40)
    direction: Direction | None = None
    kind: MeasureKind | None = None
    baseline: float | None = None
    target: float | None = None
    target_date: dt.date | None = None
    catalogue_key: str | None = Field(default=None, max_length=60)
    computed_by: str | None = Field(default=None, max_length=80)


class MeasureOut(BaseModel):
    id: int
    goal_id: int
    name: str
    definition: str
    unit: str
    direction: Direction
    kind: MeasureKind
    baseline: float
    target: float
    target_date: dt.date | None
    catalogue_key: str | None
    computed_by: str
    version: int


class MeasureStandingOut(BaseModel):
    measure: MeasureOut
    latest: float | None
    progress: float | None


class GoalStandingOut(BaseModel):
    goal: GoalOut
    measures: list[MeasureStandingOut]
    progress: float | None = Field(description="Mean progress of the measures, from observations.")
    vanity_risk: bool = Field(description="Measured only by inputs, activities or outputs.")
    children: list[GoalStandingOut]


class ObservationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    observed_on: dt.date
    value: float
    source: str = Field(default="manual", max_length=100)
    note: str = Field(default="", max_length=2000)


class ObservationOut(BaseModel):
    id: int
    measure_id: int
    observed_on: dt.date
    value: float
    source: str
    note: str


def standing_out(node: GoalStanding) -> GoalStandingOut:
    return GoalStandingOut.model_validate(node, from_attributes=True)


@router.get("/products/{product_id}/goals")
def goal_tree(product_id: int, actor: Actor, uow: Uow) -> list[GoalStandingOut]:
    """The product's goal tree with measures and progress computed from observations."""
    return [standing_out(node) for node in goals.goal_tree(uow, actor, product_id)]


@router.post("/products/{product_id}/goals", status_code=status.HTTP_201_CREATED)
def create_goal(product_id: int, body: GoalIn, actor: Actor, uow: Uow) -> GoalOut:
    goal = goals.create_goal(uow, actor, product_id, body.model_dump(exclude_unset=True))
    return GoalOut.model_validate(goal, from_attributes=True)


@router.get("/goals/{goal_id}")
def get_goal(goal_id: int, actor: Actor, uow: Uow) -> GoalStandingOut:
    return standing_out(goals.get_goal(uow, actor, goal_id))


@router.patch("/goals/{goal_id}")
def update_goal(goal_id: int, body: GoalPatch, actor: Actor, uow: Uow) -> GoalOut:
    goal = goals.update_goal(uow, actor, goal_id, body.version, changes(body))
    return GoalOut.model_validate(goal, from_attributes=True)


@router.post("/goals/{goal_id}/measures", status_code=status.HTTP_201_CREATED)
def add_measure(goal_id: int, body: MeasureIn, actor: Actor, uow: Uow) -> MeasureOut:
    measure = goals.add_measure(uow, actor, goal_id, body.model_dump(exclude_unset=True))
    return MeasureOut.model_validate(measure, from_attributes=True)


@router.patch("/measures/{measure_id}")
def update_measure(measure_id: int, body: MeasurePatch, actor: Actor, uow: Uow) -> MeasureOut:
    measure = goals.update_measure(uow, actor, measure_id, body.version, changes(body))
    return MeasureOut.model_validate(measure, from_attributes=True)


@router.get("/measures/{measure_id}/observations")
def list_observations(
    measure_id: int, actor: Actor, uow: Uow, since: dt.date | None = None
) -> list[ObservationOut]:
    rows = goals.list_observations(uow, actor, measure_id, since=since)
    return [ObservationOut.model_validate(o, from_attributes=True) for o in rows]


@router.post("/measures/{measure_id}/observations", status_code=status.HTTP_201_CREATED)
def record_observation(
    measure_id: int, body: ObservationIn, actor: Actor, uow: Uow
) -> ObservationOut:
    observation = goals.record_observation(
        uow, actor, measure_id, body.observed_on, body.value, source=body.source, note=body.note
    )
    return ObservationOut.model_validate(observation, from_attributes=True)
