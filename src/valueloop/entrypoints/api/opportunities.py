"""Opportunity Solution Trees: /api/v1/products/{id}/opportunity-tree, /goals/{id}/opportunity-tree,
/opportunities, /solutions and /assumption-tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from valueloop.domain.opportunities import OpportunityNode, OpportunityStatus
from valueloop.domain.opportunity_hints import Hint, HintKind
from valueloop.domain.solutions import AssumptionCategory, SolutionStatus, TestResult
from valueloop.entrypoints.api.backlog import ItemIn
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.feedback import NoteOut
from valueloop.entrypoints.api.patches import Patch, changes
from valueloop.services import opportunities, solutions
from valueloop.services.opportunities import OutcomeTree

router = APIRouter(tags=["opportunity solution trees"])


class OpportunityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300, description="The customer's problem, need or desire.")
    description: str = Field(default="", max_length=20_000)
    status: OpportunityStatus = OpportunityStatus.OPEN
    goal_id: int | None = Field(default=None, description="The desired outcome it serves.")
    parent_id: int | None = Field(default=None, description="Nest under this opportunity.")


class OpportunityPatch(Patch):
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    status: OpportunityStatus | None = None
    goal_id: int | None = Field(default=None, description="Top-level only; moves the subtree.")


class OpportunityOut(BaseModel):
    id: int
    product_id: int
    goal_id: int | None
    parent_id: int | None
    title: str
    description: str
    status: OpportunityStatus
    is_target: bool
    rank: str = Field(description="Sort key among siblings; compare as plain strings.")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class PlaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after_id: int | None = Field(default=None, description="Place right after this sibling.")
    before_id: int | None = Field(default=None, description="Or right before this one.")

    @model_validator(mode="after")
    def one_anchor(self) -> PlaceIn:
        if self.after_id is not None and self.before_id is not None:
            raise ValueError("give after_id or before_id, not both (neither: at the end)")
        return self


class OpportunityMoveIn(PlaceIn):
    parent_id: int | None = Field(description="The new parent in the same outcome; null: top.")


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: bool = True
    rationale: str = Field(default="", max_length=10_000)


class SolutionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=20_000)
    status: SolutionStatus = SolutionStatus.IDEA
    item_id: int | None = Field(default=None, description="The backlog item that delivers it.")


class SolutionPatch(Patch):
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    status: SolutionStatus | None = None
    rationale: str = Field(
        default="", max_length=10_000, description="Why, when choosing or discarding it."
    )


class SolutionOut(BaseModel):
    id: int
    opportunity_id: int
    title: str
    description: str
    status: SolutionStatus
    item_id: int | None
    rank: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class SolutionMoveIn(PlaceIn):
    opportunity_id: int | None = Field(default=None, description="Another opportunity; or stay.")


class ItemDraft(ItemIn):
    title: str = Field(default="", max_length=300)


class ItemLinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: int | None = Field(default=None, description="An existing item; null unlinks.")
    create: ItemDraft | None = Field(
        default=None, description="Or create the item (title defaults to the solution's)."
    )


class TestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assumption: str = Field(max_length=4000)
    category: AssumptionCategory
    method: str = Field(default="", max_length=200)
    success_criterion: str = Field(default="", max_length=10_000)
    result: TestResult = TestResult.PLANNED
    findings: str = Field(default="", max_length=10_000)
    run_on: dt.date | None = None


class TestPatch(Patch):
    assumption: str | None = Field(default=None, max_length=4000)
    category: AssumptionCategory | None = None
    method: str | None = Field(default=None, max_length=200)
    success_criterion: str | None = Field(default=None, max_length=10_000)
    result: TestResult | None = None
    findings: str | None = Field(default=None, max_length=10_000)
    run_on: dt.date | None = None


class TestOut(BaseModel):
    id: int
    solution_id: int
    assumption: str
    category: AssumptionCategory
    method: str
    success_criterion: str
    result: TestResult
    findings: str
    run_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class HintOut(BaseModel):
    kind: HintKind
    message: str
    reason: str
    goal_id: int | None
    opportunity_id: int | None
    solution_id: int | None


class SolutionNodeOut(SolutionOut):
    tests: list[TestOut]


class NodeOut(OpportunityOut):
    own_links: int = Field(description="Evidence links to this opportunity itself.")
    own_customers: int
    links: int = Field(description="Links to it and every sub-opportunity.")
    customers: int = Field(description="Distinct customers behind those links.")
    solutions: list[SolutionNodeOut]
    children: list[NodeOut]


class GoalRef(BaseModel):
    id: int
    title: str


class OutcomeTreeOut(BaseModel):
    goal: GoalRef | None = Field(description="The desired outcome; null: no outcome given yet.")
    target_id: int | None
    roots: list[NodeOut]
    hints: list[HintOut]


class ProductTreeOut(BaseModel):
    product_id: int
    outcomes: list[OutcomeTreeOut]
    hints: list[HintOut]


class LinkedNoteOut(BaseModel):
    link_id: int
    importance: int
    highlight: str
    linked_at: dt.datetime
    note: NoteOut


def _hint(h: Hint) -> HintOut:
    return HintOut(
        kind=h.kind,
        message=h.message,
        reason=h.reason,
        goal_id=h.goal_id,
        opportunity_id=h.opportunity_id,
        solution_id=h.solution_id,
    )


def _node(n: OpportunityNode) -> NodeOut:
    fields: dict[str, Any] = OpportunityOut.model_validate(
        n.opportunity, from_attributes=True
    ).model_dump()
    return NodeOut(
        **fields,
        own_links=n.own_links,
        own_customers=n.own_customers,
        links=n.links,
        customers=n.customers,
        solutions=[
            SolutionNodeOut(
                **SolutionOut.model_validate(s.solution, from_attributes=True).model_dump(),
                tests=[TestOut.model_validate(t, from_attributes=True) for t in s.tests],
            )
            for s in n.solutions
        ],
        children=[_node(c) for c in n.children],
    )


def _outcome(tree: OutcomeTree) -> OutcomeTreeOut:
    target = tree.target
    return OutcomeTreeOut(
        goal=GoalRef(id=tree.goal.id, title=tree.goal.title) if tree.goal else None,
        target_id=target.id if target else None,
        roots=[_node(r) for r in tree.roots],
        hints=[_hint(h) for h in tree.hints],
    )


@router.get("/products/{product_id}/opportunity-tree")
def product_tree(product_id: int, actor: Actor, uow: Uow) -> ProductTreeOut:
    """Every desired outcome's tree with evidence counts, and the hints over the product."""
    tree = opportunities.product_tree(uow, actor, product_id)
    return ProductTreeOut(
        product_id=product_id,
        outcomes=[_outcome(o) for o in tree.outcomes],
        hints=[_hint(h) for h in tree.hints],
    )


