"""Scores, scoring settings, rank stability and the MoSCoW check: /api/v1/products/{id}/scores …"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.assessments import Dimension, Rating
from valueloop.domain.backlog import ItemStatus
from valueloop.domain.kano import Category
from valueloop.domain.rank_stability import MAX_DRAWS, MIN_DRAWS, Distribution
from valueloop.domain.scoring import IceAggregation, Moscow
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import rank_stability, scoring
from valueloop.services.score_inputs import CANDIDATES
from valueloop.services.scoring import ItemScore

router = APIRouter(tags=["prioritization"])

FRAMEWORK_HELP = "rice, ice, wsjf, cd3, opportunity or formula:<id> (default: the product's)"
STATUS_HELP = "Items in these statuses (default: new, ready, in_progress)."
GRID_AXIS = "The saved value-vs-effort axis, a formula expression (null: the framework's own)."
GRID_LINE = "The saved value-vs-effort line, a fixed number (null: the framework's own)."


class ItemBrief(BaseModel):
    id: int
    title: str
    status: ItemStatus
    rank: str


class TermOut(BaseModel):
    name: str
    value: float
    note: str


class EvidenceOut(BaseModel):
    notes: int
    customers: int
    arr: float
    segments: dict[str, int]
    importance_sum: int
    importance_max: int | None
    importance_mean: float | None
    critical_customers: int
    latest_on: dt.date | None
    recency_days: int | None


class OverrideOut(BaseModel):
    value: float
    reason: str
    by: int | None
    at: dt.datetime | None


class ConfidenceOut(BaseModel):
    value: float = Field(description="In force: the override if set, else the derived one.")
    derived: float = Field(description="Derived from the kinds, amount and recency of evidence.")
    rice: float = Field(description="RICE's band of the value: 1, 0.8 or 0.5.")
    label: str
    reasons: list[str]
    override: OverrideOut | None


class AlignmentOut(BaseModel):
    weight: float
    goal_id: int | None
    aligned: bool
    reason: str


class DvfOut(BaseModel):
    desirability: Rating | None
    viability: Rating | None
    feasibility: Rating | None
    missing: list[Dimension]


class KanoOut(BaseModel):
    category: Category
    better: float | None
    worse: float | None
    respondents: int
    explain: str


class RangeOut(BaseModel):
    low: float
    likely: float
    high: float
    distribution: Distribution


class ItemScoreOut(BaseModel):
    item: ItemBrief
    place: int | None = Field(description="1 for the highest score; null when unscored.")
    score: float | None
    terms: list[TermOut]
    formula: str
    explain: str = Field(description="The score, its formula and its terms in one line.")
    missing: list[str] = Field(description="Estimates (or variables) the item lacks.")
    error: str | None = Field(description="Why the item's inputs give no score.")
    evidence: EvidenceOut
    confidence: ConfidenceOut
    alignment: AlignmentOut
    dvf: DvfOut
    moscow: Moscow | None
    kano: KanoOut | None
    estimates: dict[str, RangeOut]


class ScoresOut(BaseModel):
    framework: str
    label: str
    formula: str
    items: list[ItemScoreOut]
    total: int
    scored: int
    limit: int | None
    offset: int


def score_out(row: ItemScore) -> ItemScoreOut:
    confidence = row.confidence
    kano = row.kano
    return ItemScoreOut(
        item=wire(ItemBrief, row.item),
        place=row.place,
        score=row.score.value if row.score else None,
        terms=[wire(TermOut, t) for t in row.score.terms] if row.score else [],
        formula=row.score.formula if row.score else "",
        explain=row.score.explain() if row.score else "",
        missing=list(row.missing),
        error=row.error,
        evidence=wire(EvidenceOut, row.evidence),
        confidence=ConfidenceOut(
            value=confidence.value,
            derived=confidence.derived,
            rice=confidence.rice,
            label=confidence.label,
            reasons=list(confidence.reasons),
            override=wire(OverrideOut, confidence.override) if confidence.override else None,
        ),
        alignment=wire(AlignmentOut, row.alignment),
        dvf=DvfOut(
            desirability=row.dvf.desirability,
            viability=row.dvf.viability,
            feasibility=row.dvf.feasibility,
            missing=list(row.dvf.missing),
        ),
        moscow=row.moscow,
        kano=KanoOut(
            category=kano.category,
            better=kano.better,
            worse=kano.worse,
            respondents=kano.respondents,
            explain=kano.explain(),
        )
        if kano
        else None,
        estimates={name: wire(RangeOut, e) for name, e in row.estimates.items()},
    )


@router.get("/products/{product_id}/scores")
def scores(
    product_id: int,
    actor: Actor,
    uow: Uow,
    framework: str | None = Query(default=None, max_length=40, description=FRAMEWORK_HELP),
    status_: list[ItemStatus] | None = Query(default=None, alias="status", description=STATUS_HELP),
    sort: Literal["-score", "score", "rank"] = "-score",
    limit: Limit = 50,
    offset: Offset = 0,
) -> ScoresOut:
    """The backlog scored, highest first (equal scores in manual order, unscored items last),
    each item with its terms, evidence, confidence, goal alignment and assessment."""
    board = scoring.score_board(
        uow,
        actor,
        product_id,
        framework,
        statuses=[s.value for s in status_] if status_ else CANDIDATES,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return ScoresOut(
        framework=board.framework,
        label=board.label,
        formula=board.formula,
        items=[score_out(row) for row in board.items],
        total=board.total,
        scored=board.scored,
        limit=board.limit,
        offset=board.offset,
    )


@router.get("/items/{item_id}/score")
def item_score(
    item_id: int,
    actor: Actor,
    uow: Uow,
    framework: str | None = Query(default=None, max_length=40, description=FRAMEWORK_HELP),
) -> ItemScoreOut:
    """One item's score breakdown."""
    return score_out(scoring.score_item(uow, actor, item_id, framework))


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    framework: str | None = Field(default=None, max_length=40, description=FRAMEWORK_HELP)
    ice_aggregation: IceAggregation | None = None
    unaligned_weight: float | None = Field(default=None, ge=0, le=1000)
    half_life_days: float | None = Field(default=None, ge=1, le=36_500)
    quadrant_value: str | None = Field(default=None, max_length=1000, description=GRID_AXIS)
    quadrant_effort: str | None = Field(default=None, max_length=1000, description=GRID_AXIS)
    quadrant_value_threshold: float | None = Field(default=None, description=GRID_LINE)
    quadrant_effort_threshold: float | None = Field(default=None, ge=0, description=GRID_LINE)
    version: int | None = Field(default=None, description="The version you read.")


