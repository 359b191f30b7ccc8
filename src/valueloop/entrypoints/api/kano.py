"""Kano surveys: /api/v1/products/{id}/kano (upload answers, read each item's category)."""

from __future__ import annotations

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, Field

from valueloop.adapters.importers import kano_csv
from valueloop.domain.kano import Category
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.entrypoints.api.uploads import ImportOut, text_of
from valueloop.services import kano

router = APIRouter(tags=["prioritization"])


class KanoItemOut(BaseModel):
    item_id: int
    title: str
    category: Category
    better: float | None = Field(description="(A + O) ÷ (A + O + M + I)")
    worse: float | None = Field(description="−(O + M) ÷ (A + O + M + I)")
    respondents: int
    counts: dict[str, int] = Field(description="Answers per category letter (A, O, M, I, R, Q).")
    explain: str


@router.post("/products/{product_id}/kano")
async def import_kano(
    product_id: int, actor: Actor, uow: Uow, file: UploadFile = File(...)
) -> ImportOut:
    """CSV with item (id or title), respondent, functional, dysfunctional[, customer, date]."""
    name, text = await text_of(file)
    rows = kano_csv.read(name, text=text)
    return wire(ImportOut, kano.import_answers(uow, actor, product_id, rows, name))


@router.get("/products/{product_id}/kano")
def kano_results(product_id: int, actor: Actor, uow: Uow) -> list[KanoItemOut]:
    """Each surveyed item's Kano category (ties: M > O > A > I) and Better/Worse."""
    return [
        KanoItemOut(
            item_id=found.item.id,
            title=found.item.title,
            category=found.result.category,
            better=found.result.better,
            worse=found.result.worse,
            respondents=found.result.respondents,
            counts={c.letter: n for c, n in found.result.counts.items()},
            explain=found.result.explain(),
        )
        for found in kano.results(uow, actor, product_id)
    ]
