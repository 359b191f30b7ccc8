"""`valueloop ost` against a real workspace: the tree printed, changes stored, errors named."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests import factories
from valueloop.domain import solutions as s
from valueloop.domain.roles import Role
from valueloop.entrypoints.cli import app
from valueloop.services import backlog, customers, feedback, goals, opportunities, solutions


@pytest.fixture
def world(container):
    """A product "Relay" with two goals and a note from a customer; the CLI's URL options."""
    boss = factories.admin(container)
    product = factories.product(container, name="Relay")
    breaches = goals.create_goal(container.uow(), boss, product, {"title": "Fewer SLA breaches"})
    replies = goals.create_goal(container.uow(), boss, product, {"title": "Faster replies"})
    acme = customers.create_customer(container.uow(), boss, {"name": "Acme"})
    note = feedback.record_note(
        container.uow(),
        boss,
        {"text": "We never see a breach coming.", "product_id": product, "customer_id": acme.id},
    )
    url = ["--database-url", str(container.engine.url)]
    return boss, product, breaches.id, replies.id, note.id, url


def ost(*args: object, input: str | None = None):
    return CliRunner().invoke(app, ["ost", *map(str, args)], input=input)


def ok(result) -> str:
    assert 0 == result.exit_code, result.output
    return result.output


def tree(container, boss, goal_id):
    return opportunities.outcome_tree(container.uow(), boss, goal_id)


def test_a_tree_built_from_the_shell_prints_with_evidence_target_and_hints(container, world):
    boss, _, breaches, replies, note, url = world

    ok(ost("add", "Relay", "Leads can't see breaches coming", "--goal", breaches, *url))
    ok(ost("add", "Relay", "Breaches at night", "--parent", 1, "--status", "exploring", *url))
    ok(ost("add", "Relay", "Replies wait for approval", "--goal", replies, *url))
    targeted = ok(ost("target", 1, "--rationale", "Most customers", *url))
    added = ok(ost("solution", "add", 1, "Breach forecast", *url))
    tested = ok(
        ost("test", "add", 1, "Leads read it", "--kind", "desirability", "--result", "passed",
            "--run-on", "2026-01-02", *url)
    )  # fmt: skip
    linked = ok(ost("link", note, 2, "--importance", 3, "--highlight", "breach coming", *url))
    shown = ok(ost("show", "Relay", *url))
    one = ok(ost("show", "Relay", "--goal", replies, *url))

    assert "Opportunity #1 Leads can't see breaches coming is the target of its outcome." in (
        targeted
    )
    assert "Added solution #1 Breach forecast to opportunity #1." in added
    assert "Added test #1 desirability: Leads read it — passed, 2026-01-02" in tested
    assert f"Linked note #{note} to opportunity #2 (importance 3, link #1)." in linked
    assert (
        f"Outcome #{breaches} Fewer SLA breaches\n"
        "  #1 Leads can't see breaches coming [open] — 1 link (0 own), 1 customer  ◎ target\n"
        "    → solution #1 Breach forecast [idea]\n"
        "        · test #1 desirability: Leads read it — passed, 2026-01-02\n"
        "    #2 Breaches at night [exploring] — 1 link, 1 customer\n"
        "\n"
        f"Outcome #{replies} Faster replies\n"
        "  #3 Replies wait for approval [open] — 0 links, 0 customers\n"
    ) in shown
    assert "⚠ Open opportunities serve 2 outcomes at once" in shown
    assert (
        "⚠ The target “Leads can't see breaches coming” has 1 solution; consider at least 3."
        in (shown)
    )
    assert "    why: Consider at least three solutions for the target opportunity" in shown
    assert "Fewer SLA breaches\n" not in one
    assert "#3 Replies wait for approval" in one
    assert "No target opportunity is chosen for “Faster replies”." in one
    stored = tree(container, boss, breaches)
    assert (1, [2]) == (stored.target.id, [c.opportunity.id for c in stored.roots[0].children])
    [sol] = stored.roots[0].solutions
    assert [(s.AssumptionCategory.DESIRABILITY, s.TestResult.PASSED)] == [
        (t.category, t.result) for t in sol.tests
    ]


def test_edits_moves_and_deletes_change_the_stored_tree(container, world):
    boss, product, breaches, _, _, url = world
    root = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Leads miss breaches", "goal_id": breaches}
    )
    child = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Night", "parent_id": root.id}
    )
    sol = solutions.create_solution(container.uow(), boss, root.id, {"title": "Forecast"})
    test = solutions.add_test(
        container.uow(), boss, sol.id, {"assumption": "Read", "category": "usability"}
    )

    ok(ost("edit", child.id, "--title", "Breaches at night", "--status", "parked", *url))
    ok(ost("move", child.id, "--top", "--before", root.id, *url))
    ok(ost("solution", "edit", sol.id, "--status", "chosen", "--rationale", "Cheap", *url))
    ok(ost("test", "edit", test.id, "--result", "failed", "--findings", "Nobody read it", *url))
    stored = tree(container, boss, breaches)
    chosen = solutions.get_solution(container.uow(), boss, sol.id)
    edited = solutions.get_test(container.uow(), boss, test.id)
    ok(ost("test", "delete", test.id, "--yes", *url))
    ok(ost("solution", "delete", sol.id, "--yes", *url))
    declined = ost("delete", root.id, *url, input="n\n")
    kept = tree(container, boss, breaches)
    ok(ost("delete", root.id, *url, input="y\n"))

    assert [(child.id, "Breaches at night"), (root.id, "Leads miss breaches")] == [
        (n.opportunity.id, n.opportunity.title) for n in stored.roots
    ]
    assert "parked" == stored.roots[0].opportunity.status.value
    assert s.SolutionStatus.CHOSEN == chosen.status
    assert (s.TestResult.FAILED, "Nobody read it") == (edited.result, edited.findings)
    with container.uow() as uow:
        decision = uow.decisions.list({"product_id": product}, order_by=("-id",)).items[0]
    assert ("Chose solution: Forecast", "Cheap") == (decision.title, decision.rationale)
    assert 1 == declined.exit_code
    assert [child.id, root.id] == [n.opportunity.id for n in kept.roots]
    assert [] == kept.roots[1].solutions
    assert [child.id] == [n.opportunity.id for n in tree(container, boss, breaches).roots]