@router.get("/products/{product_id}/opportunity-hints")
def product_hints(product_id: int, actor: Actor, uow: Uow) -> list[HintOut]:
    """The Opportunity Solution Tree rules the product's trees break, each with its reason."""
    return [_hint(h) for h in opportunities.product_tree(uow, actor, product_id).hints]


@router.get("/goals/{goal_id}/opportunity-tree")
def outcome_tree(goal_id: int, actor: Actor, uow: Uow) -> OutcomeTreeOut:
    """One desired outcome's tree: opportunities, solutions and assumption tests."""
    return _outcome(opportunities.outcome_tree(uow, actor, goal_id))


@router.post("/products/{product_id}/opportunities", status_code=status.HTTP_201_CREATED)
def create_opportunity(
    product_id: int, body: OpportunityIn, actor: Actor, uow: Uow
) -> OpportunityOut:
    o = opportunities.create_opportunity(
        uow, actor, product_id, body.model_dump(exclude_unset=True)
    )
    return OpportunityOut.model_validate(o, from_attributes=True)


@router.get("/opportunities/{opportunity_id}")
def get_opportunity(opportunity_id: int, actor: Actor, uow: Uow) -> OpportunityOut:
    o = opportunities.get_opportunity(uow, actor, opportunity_id)
    return OpportunityOut.model_validate(o, from_attributes=True)


@router.patch("/opportunities/{opportunity_id}")
def update_opportunity(
    opportunity_id: int, body: OpportunityPatch, actor: Actor, uow: Uow
) -> OpportunityOut:
    o = opportunities.update_opportunity(uow, actor, opportunity_id, body.version, changes(body))
    return OpportunityOut.model_validate(o, from_attributes=True)


