"""Use cases for the Opportunity Solution Tree's opportunities: edit, nest, order, target, read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from valueloop.domain import opportunities, ranking
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.goals import Goal
from valueloop.domain.opportunities import Opportunity, OpportunityLink, OpportunityNode
from valueloop.domain.opportunity_hints import Hint, HintKind, hints
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, decisions
from valueloop.services.records import label, of_product, require_visible
from valueloop.services.unit_of_work import Filters, Records, UnitOfWork

KIND = RecordType.OPPORTUNITY  # people comment on, watch and audit opportunities


@dataclass(frozen=True, slots=True)
class OutcomeTree:
    """One desired outcome (None: opportunities not yet given one) and its tree."""

    goal: Goal | None
    roots: list[OpportunityNode]
    hints: list[Hint]

    @property
    def nodes(self) -> list[OpportunityNode]:
        return opportunities.flatten(self.roots)

    @property
    def target(self) -> Opportunity | None:
        return next((n.opportunity for n in self.nodes if n.opportunity.is_target), None)


@dataclass(frozen=True, slots=True)
class ProductTree:
    """Every outcome's tree of a product, and the hints over all of them."""

    product: Product
    outcomes: list[OutcomeTree]
    hints: list[Hint]
    goals: list[Goal]  # every goal of the product, each a possible desired outcome


@dataclass(frozen=True, slots=True)
class LinkedNote:
    link: OpportunityLink
    note: FeedbackNote


@dataclass(frozen=True, slots=True)
class OpportunityView:
    """One opportunity in its outcome's tree, with its evidence and the hints about it."""

    product: Product
    outcome: OutcomeTree
    node: OpportunityNode
    path: list[OpportunityNode]  # its ancestors, top first
    new_parents: list[OpportunityNode]  # where it may move: not under itself or its subtree
    notes: list[LinkedNote]
    hints: list[Hint]


def respace(records: Records[Any], where: Filters, rank: str) -> bool:
    """Re-space a list of siblings once `rank`, just written there, grows long; True if it did."""
    if len(rank) <= ranking.RESPACE_AT:
        return False
    ordered = records.list(where, order_by=("rank", "id")).items
    for record, key in zip(ordered, ranking.initial_keys(len(ordered)), strict=True):
        records.update(record.id, None, {"rank": key})
    return True


def _sibling_filter(product_id: int, goal_id: int | None, parent_id: int | None) -> Filters:
    return {"product_id": product_id, "goal_id": goal_id, "parent_id": parent_id}


def _siblings(
    uow: UnitOfWork, product_id: int, goal_id: int | None, parent_id: int | None
) -> list[Opportunity]:
    where = _sibling_filter(product_id, goal_id, parent_id)
    return uow.opportunities.list(where, order_by=("rank",)).items


def _parents(uow: UnitOfWork, product_id: int) -> dict[int, int | None]:
    return {o.id: o.parent_id for o in uow.opportunities.list({"product_id": product_id}).items}


