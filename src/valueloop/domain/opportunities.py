"""Opportunities (needs, pain points, desires phrased as problems) and the evidence for them.

An Opportunity Solution Tree (Teresa Torres) starts from one desired outcome (a goal); under it
sit opportunities, nested as they decompose, then solutions and their assumption tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.solutions import AssumptionTest, Solution

# ---------------------------------------------------------------------------------------------
# Opportunities: fields, validation and the nesting rules.


class OpportunityStatus(StrEnum):
    OPEN = "open"
    EXPLORING = "exploring"
    ADDRESSED = "addressed"
    PARKED = "parked"


# Opportunities still being worked on (the others no longer count toward "one outcome at a time").
ACTIVE = frozenset({OpportunityStatus.OPEN, OpportunityStatus.EXPLORING})


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A problem worth solving on the way to a desired outcome (a goal)."""

    id: int
    product_id: int
    goal_id: int | None
    parent_id: int | None
    title: str
    description: str
    status: OpportunityStatus
    is_target: bool
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


# The target flag, the rank and the parent change through their own use cases (mark target,
# move), which check more than a plain edit does.
EDITABLE = frozenset({"title", "description", "status", "goal_id"})
CREATABLE = EDITABLE | {"parent_id"}
MAX_DEPTH = 8  # deeper trees stop being readable; split the outcome instead


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized opportunity fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, CREATABLE if creating else EDITABLE)
    out: dict[str, object] = {}
    if creating or "title" in fields:
        out["title"] = f.text(fields, "title", max_len=300, required=True)
    if creating or "description" in fields:
        out["description"] = f.text(fields, "description", max_len=20_000)
    if "status" in fields:
        out["status"] = f.choice(fields["status"], "status", OpportunityStatus)
    elif creating:
        out["status"] = OpportunityStatus.OPEN
    for name in ("goal_id", "parent_id"):
        if name in fields:
            out[name] = f.reference(fields[name], name)
        elif creating:
            out[name] = None
    return out


def check_parent(
    child_id: int | None,
    product_id: int,
    goal_id: int | None,
    parent: Opportunity | None,
    parents: Mapping[int, int | None],
) -> None:
    """Refuse a parent from another product or outcome, or one that would close a cycle.

    `parents` maps each opportunity of the product to its parent (the tree as stored now).
    """
    if parent is None:
        return
    if parent.product_id != product_id:
        raise ValidationFailed(
            "the parent opportunity belongs to another product", field="parent_id"
        )
    if parent.goal_id != goal_id:
        raise ValidationFailed(
            "the parent opportunity serves another desired outcome; an opportunity nests only "
            "under opportunities of its own outcome",
            field="parent_id",
        )
    chain = [parent.id, *ancestors(parents, parent.id)]
    if child_id is not None and child_id in chain:
        raise ValidationFailed(
            "an opportunity cannot move under itself or one of its own sub-opportunities",
            field="parent_id",
        )
    if len(chain) >= MAX_DEPTH:
        raise ValidationFailed(f"the tree is limited to {MAX_DEPTH} levels", field="parent_id")


def ancestors(parents: Mapping[int, int | None], node_id: int) -> list[int]:
    """The ids above `node_id`, nearest first (stops at a cycle in corrupt data)."""
    chain: list[int] = []
    current = parents.get(node_id)
    while current is not None and current not in chain and current != node_id:
        chain.append(current)
        current = parents.get(current)
    return chain


def descendants(parents: Mapping[int, int | None], node_id: int) -> list[int]:
    """Every id below `node_id` (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found: list[int] = []
    stack = list(children.get(node_id, []))
    while stack:
        current = stack.pop()
        if current in found or current == node_id:
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


# ---------------------------------------------------------------------------------------------
# The tree: nested nodes with evidence rolled up.


@dataclass(frozen=True, slots=True)
class EvidenceCount:
    """Links from the notes of one customer (None: notes without a customer) to one opportunity."""

    opportunity_id: int
    customer_id: int | None
    links: int


@dataclass(frozen=True, slots=True)
class SolutionNode:
    solution: Solution
    tests: list[AssumptionTest]


@dataclass(slots=True)
class OpportunityNode:
    """An opportunity with its sub-opportunities and solutions, and the evidence under it.

    `links`/`customers` count the node's own links and every descendant's; a customer who
    spoke about several of them counts once.
    """

    opportunity: Opportunity
    depth: int
    children: list[OpportunityNode] = field(default_factory=list)
    solutions: list[SolutionNode] = field(default_factory=list)
    own_links: int = 0
    own_customers: int = 0
    links: int = 0
    customers: int = 0

    def walk(self) -> Iterable[OpportunityNode]:
        """This node and every node below it, depth first in rank order."""
        yield self
        for child in self.children:
            yield from child.walk()


def build_tree(
    opportunities: Sequence[Opportunity],
    solutions: Sequence[Solution] = (),
    tests: Sequence[AssumptionTest] = (),
    evidence: Sequence[EvidenceCount] = (),
) -> list[OpportunityNode]:
    """The roots (opportunities without a parent among those given), children in rank order.

    An opportunity whose parent is not among `opportunities` becomes a root, so a subtree can be
    shown on its own.
    """
    known = {o.id: o for o in opportunities}
    children: dict[int | None, list[Opportunity]] = {}
    for o in opportunities:
        parent = o.parent_id if o.parent_id in known else None
        children.setdefault(parent, []).append(o)
    for group in children.values():
        group.sort(key=lambda o: (o.rank, o.id))
    tests_of: dict[int, list[AssumptionTest]] = {}
    for test in sorted(tests, key=lambda t: t.id):
        tests_of.setdefault(test.solution_id, []).append(test)
    solutions_of: dict[int, list[SolutionNode]] = {}
    for s in sorted(solutions, key=lambda s: (s.rank, s.id)):
        solutions_of.setdefault(s.opportunity_id, []).append(
            SolutionNode(s, tests_of.get(s.id, []))
        )
    own: dict[int, dict[int | None, int]] = {}
    for row in evidence:
        per_customer = own.setdefault(row.opportunity_id, {})
        per_customer[row.customer_id] = per_customer.get(row.customer_id, 0) + row.links

    def grow(o: Opportunity, depth: int, seen: frozenset[int]) -> tuple[OpportunityNode, set[int]]:
        node = OpportunityNode(o, depth, solutions=solutions_of.get(o.id, []))
        mine = own.get(o.id, {})
        node.own_links = sum(mine.values())
        customers = {c for c in mine if c is not None}
        node.own_customers = len(customers)
        node.links = node.own_links
        for child in children.get(o.id, []):
            if child.id in seen:  # corrupt data: never loop
                continue
            sub, sub_customers = grow(child, depth + 1, seen | {child.id})
            node.children.append(sub)
            node.links += sub.links
            customers |= sub_customers
        node.customers = len(customers)
        return node, customers

    return [grow(o, 0, frozenset({o.id}))[0] for o in children.get(None, [])]


def flatten(roots: Iterable[OpportunityNode]) -> list[OpportunityNode]:
    """Every node of the trees, depth first in rank order."""
    return [node for root in roots for node in root.walk()]


# ---------------------------------------------------------------------------------------------
# Opportunity links: evidence from notes (the inbox's section; the OST code stays above).


@dataclass(frozen=True, slots=True)
class OpportunityLink:
    """A note (or a highlighted passage) linked to an opportunity with an importance."""

    id: int
    note_id: int
    opportunity_id: int
    importance: int
    highlight: str
    created_by: int | None
    created_at: dt.datetime
