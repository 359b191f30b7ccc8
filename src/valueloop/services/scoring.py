"""Use cases for scoring a product's backlog: with a built-in framework or a saved formula, each
score with its terms, the evidence behind it, its derived confidence with reasons, goal
alignment and the desirability/viability/feasibility assessment; the product's scoring settings;
how stable the ranking is when estimates are ranges; the MoSCoW check of a selection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valueloop.domain import assessments, priorities, scoring
from valueloop.domain.assessments import Dvf
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.backlog_scores import BacklogScores, rank_order, score_backlog
from valueloop.domain.confidence import Confidence
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.estimates import FRAMEWORK_FIELDS, ItemEstimate
from valueloop.domain.evidence import EvidenceRollup
from valueloop.domain.formulas import Formula, FormulaError
from valueloop.domain.kano import KanoResult
from valueloop.domain.priorities import Chosen, ScoringSettings
from valueloop.domain.roles import Action, Principal
from valueloop.domain.scoring import Framework, GoalAlignment, Moscow, Score, Term
from valueloop.services import changes, formulas
from valueloop.services.records import require_visible
from valueloop.services.score_inputs import (
    CANDIDATES,
    BacklogColumns,
    ItemFacts,
    backlog_columns,
    builtin_columns,
    builtin_score,
    fact_values,
    item_facts,
    needed,
)
from valueloop.services.unit_of_work import UnitOfWork

Floats = NDArray[np.float64]
SORTS = ("-score", "score", "rank")
LABELS = {
    Framework.RICE: "RICE",
    Framework.ICE: "ICE",
    Framework.WSJF: "WSJF",
    Framework.CD3: "CD3",
    Framework.OPPORTUNITY: "Opportunity",
}


@dataclass(frozen=True, slots=True)
class Scorer:
    """What scores a backlog: a built-in framework, or a saved formula at its current version."""

    key: str
    label: str
    framework: Framework | None = None
    formula: Formula | None = None
    formula_id: int | None = None
    formula_revision: int | None = None

    @property
    def names(self) -> set[str]:
        """The variables it reads."""
        if self.formula is not None:
            return set(self.formula.names)
        assert self.framework is not None
        return needed(self.framework)

    def text(self, settings: ScoringSettings) -> str:
        """The formula as people read it."""
        if self.formula is not None:
            return self.formula.text
        return {
            Framework.RICE: scoring.RICE_FORMULA,
            Framework.ICE: scoring.ICE_FORMULAS[settings.ice_aggregation],
            Framework.WSJF: scoring.WSJF_FORMULA,
            Framework.CD3: scoring.CD3_FORMULA,
            Framework.OPPORTUNITY: scoring.OPPORTUNITY_FORMULA,
        }[Framework(self.key)]

    def inputs(self, columns: BacklogColumns) -> dict[str, Floats]:
        """The columns it scores, by its own input names."""
        if self.framework is not None:
            return builtin_columns(columns, self.framework)
        return columns.values

    def score_columns(self, columns: BacklogColumns, settings: ScoringSettings) -> BacklogScores:
        if self.formula is not None:
            return score_backlog(self.formula, columns.values, columns.size)
        assert self.framework is not None
        return score_backlog(
            self.framework,
            self.inputs(columns),
            columns.size,
            ice_aggregation=settings.ice_aggregation,
        )

    def score_row(
        self, row: Mapping[str, float], settings: ScoringSettings
    ) -> Score | tuple[str, ...] | str:
        """One item's score from its variables: the Score, the names it lacks, or the error."""
        if self.framework is not None:
            return builtin_score(self.framework, row, settings)
        assert self.formula is not None
        values = {
            name: row.get(name, 0.0 if name.startswith("segment_") else None)
            for name in self.formula.names
        }
        missing = tuple(name for name, value in values.items() if value is None)
        if missing:
            return missing
        try:
            return self.formula.evaluate(values)
        except ValidationFailed as error:
            return error.message


