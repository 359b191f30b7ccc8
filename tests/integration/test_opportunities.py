"""Opportunity Solution Tree use cases on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from valueloop.domain.opportunity_hints import HintKind
from valueloop.domain.roles import Role
from valueloop.domain.solutions import SolutionStatus
from valueloop.services import customers, feedback, goals, opportunities, solutions


def tree_world(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    goal = goals.create_goal(container.uow(), admin, product, {"title": "Fewer SLA breaches"}).id
    root = opportunities.create_opportunity(
        container.uow(),
        admin,
        product,
        {"title": "Leads can't see breaches coming", "goal_id": goal},
    )
    return admin, product, goal, root


def add(container, who, product, title, **fields):
    return opportunities.create_opportunity(
        container.uow(), who, product, {"title": title, **fields}
    )


def test_children_take_the_parents_outcome_and_line_up_after_their_siblings(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)

    first = add(c, admin, product, "Breaches at night", parent_id=root.id)
    second = add(c, admin, product, "Breaches on weekends", parent_id=root.id)

    assert (goal, goal) == (first.goal_id, second.goal_id)
    assert first.rank < second.rank
    tree = opportunities.outcome_tree(c.uow(), admin, goal)
    assert [[first.id, second.id]] == [[n.opportunity.id for n in r.children] for r in tree.roots]


def test_re_parenting_under_a_descendant_is_refused_and_changes_nothing(any_container):
    c = any_container
    admin, product, _, root = tree_world(c)
    child = add(c, admin, product, "Breaches at night", parent_id=root.id)
    grandchild = add(c, admin, product, "Nobody owns the night shift", parent_id=child.id)

    with pytest.raises(ValidationFailed, match="under itself"):
        opportunities.move_opportunity(c.uow(), admin, root.id, parent_id=grandchild.id)

    assert None is opportunities.get_opportunity(c.uow(), admin, root.id).parent_id


def test_moving_re_parents_and_orders_among_the_new_siblings(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)
    a = add(c, admin, product, "Breaches at night", parent_id=root.id)
    b = add(c, admin, product, "Breaches on weekends", parent_id=root.id)
    loose = add(c, admin, product, "Escalations get lost", goal_id=goal)

    opportunities.move_opportunity(c.uow(), admin, loose.id, parent_id=root.id, before_id=a.id)
    opportunities.move_opportunity(c.uow(), admin, b.id, parent_id=root.id, before_id=loose.id)

    tree = opportunities.outcome_tree(c.uow(), admin, goal)
    assert [root.id] == [r.opportunity.id for r in tree.roots]
    assert [b.id, loose.id, a.id] == [n.opportunity.id for n in tree.roots[0].children]


def test_a_parent_of_another_outcome_is_refused(any_container):
    c = any_container
    admin, product, _, root = tree_world(c)
    other = goals.create_goal(c.uow(), admin, product, {"title": "Faster replies"}).id
    stranger = add(c, admin, product, "Replies wait for approval", goal_id=other)

    with pytest.raises(ValidationFailed, match="another desired outcome"):
        opportunities.move_opportunity(c.uow(), admin, stranger.id, parent_id=root.id)


def test_a_new_outcome_takes_the_subtree_along_and_drops_the_target(any_container):
    c = any_container
    admin, product, _, root = tree_world(c)
    child = add(c, admin, product, "Breaches at night", parent_id=root.id)
    opportunities.set_target(c.uow(), admin, root.id)
    other = goals.create_goal(c.uow(), admin, product, {"title": "Faster replies"}).id

    moved = opportunities.update_opportunity(c.uow(), admin, root.id, None, {"goal_id": other})

    assert (other, False) == (moved.goal_id, moved.is_target)
    assert other == opportunities.get_opportunity(c.uow(), admin, child.id).goal_id
    with pytest.raises(ValidationFailed, match="shares its parent's outcome"):
        opportunities.update_opportunity(c.uow(), admin, child.id, None, {"goal_id": None})


def test_one_target_per_outcome_and_choosing_it_is_a_recorded_decision(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)
    other = add(c, admin, product, "Escalations get lost", goal_id=goal)

    opportunities.set_target(c.uow(), admin, root.id)
    opportunities.set_target(c.uow(), admin, other.id, rationale="Most customers")

    tree = opportunities.outcome_tree(c.uow(), admin, goal)
    assert other.id == tree.target.id
    with c.uow() as uow:
        titles = [d.title for d in uow.decisions.list({"product_id": product}).items]
        last = uow.decisions.list({"product_id": product}, order_by=("-id",)).items[0]
    assert ["Target opportunity: " + root.title, "Target opportunity: " + other.title] == titles
    assert ("Most customers", [root.id], "goal", goal) == (
        last.rationale,
        last.evidence["replaces"],
        last.record_type,
        last.record_id,
    )


def test_evidence_counts_roll_up_links_and_distinct_customers(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)
    child = add(c, admin, product, "Breaches at night", parent_id=root.id)
    acme, globex = (
        customers.create_customer(c.uow(), admin, {"name": n}).id for n in ("Acme", "Globex")
    )
    notes = [
        feedback.record_note(
            c.uow(), admin, {"text": t, "product_id": product, "customer_id": cu}
        ).id
        for t, cu in (
            ("We missed the SLA", acme),
            ("Night SLA is bad", acme),
            ("Late", globex),
            ("Anon", None),
        )
    ]
    with c.uow() as uow:
        for note, target in zip(notes, (root.id, child.id, child.id, child.id), strict=True):
            uow.opportunity_links.add(
                {
                    "note_id": note,
                    "opportunity_id": target,
                    "importance": 2,
                    "highlight": "",
                    "created_at": dt.datetime.now(dt.UTC),
                }
            )
        uow.commit()

    node = opportunities.outcome_tree(c.uow(), admin, goal).roots[0]

    assert (1, 1, 4, 2) == (node.own_links, node.own_customers, node.links, node.customers)
    assert (3, 2) == (node.children[0].links, node.children[0].customers)
    linked = opportunities.linked_notes(c.uow(), admin, child.id)
    assert {"Night SLA is bad", "Late", "Anon"} == {row.note.text for row in linked}


def test_choosing_and_discarding_solutions_record_decisions_with_the_alternatives(any_container):
    c = any_container
    admin, product, _, root = tree_world(c)
    made = [
        solutions.create_solution(c.uow(), admin, root.id, {"title": t})
        for t in ("Breach warnings", "Night rota", "Auto-escalation")
    ]
    solutions.add_test(
        c.uow(),
        admin,
        made[0].id,
        {"assumption": "Leads act on a warning", "category": "desirability", "result": "passed"},
    )

    solutions.update_solution(
        c.uow(), admin, made[0].id, made[0].version, {"status": "chosen"}, rationale="Cheapest"
    )
    solutions.update_solution(c.uow(), admin, made[1].id, None, {"status": "discarded"})

    with c.uow() as uow:
        logged = uow.decisions.list({"product_id": product}, order_by=("id",)).items
    assert ["Chose solution: Breach warnings", "Discarded solution: Night rota"] == [
        d.title for d in logged
    ]
    assert ["Breach warnings", "Night rota", "Auto-escalation"] == logged[0].options
    assert "Cheapest" == logged[0].rationale
    assert [
        {
            "solution_id": made[0].id,
            "assumption": "Leads act on a warning",
            "category": "desirability",
            "result": "passed",
        }
    ] == logged[0].evidence["assumption_tests"]


def test_a_contributor_adds_solutions_but_may_not_choose_one(any_container):
    c = any_container
    admin, product, _, root = tree_world(c)
    dev = factories.user(c, Role.CONTRIBUTOR, product)

    mine = solutions.create_solution(c.uow(), dev, root.id, {"title": "Breach warnings"})

    with pytest.raises(PermissionDenied):
        solutions.update_solution(c.uow(), dev, mine.id, None, {"status": "chosen"})
    with pytest.raises(PermissionDenied):
        opportunities.set_target(c.uow(), dev, root.id)
    assert SolutionStatus.IDEA == solutions.get_solution(c.uow(), admin, mine.id).status


def test_a_non_member_sees_neither_opportunities_nor_solutions(any_container):
    c = any_container
    admin, _, goal, root = tree_world(c)
    s = solutions.create_solution(c.uow(), admin, root.id, {"title": "Breach warnings"})
    stranger = factories.user(c, Role.PRODUCT_LEADER, factories.product(c, name="Other"))

    for call in (
        lambda: opportunities.get_opportunity(c.uow(), stranger, root.id),
        lambda: opportunities.outcome_tree(c.uow(), stranger, goal),
        lambda: solutions.get_solution(c.uow(), stranger, s.id),
        lambda: solutions.create_solution(c.uow(), stranger, root.id, {"title": "Sneaky"}),
    ):
        with pytest.raises(NotFound):
            call()


def test_linking_a_solution_creates_a_backlog_item_serving_the_outcome(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)
    s = solutions.create_solution(c.uow(), admin, root.id, {"title": "Breach warnings"})

    linked = solutions.link_item(c.uow(), admin, s.id, None, create={"type": "feature"})

    with c.uow() as uow:
        item = uow.items.require(linked.item_id)
    assert (product, "Breach warnings", goal) == (item.product_id, item.title, item.goal_id)
    assert None is solutions.link_item(c.uow(), admin, s.id, None).item_id


def test_a_stale_version_is_a_conflict_for_every_ost_record(any_container):
    c = any_container
    admin, _, _, root = tree_world(c)
    s = solutions.create_solution(c.uow(), admin, root.id, {"title": "Breach warnings"})
    t = solutions.add_test(
        c.uow(), admin, s.id, {"assumption": "Leads read it", "category": "usability"}
    )
    opportunities.update_opportunity(c.uow(), admin, root.id, root.version, {"status": "exploring"})
    solutions.update_solution(c.uow(), admin, s.id, s.version, {"title": "Warnings"})
    solutions.update_test(c.uow(), admin, t.id, t.version, {"result": "running"})

    for call in (
        lambda: opportunities.update_opportunity(
            c.uow(), admin, root.id, root.version, {"title": "X"}
        ),
        lambda: solutions.update_solution(c.uow(), admin, s.id, s.version, {"title": "X"}),
        lambda: solutions.update_test(c.uow(), admin, t.id, t.version, {"findings": "X"}),
        lambda: solutions.delete_test(c.uow(), admin, t.id, t.version),
    ):
        with pytest.raises(Conflict):
            call()


def test_moving_a_solution_between_long_keys_re_spaces_its_siblings(any_container):
    c = any_container
    admin, _, _, root = tree_world(c)
    first, moving, last = (
        solutions.create_solution(c.uow(), admin, root.id, {"title": title})
        for title in ("Warnings", "Night rota", "Escalation")
    )
    with c.uow() as uow:  # two neighbours whose keys leave no short key between them
        uow.solutions.update(first.id, None, {"rank": "1"})
        uow.solutions.update(last.id, None, {"rank": "1" + "0" * 130 + "1"})
        uow.commit()

    moved = solutions.move_solution(c.uow(), admin, moving.id, after_id=first.id)

    order = solutions.list_solutions(c.uow(), admin, root.id)
    assert [first.id, moving.id, last.id] == [s.id for s in order]
    assert all(len(s.rank) < 10 for s in order)
    assert moved.rank == order[1].rank


def test_the_opportunity_view_holds_its_path_evidence_and_where_it_may_move(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)
    child = add(c, admin, product, "Breaches at night", parent_id=root.id)
    grandchild = add(c, admin, product, "Nobody on call", parent_id=child.id)
    sibling = add(c, admin, product, "Breaches on weekends", parent_id=root.id)

    view = opportunities.opportunity_view(c.uow(), admin, grandchild.id)

    assert grandchild.id == view.node.opportunity.id
    assert [root.id, child.id] == [n.opportunity.id for n in view.path]
    assert goal == view.outcome.goal.id
    moves = {
        n.opportunity.id
        for n in opportunities.opportunity_view(c.uow(), admin, child.id).new_parents
    }
    assert {root.id, sibling.id} == moves


def test_deleting_an_opportunity_removes_its_subtree_solutions_and_tests(any_container):
    c = any_container
    admin, product, _, root = tree_world(c)
    child = add(c, admin, product, "Breaches at night", parent_id=root.id)
    s = solutions.create_solution(c.uow(), admin, child.id, {"title": "Night rota"})
    solutions.add_test(
        c.uow(), admin, s.id, {"assumption": "People volunteer", "category": "viability"}
    )

    opportunities.delete_opportunity(c.uow(), admin, root.id, root.version)

    with c.uow() as uow:
        left = (uow.opportunities.count(), uow.solutions.count(), uow.assumption_tests.count())
        trail = uow.audit.list({"record_type": "opportunity", "record_id": root.id}).items
    assert (0, 0, 0) == left
    assert ["create", "delete"] == [e.action for e in trail]


def test_the_product_tree_groups_outcomes_and_carries_the_hints(any_container):
    c = any_container
    admin, product, goal, root = tree_world(c)
    other = goals.create_goal(c.uow(), admin, product, {"title": "Faster replies"}).id
    add(c, admin, product, "Add canned replies", goal_id=other)
    add(c, admin, product, "Reports take an hour")
    opportunities.set_target(c.uow(), admin, root.id)

    tree = opportunities.product_tree(c.uow(), admin, product)

    assert [goal, other, None] == [o.goal.id if o.goal else None for o in tree.outcomes]
    kinds = {h.kind for h in tree.hints}
    assert {
        HintKind.SEVERAL_OUTCOMES,
        HintKind.NO_OUTCOME,
        HintKind.SOLUTION_PHRASED,
        HintKind.NO_TARGET,
        HintKind.FEW_SOLUTIONS,
    } == kinds
    assert {HintKind.SEVERAL_OUTCOMES, HintKind.FEW_SOLUTIONS} == {
        h.kind for h in tree.outcomes[0].hints
    }


def test_the_demo_has_one_outcome_per_product_with_a_target_of_three_solutions_and_evidence():
    import datetime as _dt

    from valueloop.domain.opportunities import Opportunity, OpportunityStatus
    from valueloop.services import demo

    plan = demo.generate(_dt.datetime(2026, 1, 5, tzinfo=_dt.UTC), password_hash="x")
    opps = [
        Opportunity(**{**row, "status": OpportunityStatus(row["status"])})
        for row in plan.rows["opportunities"]
    ]
    sols = plan.rows["solutions"]
    linked = {row["opportunity_id"] for row in plan.rows["opportunity_links"]}

    for product in {o.product_id for o in opps}:
        mine = [o for o in opps if o.product_id == product]
        targets = [o for o in mine if o.is_target]
        assert 1 == len({o.goal_id for o in mine})
        assert 5 <= len(mine) <= 8
        assert any(o.parent_id is not None for o in mine)
        assert 1 == len(targets)
        assert 3 <= sum(1 for s in sols if s["opportunity_id"] == targets[0].id)
        assert targets[0].id in linked
    assert {"passed", "failed", "running"} <= {t["result"] for t in plan.rows["assumption_tests"]}