@router.delete("/opportunities/{opportunity_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_opportunity(
    opportunity_id: int, actor: Actor, uow: Uow, version: int | None = None
) -> Response:
    """Remove it with its sub-opportunities, solutions, assumption tests and evidence links."""
    opportunities.delete_opportunity(uow, actor, opportunity_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/opportunities/{opportunity_id}/move")
def move_opportunity(
    opportunity_id: int, body: OpportunityMoveIn, actor: Actor, uow: Uow
) -> OpportunityOut:
    """Re-parent within the outcome and place among the new siblings (drag in the tree)."""
    o = opportunities.move_opportunity(
        uow,
        actor,
        opportunity_id,
        parent_id=body.parent_id,
        after_id=body.after_id,
        before_id=body.before_id,
    )
    return OpportunityOut.model_validate(o, from_attributes=True)


@router.post("/opportunities/{opportunity_id}/target")
def set_target(opportunity_id: int, body: TargetIn, actor: Actor, uow: Uow) -> OpportunityOut:
    """Make it its outcome's target opportunity (one per outcome; recorded as a decision)."""
    o = opportunities.set_target(uow, actor, opportunity_id, body.target, body.rationale)
    return OpportunityOut.model_validate(o, from_attributes=True)


@router.get("/opportunities/{opportunity_id}/notes")
def linked_notes(opportunity_id: int, actor: Actor, uow: Uow) -> list[LinkedNoteOut]:
    """The notes linked to the opportunity as evidence, with the highlighted passages."""
    return [
        LinkedNoteOut(
            link_id=row.link.id,
            importance=row.link.importance,
            highlight=row.link.highlight,
            linked_at=row.link.created_at,
            note=NoteOut.model_validate(row.note, from_attributes=True),
        )
        for row in opportunities.linked_notes(uow, actor, opportunity_id)
    ]


@router.get("/opportunities/{opportunity_id}/solutions")
def list_solutions(opportunity_id: int, actor: Actor, uow: Uow) -> list[SolutionOut]:
    return [
        SolutionOut.model_validate(s, from_attributes=True)
        for s in solutions.list_solutions(uow, actor, opportunity_id)
    ]


@router.post("/opportunities/{opportunity_id}/solutions", status_code=status.HTTP_201_CREATED)
def create_solution(opportunity_id: int, body: SolutionIn, actor: Actor, uow: Uow) -> SolutionOut:
    s = solutions.create_solution(uow, actor, opportunity_id, body.model_dump())
    return SolutionOut.model_validate(s, from_attributes=True)


@router.get("/solutions/{solution_id}")
def get_solution(solution_id: int, actor: Actor, uow: Uow) -> SolutionOut:
    return SolutionOut.model_validate(
        solutions.get_solution(uow, actor, solution_id), from_attributes=True
    )


@router.patch("/solutions/{solution_id}")
def update_solution(solution_id: int, body: SolutionPatch, actor: Actor, uow: Uow) -> SolutionOut:
    """Edit a solution; choosing or discarding it records a decision with `rationale`."""
    fields = changes(body)
    fields.pop("rationale", None)
    s = solutions.update_solution(
        uow, actor, solution_id, body.version, fields, rationale=body.rationale
    )
    return SolutionOut.model_validate(s, from_attributes=True)


@router.delete("/solutions/{solution_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_solution(
    solution_id: int, actor: Actor, uow: Uow, version: int | None = None
) -> Response:
    solutions.delete_solution(uow, actor, solution_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/solutions/{solution_id}/move")
def move_solution(solution_id: int, body: SolutionMoveIn, actor: Actor, uow: Uow) -> SolutionOut:
    """Move to another opportunity of the same outcome and/or reorder among its solutions."""
    s = solutions.move_solution(
        uow,
        actor,
        solution_id,
        opportunity_id=body.opportunity_id,
        after_id=body.after_id,
        before_id=body.before_id,
    )
    return SolutionOut.model_validate(s, from_attributes=True)


@router.put("/solutions/{solution_id}/item")
def link_item(solution_id: int, body: ItemLinkIn, actor: Actor, uow: Uow) -> SolutionOut:
    """Link the backlog item that delivers the solution, create one, or unlink (item_id null)."""
    create = body.create.model_dump(exclude_unset=True) if body.create else None
    s = solutions.link_item(uow, actor, solution_id, body.item_id, create=create)
    return SolutionOut.model_validate(s, from_attributes=True)


@router.get("/solutions/{solution_id}/tests")
def list_tests(solution_id: int, actor: Actor, uow: Uow) -> list[TestOut]:
    return [
        TestOut.model_validate(t, from_attributes=True)
        for t in solutions.list_tests(uow, actor, solution_id)
    ]


@router.post("/solutions/{solution_id}/tests", status_code=status.HTTP_201_CREATED)
def add_test(solution_id: int, body: TestIn, actor: Actor, uow: Uow) -> TestOut:
    t = solutions.add_test(uow, actor, solution_id, body.model_dump())
    return TestOut.model_validate(t, from_attributes=True)


@router.get("/assumption-tests/{test_id}")
def get_test(test_id: int, actor: Actor, uow: Uow) -> TestOut:
    return TestOut.model_validate(solutions.get_test(uow, actor, test_id), from_attributes=True)


@router.patch("/assumption-tests/{test_id}")
def update_test(test_id: int, body: TestPatch, actor: Actor, uow: Uow) -> TestOut:
    """Edit an assumption test, or record its result, findings and date."""
    t = solutions.update_test(uow, actor, test_id, body.version, changes(body))
    return TestOut.model_validate(t, from_attributes=True)


@router.delete("/assumption-tests/{test_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_test(test_id: int, actor: Actor, uow: Uow, version: int | None = None) -> Response:
    solutions.delete_test(uow, actor, test_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
