"""Use cases for a product's saved custom formulas: save, change (a new text is a new version;
old versions are kept), remove, list, and check a text before saving it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import saved_formulas
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.estimates import FIELDS
from valueloop.domain.evidence import (
    EVIDENCE_VARIABLES,
    GOAL_VARIABLES,
    OTHER_VARIABLES,
    Variables,
)
from valueloop.domain.formulas import Formula, compile_formula
from valueloop.domain.roles import Action, Principal
from valueloop.domain.saved_formulas import FormulaVersion, SavedFormula
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class FormulaWithVersions:
    formula: SavedFormula
    versions: list[FormulaVersion]  # newest first


@dataclass(frozen=True, slots=True)
class CheckedFormula:
    """A formula that compiles against the product's variables: the names it uses."""

    text: str
    names: tuple[str, ...]


def variables(uow: UnitOfWork, product_id: int) -> Variables:
    """The names a formula of this product may use (inside an open unit of work)."""
    fixed: dict[str, str] = {name: rule.description for name, rule in FIELDS.items()}
    for name in uow.scoring.estimate_fields(product_id):
        fixed.setdefault(name, "a custom estimate field")
    fixed.update(EVIDENCE_VARIABLES)
    fixed.update(GOAL_VARIABLES)
    fixed.update(OTHER_VARIABLES)
    return Variables(fixed, uow.scoring.segments())


def compiled(uow: UnitOfWork, product_id: int, text: str, label: str = "Custom") -> Formula:
    """The text compiled against the product's variables, or a FormulaError at the position."""
    return compile_formula(text, label=label, variables=variables(uow, product_id))


def saved(formula: SavedFormula) -> Formula:
    """A saved formula ready to score; names no longer defined leave items unscored rather than
    failing the formula (it was checked when saved)."""
    return compile_formula(formula.text, label=formula.label)


def _product(uow: UnitOfWork, actor: Principal, product_id: int) -> None:
    uow.products.require(product_id)
    require_visible(actor, product_id, "product", product_id)


def _owned(uow: UnitOfWork, actor: Principal, formula_id: int) -> SavedFormula:
    formula = uow.formulas.require(formula_id)
    require_visible(actor, formula.product_id, "formula", formula_id)
    return formula


def check_formula(
    uow: UnitOfWork, actor: Principal, product_id: int, text: object
) -> CheckedFormula:
    """Compile a formula text against the product's variables without saving it."""
    with uow:
        _product(uow, actor, product_id)
        formula = compiled(uow, product_id, text if isinstance(text, str) else "")
        return CheckedFormula(formula.text, formula.names)


def create_formula(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> SavedFormula:
    """Save a formula for the product (version 1 of its text)."""
    values = saved_formulas.validate(fields, creating=True)
    with uow:
        _product(uow, actor, product_id)
        actor.require(Action.RANK_BACKLOG, product_id)
        compiled(uow, product_id, str(values["text"]))
        formula = uow.formulas.add(
            {**values, "product_id": product_id, "revision": 1, "created_by": actor.user_id}
        )
        uow.formula_versions.add(
            {
                "formula_id": formula.id,
                "revision": 1,
                "text": formula.text,
                "created_by": actor.user_id,
                "created_at": changes.now(),
            }
        )
        changes.logged(
            uow,
            actor,
            "formula",
            formula.id,
            "create",
            {"name": [None, formula.name], "text": [None, formula.text]},
        )
        uow.commit()
        return formula


def update_formula(
    uow: UnitOfWork,
    actor: Principal,
    formula_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> SavedFormula:
    """Rename, describe or rewrite a formula; a new text becomes the next version."""
    values = saved_formulas.validate(fields, creating=False)
    with uow:
        before = _owned(uow, actor, formula_id)
        actor.require(Action.RANK_BACKLOG, before.product_id)
        new_text = "text" in values and values["text"] != before.text
        if new_text:
            compiled(uow, before.product_id, str(values["text"]))
            values["revision"] = before.revision + 1
        else:
            values.pop("text", None)
        after = uow.formulas.update(formula_id, version, values)
        if new_text:
            uow.formula_versions.add(
                {
                    "formula_id": formula_id,
                    "revision": after.revision,
                    "text": after.text,
                    "created_by": actor.user_id,
                    "created_at": changes.now(),
                }
            )
        diff = {
            name: [getattr(before, name), getattr(after, name)]
            for name in ("name", "description", "text", "revision")
            if getattr(before, name) != getattr(after, name)
        }
        if diff:
            changes.logged(uow, actor, "formula", after.id, "update", diff)
        uow.commit()
        return after


def delete_formula(
    uow: UnitOfWork, actor: Principal, formula_id: int, version: int | None = None
) -> None:
    """Remove a formula and its versions; snapshots taken with it keep its name and version."""
    with uow:
        formula = _owned(uow, actor, formula_id)
        actor.require(Action.RANK_BACKLOG, formula.product_id)
        settings = uow.scoring_settings.list({"product_id": formula.product_id}).items
        if settings and settings[0].framework == f"formula:{formula_id}":
            raise ValidationFailed(
                "the product scores with this formula; choose another framework first",
                field="formula_id",
            )
        changes.logged(uow, actor, "formula", formula.id, "delete", {"name": [formula.name, None]})
        uow.formulas.delete(formula_id, version)
        uow.commit()


def list_formulas(uow: UnitOfWork, actor: Principal, product_id: int) -> list[FormulaWithVersions]:
    """The product's formulas by name, each with its versions (newest first)."""
    with uow:
        _product(uow, actor, product_id)
        formulas = uow.formulas.list({"product_id": product_id}, order_by=("name",)).items
        versions = (
            uow.formula_versions.list(
                {"formula_id": [f.id for f in formulas]}, order_by=("-revision",)
            ).items
            if formulas
            else []
        )
    by_formula: dict[int, list[FormulaVersion]] = {}
    for v in versions:
        by_formula.setdefault(v.formula_id, []).append(v)
    return [FormulaWithVersions(f, by_formula.get(f.id, [])) for f in formulas]


def get_formula(uow: UnitOfWork, actor: Principal, formula_id: int) -> SavedFormula:
    with uow:
        return _owned(uow, actor, formula_id)
