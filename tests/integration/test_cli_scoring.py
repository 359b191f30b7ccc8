"""`valueloop score`: scores with their terms in three formats, one item's breakdown, rank
stability, calibration and value vs effort, from the shell."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from tests import factories
from valueloop.domain.roles import Role
from valueloop.entrypoints import cli
from valueloop.services import backlog, estimates


@pytest.fixture
def run(tmp_path, sqlite_url):
    runner = CliRunner()

    def invoke(*args: str):
        where = ["--data-dir", str(tmp_path), "--database-url", sqlite_url]
        return runner.invoke(cli.app, [*args, *where])

    return invoke


@pytest.fixture
def acme(container):
    """Intercom's three RICE projects and one unestimated item. The article's confidences (100%,
    80%, 50%) are set by hand as confidences in their bands: 1.0 high, 0.6 medium, 0.3 low."""
    boss = factories.admin(container)
    product_id = factories.product(container, name="Acme")
    ids = {}
    for title, reach, impact, confidence, effort in (
        ("Project 1", 450, 3, 1.0, 2),
        ("Project 2", 2000, 1, 0.6, 4),
        ("Project 3", 800, 2, 0.3, 1),
    ):
        item = backlog.create_item(container.uow(), boss, product_id, {"title": title})
        ids[title] = item.id
        for field, likely in (("reach", reach), ("impact", impact), ("effort", effort)):
            estimates.set_estimate(container.uow(), boss, item.id, field, {"likely": likely})
        estimates.set_priority(
            container.uow(),
            boss,
            item.id,
            {"confidence_override": confidence, "override_reason": "the article's confidence"},
        )
    ids["Later"] = backlog.create_item(container.uow(), boss, product_id, {"title": "Later"}).id
    estimates.set_estimate(
        container.uow(),
        boss,
        ids["Project 1"],
        "reach",
        {"low": 300, "likely": 450, "high": 3000, "distribution": "uniform"},
    )
    return product_id, ids


def test_score_list_prints_the_backlog_highest_first_with_terms(run, acme):
    result = run("score", "list", "Acme")

    assert 0 == result.exit_code, result.output
    lines = result.output.splitlines()
    assert "Acme: 3 of 4 items scored with RICE" == lines[0]
    ranked = [line for line in lines if "Project" in line or "Later" in line]
    assert ["Project 3", "Project 1", "Project 2", "Later"] == [
        next(t for t in ("Project 1", "Project 2", "Project 3", "Later") if t in line)
        for line in ranked
    ]
    assert ["800", "675", "400"] == [line.split("│")[3].strip() for line in ranked[:3]]
    assert "lacks reach, impact, effort" in ranked[3]


def test_score_list_as_json_and_csv_carries_the_terms(run, acme):
    as_json = json.loads(run("score", "list", "Acme", "--format", "json", "--top", "2").output)
    as_csv = list(csv.DictReader(io.StringIO(run("score", "list", "1", "--format", "csv").output)))

    assert ("rice", 4, 3) == (as_json["framework"], as_json["total"], as_json["scored"])
    assert [800.0, 675.0] == [i["score"] for i in as_json["items"]]
    assert {"reach": 800.0, "impact": 2.0, "confidence": 0.5, "effort": 1.0} == as_json["items"][0][
        "terms"
    ]
    assert ["1", "2", "3", ""] == [r["place"] for r in as_csv]
    assert "RICE 400 = reach × impact × confidence ÷ effort" in as_csv[2]["explain"]
    assert "reach impact effort" == as_csv[3]["missing"]


def test_score_explain_names_each_term_and_the_recorded_override(run, acme):
    _, ids = acme

    result = run("score", "explain", str(ids["Project 2"]))

    assert 0 == result.exit_code, result.output
    assert "RICE 400 = reach × impact × confidence ÷ effort" in result.output
    assert "confidence = 0.8 (medium, set by hand)" in result.output
    assert "set by hand: the article's confidence" in result.output
    assert "not linked to any current goal: unaligned" in result.output


def test_score_stability_reports_the_chance_of_the_top_k(run, acme):
    result = run("score", "stability", "Acme", "--top-k", "1", "--draws", "1000", "--seed", "7")

    assert 0 == result.exit_code, result.output
    assert "Acme: RICE, 1,000 draws, top 1, seed 7" in result.output
    assert "1 items left out" in result.output
    project_3 = next(line for line in result.output.splitlines() if "Project 3" in line)
    # Project 1's reach may reach 3,000 (RICE up to 4,500), so Project 3 is not always first.
    chance = float(project_3.split("%")[0].split()[-1])
    assert 0 < chance < 100


def test_score_quadrants_and_calibration_run_on_the_product(run, acme):
    grid = run("score", "quadrants", "Acme", "--value-threshold", "1000")
    report = run("score", "calibration", "Acme")

    assert 0 == grid.exit_code, grid.output
    assert "Project 2: value 1,600, effort 4" in grid.output  # 2000 × 1 × 0.8
    assert "big bet (1)" in grid.output
    assert "Acme: 0 snapshots; 0 predictions measured, 0 awaiting a measurement." in report.output


def test_a_bad_framework_is_one_line_on_stderr(run, acme):
    result = run("score", "list", "Acme", "--framework", "moscow")

    assert 1 == result.exit_code
    assert result.output.startswith("error: framework must be one of rice, ice, wsjf")


def test_a_non_member_cannot_see_the_scores(run, acme, container):
    factories.user(container, Role.PRODUCT_LEADER, factories.product(container), name="eve")

    result = run("score", "list", "Acme", "--user", "eve")

    assert 1 == result.exit_code
    assert "error:" in result.output


def test_score_settings_saves_the_grid_that_quadrants_then_uses_until_reset(run, acme):
    saved = run(
        "score",
        "settings",
        "Acme",
        "--quadrant-value",
        "reach",
        "--quadrant-value-threshold",
        "1000",
    )
    grid = run("score", "quadrants", "Acme")
    reset = run("score", "settings", "Acme", "--reset-quadrants")
    after = run("score", "quadrants", "Acme")

    assert 0 == saved.exit_code, saved.output
    assert "value axis: reach (saved for this product)" in saved.output
    assert "high at or above: 1,000 (saved for this product)" in saved.output
    assert "effort axis: effort (framework default)" in saved.output
    assert "Acme: value reach ≥ 1,000 is high; effort effort ≤ 2 is low" in grid.output
    assert "value: saved for this product" in grid.output
    assert "Project 2: value 2,000, effort 4" in grid.output  # reach alone, a big bet
    assert "value axis: reach * impact * confidence_rice (framework default)" in reset.output
    assert "value: framework default" in after.output


def test_score_settings_refuses_a_bad_axis_pointing_at_the_position(run, acme):
    result = run("score", "settings", "Acme", "--quadrant-effort", "effort + efort")

    assert 1 == result.exit_code
    assert result.output.startswith(
        "error: quadrant_effort, column 10: unknown name 'efort' (did you mean 'effort'?)"
    )


def test_a_grid_option_given_with_reset_quadrants_is_saved_and_the_rest_reset(run, acme):
    run("score", "settings", "Acme", "--quadrant-value", "reach", "--quadrant-effort", "1")

    result = run(
        "score", "settings", "Acme", "--reset-quadrants", "--quadrant-value-threshold", "50"
    )

    assert 0 == result.exit_code, result.output
    assert "value axis: reach * impact * confidence_rice (framework default)" in result.output
    assert "high at or above: 50 (saved for this product)" in result.output
    assert "effort axis: effort (framework default)" in result.output
