"""Saved custom formulas with their versions: /api/v1/products/{id}/formulas, /api/v1/formulas."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.pages import wire
from valueloop.services import formulas
from valueloop.services.formulas import FormulaWithVersions

router = APIRouter(tags=["prioritization"])

TEXT_HELP = "One expression, e.g. `reach * impact * confidence_rice / effort`."


class FormulaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=2000)
    text: str = Field(max_length=1000, description=TEXT_HELP)


class FormulaPut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=2000)
    text: str | None = Field(
        default=None, max_length=1000, description="A new text: a new version."
    )
    version: int = Field(description="The version you read; a stale one is refused with 409.")


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=1000, description=TEXT_HELP)


class CheckOut(BaseModel):
    text: str
    names: list[str] = Field(description="The variables it uses.")


class VersionOut(BaseModel):
    revision: int
    text: str
    created_by: int | None
    created_at: dt.datetime


class FormulaOut(BaseModel):
    id: int
    product_id: int
    name: str
    description: str
    text: str
    revision: int = Field(description="The current text's version number.")
    label: str = Field(description="How scores name it: name and version.")
    framework: str = Field(description="What to pass as ?framework= to score with it.")
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    versions: list[VersionOut] = Field(description="Every text it had, newest first.")


def formula_out(found: FormulaWithVersions) -> FormulaOut:
    f = found.formula
    return FormulaOut(
        id=f.id,
        product_id=f.product_id,
        name=f.name,
        description=f.description,
        text=f.text,
        revision=f.revision,
        label=f.label,
        framework=f"formula:{f.id}",
        created_by=f.created_by,
        created_at=f.created_at,
        updated_at=f.updated_at,
        version=f.version,
        versions=[wire(VersionOut, v) for v in found.versions],
    )


def _one(uow: Uow, actor: Actor, product_id: int, formula_id: int) -> FormulaOut:
    listed = formulas.list_formulas(uow, actor, product_id)
    return formula_out(next(f for f in listed if f.formula.id == formula_id))


@router.get("/products/{product_id}/formulas")
def list_formulas(product_id: int, actor: Actor, uow: Uow) -> list[FormulaOut]:
    """The product's saved formulas by name, each with its versions."""
    return [formula_out(f) for f in formulas.list_formulas(uow, actor, product_id)]


@router.post("/products/{product_id}/formulas", status_code=status.HTTP_201_CREATED)
def create_formula(product_id: int, body: FormulaIn, actor: Actor, uow: Uow) -> FormulaOut:
    """Save a formula; a text that does not compile is a 422 pointing at the position."""
    created = formulas.create_formula(uow, actor, product_id, body.model_dump())
    return _one(uow, actor, product_id, created.id)


@router.post("/products/{product_id}/formulas/validate")
def check_formula(product_id: int, body: CheckIn, actor: Actor, uow: Uow) -> CheckOut:
    """Check a formula against the product's variables without saving it."""
    return wire(CheckOut, formulas.check_formula(uow, actor, product_id, body.text))


@router.put("/formulas/{formula_id}")
def update_formula(formula_id: int, body: FormulaPut, actor: Actor, uow: Uow) -> FormulaOut:
    """Rename, describe or rewrite a formula; a changed text becomes its next version."""
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    changed = formulas.update_formula(uow, actor, formula_id, body.version, fields)
    return _one(uow, actor, changed.product_id, changed.id)


@router.delete("/formulas/{formula_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_formula(formula_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    formulas.delete_formula(uow, actor, formula_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
