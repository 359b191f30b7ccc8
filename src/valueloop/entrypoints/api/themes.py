"""Themes, synthesis runs and demand roll-ups: /api/v1/products/{id}/themes, /themes/{id}, …"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.adapters.synthesis.synthesizer import default_synthesizer
from valueloop.domain.surveys import Period
from valueloop.domain.themes import MAX_LABEL
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.jobs import JobOut, job_out
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.entrypoints.http import container_of
from valueloop.services import demand, synthesis, themes
from valueloop.services.synthesis import Synthesizer

router = APIRouter(tags=["themes"])
Periods = Annotated[int, Query(ge=1, le=104, description="How many periods the trend covers.")]


def synthesizer(request: Request) -> Synthesizer:
    """The app's synthesizer (tests may set `app.state.synthesizer`), else the default one."""
    chosen: Synthesizer | None = getattr(request.app.state, "synthesizer", None)
    return chosen or default_synthesizer()


class PointOut(BaseModel):
    period_start: dt.date
    notes: int


class NoteRef(BaseModel):
    id: int
    title: str
    text: str
    received_on: dt.date
    customer_id: int | None


class ThemeOut(BaseModel):
    id: int
    product_id: int | None
    label: str
    label_edited: bool
    terms: list[str]
    size: int
    status: str
    embedder: str
    trend: list[PointOut]
    representatives: list[NoteRef]
    updated_at: dt.datetime
    version: int


class ThemesOut(BaseModel):
    themes: list[ThemeOut]
    notes: int
    unthemed: int


class MemberOut(BaseModel):
    note: NoteRef
    similarity: float
    pinned: bool


class ThemeDetailOut(BaseModel):
    theme: ThemeOut
    members: list[MemberOut]
    total: int


class ThemePatch(Patch):
    label: str | None = Field(default=None, max_length=MAX_LABEL)


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note_id: int


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: Literal["auto", "full", "incremental"] = "auto"


class DemandOut(BaseModel):
    kind: str
    id: int
    title: str
    notes: int
    customers: int
    arr: float
    segments: dict[str, int]
    importance_by_customer: dict[int, int]
    importance_max: int | None
    critical_customers: int
    latest_on: dt.date | None
    recency_days: int | None


def note_ref(note: Any) -> NoteRef:
    return NoteRef.model_validate(note, from_attributes=True)


def theme_out(view: themes.ThemeView) -> ThemeOut:
    t = view.theme
    return ThemeOut(
        id=t.id,
        product_id=t.product_id,
        label=t.label,
        label_edited=t.label_edited,
        terms=[str(term[0]) for term in (t.terms or [])],
        size=t.size,
        status=t.status,
        embedder=t.embedder,
        trend=[PointOut(period_start=start, notes=n) for start, n in view.trend],
        representatives=[note_ref(n) for n in view.representatives],
        updated_at=t.updated_at,
        version=t.version,
    )


def demand_out(row: demand.DemandRow) -> DemandOut:
    d = row.demand
    return DemandOut(
        kind=row.kind.value,
        id=row.id,
        title=row.title,
        notes=d.notes,
        customers=d.customers,
        arr=d.arr,
        segments=d.segments,
        importance_by_customer=d.importance_by_customer,
        importance_max=d.importance_max,
        critical_customers=d.critical_customers,
        latest_on=d.latest_on,
        recency_days=d.recency_days,
    )


@router.get("/products/{product_id}/themes")
def list_themes(
    product_id: int, actor: Actor, uow: Uow, period: Period = Period.MONTH, periods: Periods = 12
) -> ThemesOut:
    found = themes.overview(uow, actor, product_id, period=period, periods=periods)
    return ThemesOut(
        themes=[theme_out(v) for v in found.themes], notes=found.notes, unthemed=found.unthemed
    )


@router.get("/themes/{theme_id}")
def get_theme(
    theme_id: int,
    actor: Actor,
    uow: Uow,
    period: Period = Period.MONTH,
    periods: Periods = 12,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ThemeDetailOut:
    view, members, total = themes.theme_detail(
        uow, actor, theme_id, period=period, periods=periods, limit=limit, offset=offset
    )
    return ThemeDetailOut(
        theme=theme_out(view),
        members=[
            MemberOut(note=note_ref(note), similarity=m.similarity, pinned=m.pinned)
            for m, note in members
        ],
        total=total,
    )


@router.patch("/themes/{theme_id}")
def update_theme(theme_id: int, body: ThemePatch, actor: Actor, uow: Uow) -> ThemeOut:
    return theme_out(themes.update_theme(uow, actor, theme_id, body.version, changes(body)))


@router.post("/themes/{theme_id}/members", status_code=status.HTTP_201_CREATED)
def move_note(theme_id: int, body: MemberIn, actor: Actor, uow: Uow) -> MemberOut:
    member, note = themes.move_note(uow, actor, body.note_id, theme_id)
    return MemberOut(note=note_ref(note), similarity=member.similarity, pinned=member.pinned)


@router.delete("/themes/{theme_id}/members/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_note(theme_id: int, note_id: int, actor: Actor, uow: Uow) -> Response:
    themes.remove_note(uow, actor, theme_id, note_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/products/{product_id}/synthesis", status_code=status.HTTP_202_ACCEPTED)
def start_synthesis(
    product_id: int,
    actor: Actor,
    uow: Uow,
    request: Request,
    tasks: BackgroundTasks,
    engine: Annotated[Synthesizer, Depends(synthesizer)],
    body: RunIn | None = None,
) -> JobOut:
    """Queue a run and start it after the response; poll GET /jobs/{id} for its progress."""
    mode = (body or RunIn()).mode
    job = synthesis.start_run(uow, actor, product_id, mode)
    container = container_of(request)
    tasks.add_task(
        synthesis.run_job, container.uow(), actor, engine, job.id, mode, fresh_uow=container.uow
    )
    return job_out(job)


@router.get("/products/{product_id}/demand")
def product_demand(
    product_id: int,
    actor: Actor,
    uow: Uow,
    kind: Literal["item", "opportunity", "theme"] = "item",
) -> list[DemandOut]:
    return [demand_out(row) for row in demand.product_demand(uow, actor, product_id, kind)]
