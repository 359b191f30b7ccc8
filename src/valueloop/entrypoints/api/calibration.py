"""Calibration: /api/v1/products/{id}/calibration, an item's snapshots and measured impact."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.calibration import MIN_POINTS
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import calibration

router = APIRouter(tags=["prioritization"])


class GroupOut(BaseModel):
    key: str
    count: int
    spearman: float | None
    p_value: float | None
    mae: float | None = Field(description="Normalized score vs normalized impact, 0 is perfect.")
    impact_mae: float | None = Field(description="Predicted vs measured, in the measure's units.")
    verdict: str


class PointOut(BaseModel):
    item_id: int
    framework: str
    estimator: str
    committed_on: dt.date
    score: float = Field(description="The raw score at commit time.")
    predicted_impact: float | None
    measured: float = Field(description="The measured impact, in the measure's units.")
    predicted: float = Field(description="The score scaled 0–1 within its framework.")
    actual: float = Field(description="The measured impact scaled 0–1 over measured items.")


class CalibrationOut(BaseModel):
    by_framework: list[GroupOut]
    by_estimator: list[GroupOut]
    measured: int = Field(description="Predictions whose item has a measured impact.")
    awaiting: int = Field(description="Predictions still waiting for one.")
    min_points: int
    snapshots: int
    points: list[PointOut] = Field(
        description="Each measured prediction, as the page's predicted-vs-actual chart plots it "
        "(a perfect prediction has predicted = actual)."
    )


class SnapshotOut(BaseModel):
    id: int
    framework: str
    label: str
    formula_id: int | None
    formula_revision: int | None
    estimator_id: int | None
    estimator: str
    score: float
    terms: dict[str, float]
    predicted_impact: float | None
    measure_id: int | None
    reason: str
    taken_at: dt.datetime


class ImpactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: float = Field(description="The impact measured, in the measure's units.")
    measured_on: dt.date | None = None
    measure_id: int | None = None
    note: str = Field(default="", max_length=2000)
    version: int | None = Field(default=None, description="The version you read, when replacing.")


class ImpactOut(BaseModel):
    id: int
    item_id: int
    value: float
    measure_id: int | None
    measured_on: dt.date
    note: str
    recorded_by: int | None
    version: int


class ItemSnapshotsOut(BaseModel):
    snapshots: list[SnapshotOut] = Field(description="Newest first.")
    measured_impact: ImpactOut | None


@router.get("/products/{product_id}/calibration")
def calibration_report(
    product_id: int,
    actor: Actor,
    uow: Uow,
    min_points: int = Query(default=MIN_POINTS, ge=3, le=1000),
) -> CalibrationOut:
    """Did the scores at commit time predict the measured impact? Per framework and estimator."""
    view = calibration.calibration_report(uow, actor, product_id, min_points=min_points)
    report = view.report
    return CalibrationOut(
        by_framework=[wire(GroupOut, g) for g in report.by_framework],
        by_estimator=[wire(GroupOut, g) for g in report.by_estimator],
        measured=report.measured,
        awaiting=report.awaiting,
        min_points=report.min_points,
        snapshots=view.snapshots,
        points=[
            PointOut(
                item_id=p.prediction.item_id,
                framework=p.prediction.framework,
                estimator=p.prediction.estimator,
                committed_on=p.prediction.committed_on,
                score=p.prediction.score,
                predicted_impact=p.prediction.predicted_impact,
                measured=p.measured,
                predicted=p.score,
                actual=p.actual,
            )
            for p in report.points
        ],
    )


@router.get("/items/{item_id}/snapshots")
def item_snapshots(item_id: int, actor: Actor, uow: Uow) -> ItemSnapshotsOut:
    """The item's scores as they were when it was committed, and its measured impact."""
    snapshots, impact = calibration.item_snapshots(uow, actor, item_id)
    return ItemSnapshotsOut(
        snapshots=[wire(SnapshotOut, s) for s in snapshots],
        measured_impact=wire(ImpactOut, impact) if impact else None,
    )


@router.put("/items/{item_id}/measured-impact")
def record_impact(item_id: int, body: ImpactIn, actor: Actor, uow: Uow) -> ImpactOut:
    """Record the impact the item turned out to have (it replaces an earlier one)."""
    found = calibration.record_impact(
        uow,
        actor,
        item_id,
        body.value,
        measured_on=body.measured_on,
        measure_id=body.measure_id,
        note=body.note,
        version=body.version,
    )
    return wire(ImpactOut, found)
