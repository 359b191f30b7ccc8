"""The Opportunity Solution Tree over HTTP: the nested tree with evidence and hints, and errors."""

from __future__ import annotations

from tests import factories
from valueloop.services import goals


def _setup(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    goal = goals.create_goal(container.uow(), admin, product, {"title": "Fewer breaches"}).id
    return factories.api(container, admin), product, goal


def test_the_outcome_tree_nests_opportunities_solutions_and_tests_with_hints(container):
    client, product, goal = _setup(container)
    root = client.post(
        f"/api/v1/products/{product}/opportunities",
        json={"title": "Leads miss breaches", "goal_id": goal},
    ).json()
    child = client.post(
        f"/api/v1/products/{product}/opportunities",
        json={"title": "Add alerts", "parent_id": root["id"]},
    ).json()
    solution = client.post(
        f"/api/v1/opportunities/{root['id']}/solutions", json={"title": "Warnings"}
    ).json()
    client.post(
        f"/api/v1/solutions/{solution['id']}/tests",
        json={"assumption": "Leads act", "category": "desirability"},
    )
    client.post(f"/api/v1/opportunities/{root['id']}/target", json={"target": True})

    tree = client.get(f"/api/v1/goals/{goal}/opportunity-tree").json()

    assert (goal, root["id"]) == (tree["goal"]["id"], tree["target_id"])
    node = tree["roots"][0]
    assert [child["id"]] == [c["id"] for c in node["children"]]
    assert goal == node["children"][0]["goal_id"]
    assert ["Leads act"] == [t["assumption"] for t in node["solutions"][0]["tests"]]
    assert {"few_solutions", "solution_phrased"} == {h["kind"] for h in tree["hints"]}
    assert all(h["reason"] for h in tree["hints"])


def test_a_cycle_is_a_422_naming_parent_id_and_a_bad_category_names_the_field(container):
    client, product, goal = _setup(container)
    root = client.post(
        f"/api/v1/products/{product}/opportunities", json={"title": "A", "goal_id": goal}
    ).json()
    child = client.post(
        f"/api/v1/products/{product}/opportunities", json={"title": "B", "parent_id": root["id"]}
    ).json()
    solution = client.post(
        f"/api/v1/opportunities/{root['id']}/solutions", json={"title": "S"}
    ).json()

    cycle = client.post(f"/api/v1/opportunities/{root['id']}/move", json={"parent_id": child["id"]})
    bad = client.post(
        f"/api/v1/solutions/{solution['id']}/tests", json={"assumption": "x", "category": "vibes"}
    )

    assert (422, "parent_id") == (cycle.status_code, cycle.json()["errors"][0]["field"])
    assert 422 == bad.status_code
    assert "category" in bad.text
