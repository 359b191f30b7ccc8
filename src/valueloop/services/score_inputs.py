"""Where every score input comes from: estimates, the evidence roll-up, derived confidence, goal
alignment, Kano coefficients and the other frameworks' scores.

Two paths give the same numbers: `backlog_columns` loads a whole backlog as columns from a few
grouped queries (for scoring and ranking it), and `ItemFacts` holds one item's records (for the
breakdown of a few items and for snapshots). Both run inside an open unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from valueloop.domain import feedback, kano
from valueloop.domain.assessments import Assessment
from valueloop.domain.backlog import BacklogItem, ItemStatus
from valueloop.domain.backlog_scores import align, positions, score_backlog
from valueloop.domain.confidence import (
    Confidence,
    ConfidenceModel,
    Evidence,
    EvidenceKind,
    confidence_many,
    derive_confidence,
    override,
)
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.estimates import FIELDS, FRAMEWORK_FIELDS, ItemEstimate
from valueloop.domain.evidence import (
    CUSTOMER_VARIABLES,
    EvidenceRollup,
    kind_of_source,
    rollup,
    rollup_many,
    segment_variable,
)
from valueloop.domain.goals import GoalStatus
from valueloop.domain.kano import KanoAnswer, KanoResult
from valueloop.domain.priorities import ItemPriority, ScoringSettings
from valueloop.domain.scoring import Framework, GoalAlignment, Score, goal_alignment, score
from valueloop.services.unit_of_work import UnitOfWork

Floats = NDArray[np.float64]
CANDIDATES = (ItemStatus.NEW.value, ItemStatus.READY.value, ItemStatus.IN_PROGRESS.value)
_CONFIDENCE = frozenset({"confidence", "confidence_derived", "confidence_rice"})
_EVIDENCE = frozenset({"notes", "recency_days"}) | _CONFIDENCE
_GOALS = frozenset({"goal_weight", "aligned"})
_KANO = frozenset({"kano_better", "kano_worse"})
_FRAMEWORKS = frozenset(fw.value for fw in Framework)


def framework_inputs(framework: Framework) -> dict[str, str]:
    """Each input of a built-in framework and the variable it is read from."""
    names = dict(FRAMEWORK_FIELDS[framework])
    if framework is Framework.RICE:
        names["confidence"] = "confidence_rice"
    return names


def needed(framework: Framework) -> set[str]:
    """The variables a built-in framework reads (ICE's confidence may fall back to evidence)."""
    names = set(framework_inputs(framework).values())
    if framework is Framework.ICE:
        names.add("confidence")
    return names


def goal_weights(uow: UnitOfWork, product_id: int) -> dict[int, float]:
    """The weights of the product's current goals (achieved and dropped ones give nothing)."""
    current = {GoalStatus.ACTIVE, GoalStatus.PROPOSED}
    return {
        g.id: g.weight
        for g in uow.goals.list({"product_id": product_id}).items
        if g.status in current
    }


def evidence_kinds(uow: UnitOfWork) -> dict[str, int]:
    """Every feedback source of the workspace and the position of its evidence kind."""
    order = list(EvidenceKind)
    return {
        source: order.index(kind_of_source(source)) for source in uow.scoring.evidence_sources()
    }


def ice_confidence(confidence: Floats | float) -> Floats | float:
    """ICE's 1–10 confidence from a 0–1 confidence, where the item has no ICE estimate."""
    return 1.0 + 9.0 * confidence


# --- A whole backlog as columns -----------------------------------------------------------------


@dataclass
class BacklogColumns:
    """A backlog in manual rank order and the variables loaded for it, one value per item."""

    ids: NDArray[np.int64]
    values: dict[str, Floats] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.ids.size)


