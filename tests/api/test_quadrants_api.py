"""Value vs effort over HTTP: fixed lines, axes in the formula language, and who is left off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import world


@pytest.fixture
def w(container) -> world.World:
    return world.build(container)


def put(w: world.World, item_id: int, **fields: Any) -> None:
    for name, likely in fields.items():
        answer = w.client.put(f"/api/v1/items/{item_id}/estimates/{name}", json={"likely": likely})
        assert 200 == answer.status_code, answer.text


def quadrants(w: world.World, **params: Any) -> dict[str, Any]:
    answer = w.client.get(f"/api/v1/products/{w.product}/quadrants", params=params)
    assert 200 == answer.status_code, answer.text
    return answer.json()


def test_rice_axes_put_value_at_or_over_its_line_high_and_effort_at_or_under_its_line_low(w):
    # The world's first item has evidence (one interview-less note: low confidence, 0.5).
    put(w, w.item, reach=2000, impact=2, effort=2)  # value 2000 × 2 × 0.5 = 2000, effort 2
    put(w, w.item2, reach=400, impact=1, effort=5)  # value 200, effort 5

    body = quadrants(w)

    assert ("reach * impact * confidence_rice", "effort", 1000, 2) == tuple(body["axes"].values())
    placed = {p["title"]: (p["value"], p["effort"], p["quadrant"]) for p in body["items"]}
    assert (2000.0, 2.0, "quick_win") == placed["Single sign-on"]
    assert (200.0, 5.0, "time_sink") == placed["Audit export"]
    assert {"quick_win": 1, "big_bet": 0, "fill_in": 0, "time_sink": 1} == body["counts"]
    assert ["Dark mode"] == [u["title"] for u in body["unplaced"]]
    assert "value lacks reach, impact" in body["unplaced"][0]["reason"]


def test_an_items_quadrant_does_not_move_when_another_item_joins_the_backlog(w):
    put(w, w.item, reach=2000, impact=2, effort=2)
    before = quadrants(w)["items"]
    extra = w.client.post(f"/api/v1/products/{w.product}/items", json={"title": "Huge"}).json()
    put(w, extra["id"], reach=900_000, impact=3, effort=1)

    after = {p["item_id"]: p for p in quadrants(w)["items"]}

    assert before[0] == after[w.item]


def test_custom_axes_and_lines_are_used_as_given(w):
    put(w, w.item, value=8, effort=3)

    body = quadrants(
        w, value="value * 10", effort="effort", value_threshold=100, effort_threshold=2
    )

    assert [(80.0, 3.0, "time_sink")] == [
        (p["value"], p["effort"], p["quadrant"]) for p in body["items"]
    ]


def test_a_bad_axis_expression_is_a_422_pointing_at_the_position(w):
    answer = w.client.get(
        f"/api/v1/products/{w.product}/quadrants", params={"value": "reach * reech"}
    )

    body = answer.json()
    assert 422 == answer.status_code
    assert body["detail"].startswith(
        "value, column 9: unknown name 'reech' (did you mean 'reach'?)"
    )
    assert body["detail"].endswith("reach * reech\n        ^^^^^")
    assert "value" == body["errors"][0]["field"]


def settings(w: world.World, **fields: Any) -> Any:
    return w.client.put(f"/api/v1/products/{w.product}/scoring-settings", json=fields)


def test_a_saved_grid_is_the_default_and_the_query_still_overrides_it(w):
    put(w, w.item, value=8, effort=3)

    saved = settings(w, quadrant_value="value * 10", quadrant_value_threshold=50)
    grid = quadrants(w)
    asked = quadrants(w, value="value", value_threshold=5)

    assert 200 == saved.status_code, saved.text
    assert ("value * 10", None, 50.0, None) == tuple(
        saved.json()[k]
        for k in (
            "quadrant_value",
            "quadrant_effort",
            "quadrant_value_threshold",
            "quadrant_effort_threshold",
        )
    )
    assert ("value * 10", "effort", 50, 2) == tuple(grid["axes"].values())
    assert {
        "value": "saved",
        "effort": "framework",
        "value_threshold": "saved",
        "effort_threshold": "framework",
    } == grid["sources"]
    assert [(80.0, "big_bet")] == [(p["value"], p["quadrant"]) for p in grid["items"]]
    assert ("request", "request") == (
        asked["sources"]["value"],
        asked["sources"]["value_threshold"],
    )
    assert [(8.0, "big_bet")] == [(p["value"], p["quadrant"]) for p in asked["items"]]


def test_a_saved_axis_that_does_not_compile_is_a_422_naming_the_field_and_position(w):
    answer = settings(w, quadrant_value="reach * reech")

    body = answer.json()
    assert 422 == answer.status_code
    assert body["detail"].startswith(
        "quadrant_value, column 9: unknown name 'reech' (did you mean 'reach'?)"
    )
    assert body["detail"].endswith("reach * reech\n        ^^^^^")
    assert "quadrant_value" == body["errors"][0]["field"]
    assert (
        None
        is w.client.get(f"/api/v1/products/{w.product}/scoring-settings").json()["quadrant_value"]
    )


def test_null_puts_a_saved_axis_back_to_the_frameworks_own(w):
    settings(w, quadrant_effort="2", quadrant_effort_threshold=1)
    version = w.client.get(f"/api/v1/products/{w.product}/scoring-settings").json()["version"]

    answer = settings(w, quadrant_effort=None, quadrant_effort_threshold=None, version=version)

    assert 200 == answer.status_code, answer.text
    assert (None, None) == (
        answer.json()["quadrant_effort"],
        answer.json()["quadrant_effort_threshold"],
    )
    grid = quadrants(w)
    assert ("effort", 2) == (grid["axes"]["effort"], grid["axes"]["effort_threshold"])
    assert "framework" == grid["sources"]["effort"]


def test_a_negative_saved_effort_line_is_refused(w):
    answer = settings(w, quadrant_effort_threshold=-1)

    assert 422 == answer.status_code
    assert "quadrant_effort_threshold" in answer.text