@dataclass(frozen=True, slots=True)
class ItemScore:
    """One item's score with everything that explains it."""

    item: BacklogItem
    place: int | None  # 1 for the highest score; None when unscored
    score: Score | None
    missing: tuple[str, ...]  # estimate fields (or variables) the item lacks for this framework
    error: str | None
    evidence: EvidenceRollup
    confidence: Confidence
    alignment: GoalAlignment
    dvf: Dvf
    moscow: Moscow | None
    kano: KanoResult | None
    estimates: dict[str, ItemEstimate]


@dataclass(frozen=True, slots=True)
class ScoreBoard:
    """A page of a backlog's items in score (or manual) order."""

    framework: str
    label: str
    formula: str
    items: list[ItemScore]
    total: int
    scored: int
    limit: int | None
    offset: int


def settings_of(uow: UnitOfWork, product_id: int) -> ScoringSettings:
    """The product's scoring settings (the defaults until someone sets them)."""
    found = uow.scoring_settings.list({"product_id": product_id}).items
    return found[0] if found else priorities.default_settings(product_id, changes.now())


def _product(uow: UnitOfWork, actor: Principal, product_id: int) -> None:
    uow.products.require(product_id)
    require_visible(actor, product_id, "product", product_id)


def scorer_for(uow: UnitOfWork, product_id: int, chosen: Chosen) -> Scorer:
    """The scorer a choice names; a formula must be one of this product's."""
    if chosen.framework is not None:
        return Scorer(chosen.key, LABELS[chosen.framework], framework=chosen.framework)
    assert chosen.formula_id is not None
    saved = uow.formulas.get(chosen.formula_id)
    if saved is None or saved.product_id != product_id:
        raise NotFound(f"formula {chosen.formula_id} does not exist", field="framework")
    return Scorer(
        chosen.key,
        saved.label,
        formula=formulas.saved(saved),
        formula_id=saved.id,
        formula_revision=saved.revision,
    )


def _missing_fields(chosen: Scorer, missing: tuple[str, ...]) -> tuple[str, ...]:
    """Missing inputs named as what to estimate (ICE's impact is the ice_impact estimate)."""
    if chosen.framework is None:
        return missing
    names = FRAMEWORK_FIELDS[chosen.framework]
    return tuple(names.get(name, name) for name in missing)


def _explained(score: Score, facts: ItemFacts) -> Score:
    """The score with the confidence term saying where its value came from."""
    source = "set by hand" if facts.confidence.override else "derived from the evidence"
    terms = tuple(
        Term(t.name, t.value, f"{t.note}, {source}" if t.note else source)
        if t.name == "confidence" and score.framework == "RICE"
        else t
        for t in score.terms
    )
    return Score(score.framework, score.value, terms, score.formula)


def _row(
    chosen: Scorer,
    facts: ItemFacts,
    found: Score | tuple[str, ...] | str,
    place: int | None,
) -> ItemScore:
    if isinstance(found, Score):
        value: Score | None = _explained(found, facts) if chosen.framework else found
        missing: tuple[str, ...] = ()
        error = None
    else:
        value = None
        missing = _missing_fields(chosen, found) if isinstance(found, tuple) else ()
        error = found if isinstance(found, str) else None
    return ItemScore(
        item=facts.item,
        place=place if value is not None else None,
        score=value,
        missing=missing,
        error=error,
        evidence=facts.evidence,
        confidence=facts.confidence,
        alignment=facts.alignment,
        dvf=assessments.summary(facts.assessments),
        moscow=facts.priority.moscow if facts.priority else None,
        kano=facts.kano,
        estimates=facts.estimates,
    )