def backlog_columns(
    uow: UnitOfWork,
    product_id: int,
    statuses: Sequence[str] | None,
    names: Collection[str],
    settings: ScoringSettings,
    today: dt.date,
) -> BacklogColumns:
    """The product's backlog with the variables in `names` (NaN where an item has none)."""
    frame = uow.scoring.backlog(product_id, statuses)
    columns = BacklogColumns(frame.ids)
    wanted = set(names)
    n = frame.ids.size
    # Framework scores used as variables are computed from their own inputs first.
    frameworks = [Framework(name) for name in sorted(wanted & _FRAMEWORKS)]
    for framework in frameworks:
        wanted |= needed(framework)
    if not n:
        columns.values = {name: np.empty(0) for name in wanted}
        return columns
    custom = {name for name in wanted if is_estimate_field(name)}
    if custom:
        loaded = uow.scoring.estimate_columns(product_id, sorted(custom))
        for name in custom:
            columns.values[name] = align(frame.ids, loaded.ids, loaded.likely[name])
    if "estimate" in wanted:
        columns.values["estimate"] = frame.estimates
    needs_customers = bool(wanted & CUSTOMER_VARIABLES) or any(
        name.startswith("segment_") for name in wanted
    )
    if wanted & _EVIDENCE or needs_customers:
        _evidence_columns(uow, product_id, frame.ids, wanted, settings, today, columns)
    if wanted & _GOALS:
        weight, aligned = _alignment(
            frame.goal_ids, frame.initiative_goal_ids, goal_weights(uow, product_id), settings
        )
        columns.values["goal_weight"], columns.values["aligned"] = weight, aligned
    if wanted & _KANO:
        answers = uow.kano_answers.list({"product_id": product_id}).items
        results = kano_results(answers)
        surveyed = np.fromiter(results, np.int64, len(results))
        for name, attribute in (("kano_better", "better"), ("kano_worse", "worse")):
            found = [getattr(r, attribute) for r in results.values()]
            values = np.array([np.nan if v is None else v for v in found], dtype=np.float64)
            columns.values[name] = align(frame.ids, surveyed, values)
    for framework in frameworks:
        inputs = {
            key: _ice_fallback(columns.values, framework, key, variable)
            for key, variable in framework_inputs(framework).items()
        }
        scored = score_backlog(framework, inputs, n, ice_aggregation=settings.ice_aggregation)
        columns.values[framework.value] = scored.values
    for name in wanted:
        columns.values.setdefault(name, np.full(n, np.nan))
    return columns


def _ice_fallback(
    values: Mapping[str, Floats], framework: Framework, key: str, variable: str
) -> Floats:
    column = values[variable]
    if framework is Framework.ICE and key == "confidence":
        return np.where(np.isfinite(column), column, ice_confidence(values["confidence"]))
    return column


def builtin_columns(columns: BacklogColumns, framework: Framework) -> dict[str, Floats]:
    """A built-in framework's inputs by its own names, read from the loaded variables."""
    return {
        key: _ice_fallback(columns.values, framework, key, variable)
        for key, variable in framework_inputs(framework).items()
    }


def _evidence_columns(
    uow: UnitOfWork,
    product_id: int,
    ids: NDArray[np.int64],
    wanted: set[str],
    settings: ScoringSettings,
    today: dt.date,
    columns: BacklogColumns,
) -> None:
    """Confidence, recency and the customer roll-ups of every item from one read of its links."""
    n = ids.size
    model = settings.confidence_model()
    customers_wanted = bool(wanted & CUSTOMER_VARIABLES) or any(
        name.startswith("segment_") for name in wanted
    )
    links = uow.scoring.evidence_links(
        product_id, today=today, kinds=evidence_kinds(uow), customers=customers_wanted
    )
    # Links of items outside the backlog asked for (other statuses) are dropped here.
    position = positions(ids, links.item_ids)
    inside = position >= 0
    index = position[inside]
    ages = links.age_days[inside]
    derived = confidence_many(index, links.kinds[inside], ages, n, model)
    overrides = uow.scoring.overrides(product_id)
    manual = align(
        ids,
        np.fromiter(overrides, np.int64, len(overrides)),
        np.fromiter(overrides.values(), np.float64, len(overrides)),
    )
    in_force = np.where(np.isfinite(manual), manual, derived)
    columns.values["confidence_derived"] = derived
    columns.values["confidence"] = in_force
    columns.values["confidence_rice"] = np.where(
        in_force >= model.high, 1.0, np.where(in_force >= model.medium, 0.8, 0.5)
    )
    columns.values["notes"] = np.bincount(index, minlength=n).astype(np.float64)
    newest = np.full(n, np.inf)
    np.minimum.at(newest, index, ages.astype(np.float64))
    columns.values["recency_days"] = np.where(np.isfinite(newest), np.maximum(newest, 0.0), np.nan)
    if not customers_wanted:
        return
    customers = uow.scoring.customer_columns()
    at = positions(customers.ids, links.customer_ids[inside])
    rollups = rollup_many(
        index, at, ages, links.link_ids[inside], links.importance[inside], customers.arr, n
    )
    columns.values.update(
        {
            "customers": rollups.customers,
            "arr": rollups.arr,
            "importance_sum": rollups.importance_sum,
            "importance_max": rollups.importance_max,
            "importance_mean": rollups.importance_mean,
            "critical_customers": rollups.critical_customers,
        }
    )
    for name in (v for v in wanted if v.startswith("segment_")):
        chosen = [segment_variable(s or "") == name for s in customers.segments]
        columns.values[name] = rollups.customers_where(np.array(chosen, dtype=bool))


