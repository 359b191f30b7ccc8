"""In the browser: a demo-like Opportunity Solution Tree, a solution added inline, still there
after a reload; collapsing a node and moving one with the keyboard buttons; drags that update the
tree in place (no reload) and a refused drag that puts the node back."""

from __future__ import annotations

import re

import pytest

from tests import factories
from valueloop.services import (
    customers,
    feedback,
    goals,
    opportunities,
    opportunity_links,
    solutions,
)

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


def _open_marked_tree(page, sign_in, container):
    """The demo-like tree plus a note linked to “Urgent tickets…” and a solution under it, open
    in the browser with a mark on the window that a navigation would lose. Returns the ids of
    the root, of “Urgent tickets…” and of that solution."""
    product, goal, root = _demo_like(container)
    admin = factories.admin(container)
    customer = customers.create_customer(container.uow(), admin, {"name": "Initech"}).id
    note = feedback.record_note(
        container.uow(),
        admin,
        {"text": "Urgent tickets wait all day", "product_id": product, "customer_id": customer},
    ).id
    loose = next(
        o
        for o in opportunities.product_tree(container.uow(), admin, product).outcomes[0].nodes
        if o.opportunity.title.startswith("Urgent")
    ).opportunity.id
    opportunity_links.link_note(container.uow(), admin, note, loose, 3)
    spare = solutions.create_solution(container.uow(), admin, loose, {"title": "Queue rules"}).id
    sign_in(page, then=f"/products/{product}/opportunities?goal={goal}")
    page.evaluate("window.stillHere = 'yes'")
    return root, loose, spare


def _top_titles(page):
    return page.locator(".ost-tree > .ost-opportunity").evaluate_all(
        "nodes => nodes.map(n => n.dataset.title)"
    )


def _evidence(page, opportunity_id):
    return page.locator(f"#opp-{opportunity_id} > .ost-card .ost-evidence").text_content()


def test_dragging_an_opportunity_nests_it_in_place_and_refreshes_the_evidence_counts(
    page, sign_in, container
):
    root, loose, _ = _open_marked_tree(page, sign_in, container)
    assert "0 notes · 0 customers" == _evidence(page, root)

    page.locator(f"#opp-{loose} > .ost-card").drag_to(page.locator(f"#opp-{root} > .ost-card"))
    page.locator("[data-ost-status]", has_text="Moved").wait_for()

    assert "yes" == page.evaluate("window.stillHere")  # no navigation happened
    assert 1 == page.locator(f"#opp-{root} > .ost-children > #opp-{loose}").count()
    assert "1 note · 1 customer" == _evidence(page, root)  # the root counts its subtree now
    assert ["Team leads learn about a breach only when the customer complains"] == _top_titles(page)
    page.reload()
    assert 1 == page.locator(f"#opp-{root} > .ost-children > #opp-{loose}").count()
    assert "1 note · 1 customer" == _evidence(page, root)


def test_dragging_a_solution_reorders_or_moves_it_and_the_hint_goes_away(page, sign_in, container):
    root, _, spare = _open_marked_tree(page, sign_in, container)
    solutions_of_root = page.locator(f"#opp-{root} > .ost-children > .ost-solution")
    assert page.get_by_text("has 2 solutions; consider at least 3").is_visible()

    # the second solution onto the first: it goes before it
    solutions_of_root.nth(1).locator(":scope > .ost-card").drag_to(
        solutions_of_root.nth(0).locator(":scope > .ost-card")
    )
    page.locator("[data-ost-status]", has_text="before").wait_for()
    # a solution of another opportunity onto the target: the target now has three
    page.locator(f"#solution-{spare} > .ost-card").drag_to(page.locator(f"#opp-{root} > .ost-card"))
    page.locator("[data-ost-status]", has_text="Moved “Queue rules”").wait_for()
    # and its ↑ button moves it up one
    page.locator(f"#solution-{spare} > .ost-card").get_by_role("button", name="Move up").click()
    page.locator("[data-ost-status]", has_text="Moved “Queue rules” up").wait_for()

    order = solutions_of_root.evaluate_all("nodes => nodes.map(n => n.dataset.title)")
    assert "yes" == page.evaluate("window.stillHere")
    assert [
        "SLA badges in the ticket list",
        "Queue rules",
        "Breach warnings before the SLA deadline",
    ] == order
    assert 0 == page.get_by_text("consider at least 3").count()  # the hints were refreshed
    page.reload()
    assert order == solutions_of_root.evaluate_all("nodes => nodes.map(n => n.dataset.title)")


def test_a_refused_drag_puts_the_opportunity_back_and_says_why(page, sign_in, container):
    root, loose, _ = _open_marked_tree(page, sign_in, container)
    before = _top_titles(page)
    # someone else deletes the target of the drop while the page is open
    opportunities.delete_opportunity(container.uow(), factories.admin(container), root, None)

    page.locator(f"#opp-{loose} > .ost-card").drag_to(page.locator(f"#opp-{root} > .ost-card"))
    status = page.locator("[data-ost-status].is-error")
    status.wait_for()

    assert "yes" == page.evaluate("window.stillHere")
    assert "Could not move “Urgent tickets sit in the wrong queue for hours”" in (
        status.text_content()
    )
    assert f"opportunity {root} is not in this product" in status.text_content()
    assert before == _top_titles(page)  # back where it was, at the top level
