"""Competitors and capabilities: /api/v1/products/{id}/competitors, /capabilities, the matrix
cells (PUT /competitors/{id}/capabilities/{id}) and the matrix with its gaps."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.competitors import Level, Standing
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import competitors

router = APIRouter(tags=["competitors"])

_LEVEL = "0 none, 1 basic, 2 good, 3 best in class."


class CompetitorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    website: str = Field(default="", max_length=500)
    description: str = Field(default="", max_length=10_000)


class CompetitorPatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    website: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=10_000)


class CompetitorOut(BaseModel):
    id: int
    product_id: int
    name: str
    website: str
    description: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class CapabilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    own_level: int = Field(default=0, ge=0, le=3, description="The product's own level: " + _LEVEL)
    opportunity_id: int | None = Field(default=None, description="An opportunity of the product.")


class CapabilityPatch(Patch):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=10_000)
    own_level: int | None = Field(default=None, ge=0, le=3)
    opportunity_id: int | None = None


class CapabilityOut(BaseModel):
    id: int
    product_id: int
    name: str
    description: str
    own_level: int
    opportunity_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class CellIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: int = Field(ge=0, le=3, description=_LEVEL)
    note: str = Field(default="", max_length=2000)
    version: int | None = Field(
        default=None, description="The cell's version you read; a stale one is refused with 409."
    )


class CellOut(BaseModel):
    id: int
    competitor_id: int
    capability_id: int
    level: int
    note: str
    updated_at: dt.datetime
    version: int


class MatrixRowOut(BaseModel):
    capability: CapabilityOut
    own_level: Level
    cells: list[CellOut] = Field(description="The rated competitors' cells; unrated are absent.")
    best_competitor_level: int | None
    ahead_of_us: list[int] = Field(description="Competitors better than the product here.")
    standing: Standing


class MatrixOut(BaseModel):
    competitors: list[CompetitorOut]
    rows: list[MatrixRowOut]
    gaps: int
    parity: int
    differentiators: int
    uncompared: int


# --- competitors --------------------------------------------------------------------------------


@router.get("/products/{product_id}/competitors")
def list_competitors(product_id: int, actor: Actor, uow: Uow) -> list[CompetitorOut]:
    return [wire(CompetitorOut, c) for c in competitors.list_competitors(uow, actor, product_id)]


@router.post("/products/{product_id}/competitors", status_code=status.HTTP_201_CREATED)
def create_competitor(product_id: int, body: CompetitorIn, actor: Actor, uow: Uow) -> CompetitorOut:
    created = competitors.create_competitor(uow, actor, product_id, body.model_dump())
    return wire(CompetitorOut, created)


@router.get("/competitors/{competitor_id}")
def get_competitor(competitor_id: int, actor: Actor, uow: Uow) -> CompetitorOut:
    return wire(CompetitorOut, competitors.get_competitor(uow, actor, competitor_id))


@router.patch("/competitors/{competitor_id}")
def update_competitor(
    competitor_id: int, body: CompetitorPatch, actor: Actor, uow: Uow
) -> CompetitorOut:
    updated = competitors.update_competitor(uow, actor, competitor_id, body.version, changes(body))
    return wire(CompetitorOut, updated)


@router.delete("/competitors/{competitor_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_competitor(
    competitor_id: int, actor: Actor, uow: Uow, version: int | None = None
) -> Response:
    """Remove the competitor and its column of the matrix."""
    competitors.delete_competitor(uow, actor, competitor_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- capabilities -------------------------------------------------------------------------------


@router.get("/products/{product_id}/capabilities")
def list_capabilities(product_id: int, actor: Actor, uow: Uow) -> list[CapabilityOut]:
    board = competitors.matrix(uow, actor, product_id)
    return [wire(CapabilityOut, row.capability) for row in board.rows]


@router.post("/products/{product_id}/capabilities", status_code=status.HTTP_201_CREATED)
def create_capability(product_id: int, body: CapabilityIn, actor: Actor, uow: Uow) -> CapabilityOut:
    created = competitors.create_capability(uow, actor, product_id, body.model_dump())
    return wire(CapabilityOut, created)


@router.get("/capabilities/{capability_id}")
def get_capability(capability_id: int, actor: Actor, uow: Uow) -> CapabilityOut:
    return wire(CapabilityOut, competitors.get_capability(uow, actor, capability_id))


@router.patch("/capabilities/{capability_id}")
def update_capability(
    capability_id: int, body: CapabilityPatch, actor: Actor, uow: Uow
) -> CapabilityOut:
    updated = competitors.update_capability(uow, actor, capability_id, body.version, changes(body))
    return wire(CapabilityOut, updated)


@router.delete("/capabilities/{capability_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_capability(
    capability_id: int, actor: Actor, uow: Uow, version: int | None = None
) -> Response:
    """Remove the capability and its row of the matrix."""
    competitors.delete_capability(uow, actor, capability_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- the matrix ---------------------------------------------------------------------------------


@router.put("/competitors/{competitor_id}/capabilities/{capability_id}")
def set_level(
    competitor_id: int, capability_id: int, body: CellIn, actor: Actor, uow: Uow
) -> CellOut:
    """Rate how well the competitor offers the capability (creates the cell the first time)."""
    fields = body.model_dump(exclude={"version"})
    cell = competitors.set_level(uow, actor, competitor_id, capability_id, body.version, fields)
    return wire(CellOut, cell)


@router.delete(
    "/competitors/{competitor_id}/capabilities/{capability_id}",
    status_code=status.HTTP_204_NO_CONTENT,
)
def clear_level(competitor_id: int, capability_id: int, actor: Actor, uow: Uow) -> Response:
    """Mark the competitor as not rated on the capability."""
    competitors.clear_level(uow, actor, competitor_id, capability_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/products/{product_id}/competitor-matrix")
def matrix(product_id: int, actor: Actor, uow: Uow) -> MatrixOut:
    """Capabilities against the product and its competitors: gaps, parity, differentiators."""
    board = competitors.matrix(uow, actor, product_id)
    return MatrixOut(
        competitors=[wire(CompetitorOut, c) for c in board.competitors],
        rows=[
            MatrixRowOut(
                capability=wire(CapabilityOut, row.capability),
                own_level=row.comparison.own,
                cells=[wire(CellOut, cell) for cell in row.cells.values()],
                best_competitor_level=row.comparison.best,
                ahead_of_us=list(row.comparison.ahead_of_us),
                standing=row.comparison.standing,
            )
            for row in board.rows
        ],
        gaps=board.count(Standing.GAP),
        parity=board.count(Standing.PARITY),
        differentiators=board.count(Standing.DIFFERENTIATOR),
        uncompared=board.count(Standing.UNCOMPARED),
    )