def _alignment(
    goal_ids: NDArray[np.int64],
    initiative_goal_ids: NDArray[np.int64],
    weights: Mapping[int, float],
    settings: ScoringSettings,
) -> tuple[Floats, Floats]:
    """Goal weight and the aligned flag per item, through the domain rule for each distinct pair."""
    pairs, inverse = np.unique(
        np.stack([goal_ids, initiative_goal_ids], axis=1), axis=0, return_inverse=True
    )
    weight, aligned = np.empty(len(pairs)), np.empty(len(pairs))
    for index, (own, held) in enumerate(pairs):
        found = alignment_of([int(own), int(held)], weights, settings)
        weight[index], aligned[index] = found.weight, float(found.aligned)
    inverse = inverse.reshape(-1)
    return weight[inverse], aligned[inverse]


def alignment_of(
    goal_ids: Sequence[int | None], weights: Mapping[int, float], settings: ScoringSettings
) -> GoalAlignment:
    return goal_alignment(
        [g for g in goal_ids if g is not None and g >= 0],
        weights,
        unaligned_weight=settings.unaligned_weight,
    )


def kano_results(answers: Sequence[KanoAnswer]) -> dict[int, KanoResult]:
    """Each item's Kano verdict from its answers."""
    pairs: dict[int, list[tuple[object, object]]] = {}
    for a in answers:
        pairs.setdefault(a.item_id, []).append((a.functional, a.dysfunctional))
    return {item_id: kano.evaluate(found) for item_id, found in pairs.items()}


# --- A few items, record by record ---------------------------------------------------------------


@dataclass
class ItemFacts:
    """Everything scoring says about one item, read record by record."""

    item: BacklogItem
    estimates: dict[str, ItemEstimate]
    priority: ItemPriority | None
    assessments: list[Assessment]
    evidence: EvidenceRollup
    confidence: Confidence
    alignment: GoalAlignment
    kano: KanoResult | None