def score_board(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    framework: str | None = None,
    *,
    statuses: Sequence[str] | None = CANDIDATES,
    sort: str = "-score",
    limit: int | None = 50,
    offset: int = 0,
    today: dt.date | None = None,
) -> ScoreBoard:
    """The product's backlog scored by `framework` (the product's choice when None).

    Every item is scored absolutely (from its own inputs only) and ordered highest first, equal
    scores in manual order, unscored items last; the page carries each item's terms, evidence,
    confidence, goal alignment and assessment. `sort` "score" is lowest first, "rank" the manual
    order.
    """
    if sort not in SORTS:
        raise ValidationFailed(f"sort must be one of {', '.join(SORTS)}", field="sort")
    day = today or changes.now().date()
    with uow:
        _product(uow, actor, product_id)
        settings = settings_of(uow, product_id)
        chosen = scorer_for(uow, product_id, priorities.choose(framework or settings.framework))
        columns = backlog_columns(uow, product_id, statuses, chosen.names, settings, day)
        scores = chosen.score_columns(columns, settings)
        order = rank_order(scores.values)
        places = np.empty(columns.size, dtype=np.int64)
        places[order] = np.arange(1, columns.size + 1)
        finite = np.isfinite(scores.values[order])
        if sort == "rank":
            order = np.arange(columns.size)
        elif sort == "score":
            order = np.concatenate([order[finite][::-1], order[~finite]])
        end = None if limit is None else offset + limit
        page = [int(i) for i in order[offset:end]]
        ids = [int(columns.ids[i]) for i in page]
        found = {i.id: i for i in uow.items.list({"id": ids}).items} if ids else {}
        facts = item_facts(uow, [found[i] for i in ids], settings, day)
    inputs = chosen.inputs(columns)
    rows = []
    for index, item_id in zip(page, ids, strict=True):
        if np.isfinite(scores.values[index]):
            row = {name: float(inputs[name][index]) for name in scores.inputs}
            try:
                result: Score | tuple[str, ...] | str = _exact(chosen, row, settings)
            except ValidationFailed as error:  # the vectorized pass scored it; never expected
                result = error.message
        else:
            result = scores.errors.get(index) or scores.missing.get(index, ())
        rows.append(_row(chosen, facts[item_id], result, int(places[index])))
    return ScoreBoard(
        framework=chosen.key,
        label=chosen.label,
        formula=chosen.text(settings),
        items=rows,
        total=columns.size,
        scored=int(np.isfinite(scores.values).sum()),
        limit=limit,
        offset=offset,
    )


def _exact(chosen: Scorer, row: Mapping[str, float], settings: ScoringSettings) -> Score:
    """The scalar score of inputs the vectorized pass already scored (the same number, with
    its terms)."""
    if chosen.formula is not None:
        return chosen.formula.evaluate(row)
    assert chosen.framework is not None
    return scoring.score(chosen.framework, row, ice_aggregation=settings.ice_aggregation)


def score_item(
    uow: UnitOfWork,
    actor: Principal,
    item_id: int,
    framework: str | None = None,
    *,
    today: dt.date | None = None,
) -> ItemScore:
    """One item's score breakdown, read from its own records."""
    day = today or changes.now().date()
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        settings = settings_of(uow, item.product_id)
        chosen = scorer_for(
            uow, item.product_id, priorities.choose(framework or settings.framework)
        )
        facts = item_facts(uow, [item], settings, day)[item.id]
    values = fact_values(facts, settings, settings.confidence_model())
    return _row(chosen, facts, chosen.score_row(values, settings), None)


def get_settings(uow: UnitOfWork, actor: Principal, product_id: int) -> ScoringSettings:
    with uow:
        _product(uow, actor, product_id)
        return settings_of(uow, product_id)


