"""Prioritization over HTTP: estimates, scores, formulas, rank stability, Kano, DVF, MoSCoW and
calibration, with problem+json errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import world

PROBLEM = "application/problem+json"


@pytest.fixture
def w(container) -> world.World:
    return world.build(container)


def put_estimates(w: world.World, item_id: int, **fields: Any) -> None:
    for name, value in fields.items():
        body = value if isinstance(value, dict) else {"likely": value}
        response = w.client.put(f"/api/v1/items/{item_id}/estimates/{name}", json=body)
        assert 200 == response.status_code, response.text


def test_a_formula_that_does_not_compile_is_a_422_pointing_at_the_position(w):
    response = w.client.post(
        f"/api/v1/products/{w.product}/formulas/validate", json={"text": "reach * reech"}
    )

    body = response.json()
    assert (422, PROBLEM) == (response.status_code, response.headers["content-type"])
    assert (
        "formula, column 9: unknown name 'reech' (did you mean 'reach'?)\n"
        "reach * reech\n"
        "        ^^^^^"
    ) == body["detail"]
    assert ("formula", 1, 9) == (
        body["errors"][0]["field"],
        body["errors"][0]["line"],
        body["errors"][0]["column"],
    )


def test_saving_a_bad_formula_names_line_and_column_of_a_multi_line_text(w):
    response = w.client.post(
        f"/api/v1/products/{w.product}/formulas",
        json={"name": "Two lines", "text": "(reach\n  * __import__('os'))"},
    )

    body = response.json()
    assert 422 == response.status_code
    assert body["detail"].startswith("formula, line 2, column 5: unknown function '__import__'")
    assert body["detail"].endswith("\n  * __import__('os'))\n    ^^^^^^^^^^")
    assert "formula" == body["errors"][0]["field"]


def test_saved_formulas_keep_their_versions_and_score_the_backlog(w):
    put_estimates(w, w.item, reach=450, effort=2)
    created = w.client.post(
        f"/api/v1/products/{w.product}/formulas",
        json={"name": "Reach per effort", "text": "reach / effort"},
    ).json()

    changed = w.client.put(
        f"/api/v1/formulas/{created['id']}",
        json={"version": created["version"], "text": "reach * 2 / effort"},
    )
    stale = w.client.put(
        f"/api/v1/formulas/{created['id']}", json={"version": created["version"], "name": "X"}
    )
    scores = w.client.get(
        f"/api/v1/products/{w.product}/scores", params={"framework": changed.json()["framework"]}
    ).json()

    assert (2, "Reach per effort v2") == (changed.json()["revision"], changed.json()["label"])
    assert [2, 1] == [v["revision"] for v in changed.json()["versions"]]
    assert 409 == stale.status_code
    assert ("Reach per effort v2", 450.0) == (scores["label"], scores["items"][0]["score"])
    assert ["reach", "effort"] == [t["name"] for t in scores["items"][0]["terms"]]


def test_scores_come_highest_first_with_terms_evidence_and_confidence(w):
    put_estimates(w, w.item, reach=450, impact=3, effort=2)
    put_estimates(w, w.item2, reach=2000, impact=1, effort=4)

    response = w.client.get(f"/api/v1/products/{w.product}/scores", params={"framework": "rice"})

    body = response.json()
    first = body["items"][0]
    assert 200 == response.status_code
    assert ("rice", 3, 2) == (body["framework"], body["total"], body["scored"])
    assert ["Single sign-on", "Audit export", "Dark mode"] == [
        i["item"]["title"] for i in body["items"]
    ]
    assert first["explain"].startswith("RICE 337.5 = reach × impact × confidence ÷ effort")
    assert (1, 1200.0, 1) == (
        first["evidence"]["customers"],
        first["evidence"]["arr"],
        first["evidence"]["notes"],
    )
    assert first["confidence"]["reasons"][1].startswith("1 opinion (weight 0.1 each)")
    assert ["reach", "impact", "effort"] == body["items"][2]["missing"]
    assert body["items"][2]["place"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"framework": "kano"}, "framework"),
        ({"framework": "formula:999999"}, "framework"),
        ({"sort": "title"}, "sort"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_score_parameters_name_the_parameter(w, params, field):
    response = w.client.get(f"/api/v1/products/{w.product}/scores", params=params)

    assert (field,) == (response.json()["errors"][0]["field"],)
    assert response.status_code in (404, 422)


def test_estimates_are_replaced_with_their_version_and_removed(w):
    url = f"/api/v1/items/{w.item}/estimates/reach"
    first = w.client.put(url, json={"likely": 450, "low": 300, "high": 900})
    second = w.client.put(url, json={"likely": 500, "version": first.json()["version"]})
    stale = w.client.put(url, json={"likely": 600, "version": first.json()["version"]})
    off_scale = w.client.put(f"/api/v1/items/{w.item}/estimates/impact", json={"likely": 4})

    removed = w.client.delete(url)
    listed = w.client.get(f"/api/v1/items/{w.item}/estimates").json()

    assert ("triangular", "point") == (
        first.json()["distribution"],
        second.json()["distribution"],
    )
    assert (409, "version") == (stale.status_code, stale.json()["errors"][0]["field"])
    assert (422, "likely") == (off_scale.status_code, off_scale.json()["errors"][0]["field"])
    assert (204, []) == (removed.status_code, listed)


def test_a_confidence_override_needs_a_reason_and_shows_in_the_score(w):
    put_estimates(w, w.item, reach=100, impact=1, effort=1)
    url = f"/api/v1/items/{w.item}/priority"

    refused = w.client.put(url, json={"confidence_override": 0.9})
    accepted = w.client.put(
        url, json={"confidence_override": 0.9, "override_reason": "A/B test in March"}
    )
    score = w.client.get(f"/api/v1/items/{w.item}/score", params={"framework": "rice"}).json()

    assert (422, "override_reason") == (refused.status_code, refused.json()["errors"][0]["field"])
    assert 200 == accepted.status_code
    assert (100.0, "A/B test in March") == (
        score["score"],
        score["confidence"]["override"]["reason"],
    )


def test_rank_stability_reports_top_k_chances_and_refuses_too_few_draws(w):
    put_estimates(w, w.item, reach={"likely": 100, "low": 50, "high": 150}, impact=1, effort=1)
    put_estimates(w, w.item2, reach={"likely": 100, "low": 50, "high": 150}, impact=1, effort=1)
    url = f"/api/v1/products/{w.product}/rank-stability"

    report = w.client.get(url, params={"framework": "rice", "top": 1, "seed": 3}).json()
    few = w.client.get(url, params={"draws": 999})

    assert (1000, 1) == (report["draws"], report["top_k"])
    assert pytest.approx(1.0) == sum(i["top_k_probability"] for i in report["items"])
    assert [w.doomed_item] == report["unscored"]
    assert (422, "draws") == (few.status_code, few.json()["errors"][0]["field"])


def test_kano_answers_upload_and_give_categories(w):
    csv = (
        "item,respondent,functional,dysfunctional\n"
        f"{w.item},r1,like,dislike\n"
        "Audit export,r1,expect,dislike\n"
        "Audit export,r2,expect,dislike\n"
    )

    uploaded = w.client.post(
        f"/api/v1/products/{w.product}/kano", files={"file": ("kano.csv", csv, "text/csv")}
    )
    results = w.client.get(f"/api/v1/products/{w.product}/kano").json()

    assert (200, 3) == (uploaded.status_code, uploaded.json()["created"])
    assert {w.item: "one_dimensional", w.item2: "must_be"} == {
        r["item_id"]: r["category"] for r in results
    }
    assert {"M": 2} == {k: v for k, v in results[1]["counts"].items() if v}


def test_an_unknown_item_in_a_kano_file_names_the_line(w):
    csv = "item,respondent,functional,dysfunctional\nTeleport,r1,like,dislike\n"

    response = w.client.post(
        f"/api/v1/products/{w.product}/kano", files={"file": ("k.csv", csv, "text/csv")}
    )

    assert 422 == response.status_code
    assert response.json()["detail"].startswith("k.csv, line 2, field item")


def test_assessments_and_the_moscow_check(w):
    put_estimates(w, w.item, effort=8)
    put_estimates(w, w.item2, effort=2)
    for item_id, category in ((w.item, "must"), (w.item2, "should")):
        w.client.put(f"/api/v1/items/{item_id}/priority", json={"moscow": category})
    assessed = w.client.put(
        f"/api/v1/items/{w.item}/assessments/viability",
        json={"rating": "medium", "evidence": "Pricing call with finance"},
    )
    empty = w.client.put(f"/api/v1/items/{w.item}/assessments/viability", json={"rating": "low"})

    check = w.client.get(
        f"/api/v1/products/{w.product}/moscow", params={"item_id": [w.item, w.item2]}
    ).json()
    unknown = w.client.get(f"/api/v1/products/{w.product}/moscow", params={"item_id": [999999]})

    assert (200, "medium") == (assessed.status_code, assessed.json()["rating"])
    assert (422, "evidence") == (empty.status_code, empty.json()["errors"][0]["field"])
    assert (0.8, False) == (check["must_share"], check["within_limit"])
    assert 404 == unknown.status_code


def test_committing_measuring_and_calibrating_over_http(w):
    put_estimates(w, w.item, reach=450, impact=3, effort=2, predicted_impact=5)
    version = w.client.get(f"/api/v1/items/{w.item}").json()["version"]
    w.client.patch(f"/api/v1/items/{w.item}", json={"version": version, "status": "in_progress"})

    impact = w.client.put(
        f"/api/v1/items/{w.item}/measured-impact",
        json={"value": 4, "measure_id": w.measure, "measured_on": "2024-06-01"},
    )
    snapshots = w.client.get(f"/api/v1/items/{w.item}/snapshots").json()
    report = w.client.get(f"/api/v1/products/{w.product}/calibration").json()

    assert 200 == impact.status_code
    assert [("rice", 5.0)] == [
        (s["framework"], s["predicted_impact"]) for s in snapshots["snapshots"]
    ]
    assert 4.0 == snapshots["measured_impact"]["value"]
    assert (1, 0) == (report["measured"], report["awaiting"])
    assert report["by_framework"][0]["verdict"].startswith("too few points: 1 of the 5")
    # The chart's point: alone in its framework, both scaled values sit at the middle.
    assert [(w.item, "RICE", 5.0, 4.0, 0.5, 0.5)] == [
        (
            p["item_id"],
            p["framework"],
            p["predicted_impact"],
            p["measured"],
            p["predicted"],
            p["actual"],
        )
        for p in report["points"]
    ]


def test_scoring_settings_choose_the_default_framework(w):
    put_estimates(w, w.item, cost_of_delay=10, duration=2)

    before = w.client.get(f"/api/v1/products/{w.product}/scoring-settings").json()
    after = w.client.put(
        f"/api/v1/products/{w.product}/scoring-settings", json={"framework": "cd3"}
    ).json()
    scores = w.client.get(f"/api/v1/products/{w.product}/scores").json()

    assert ("rice", 0, "cd3", 1) == (
        before["framework"],
        before["version"],
        after["framework"],
        after["version"],
    )
    assert ("cd3", 5.0) == (scores["framework"], scores["items"][0]["score"])


def test_goals_carry_a_weight(w):
    created = w.client.post(
        f"/api/v1/products/{w.product}/goals", json={"title": "Expand", "weight": 2}
    )
    negative = w.client.post(
        f"/api/v1/products/{w.product}/goals", json={"title": "Shrink", "weight": -1}
    )

    assert (201, 2.0) == (created.status_code, created.json()["weight"])
    assert (422, "weight") == (negative.status_code, negative.json()["errors"][0]["field"])
