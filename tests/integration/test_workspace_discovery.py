"""The Python API's Opportunity Solution Trees: build, read, export, with the user's rights."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from valueloop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from valueloop.domain.opportunity_hints import HintKind
from valueloop.domain.roles import Role
from valueloop.workspace import Workspace


@pytest.fixture
def ws(container, sqlite_url):
    factories.admin(container)
    with Workspace.open(sqlite_url, user="admin") as workspace:
        yield workspace


def outcome_with_evidence(ws):
    """Relay: outcome "Fewer SLA breaches" with a root, a child and notes from two customers."""
    product = ws.products.create(name="Relay").id
    goal = ws.goals.create(product, title="Fewer SLA breaches").id
    root = ws.discovery.create_opportunity(product, title="Leads miss breaches", goal_id=goal)
    child = ws.discovery.create_opportunity(product, title="Breaches at night", parent_id=root.id)
    for name in ("Acme", "Globex"):
        customer = ws.customers.create(name=name).id
        text = f"{name}: we never see a breach coming."
        note = ws.feedback.record(text, customer_id=customer, product_id=product)
        ws.discovery.link_note(note.id, child.id, 3, highlight="breach coming")
    return product, goal, root, child


def test_a_tree_built_through_the_api_rolls_evidence_up_and_answers_the_hints(ws):
    product, goal, root, child = outcome_with_evidence(ws)
    ws.discovery.set_target(root.id, rationale="Most customers")
    few = {h.kind for h in ws.discovery.hints(product)}
    ideas = [ws.discovery.create_solution(root.id, title=t) for t in ("Forecast", "Pager", "Rota")]
    test = ws.discovery.add_test(ideas[0].id, assumption="Leads read it", category="viability")
    ws.discovery.update_test(test.id, result="passed", run_on="2026-01-02")

    shown = ws.discovery.outcome(goal)
    [top] = shown.roots

    assert (root.id, [child.id]) == (shown.target.id, [c.opportunity.id for c in top.children])
    assert (0, 2, 2) == (top.own_links, top.links, top.customers)
    assert ["Forecast", "Pager", "Rota"] == [s.solution.title for s in top.solutions]
    assert [("viability", "passed", dt.date(2026, 1, 2))] == [
        (t.category.value, t.result.value, t.run_on) for t in top.solutions[0].tests
    ]
    assert HintKind.FEW_SOLUTIONS in few
    assert HintKind.FEW_SOLUTIONS not in {h.kind for h in shown.hints}
    assert ["breach coming", "breach coming"] == [
        n.link.highlight for n in ws.discovery.notes(child.id)
    ]
    assert ["Target opportunity: Leads miss breaches"] == [
        d.title for d in ws.decisions.list(product)
    ]


def test_moves_edits_and_deletes_go_through_the_use_cases(ws):
    product, goal, root, child = outcome_with_evidence(ws)
    idea = ws.discovery.create_solution(root.id, title="Forecast")
    test = ws.discovery.add_test(idea.id, assumption="Read", category="usability")

    ws.discovery.move_opportunity(child.id, None, before_id=root.id)
    renamed = ws.discovery.update_opportunity(root.id, version=root.version, status="parked")
    ws.discovery.move_solution(idea.id, child.id)
    chosen = ws.discovery.update_solution(idea.id, status="chosen", rationale="Cheap")
    links = ws.discovery.notes(child.id)
    ws.discovery.unlink_note(links[0].link.id)
    ws.discovery.delete_test(test.id)

    assert [child.id, root.id] == [r.opportunity.id for r in ws.discovery.outcome(goal).roots]
    assert ("parked", 2) == (renamed.status.value, renamed.version)
    assert (child.id, "chosen") == (chosen.opportunity_id, chosen.status.value)
    assert "Chose solution: Forecast" == ws.decisions.list(product)[0].title
    assert 1 == len(ws.discovery.notes(child.id))
    assert [] == ws.discovery.tests(idea.id)
    ws.discovery.delete_opportunity(child.id)
    with pytest.raises(NotFound):
        ws.discovery.get_solution(idea.id)
    assert [root.id] == [n.opportunity.id for n in ws.discovery.outcome(goal).nodes]


def test_rules_and_rights_are_those_of_the_use_cases(ws, container, sqlite_url):
    product, goal, root, _ = outcome_with_evidence(ws)
    other = ws.products.create(name="Orbit").id
    stranger = ws.goals.create(other, title="More sign-ups").id
    factories.user(container, Role.STAKEHOLDER, product, name="sam")

    with pytest.raises(ValidationFailed, match="category is required") as missing:
        ws.discovery.add_test(
            ws.discovery.create_solution(root.id, title="Forecast").id, assumption="Read"
        )
    with pytest.raises(ValidationFailed, match="not a desired outcome of product") as foreign:
        ws.discovery.export(product, stranger)
    with Workspace.open(sqlite_url, user="sam") as sam:
        seen = sam.discovery.outcome(goal)
        with pytest.raises(PermissionDenied):
            sam.discovery.create_opportunity(product, title="Sam's idea", goal_id=goal)
        with pytest.raises(NotFound):
            sam.discovery.tree(other)

    assert ("category", "goal_id") == (missing.value.field, foreign.value.field)
    assert [root.id] == [r.opportunity.id for r in seen.roots]


def _same_instants(value):
    """The document with its timestamps parsed, so "…+00:00" and "…Z" compare equal."""
    if isinstance(value, dict):
        return {
            k: dt.datetime.fromisoformat(v) if k.endswith("_at") else _same_instants(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_same_instants(v) for v in value]
    return value


def test_the_export_is_the_rest_apis_tree_document(ws, container):
    product, goal, root, _ = outcome_with_evidence(ws)
    ws.discovery.set_target(root.id)
    idea = ws.discovery.create_solution(root.id, title="Add a forecast", status="testing")
    ws.discovery.add_test(idea.id, assumption="Read", category="desirability", run_on="2026-01-02")
    client = factories.api(container)

    whole = client.get(f"/api/v1/products/{product}/opportunity-tree").json()
    one = client.get(f"/api/v1/goals/{goal}/opportunity-tree").json()

    assert _same_instants(whole) == _same_instants(ws.discovery.export(product))
    assert _same_instants(one) == _same_instants(ws.discovery.export(product, goal))
    assert "few_solutions" in [h["kind"] for h in one["hints"]]
