"""The Python API for Opportunity Solution Trees: opportunities under a desired outcome,
solutions, assumption tests, evidence from notes, the target and the hints.

    with Workspace.open(user="priya") as ws:
        root = ws.discovery.create_opportunity(product.id, title="Leads miss breaches", goal_id=g)
        ws.discovery.set_target(root.id, rationale="Most customers")
        idea = ws.discovery.create_solution(root.id, title="Breach forecast")
        ws.discovery.add_test(idea.id, assumption="Leads read it", category="desirability")
        ws.discovery.link_note(note.id, root.id, importance=3)
        for node in ws.discovery.outcome(g).nodes:
            print("  " * node.depth, node.opportunity.title, node.links, node.customers)
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.opportunities import Opportunity, OpportunityLink, OpportunityNode
from valueloop.domain.opportunity_hints import Hint
from valueloop.domain.solutions import AssumptionTest, Solution
from valueloop.services import opportunities, opportunity_links, solutions
from valueloop.services.opportunities import (
    LinkedNote,
    OpportunityView,
    OutcomeTree,
    ProductTree,
)
from valueloop.workspace.section import Section


class Discovery(Section):
    # -- the tree -------------------------------------------------------------------------------

    def tree(self, product_id: int) -> ProductTree:
        """Every desired outcome's tree of a product with evidence counts, and the hints."""
        return opportunities.product_tree(*self._call(), product_id)

    def outcome(self, goal_id: int, *, product_id: int | None = None) -> OutcomeTree:
        """One desired outcome's tree (`roots`, `nodes`, `target`, `hints`); with `product_id`,
        ValidationFailed unless the goal is one of that product's."""
        tree = opportunities.outcome_tree(*self._call(), goal_id)
        if product_id is not None and (tree.goal is None or tree.goal.product_id != product_id):
            raise ValidationFailed(
                f"goal {goal_id} is not a desired outcome of product {product_id}", field="goal_id"
            )
        return tree

    def hints(self, product_id: int) -> builtins.list[Hint]:
        """The Opportunity Solution Tree rules the product's trees break, each with its reason."""
        return self.tree(product_id).hints

    def export(self, product_id: int, goal_id: int | None = None) -> dict[str, Any]:
        """The product's trees (or one outcome's) as JSON-ready data, shaped as the REST API's
        `/opportunity-tree` documents."""
        if goal_id is None:
            whole = self.tree(product_id)
            return {
                "product_id": product_id,
                "outcomes": [outcome_document(o) for o in whole.outcomes],
                "hints": [hint_document(h) for h in whole.hints],
            }
        return outcome_document(self.outcome(goal_id, product_id=product_id))

    # -- opportunities --------------------------------------------------------------------------

    def get(self, opportunity_id: int) -> Opportunity:
        return opportunities.get_opportunity(*self._call(), opportunity_id)

    def view(self, opportunity_id: int) -> OpportunityView:
        """An opportunity in its outcome's tree: its node, path, evidence notes and hints."""
        return opportunities.opportunity_view(*self._call(), opportunity_id)

    def create_opportunity(self, product_id: int, **fields: object) -> Opportunity:
        """Add an opportunity (title, description, status, goal_id, parent_id) after its
        siblings; under a parent it takes the parent's outcome."""
        return opportunities.create_opportunity(*self._call(), product_id, fields)

    def update_opportunity(
        self, opportunity_id: int, *, version: int | None = None, **changes: object
    ) -> Opportunity:
        """Edit title, description, status or goal_id (a new outcome takes the subtree along)."""
        return opportunities.update_opportunity(*self._call(), opportunity_id, version, changes)

    def move_opportunity(
        self,
        opportunity_id: int,
        parent_id: int | None,
        *,
        after_id: int | None = None,
        before_id: int | None = None,
    ) -> Opportunity:
        """Re-parent within its outcome (None: top level), after or before a new sibling."""
        return opportunities.move_opportunity(
            *self._call(),
            opportunity_id,
            parent_id=parent_id,
            after_id=after_id,
            before_id=before_id,
        )

    def delete_opportunity(self, opportunity_id: int, *, version: int | None = None) -> None:
        """Remove it with its sub-opportunities, solutions, tests and evidence links."""
        opportunities.delete_opportunity(*self._call(), opportunity_id, version)

    def set_target(
        self, opportunity_id: int, target: bool = True, *, rationale: str = ""
    ) -> Opportunity:
        """Make it its outcome's target (a logged decision; the previous target is unset)."""
        return opportunities.set_target(*self._call(), opportunity_id, target, rationale)

    # -- evidence -------------------------------------------------------------------------------

    def link_note(
        self, note_id: int, opportunity_id: int, importance: int, *, highlight: str = ""
    ) -> OpportunityLink:
        """Link a note (or a passage of it) to an opportunity with an importance 0–3."""
        return opportunity_links.link_note(
            *self._call(), note_id, opportunity_id, importance, highlight
        )

    def unlink_note(self, link_id: int) -> None:
        """Remove an evidence link (the note and the opportunity stay)."""
        opportunity_links.unlink(*self._call(), link_id)

    def notes(self, opportunity_id: int) -> builtins.list[LinkedNote]:
        """The notes linked to an opportunity (`link`, `note`), newest link first."""
        return opportunities.linked_notes(*self._call(), opportunity_id)

    # -- solutions ------------------------------------------------------------------------------

    def solutions(self, opportunity_id: int) -> builtins.list[Solution]:
        return solutions.list_solutions(*self._call(), opportunity_id)

    def get_solution(self, solution_id: int) -> Solution:
        return solutions.get_solution(*self._call(), solution_id)

    def create_solution(self, opportunity_id: int, **fields: object) -> Solution:
        """Add a solution (title, description, status, item_id) after the others."""
        return solutions.create_solution(*self._call(), opportunity_id, fields)

    def update_solution(
        self,
        solution_id: int,
        *,
        version: int | None = None,
        rationale: str = "",
        **changes: object,
    ) -> Solution:
        """Edit a solution; choosing or discarding it logs a decision with `rationale`."""
        return solutions.update_solution(
            *self._call(), solution_id, version, changes, rationale=rationale
        )

    def move_solution(
        self,
        solution_id: int,
        opportunity_id: int | None = None,
        *,
        after_id: int | None = None,
        before_id: int | None = None,
    ) -> Solution:
        """Move to another opportunity of the same outcome (None: stay) and place it."""
        return solutions.move_solution(
            *self._call(),
            solution_id,
            opportunity_id=opportunity_id,
            after_id=after_id,
            before_id=before_id,
        )

    def link_item(
        self, solution_id: int, item_id: int | None, *, create: dict[str, object] | None = None
    ) -> Solution:
        """Point the solution at the backlog item that delivers it, a new one made from
        `create` (item fields), or none."""
        return solutions.link_item(*self._call(), solution_id, item_id, create=create)

    def delete_solution(self, solution_id: int, *, version: int | None = None) -> None:
        """Remove a solution and its assumption tests (a linked backlog item stays)."""
        solutions.delete_solution(*self._call(), solution_id, version)

    # -- assumption tests -----------------------------------------------------------------------

    def tests(self, solution_id: int) -> builtins.list[AssumptionTest]:
        return solutions.list_tests(*self._call(), solution_id)

    def get_test(self, test_id: int) -> AssumptionTest:
        return solutions.get_test(*self._call(), test_id)

    def add_test(self, solution_id: int, **fields: object) -> AssumptionTest:
        """Plan or record a test (assumption, category, method, success_criterion, result,
        findings, run_on); category is desirability, viability, feasibility or usability."""
        return solutions.add_test(*self._call(), solution_id, fields)

    def update_test(
        self, test_id: int, *, version: int | None = None, **changes: object
    ) -> AssumptionTest:
        """Edit a test or record its result, findings and date."""
        return solutions.update_test(*self._call(), test_id, version, changes)

    def delete_test(self, test_id: int, *, version: int | None = None) -> None:
        solutions.delete_test(*self._call(), test_id, version)


# ---------------------------------------------------------------------------------------------
# The export: plain data with the REST API's field names (dates as ISO text, enums as values).


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value


def _record(record: Any) -> dict[str, object]:
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def hint_document(h: Hint) -> dict[str, object]:
    return {**_record(h), "reason": h.reason}


def node_document(n: OpportunityNode) -> dict[str, object]:
    return {
        **_record(n.opportunity),
        "own_links": n.own_links,
        "own_customers": n.own_customers,
        "links": n.links,
        "customers": n.customers,
        "solutions": [
            {**_record(s.solution), "tests": [_record(t) for t in s.tests]} for s in n.solutions
        ],
        "children": [node_document(c) for c in n.children],
    }


def outcome_document(tree: OutcomeTree) -> dict[str, object]:
    target = tree.target
    return {
        "goal": {"id": tree.goal.id, "title": tree.goal.title} if tree.goal else None,
        "target_id": target.id if target else None,
        "roots": [node_document(r) for r in tree.roots],
        "hints": [hint_document(h) for h in tree.hints],
    }