def check_opportunity(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    """An opportunity a record links to (`values["opportunity_id"]`) belongs to the product."""
    opportunity_id = values.get("opportunity_id")
    if opportunity_id is None:
        return
    opportunity = uow.opportunities.get(int(str(opportunity_id)))
    if opportunity is None or opportunity.product_id != product_id:
        raise ValidationFailed(
            f"opportunity {opportunity_id} is not an opportunity of this product",
            field="opportunity_id",
        )


def _check_goal(uow: UnitOfWork, product_id: int, goal_id: object) -> None:
    of_product(uow.goals, goal_id, product_id, "desired outcome", "goal_id")


def create_opportunity(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Opportunity:
    """Add an opportunity after its siblings; under a parent it takes the parent's outcome."""
    values = opportunities.validate(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_ITEM, product_id)
        parent = None
        if values["parent_id"] is not None:
            parent = uow.opportunities.get(int(str(values["parent_id"])))
            if parent is None or not actor.can(Action.VIEW, parent.product_id):
                raise ValidationFailed(
                    f"opportunity {values['parent_id']} does not exist", field="parent_id"
                )
            if "goal_id" not in fields:
                values["goal_id"] = parent.goal_id
        goal_id = values["goal_id"] if isinstance(values["goal_id"], int) else None
        _check_goal(uow, product_id, goal_id)
        opportunities.check_parent(None, product_id, goal_id, parent, _parents(uow, product_id))
        siblings = _siblings(uow, product_id, goal_id, parent.id if parent else None)
        values.update(product_id=product_id, is_target=False)
        values["rank"] = ranking.key_between(siblings[-1].rank if siblings else None, None)
        opportunity = uow.opportunities.add(values)
        changes.created(uow, actor, KIND, opportunity)
        uow.commit()
        return opportunity


def update_opportunity(
    uow: UnitOfWork,
    actor: Principal,
    opportunity_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Opportunity:
    """Edit an opportunity; a new outcome takes its whole subtree along (top level only)."""
    values = opportunities.validate(fields, creating=False)
    with uow:
        before = require_opportunity(uow, actor, opportunity_id)
        actor.require(Action.EDIT_ITEM, before.product_id)
        moving = "goal_id" in values and values["goal_id"] != before.goal_id
        if moving:
            if before.parent_id is not None:
                raise ValidationFailed(
                    "a sub-opportunity shares its parent's outcome; move it to the top level "
                    "first, or change the outcome of the top-level opportunity",
                    field="goal_id",
                )
            _check_goal(uow, before.product_id, values["goal_id"])
            values["is_target"] = False  # a target is chosen per outcome, not carried over
        after = uow.opportunities.update(opportunity_id, version, values)
        if moving:
            for child in opportunities.descendants(_parents(uow, after.product_id), after.id):
                uow.opportunities.update(
                    child, None, {"goal_id": after.goal_id, "is_target": False}
                )
        changes.updated(uow, actor, KIND, before, after, label(KIND, after))
        uow.commit()
        return after


def move_opportunity(
    uow: UnitOfWork,
    actor: Principal,
    opportunity_id: int,
    *,
    parent_id: int | None,
    after_id: int | None = None,
    before_id: int | None = None,
) -> Opportunity:
    """Re-parent an opportunity within its outcome (None: top level) and place it among its new
    siblings; its sub-opportunities and solutions come along."""
    with uow:
        o = require_opportunity(uow, actor, opportunity_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        parent = None
        if parent_id is not None:
            parent = uow.opportunities.get(parent_id)
            if parent is None or parent.product_id != o.product_id:
                raise ValidationFailed(
                    f"opportunity {parent_id} is not in this product", field="parent_id"
                )
        opportunities.check_parent(
            o.id, o.product_id, o.goal_id, parent, _parents(uow, o.product_id)
        )
        siblings = _siblings(uow, o.product_id, o.goal_id, parent_id)
        rank = ranking.key_among(
            [(s.id, s.rank) for s in siblings],
            o.id,
            after_id=after_id,
            before_id=before_id,
            where="the opportunity's new siblings",
        )
        moved = uow.opportunities.update(o.id, None, {"parent_id": parent_id, "rank": rank})
        changes.logged(
            uow,
            actor,
            KIND,
            o.id,
            "move",
            {"parent_id": [o.parent_id, parent_id], "rank": [o.rank, rank]},
        )
        where = _sibling_filter(o.product_id, o.goal_id, parent_id)
        if respace(uow.opportunities, where, rank):
            moved = uow.opportunities.require(o.id)
        uow.commit()
        return moved


def set_target(
    uow: UnitOfWork, actor: Principal, opportunity_id: int, target: bool = True, rationale: str = ""
) -> Opportunity:
    """Make an opportunity the target of its outcome (replacing the previous one), or unset it.

    Choosing the target is a product decision, so it goes into the decision log.
    """
    with uow:
        o = require_opportunity(uow, actor, opportunity_id)
        actor.require(Action.RECORD_DECISION, o.product_id)
        if target and o.goal_id is None:
            raise ValidationFailed(
                "give the opportunity a desired outcome before making it the target",
                field="goal_id",
            )
        if o.is_target == target:
            return o
        previous = [
            p
            for p in uow.opportunities.list(
                {"product_id": o.product_id, "goal_id": o.goal_id, "is_target": True}
            ).items
            if p.id != o.id
        ]
        for p in previous if target else []:
            uow.opportunities.update(p.id, None, {"is_target": False})
            changes.logged(uow, actor, KIND, p.id, "untarget", {"is_target": [True, False]})
        after = uow.opportunities.update(o.id, None, {"is_target": target})
        changes.logged(uow, actor, KIND, o.id, "target", {"is_target": [o.is_target, target]})
        if target:
            _record_target(uow, actor, after, previous, rationale)
        uow.commit()
        return after


def _record_target(
    uow: UnitOfWork,
    actor: Principal,
    o: Opportunity,
    previous: Sequence[Opportunity],
    rationale: str,
) -> None:
    whole = _product_tree(uow, uow.products.require(o.product_id))
    mine = [t for t in whole.outcomes if t.goal is not None and t.goal.id == o.goal_id]
    candidates = [n for t in mine for n in t.nodes if n.opportunity.status in opportunities.ACTIVE]
    decisions.append(
        uow,
        actor,
        o.product_id,
        {
            "title": f"Target opportunity: {o.title}"[:300],
            "decision": f"Focus the discovery for this outcome on “{o.title}”."[:4000],
            "options": [n.opportunity.title for n in candidates][:50],
            "rationale": rationale[:10_000],
            "evidence": {
                "opportunity_id": o.id,
                "replaces": [p.id for p in previous],
                "evidence": {
                    str(n.opportunity.id): {"links": n.links, "customers": n.customers}
                    for n in candidates[:200]
                },
            },
            "record_type": RecordType.GOAL if o.goal_id is not None else None,
            "record_id": o.goal_id,
        },
    )


def delete_opportunity(
    uow: UnitOfWork, actor: Principal, opportunity_id: int, version: int | None
) -> None:
    """Remove an opportunity with its sub-opportunities, solutions, tests and evidence links.

    Everything removed with it is audited and its watchers told, not only the opportunity's."""
    with uow:
        o = require_opportunity(uow, actor, opportunity_id)
        actor.require(Action.EDIT_ITEM, o.product_id)
        below = opportunities.descendants(_parents(uow, o.product_id), o.id)
        removed = [o, *(uow.opportunities.list({"id": sorted(below)}).items if below else [])]
        for record in removed:
            changes.deleted(uow, actor, KIND, record, label(KIND, record))
        deleted_solutions(uow, actor, [r.id for r in removed])
        uow.opportunities.delete(o.id, version)
        uow.commit()


def deleted_solutions(uow: UnitOfWork, actor: Principal, opportunity_ids: Sequence[int]) -> None:
    """Audit the solutions of these opportunities and their tests as deleted, telling their
    watchers (the database removes them with the opportunities)."""
    found = uow.solutions.list({"opportunity_id": list(opportunity_ids)}).items
    for s in found:
        changes.deleted(uow, actor, RecordType.SOLUTION, s, label(RecordType.SOLUTION, s))
    deleted_tests(uow, actor, [s.id for s in found])


def deleted_tests(uow: UnitOfWork, actor: Principal, solution_ids: Sequence[int]) -> None:
    """Audit these solutions' assumption tests as deleted, telling their watchers."""
    if not solution_ids:
        return
    for t in uow.assumption_tests.list({"solution_id": list(solution_ids)}).items:
        changes.deleted(
            uow, actor, RecordType.ASSUMPTION_TEST, t, label(RecordType.ASSUMPTION_TEST, t)
        )


def require_opportunity(uow: UnitOfWork, actor: Principal, opportunity_id: int) -> Opportunity:
    """The opportunity, or NotFound when it is missing or its product is hidden from the actor."""
    o = uow.opportunities.require(opportunity_id)
    require_visible(actor, o.product_id, "opportunity", opportunity_id)
    return o


def get_opportunity(uow: UnitOfWork, actor: Principal, opportunity_id: int) -> Opportunity:
    with uow:
        return require_opportunity(uow, actor, opportunity_id)


def linked_notes(uow: UnitOfWork, actor: Principal, opportunity_id: int) -> list[LinkedNote]:
    """The notes linked to an opportunity (the highlighted passages), newest link first."""
    with uow:
        require_opportunity(uow, actor, opportunity_id)
        return _linked_notes(uow, opportunity_id)


def _linked_notes(uow: UnitOfWork, opportunity_id: int) -> list[LinkedNote]:
    links = uow.opportunity_links.list(
        {"opportunity_id": opportunity_id}, order_by=("-created_at",)
    ).items
    notes = {n.id: n for n in uow.notes.list({"id": [link.note_id for link in links]}).items}
    return [LinkedNote(link, notes[link.note_id]) for link in links if link.note_id in notes]


def opportunity_view(uow: UnitOfWork, actor: Principal, opportunity_id: int) -> OpportunityView:
    """An opportunity's page: its place in the outcome's tree, evidence, solutions and hints."""
    with uow:
        o = require_opportunity(uow, actor, opportunity_id)
        whole = _product_tree(uow, uow.products.require(o.product_id))
        notes = _linked_notes(uow, o.id)
    outcome = next(t for t in whole.outcomes if (t.goal.id if t.goal else None) == o.goal_id)
    nodes = outcome.nodes
    parents = {n.opportunity.id: n.opportunity.parent_id for n in nodes}
    above = set(opportunities.ancestors(parents, o.id))
    below = {o.id, *opportunities.descendants(parents, o.id)}
    return OpportunityView(
        product=whole.product,
        outcome=outcome,
        node=next(n for n in nodes if n.opportunity.id == o.id),
        path=sorted((n for n in nodes if n.opportunity.id in above), key=lambda n: n.depth),
        new_parents=[n for n in nodes if n.opportunity.id not in below],
        notes=notes,
        hints=[h for h in whole.hints if h.opportunity_id == o.id],
    )


def product_tree(uow: UnitOfWork, actor: Principal, product_id: int) -> ProductTree:
    """Every outcome's tree of a product with evidence counts, and the hints over all of them."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return _product_tree(uow, product)


def outcome_tree(uow: UnitOfWork, actor: Principal, goal_id: int) -> OutcomeTree:
    """One desired outcome's tree (an outcome with no opportunities yet has no roots)."""
    with uow:
        goal = uow.goals.require(goal_id)
        require_visible(actor, goal.product_id, "goal", goal_id)
        whole = _product_tree(uow, uow.products.require(goal.product_id))
        for outcome in whole.outcomes:
            if outcome.goal is not None and outcome.goal.id == goal_id:
                return outcome
        return OutcomeTree(goal, [], [h for h in whole.hints if _concerns(h, goal_id)])


def _concerns(hint: Hint, goal_id: int | None) -> bool:
    return hint.goal_id == goal_id or hint.kind is HintKind.SEVERAL_OUTCOMES


def _product_tree(uow: UnitOfWork, product: Product) -> ProductTree:
    opps = uow.opportunities.list({"product_id": product.id}, order_by=("rank",)).items
    opp_ids = [o.id for o in opps]
    sols = uow.solutions.list({"opportunity_id": opp_ids}, order_by=("rank",)).items if opps else []
    tests = uow.assumption_tests.list({"solution_id": [s.id for s in sols]}).items if sols else []
    goals = {g.id: g for g in uow.goals.list({"product_id": product.id}).items}
    found = hints(opps, sols, tests, {g.id: g.title for g in goals.values()})
    roots = opportunities.build_tree(opps, sols, tests, uow.opportunities.evidence(product.id))
    by_goal: dict[int | None, list[OpportunityNode]] = {}
    for root in roots:
        by_goal.setdefault(root.opportunity.goal_id, []).append(root)
    order = sorted(by_goal, key=lambda g: (g is None, g or 0))
    outcomes = [
        OutcomeTree(
            goals.get(g) if g is not None else None,
            by_goal[g],
            [h for h in found if _concerns(h, g)],
        )
        for g in order
    ]
    return ProductTree(product, outcomes, found, sorted(goals.values(), key=lambda g: g.id))
