"""Use cases for lifecycle stages: exit criteria, gate checks, and stage moves as decisions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from valueloop.domain import fields as f
from valueloop.domain import lifecycle
from valueloop.domain.audit import plain
from valueloop.domain.collaboration import RecordType
from valueloop.domain.decisions import Decision
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.lifecycle import Comparator, ExitCriterion, GateCheck
from valueloop.domain.products import LifecycleStage
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, decisions
from valueloop.services.records import of_product, require_visible
from valueloop.services.unit_of_work import UnitOfWork


def add_exit_criterion(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    stage: object,
    measure_id: int,
    comparator: object,
    threshold: object,
    description: str = "",
    initiative_id: int | None = None,
) -> ExitCriterion:
    """A rule a product (or one of its initiatives) must meet to leave `stage`."""
    values: dict[str, object] = {
        "stage": f.choice(stage, "stage", LifecycleStage),
        "comparator": f.choice(comparator, "comparator", Comparator),
        "threshold": f.number(threshold, "threshold"),
        "description": f.text({"description": description}, "description", max_len=2000),
        "measure_id": measure_id,
        "product_id": None if initiative_id is not None else product_id,
        "initiative_id": initiative_id,
    }
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_PRODUCT, product_id)
        measure = uow.measures.require(measure_id)
        if uow.goals.require(measure.goal_id).product_id != product_id:
            raise ValidationFailed("the measure belongs to another product", field="measure_id")
        of_product(uow.initiatives, initiative_id, product_id, "initiative", "initiative_id")
        criterion = uow.exit_criteria.add(values)
        uow.commit()
        return criterion


def remove_exit_criterion(uow: UnitOfWork, actor: Principal, criterion_id: int) -> None:
    with uow:
        criterion = uow.exit_criteria.require(criterion_id)
        product_id = _owner_product(uow, criterion)
        require_visible(actor, product_id, "exit criterion", criterion_id)
        actor.require(Action.EDIT_PRODUCT, product_id)
        uow.exit_criteria.delete(criterion_id)
        uow.commit()


def _owner_product(uow: UnitOfWork, criterion: ExitCriterion) -> int:
    if criterion.product_id is not None:
        return criterion.product_id
    assert criterion.initiative_id is not None
    return uow.initiatives.require(criterion.initiative_id).product_id


def _gate(uow: UnitOfWork, stage: LifecycleStage, where: dict[str, object]) -> GateCheck:
    criteria = uow.exit_criteria.list(where, order_by=("id",)).items
    latest = (
        uow.observations.latest_by_measure([c.measure_id for c in criteria]) if criteria else {}
    )
    return lifecycle.evaluate(stage, criteria, latest)


def product_gate(uow: UnitOfWork, actor: Principal, product_id: int) -> GateCheck:
    """The exit criteria of the product's current stage, checked against the latest observations."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return _gate(uow, product.lifecycle_stage, {"product_id": product_id})


def initiative_gate(uow: UnitOfWork, actor: Principal, initiative_id: int) -> GateCheck | None:
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        require_visible(actor, initiative.product_id, "initiative", initiative_id)
        if initiative.stage is None:
            return None
        return _gate(uow, initiative.stage, {"initiative_id": initiative_id})


def gate_snapshot(gate: GateCheck) -> dict[str, Any]:
    """The evidence of a gate check as JSON for the decision log."""
    return {
        "stage": gate.stage.value,
        "criteria_met": gate.met,
        "checks": [
            {
                "criterion": {k: plain(v) for k, v in asdict(check.criterion).items()},
                "latest": check.latest,
                "met": check.met,
            }
            for check in gate.checks
        ],
    }


