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


def test_the_opportunity_page_shows_its_history_and_a_comment_posted_through_its_form(container):
    _, _, root = _tree(container)
    admin = factories.admin(container)
    opportunities.update_opportunity(
        container.uow(), admin, root.id, root.version, {"title": "Leads miss breaches"}
    )
    client, token = signed_in(container)

    posted = client.post(
        f"/records/opportunity/{root.id}/comments",
        data={"csrf_token": token, "body": "Three leads said so <b>today</b>"},
    )
    page = client.get(f"/opportunities/{root.id}")

    assert 303 == posted.status_code
    assert posted.headers["location"].startswith(f"/opportunities/{root.id}#comment-")
    assert 'aria-labelledby="discussion-opportunity"' in page.text
    assert "Three leads said so &lt;b&gt;today&lt;/b&gt;" in page.text
    history = page.text.split('<details class="history">')[1].split("</details>")[0]
    assert "History (2)" in history
    assert "created this" in history
    assert "<ins>Leads miss breaches</ins>" in history
    assert "<del>&lt;script&gt;alert(1)&lt;/script&gt; leads</del>" in history
    assert f'action="/records/opportunity/{root.id}/watch"' in page.text


def test_watching_an_opportunity_from_its_page_turns_the_button_into_stop_watching(container):
    _, _, root = _tree(container)
    client, token = signed_in(container, factories.user(container).username)
    # A plain user has no role on the product: the page and the watch form are hidden (404).
    hidden = client.post(
        f"/records/opportunity/{root.id}/watch", data={"csrf_token": token, "watch": "1"}
    )
    admin_client, admin_token = signed_in(container)

    before = admin_client.get(f"/opportunities/{root.id}").text
    answer = admin_client.post(
        f"/records/opportunity/{root.id}/watch", data={"csrf_token": admin_token, "watch": "0"}
    )
    after = admin_client.get(f"/opportunities/{root.id}").text

    assert 404 == hidden.status_code
    assert ">Stop watching<" in before  # the creator watches it
    assert (303, f"/opportunities/{root.id}") == (answer.status_code, answer.headers["location"])
    assert ">Watch<" in after


def test_each_solution_on_the_opportunity_page_has_its_own_history(container):
    _, _, root = _tree(container)
    admin = factories.admin(container)
    s = solutions.create_solution(container.uow(), admin, root.id, {"title": "Breach warnings"})
    solutions.update_solution(container.uow(), admin, s.id, s.version, {"status": "testing"})
    client, _ = signed_in(container)

    page = client.get(f"/opportunities/{root.id}").text
    panel = page.split(f'id="solution-{s.id}"')[1].split("</article>")[0]
    history = panel.split('<details class="history">')[1]

    assert "History of this solution (2)" in history
    assert "<del>idea</del> → <ins>testing</ins>" in history


def test_a_solution_or_test_link_from_a_notification_opens_the_opportunity_page(container):
    _, _, root = _tree(container)
    admin = factories.admin(container)
    s = solutions.create_solution(container.uow(), admin, root.id, {"title": "Breach warnings"})
    t = solutions.add_test(
        container.uow(), admin, s.id, {"assumption": "Leads act", "category": "desirability"}
    )
    client, _ = signed_in(container)

    to_solution = client.get(f"/solutions/{s.id}")
    to_test = client.get(f"/assumption-tests/{t.id}")

    assert f"/opportunities/{root.id}#solution-{s.id}" == to_solution.headers["location"]
    assert f"/opportunities/{root.id}#test-{t.id}" == to_test.headers["location"]


def test_the_tree_parts_are_the_nodes_and_hints_without_the_layout(container):
    product, goal, root = _tree(container)
    client, _ = signed_in(container)
    outsider, _ = signed_in(container, factories.user(container).username)

    parts = client.get(f"/products/{product}/opportunities/parts?goal={goal}")
    page = client.get(f"/products/{product}/opportunities?goal={goal}")
    hidden = outsider.get(f"/products/{product}/opportunities/parts?goal={goal}")

    assert 200 == parts.status_code
    assert "<nav" not in parts.text  # no top bar: a fragment
    assert f'id="opp-{root.id}"' in parts.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; leads" in parts.text
    assert 'data-ost-part="hints"' in parts.text
    assert f'data-parts-url="/products/{product}/opportunities/parts?goal={goal}"' in page.text
    assert 404 == hidden.status_code