def update_settings(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    fields: Mapping[str, object],
    *,
    version: int | None = None,
) -> ScoringSettings:
    """Choose the product's framework (or saved formula), ICE's aggregation, the weight of
    unaligned items, the half-life of evidence and the value-vs-effort grid (None: the
    framework's own axis or line)."""
    values = priorities.validate_settings(fields)
    with uow:
        _product(uow, actor, product_id)
        actor.require(Action.RANK_BACKLOG, product_id)
        if "framework" in values:
            scorer_for(uow, product_id, priorities.choose(values["framework"]))
        found = uow.scoring_settings.list({"product_id": product_id}).items
        before = found[0] if found else priorities.default_settings(product_id, changes.now())
        for name in priorities.QUADRANT_AXES:
            # An axis saved before and sent back unchanged (with a new line, say) stands even if
            # a name it uses has gone since: the grid lists the items apart as lacking it.
            text = values.get(name)
            if isinstance(text, str) and text != getattr(before, name):
                axis_formula(uow, product_id, text, name)
        unchanged = all(getattr(before, name) == value for name, value in values.items())
        if found and unchanged and version in (None, before.version):
            return before  # nothing changes: no new version, no history entry
        if found:
            after = uow.scoring_settings.update(before.id, version, values)
        else:
            after = uow.scoring_settings.add(
                {**priorities.DEFAULT_SETTINGS, **values, "product_id": product_id}
            )
        diff = {
            name: [_shown(getattr(before, name)), _shown(getattr(after, name))]
            for name in sorted(priorities.SETTINGS_FIELDS)
            if getattr(before, name) != getattr(after, name)
        }
        if diff:
            changes.logged(uow, actor, "product", product_id, "scoring", diff)
        uow.commit()
        return after


def _shown(value: object) -> str | None:
    """A setting as the audit trail keeps it (None: the default applies)."""
    return None if value is None else str(value)


def axis_formula(uow: UnitOfWork, product_id: int, text: str, name: str) -> Formula:
    """A value-vs-effort axis compiled against the product's variables; errors name `name`
    and point at the position."""
    try:
        return formulas.compiled(uow, product_id, text, label=name)
    except FormulaError as error:
        reason = error.message.replace("formula", name, 1)
        raise ValidationFailed(f"{reason}\n{error.pointer()}", field=name) from None
    except ValidationFailed as error:
        raise ValidationFailed(error.message.replace("formula", name, 1), field=name) from None


@dataclass(frozen=True, slots=True)
class PlannedItem:
    item: BacklogItem
    moscow: Moscow | None
    effort: float | None  # the effort estimate's likely value, else the item's own estimate


@dataclass(frozen=True, slots=True)
class MoscowReview:
    """The must-have check of a selection, and the items it could not count."""

    check: scoring.MoscowCheck
    items: list[PlannedItem]
    uncategorized: list[int]
    unestimated: list[int]


def moscow_check(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    item_ids: Sequence[int] | None = None,
    initiative_id: int | None = None,
    statuses: Sequence[str] | None = CANDIDATES,
    limit: float = scoring.MUST_HAVE_LIMIT,
) -> MoscowReview:
    """Whether must-haves stay within 60% of the planned effort of a release or plan: the items
    named, the items of an initiative, or the backlog's open items."""
    with uow:
        _product(uow, actor, product_id)
        where: dict[str, object] = {"product_id": product_id}
        if item_ids:
            where["id"] = list(item_ids)
        elif initiative_id is not None:
            initiative = uow.initiatives.require(initiative_id)
            if initiative.product_id != product_id:
                raise NotFound(f"initiative {initiative_id} does not exist", field="initiative_id")
            held = uow.initiative_items.list({"initiative_id": initiative_id}).items
            where["id"] = [h.item_id for h in held]
        elif statuses is not None:
            where["status"] = list(statuses)
        items = uow.items.list(where, order_by=("rank",)).items
        ids = [i.id for i in items]
        if item_ids and len(ids) < len(set(item_ids)):
            missing = sorted(set(item_ids) - set(ids))[0]
            raise NotFound(f"backlog item {missing} does not exist", field="item_id")
        categories = (
            {p.item_id: p.moscow for p in uow.priorities.list({"item_id": ids}).items}
            if ids
            else {}
        )
        efforts = (
            {
                e.item_id: e.likely
                for e in uow.estimates.list({"item_id": ids, "field": "effort"}).items
            }
            if ids
            else {}
        )
    planned = [PlannedItem(i, categories.get(i.id), efforts.get(i.id, i.estimate)) for i in items]
    counted = [(p.moscow, p.effort) for p in planned if p.moscow and p.effort is not None]
    return MoscowReview(
        check=scoring.check_moscow(counted, limit),
        items=planned,
        uncategorized=[p.item.id for p in planned if p.moscow is None],
        unestimated=[p.item.id for p in planned if p.moscow and p.effort is None],
    )