class SettingsOut(BaseModel):
    product_id: int
    framework: str
    ice_aggregation: IceAggregation
    unaligned_weight: float
    half_life_days: float
    quadrant_value: str | None = Field(description="None: the framework's own value axis.")
    quadrant_effort: str | None = Field(description="None: the framework's own effort axis.")
    quadrant_value_threshold: float | None
    quadrant_effort_threshold: float | None
    version: int = Field(description="0 while the defaults apply.")


@router.get("/products/{product_id}/scoring-settings")
def get_settings(product_id: int, actor: Actor, uow: Uow) -> SettingsOut:
    """The product's framework, ICE aggregation, unaligned weight, evidence half-life and
    saved value-vs-effort grid."""
    return wire(SettingsOut, scoring.get_settings(uow, actor, product_id))


@router.put("/products/{product_id}/scoring-settings")
def update_settings(product_id: int, body: SettingsIn, actor: Actor, uow: Uow) -> SettingsOut:
    """Change the fields sent; a quadrant field sent as null goes back to the framework's own."""
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    found = scoring.update_settings(uow, actor, product_id, fields, version=body.version)
    return wire(SettingsOut, found)


class StabilityItemOut(BaseModel):
    item_id: int
    title: str
    point_score: float
    point_rank: int
    top_k_probability: float
    median_rank: float
    rank_low: float
    rank_high: float