def move_product_stage(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    target: object,
    *,
    rationale: str,
    version: int | None = None,
    override: bool = False,
) -> Decision:
    """Move a product to another stage and record the decision with the gate's evidence.

    Moving forward needs the current stage's exit criteria met, or `override` with a rationale.
    """
    stage = f.choice(target, "stage", LifecycleStage)
    why = f.text({"rationale": rationale}, "rationale", max_len=10_000)
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_PRODUCT, product_id)
        actor.require(Action.RECORD_DECISION, product_id)
        lifecycle.check_move(product.lifecycle_stage, stage)
        gate = _gate(uow, product.lifecycle_stage, {"product_id": product_id})
        _check_gate(gate, stage, product.lifecycle_stage, override, why)
        after = uow.products.update(product_id, version, {"lifecycle_stage": stage})
        changes.updated(uow, actor, RecordType.PRODUCT, product, after, f"product “{after.name}”")
        decision = _record(
            uow,
            actor,
            product_id,
            RecordType.PRODUCT,
            product_id,
            f"Move {product.name} from {product.lifecycle_stage.value} to {stage.value}",
            product.lifecycle_stage,
            stage,
            gate,
            why,
            override,
        )
        uow.commit()
        return decision


def move_initiative_stage(
    uow: UnitOfWork,
    actor: Principal,
    initiative_id: int,
    target: object,
    *,
    rationale: str,
    version: int | None = None,
    override: bool = False,
) -> Decision:
    """The same for a large initiative that runs through the stages itself."""
    stage = f.choice(target, "stage", LifecycleStage)
    why = f.text({"rationale": rationale}, "rationale", max_len=10_000)
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        product_id = initiative.product_id
        require_visible(actor, product_id, "initiative", initiative_id)
        actor.require(Action.MANAGE_GOALS, product_id)
        actor.require(Action.RECORD_DECISION, product_id)
        current = initiative.stage or LifecycleStage.IDEATION
        if initiative.stage is not None:
            lifecycle.check_move(current, stage)
        gate = _gate(uow, current, {"initiative_id": initiative_id})
        if initiative.stage is not None:
            _check_gate(gate, stage, current, override, why)
        after = uow.initiatives.update(initiative_id, version, {"stage": stage})
        label = f"initiative “{after.title}”"
        changes.updated(uow, actor, RecordType.INITIATIVE, initiative, after, label)
        decision = _record(
            uow,
            actor,
            product_id,
            RecordType.INITIATIVE,
            initiative_id,
            f"Move initiative {initiative.title} from {current.value} to {stage.value}",
            current,
            stage,
            gate,
            why,
            override,
        )
        uow.commit()
        return decision


def _check_gate(
    gate: GateCheck, target: LifecycleStage, current: LifecycleStage, override: bool, why: str
) -> None:
    if not lifecycle.is_forward(current, target) or gate.met:
        return
    if not override:
        unmet = "; ".join(
            f"{c.criterion.description or 'measure ' + str(c.criterion.measure_id)} "
            f"({c.latest if c.latest is not None else 'no data'} {c.criterion.comparator.value} "
            f"{c.criterion.threshold:g})"
            for c in gate.unmet
        )
        raise ValidationFailed(
            f"the exit criteria of {current.value} are not met: {unmet}; "
            "override with a rationale to move anyway",
            field="stage",
        )
    if not why:
        raise ValidationFailed(
            "moving past unmet exit criteria needs a rationale", field="rationale"
        )


def _record(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    kind: RecordType,
    record_id: int,
    title: str,
    current: LifecycleStage,
    target: LifecycleStage,
    gate: GateCheck,
    why: str,
    override: bool,
) -> Decision:
    verdict = "met" if gate.met else ("overridden" if override else "not needed (moving back)")
    return decisions.append(
        uow,
        actor,
        product_id,
        {
            "title": title,
            "decision": f"Move to {target.value}; exit criteria of {current.value}: {verdict}",
            "options": [f"stay in {current.value}", f"move to {target.value}"],
            "rationale": why,
            "evidence": {"gate": gate_snapshot(gate), "override": override},
            "record_type": kind.value,
            "record_id": record_id,
        },
    )
