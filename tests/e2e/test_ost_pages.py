"""The Opportunity Solution Tree pages over HTTP: forms, escaping, CSRF and the node page."""

from __future__ import annotations

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.services import goals, opportunities, solutions


def _tree(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    goal = goals.create_goal(container.uow(), admin, product, {"title": "Fewer SLA breaches"}).id
    root = opportunities.create_opportunity(
        container.uow(),
        admin,
        product,
        {"title": "<script>alert(1)</script> leads", "goal_id": goal},
    )
    return product, goal, root


def test_the_tree_page_escapes_titles_and_adds_a_child_through_its_form(container):
    product, goal, root = _tree(container)
    client, token = signed_in(container)

    page = client.get(f"/products/{product}/opportunities?goal={goal}")
    added = client.post(
        f"/products/{product}/opportunities",
        data={
            "csrf_token": token,
            "title": "Breaches at night",
            "parent_id": str(root.id),
            "next": f"/products/{product}/opportunities?goal={goal}",
        },
    )
    again = client.get(f"/products/{product}/opportunities?goal={goal}")

    assert 200 == page.status_code
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; leads" in page.text
    assert (303, f"/products/{product}/opportunities?goal={goal}") == (
        added.status_code,
        added.headers["location"],
    )
    assert "Breaches at night" in again.text
    assert f'data-parent-id="{root.id}"' in again.text


def test_a_form_without_the_csrf_token_is_refused(container):
    _, _, root = _tree(container)
    client, _ = signed_in(container)

    answer = client.post(f"/opportunities/{root.id}/solutions", data={"title": "Warnings"})

    assert answer.status_code in (400, 403)
    assert [] == solutions.list_solutions(container.uow(), factories.admin(container), root.id)


def test_the_node_page_adds_a_solution_and_a_test_and_records_its_result(container):
    _, _, root = _tree(container)
    client, token = signed_in(container)
    admin = factories.admin(container)

    client.post(
        f"/opportunities/{root.id}/solutions",
        data={"csrf_token": token, "title": "Breach warnings"},
    )
    s = solutions.list_solutions(container.uow(), admin, root.id)[0]
    client.post(
        f"/solutions/{s.id}/tests",
        data={"csrf_token": token, "assumption": "Leads act on it", "category": "desirability"},
    )
    t = solutions.list_tests(container.uow(), admin, s.id)[0]
    client.post(
        f"/assumption-tests/{t.id}",
        data={
            "csrf_token": token,
            "version": str(t.version),
            "result": "passed",
            "findings": "8 of 10",
        },
    )
    page = client.get(f"/opportunities/{root.id}")

    assert 200 == page.status_code
    assert "Breach warnings" in page.text
    assert "Leads act on it" in page.text
    assert "passed" == solutions.get_test(container.uow(), admin, t.id).result.value


def test_a_bad_move_comes_back_with_the_reason(container):
    product, _, root = _tree(container)
    admin = factories.admin(container)
    child = opportunities.create_opportunity(
        container.uow(), admin, product, {"title": "Breaches at night", "parent_id": root.id}
    )
    client, token = signed_in(container)

    answer = client.post(
        f"/opportunities/{root.id}/move", data={"csrf_token": token, "parent_id": str(child.id)}
    )
    page = client.get(answer.headers["location"])

    assert "under itself" in page.text
    assert None is opportunities.get_opportunity(container.uow(), admin, root.id).parent_id