def test_errors_print_the_domain_message_exit_1_and_change_nothing(container, world):
    boss, product, breaches, replies, note, url = world
    root = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Leads miss breaches", "goal_id": breaches}
    )
    sol = solutions.create_solution(container.uow(), boss, root.id, {"title": "Forecast"})
    reader = factories.user(container, Role.STAKEHOLDER, product, name="sam")

    no_kind = ost("test", "add", sol.id, "Leads read it", *url)
    bad_kind = ost("test", "add", sol.id, "Leads read it", "--kind", "vibes", *url)
    too_important = ost("link", note, root.id, "--importance", 7, *url)
    elsewhere = ost("add", "Relay", "Replies wait", "--goal", replies, "--parent", root.id, *url)
    missing = ost("edit", 999, "--title", "Ghost", *url)
    readers_add = ost("add", "Relay", "Idea", "--goal", breaches, "--user", reader.username, *url)
    readers_view = ost("show", "Relay", "--user", "sam", *url)
    foreign_goal = ost("export", "Relay", "--goal", 999, *url)

    for result, message in [
        (
            no_kind,
            "error: category is required (desirability, viability, feasibility or usability)",
        ),
        (bad_kind, "error: category must be one of"),
        (too_important, "error: importance must be 0, 1, 2 or 3"),
        (elsewhere, "error: the parent opportunity serves another desired outcome"),
        (missing, "error: opportunity 999 does not exist"),
        (readers_add, f"error: sam may not edit item on product {product}"),
        (foreign_goal, "error: goal 999 does not exist"),
    ]:
        assert 1 == result.exit_code, result.output
        assert message in result.output
        assert "Traceback" not in result.output
    assert 0 == readers_view.exit_code, readers_view.output
    assert "#1 Leads miss breaches [open]" in readers_view.output
    stored = tree(container, boss, breaches)
    assert [root.id] == [n.opportunity.id for n in stored.nodes]
    assert [] == stored.roots[0].solutions[0].tests
    assert 0 == stored.roots[0].links


def test_export_writes_the_tree_as_json_to_stdout_or_a_file(container, world, tmp_path):
    boss, product, breaches, replies, note, url = world
    root = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Leads miss breaches", "goal_id": breaches}
    )
    opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Replies wait", "goal_id": replies}
    )
    solutions.create_solution(container.uow(), boss, root.id, {"title": "Forecast"})
    ok(ost("link", note, root.id, "--importance", 2, *url))
    target = tmp_path / "tree.json"

    whole = json.loads(ok(ost("export", "Relay", *url)))
    ok(ost("export", str(product), "--goal", breaches, "--output", target, *url))
    one = json.loads(target.read_text(encoding="utf-8"))

    assert product == whole["product_id"]
    assert [breaches, replies] == [o["goal"]["id"] for o in whole["outcomes"]]
    assert "several_outcomes" in [h["kind"] for h in whole["hints"]]
    assert whole["outcomes"][0] == one
    [node] = one["roots"]
    assert ("Leads miss breaches", 1, 1, ["Forecast"]) == (
        node["title"],
        node["links"],
        node["customers"],
        [x["title"] for x in node["solutions"]],
    )


def test_a_solution_moves_between_opportunities_and_links_to_a_backlog_item(container, world):
    boss, product, breaches, _, _, url = world
    first = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Leads miss breaches", "goal_id": breaches}
    )
    second = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Agents miss breaches", "goal_id": breaches}
    )
    a = solutions.create_solution(container.uow(), boss, first.id, {"title": "Forecast"})
    b = solutions.create_solution(container.uow(), boss, first.id, {"title": "Alarm"})
    item = backlog.create_item(
        container.uow(), boss, product, {"title": "Breach alarm", "type": "feature"}
    ).id

    ok(ost("solution", "move", b.id, "--before", a.id, *url))
    order = [x.id for x in solutions.list_solutions(container.uow(), boss, first.id)]
    ok(ost("solution", "move", a.id, "--opportunity", second.id, *url))
    linked = ok(ost("solution", "link", b.id, "--item", item, *url))
    made = ok(ost("solution", "link", a.id, "--new-item", *url))
    made_item = solutions.get_solution(container.uow(), boss, a.id).item_id
    ok(ost("solution", "link", b.id, "--unlink", *url))
    neither = ost("solution", "link", b.id, *url)

    assert [b.id, a.id] == order
    assert [b.id] == [x.id for x in solutions.list_solutions(container.uow(), boss, first.id)]
    assert [a.id] == [x.id for x in solutions.list_solutions(container.uow(), boss, second.id)]
    assert f"delivered by item #{item}" in linked
    assert made_item is not None
    assert f"delivered by item #{made_item}" in made
    with container.uow() as uow:
        assert "Forecast" == uow.items.require(made_item).title
    assert solutions.get_solution(container.uow(), boss, b.id).item_id is None
    assert 0 != neither.exit_code
    assert "--item" in neither.output