class StabilityOut(BaseModel):
    framework: str
    label: str
    draws: int
    top_k: int
    seed: int
    interval: tuple[float, float]
    items: list[StabilityItemOut] = Field(description="In the order of the likely values' scores.")
    unscored: list[int] = Field(description="Items left out: they lack an input or a score.")


@router.get("/products/{product_id}/rank-stability")
def rank_stability_report(
    product_id: int,
    actor: Actor,
    uow: Uow,
    framework: str | None = Query(default=None, max_length=40, description=FRAMEWORK_HELP),
    draws: int = Query(default=MIN_DRAWS, ge=MIN_DRAWS, le=MAX_DRAWS),
    top: int = Query(default=10, ge=1, le=10_000, description="K of the top-K probability."),
    seed: int = Query(default=0, ge=0, le=2**31 - 1),
    status_: list[ItemStatus] | None = Query(default=None, alias="status", description=STATUS_HELP),
) -> StabilityOut:
    """Sample each estimate's range, rank every draw, and report each item's chance of making
    the top K and its rank interval (5th–95th percentile)."""
    view = rank_stability.product_rank_stability(
        uow,
        actor,
        product_id,
        framework,
        draws=draws,
        top_k=top,
        seed=seed,
        statuses=[s.value for s in status_] if status_ else CANDIDATES,
    )
    report = view.report
    items = (
        sorted(
            (
                StabilityItemOut(
                    item_id=int(str(i.key)),
                    title=view.titles.get(int(str(i.key)), ""),
                    point_score=i.point_score,
                    point_rank=i.point_rank,
                    top_k_probability=i.top_k_probability,
                    median_rank=i.median_rank,
                    rank_low=i.rank_low,
                    rank_high=i.rank_high,
                )
                for i in report.items
            ),
            key=lambda i: i.point_rank,
        )
        if report
        else []
    )
    return StabilityOut(
        framework=view.framework,
        label=view.label,
        draws=report.draws if report else draws,
        top_k=report.top_k if report else 0,
        seed=seed,
        interval=report.interval if report else (5.0, 95.0),
        items=items,
        unscored=view.unscored,
    )


class PlannedOut(BaseModel):
    item_id: int
    title: str
    moscow: Moscow | None
    effort: float | None


class MoscowOut(BaseModel):
    must_effort: float
    planned_effort: float = Field(description="Effort of must + should + could.")
    must_share: float
    limit: float
    within_limit: bool
    verdict: str
    items: list[PlannedOut]
    uncategorized: list[int]
    unestimated: list[int] = Field(description="Categorized items without an effort.")


@router.get("/products/{product_id}/moscow")
def moscow_check(
    product_id: int,
    actor: Actor,
    uow: Uow,
    item_id: list[int] | None = Query(default=None, description="The release's items."),
    initiative_id: int | None = Query(default=None, description="Or an initiative's items."),
    status_: list[ItemStatus] | None = Query(default=None, alias="status", description=STATUS_HELP),
    limit: float = Query(default=0.6, gt=0, le=1, description="Must-haves' largest share."),
) -> MoscowOut:
    """Whether must-haves stay within 60% of the planned effort of a selection of items."""
    review = scoring.moscow_check(
        uow,
        actor,
        product_id,
        item_ids=item_id,
        initiative_id=initiative_id,
        statuses=[s.value for s in status_] if status_ else CANDIDATES,
        limit=limit,
    )
    check = review.check
    return MoscowOut(
        must_effort=check.must_effort,
        planned_effort=check.planned_effort,
        must_share=check.must_share,
        limit=check.limit,
        within_limit=check.within_limit,
        verdict=check.verdict,
        items=[
            PlannedOut(item_id=p.item.id, title=p.item.title, moscow=p.moscow, effort=p.effort)
            for p in review.items
        ],
        uncategorized=review.uncategorized,
        unestimated=review.unestimated,
    )