def item_facts(
    uow: UnitOfWork,
    items: Sequence[BacklogItem],
    settings: ScoringSettings,
    today: dt.date,
) -> dict[int, ItemFacts]:
    """The facts of a few items of one product, a handful of queries for all of them."""
    if not items:
        return {}
    ids = [i.id for i in items]
    product_id = items[0].product_id
    model = settings.confidence_model()
    estimates: dict[int, dict[str, ItemEstimate]] = {i: {} for i in ids}
    for e in uow.estimates.list({"item_id": ids}).items:
        estimates[e.item_id][e.field] = e
    priorities = {p.item_id: p for p in uow.priorities.list({"item_id": ids}).items}
    assessments: dict[int, list[Assessment]] = {i: [] for i in ids}
    for a in uow.assessments.list({"item_id": ids}, order_by=("dimension",)).items:
        assessments[a.item_id].append(a)
    demand = uow.links.evidence_for_items(ids)
    pieces = uow.scoring.evidence_pieces(ids)
    answers = uow.kano_answers.list({"item_id": ids}).items
    verdicts = kano_results(answers)
    held = {h.item_id: h.initiative_id for h in uow.initiative_items.list({"item_id": ids}).items}
    initiatives = (
        {i.id: i.goal_id for i in uow.initiatives.list({"id": list(set(held.values()))}).items}
        if held
        else {}
    )
    weights = goal_weights(uow, product_id)
    facts: dict[int, ItemFacts] = {}
    for item in items:
        priority = priorities.get(item.id)
        manual = None
        if priority is not None and priority.confidence_override is not None:
            manual = override(
                priority.confidence_override,
                priority.override_reason or "set by hand",
                by=priority.override_by,
                at=priority.override_at,
            )
        confidence = derive_confidence(
            (Evidence(kind_of_source(source), day) for source, day in pieces.get(item.id, [])),
            today=today,
            model=model,
            manual=manual,
        )
        initiative_goal = initiatives.get(held[item.id]) if item.id in held else None
        facts[item.id] = ItemFacts(
            item=item,
            estimates=estimates[item.id],
            priority=priority,
            assessments=assessments[item.id],
            evidence=rollup(feedback.demand(demand.get(item.id, [])), today),
            confidence=confidence,
            alignment=alignment_of([item.goal_id, initiative_goal], weights, settings),
            kano=verdicts.get(item.id),
        )
    return facts


def fact_values(
    facts: ItemFacts, settings: ScoringSettings, model: ConfidenceModel
) -> dict[str, float]:
    """An item's variables from its records (absent ones are left out)."""
    values: dict[str, float] = {name: e.likely for name, e in facts.estimates.items()}
    if facts.item.estimate is not None:
        values["estimate"] = facts.item.estimate
    evidence = facts.evidence
    values.update(
        {
            "notes": float(evidence.notes),
            "customers": float(evidence.customers),
            "arr": evidence.arr,
            "importance_sum": float(evidence.importance_sum),
            "critical_customers": float(evidence.critical_customers),
            "confidence": facts.confidence.value,
            "confidence_derived": facts.confidence.derived,
            "confidence_rice": model.band(facts.confidence.value)[0],
            "goal_weight": facts.alignment.weight,
            "aligned": float(facts.alignment.aligned),
        }
    )
    for segment, count in evidence.segments.items():
        name = segment_variable(segment)
        values[name] = values.get(name, 0.0) + count
    optional = {
        "importance_max": evidence.importance_max,
        "importance_mean": evidence.importance_mean,
        "recency_days": evidence.recency_days,
        "kano_better": facts.kano.better if facts.kano else None,
        "kano_worse": facts.kano.worse if facts.kano else None,
    }
    values.update({k: float(v) for k, v in optional.items() if v is not None})
    for framework in Framework:
        found = builtin_score(framework, values, settings)
        if isinstance(found, Score):
            values[framework.value] = found.value
    return values


def builtin_inputs(framework: Framework, values: Mapping[str, float]) -> dict[str, float | None]:
    """A built-in framework's inputs from an item's variables (None where absent)."""
    inputs: dict[str, float | None] = {
        key: values.get(variable) for key, variable in framework_inputs(framework).items()
    }
    if framework is Framework.ICE and inputs["confidence"] is None and "confidence" in values:
        inputs["confidence"] = float(ice_confidence(values["confidence"]))
    return inputs


def builtin_score(
    framework: Framework, values: Mapping[str, float], settings: ScoringSettings
) -> Score | tuple[str, ...] | str:
    """The item's score, or the estimate fields it lacks, or why its inputs give none."""
    inputs = builtin_inputs(framework, values)
    missing = tuple(
        FRAMEWORK_FIELDS[framework].get(key, key) for key, v in inputs.items() if v is None
    )
    if missing:
        return missing
    try:
        return score(framework, inputs, ice_aggregation=settings.ice_aggregation)
    except ValidationFailed as error:
        return error.message


def is_estimate_field(name: str) -> bool:
    """Whether a variable is read from the estimates (built-in or custom fields)."""
    return name in FIELDS or not (
        name in _EVIDENCE | _GOALS | _KANO | CUSTOMER_VARIABLES | _FRAMEWORKS
        or name == "estimate"
        or name.startswith("segment_")
    )
