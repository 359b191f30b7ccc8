"""Strategy and EBM over HTTP: uploads, gates, loops, catalogue."""

from tests import factories


def setup(container):
    client = factories.api(container)
    product = client.post("/api/v1/products", json={"name": "Helpdesk"}).json()
    goal = client.post(f"/api/v1/products/{product['id']}/goals", json={"title": "Delight"}).json()
    return client, product["id"], goal["id"]


def test_a_survey_upload_refreshes_the_nps_measure(container):
    client, product_id, goal_id = setup(container)
    measure = client.post(
        f"/api/v1/goals/{goal_id}/measures",
        json={"name": "NPS", "baseline": 0, "target": 50, "computed_by": "survey:nps"},
    ).json()
    csv = b"respondent,date,score\na,2026-05-02,10\nb,2026-05-03,9\nc,2026-05-09,2\n"

    uploaded = client.post(
        f"/api/v1/products/{product_id}/surveys/nps", files={"file": ("nps.csv", csv, "text/csv")}
    )
    scores = client.get(f"/api/v1/products/{product_id}/surveys/nps")
    observed = client.get(f"/api/v1/measures/{measure['id']}/observations")

    assert uploaded.status_code == 200
    assert uploaded.json()["created"] == 3
    assert [round(s["value"], 2) for s in scores.json()] == [33.33]
    assert [(o["observed_on"], o["source"]) for o in observed.json()] == [
        ("2026-05-01", "survey:nps")
    ]


def test_a_malformed_upload_is_a_422_naming_line_and_field(container):
    client, product_id, _ = setup(container)
    csv = b"respondent,date,score\na,2026-05-02,10\nb,2026-13-03,9\n"

    response = client.post(
        f"/api/v1/products/{product_id}/surveys/nps", files={"file": ("nps.csv", csv, "text/csv")}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "date"
    assert "nps.csv, line 3" in response.json()["detail"]


def test_the_stage_move_endpoint_refuses_unmet_criteria_then_records_an_override(container):
    client, product_id, goal_id = setup(container)
    measure = client.post(
        f"/api/v1/goals/{goal_id}/measures",
        json={"name": "Interviews", "baseline": 0, "target": 10},
    ).json()
    client.post(
        f"/api/v1/products/{product_id}/exit-criteria",
        json={"stage": "ideation", "measure_id": measure["id"], "comparator": ">=", "threshold": 5},
    )

    gate = client.get(f"/api/v1/products/{product_id}/gate").json()
    refused = client.post(f"/api/v1/products/{product_id}/stage", json={"stage": "research"})
    moved = client.post(
        f"/api/v1/products/{product_id}/stage",
        json={"stage": "research", "override": True, "rationale": "funding deadline"},
    )

    assert gate["met"] is False
    assert refused.status_code == 422
    assert moved.status_code == 200
    assert moved.json()["evidence"]["override"] is True


def test_the_catalogue_syncs_and_lists_all_four_areas(container):
    client = factories.api(container)

    synced = client.post("/api/v1/kvms/sync").json()
    kvms = client.get("/api/v1/kvms").json()

    assert synced["added"] == len(kvms) == 29
    assert {k["kva"] for k in kvms} == {
        "current_value",
        "unrealized_value",
        "ability_to_innovate",
        "time_to_market",
    }


def test_the_goal_loop_runs_from_hypothesis_to_adaptation(container):
    client, _, goal_id = setup(container)

    loop = client.post(
        f"/api/v1/goals/{goal_id}/loops",
        json={"hypothesis": "h", "measurement": "m", "hypothesized_on": "2026-01-01"},
    ).json()
    client.post(
        f"/api/v1/loops/{loop['id']}/steps",
        json={"step": "result", "on": "2026-01-15", "result": "r"},
    )
    adapted = client.post(
        f"/api/v1/loops/{loop['id']}/steps",
        json={"step": "adapted", "on": "2026-01-16", "adaptation": "drop"},
    ).json()

    assert adapted["step"] == "adapted"
    assert adapted["time_to_learn_days"] == 14
    assert adapted["decision_id"] is not None


def test_the_stage_cannot_be_changed_by_a_plain_edit_that_would_skip_the_gate(container):
    client, product_id, _ = setup(container)

    response = client.patch(
        f"/api/v1/products/{product_id}", json={"version": 1, "lifecycle_stage": "beta"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lifecycle_stage"
    assert client.get(f"/api/v1/products/{product_id}").json()["lifecycle_stage"] == "ideation"
