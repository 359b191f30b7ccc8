"""In the browser: a demo-like Opportunity Solution Tree, a solution added inline, still there
after a reload; collapsing a node and moving one with the keyboard buttons."""

from __future__ import annotations

import re

import pytest

from tests import factories
from valueloop.services import goals, opportunities, solutions

pytestmark = pytest.mark.e2e


def _demo_like(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Relay Helpdesk")
    goal = goals.create_goal(
        container.uow(), admin, product, {"title": "Stop SLA breaches for enterprise accounts"}
    ).id

    def opp(title, **fields):
        return opportunities.create_opportunity(
            container.uow(), admin, product, {"title": title, "goal_id": goal, **fields}
        ).id

    root = opp("Team leads learn about a breach only when the customer complains")
    opp("Nobody owns escalations after 6 pm", parent_id=root)
    opp("Urgent tickets sit in the wrong queue for hours")
    opportunities.set_target(container.uow(), admin, root)
    for title in ("Breach warnings before the SLA deadline", "SLA badges in the ticket list"):
        solutions.create_solution(container.uow(), admin, root, {"title": title})
    return product, goal, root


def test_a_solution_added_under_an_opportunity_shows_in_the_tree_after_reload(
    page, sign_in, container
):
    product, goal, root = _demo_like(container)
    url = f"/products/{product}/opportunities?goal={goal}"
    sign_in(page, then=url)
    node = page.locator(f"#opp-{root}")
    assert "★ Target" in node.locator(":scope > .ost-card").text_content()
    assert page.get_by_text("has 2 solutions; consider at least 3").is_visible()

    node.locator(":scope > .ost-adds summary", has_text="+ Solution").click()
    page.locator(f"#solution-for-{root}").fill("Escalation rules with on-call routing")
    page.locator(f"#solution-for-{root}").press("Enter")
    page.wait_for_url(re.compile(re.escape(url)))
    page.reload()

    titles = page.locator(f"#opp-{root} > .ost-children > .ost-solution .ost-title")
    assert "Escalation rules with on-call routing" in titles.all_text_contents()
    assert 0 == page.get_by_text("consider at least 3").count()


def test_collapsing_hides_children_and_the_keyboard_buttons_move_a_node(page, sign_in, container):
    product, goal, root = _demo_like(container)
    url = f"/products/{product}/opportunities?goal={goal}"
    sign_in(page, then=url)
    child = page.locator(f"#opp-{root} .ost-opportunity").first

    page.locator(f"#opp-{root} > .ost-card [data-ost-toggle]").click()
    assert not child.is_visible()
    page.locator(f"#opp-{root} > .ost-card [data-ost-toggle]").click()
    child.locator(":scope > .ost-card").get_by_role("button", name="Move out one level").click()
    page.wait_for_load_state("load")
    page.locator(".ost-tree > .ost-opportunity").nth(2).wait_for()

    tops = page.locator(".ost-tree > .ost-opportunity").evaluate_all(
        "nodes => nodes.map(n => n.dataset.title)"
    )
    assert [
        "Team leads learn about a breach only when the customer complains",
        "Nobody owns escalations after 6 pm",
        "Urgent tickets sit in the wrong queue for hours",
    ] == tops
