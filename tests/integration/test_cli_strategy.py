"""The strategy commands of `valueloop`: goals, measures, surveys, finance, catalogue, stages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import factories
from valueloop.bootstrap import Container
from valueloop.domain.roles import Role
from valueloop.entrypoints import cli
from valueloop.services import customers, goals, lifecycle

NPS_CSV = """respondent,customer,date,score,comment
r1,Acme,2026-01-05,10,Love the dashboards
r2,,2026-01-09,8,Exports are slow
r3,ACME-1,2026-02-02,9,
r4,,2026-02-10,3,Too expensive
"""


@pytest.fixture
def run(tmp_path, sqlite_url):
    """Run the CLI against the test workspace; returns the click result."""
    runner = CliRunner()

    def invoke(*args: str):
        where = ["--data-dir", str(tmp_path), "--database-url", sqlite_url]
        return runner.invoke(cli.app, [*args, *where])

    return invoke


@pytest.fixture
def world(container: Container):
    """An admin, a product with a goal and measures, and a customer."""
    admin = factories.admin(container)
    product_id = factories.product(container, name="Relay Helpdesk")
    goal = goals.create_goal(
        container.uow(), admin, product_id, {"title": "Customers recommend us"}
    )
    measures = {
        name: goals.add_measure(container.uow(), admin, goal.id, fields)
        for name, fields in {
            "nps": {"name": "NPS", "baseline": 0, "target": 50, "computed_by": "survey:nps"},
            "rpe": {
                "name": "Revenue per employee",
                "baseline": 0,
                "target": 30_000,
                "computed_by": "finance:revenue_per_employee",
            },
            "activation": {"name": "Activation", "baseline": 0, "target": 1},
        }.items()
    }
    customers.create_customer(container.uow(), admin, {"name": "Acme", "external_id": "ACME-1"})
    return admin, product_id, goal, measures


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def observations(container, admin, measure_id) -> list[tuple[dt.date, float, str]]:
    return [
        (o.observed_on, o.value, o.source)
        for o in goals.list_observations(container.uow(), admin, measure_id)
    ]


def test_goals_list_shows_the_tree_with_computed_progress_and_the_vanity_warning(
    run, container, world
):
    admin, product_id, goal, measures = world
    tactical = goals.create_goal(
        container.uow(),
        admin,
        product_id,
        {"title": "Publish more articles", "level": "tactical", "parent_id": goal.id},
    )
    goals.add_measure(
        container.uow(),
        admin,
        tactical.id,
        {"name": "Articles", "baseline": 0, "target": 10, "kind": "output"},
    )
    goals.record_observation(
        container.uow(), admin, measures["activation"].id, dt.date(2026, 1, 1), 0.25
    )

    result = run("goals", "list", "--product", "relay helpdesk")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Relay Helpdesk (product {product_id}, ideation)"
    assert (
        f"  #{goal.id} Customers recommend us — strategic, current value, active, progress 25%"
        in lines
    )
    assert "      · Activation: 0.25 (baseline 0, target 1 ↑, 25%; outcome; manual)" in lines
    assert "      · NPS: no data (baseline 0, target 50 ↑, –; outcome; survey:nps)" in lines
    assert any(line.startswith(f"    #{tactical.id} Publish more articles") for line in lines)
    assert "        ⚠ vanity risk: no outcome or impact measure" in lines


def test_goals_close_logs_the_decision_and_refuses_a_second_close(run, container, world):
    _, _, goal, _ = world

    closed = run("goals", "close", str(goal.id), "--status", "dropped", "--rationale", "pivot")
    again = run("goals", "close", str(goal.id), "--status", "achieved", "--rationale", "x")

    assert closed.exit_code == 0, closed.output
    assert f"Goal #{goal.id} is dropped; decision #" in closed.stdout
    assert again.exit_code == 1
    assert again.stderr == "error: the goal is already dropped\n"


def test_measures_import_stores_observations_and_is_rerunnable(run, container, world, tmp_path):
    admin, product_id, _, measures = world
    path = write(tmp_path, "obs.csv", "measure,date,value,note\nActivation,2026-01-01,0.2,\n")

    first = run("measures", "import", path, "--product", str(product_id))
    second = run("measures", "import", path, "--product", "Relay Helpdesk")

    assert first.exit_code == 0, first.output
    assert first.stdout == "obs.csv: 1 observations — 1 new, 0 changed, 0 unchanged.\n"
    assert "0 new, 0 changed, 1 unchanged" in second.stdout
    assert [(dt.date(2026, 1, 1), 0.2, "file:obs.csv")] == observations(
        container, admin, measures["activation"].id
    )


def test_a_malformed_observations_file_names_the_line_and_field_and_imports_nothing(
    run, container, world, tmp_path
):
    admin, product_id, _, measures = world
    path = write(
        tmp_path,
        "obs.csv",
        "measure,date,value\nActivation,2026-01-01,0.2\nActivation,2026-02-01,lots\n",
    )

    result = run("measures", "import", path, "--product", str(product_id))

    assert result.exit_code == 1
    assert result.stderr == "error: obs.csv, line 3, field value: 'lots' is not a number\n"
    assert [] == observations(container, admin, measures["activation"].id)


def test_measures_refresh_reports_sources_that_cannot_compute_yet(run, container, world):
    admin, _, goal, _ = world
    goals.add_measure(
        container.uow(),
        admin,
        goal.id,
        {"name": "Lead time", "baseline": 30, "target": 10, "direction": "lower",
         "computed_by": "delivery:lead_time"},
    )  # fmt: skip

    result = run("measures", "refresh")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Refreshed 2 computed measures with 0 observations.",
        "No source computes these yet, so they were left as they are: "
        "delivery:lead_time (1 measure).",
    ]


def test_surveys_import_computes_the_nps_measure_and_files_comments_as_notes(
    run, container, world, tmp_path
):
    admin, _, _, measures = world
    path = write(tmp_path, "nps.csv", NPS_CSV)

    result = run("surveys", "import", path, "--product", "Relay Helpdesk", "--survey", "nps")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("nps.csv: 4 answers — 4 new, 0 changed, 0 unchanged.\n")
    assert [
        (dt.date(2026, 1, 1), 50.0, "survey:nps"),
        (dt.date(2026, 2, 1), 0.0, "survey:nps"),
    ] == observations(container, admin, measures["nps"].id)
    with container.uow() as uow:
        assert 3 == uow.notes.count({"source": "survey:nps"})


def test_a_malformed_survey_file_names_the_line_and_field_and_imports_nothing(
    run, container, world, tmp_path
):
    _, product_id, _, _ = world
    path = write(tmp_path, "nps.csv", NPS_CSV.replace("r4,,2026-02-10,3", "r4,,2026-02-10,11"))

    result = run("surveys", "import", path, "--product", str(product_id), "--survey", "nps")

    assert result.exit_code == 1
    assert result.stderr == (
        "error: nps.csv, line 5, field score: score must be a whole number from 0 to 10 for nps\n"
    )
    with container.uow() as uow:
        assert 0 == uow.survey_responses.count()
        assert 0 == uow.notes.count()


def test_surveys_scores_prints_each_period_with_its_interval(run, container, world, tmp_path):
    _, product_id, _, _ = world
    run("surveys", "import", write(tmp_path, "nps.csv", NPS_CSV), "--product", str(product_id),
        "--survey", "nps")  # fmt: skip

    monthly = run("surveys", "scores", "--product", str(product_id), "--survey", "nps")
    quarterly = run(
        "surveys", "scores", "--product", str(product_id), "--survey", "nps",
        "--period", "quarter", "--confidence", "0.9",
    )  # fmt: skip

    assert monthly.exit_code == 0, monthly.output
    rows = [line for line in monthly.stdout.splitlines() if line.startswith("│")]
    assert ["2026-01", "2026-02"] == [r.split("│")[1].strip() for r in rows]
    assert "50.0" in rows[0]
    assert "95% interval" in monthly.stdout
    assert "2026-Q1" in quarterly.stdout
    assert "90% interval" in quarterly.stdout


def test_finance_import_feeds_the_finance_measures(run, container, world, tmp_path):
    admin, _, _, measures = world
    path = write(
        tmp_path,
        "finance.csv",
        "period,product,cost,revenue,headcount\n"
        "2026-01-01,Relay Helpdesk,50000,120000,6\n"
        "2026-02-01,Relay Helpdesk,50000,150000,6\n",
    )

    result = run("finance", "import", path)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("finance.csv: 2 rows — 2 new, 0 changed, 0 unchanged.")
    assert [20_000.0, 25_000.0] == [
        v for _, v, _ in observations(container, admin, measures["rpe"].id)
    ]


def test_a_malformed_finance_file_names_the_line_and_imports_nothing(
    run, container, world, tmp_path
):
    path = write(
        tmp_path,
        "finance.csv",
        "period,product,cost,revenue,headcount\n"
        "2026-01-01,Relay Helpdesk,50000,120000,6\n"
        "2026-02-01,Nowhere,50000,150000,6\n",
    )

    result = run("finance", "import", path)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: finance.csv, line 3, field product: no product")
    with container.uow() as uow:
        assert 0 == uow.finance.count()


def test_catalogue_sync_then_list_shows_every_measure_and_its_source(run, container, world):
    synced = run("catalogue", "sync")
    again = run("catalogue", "sync")
    listed = run("catalogue", "list")

    assert synced.exit_code == 0, synced.output
    assert " 0 measures added, 0 refreshed" in again.stdout
    assert "│ nps " in listed.stdout
    assert "survey:nps" in listed.stdout
    assert "(not yet)" in listed.stdout  # sources later capabilities will register


def test_stage_gate_and_move_record_the_decision_with_the_gate(run, container, world):
    admin, product_id, _, measures = world
    lifecycle.add_exit_criterion(
        container.uow(),
        admin,
        product_id,
        stage="ideation",
        measure_id=measures["activation"].id,
        comparator=">=",
        threshold=0.5,
        description="Activation at least half",
    )
    goals.record_observation(
        container.uow(), admin, measures["activation"].id, dt.date(2026, 1, 1), 0.3
    )

    gate = run("stage", "gate", "Relay Helpdesk")
    refused = run("stage", "move", str(product_id), "--to", "research", "--rationale", "go")
    moved = run(
        "stage", "move", str(product_id), "--to", "research", "--rationale", "board", "--override"
    )

    assert gate.exit_code == 0, gate.output
    assert gate.stdout.splitlines()[:3] == [
        "Relay Helpdesk is in ideation; next: research.",
        "Exit criteria of ideation: 0 of 1 met.",
        "  ✗ Activation at least half: latest 0.3, needs >= 0.5",
    ]
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: the exit criteria of ideation are not met")
    assert moved.exit_code == 0, moved.output
    assert "Relay Helpdesk moved from ideation to research." in moved.stdout
    assert "exit criteria of ideation: overridden" in moved.stdout


def test_commands_act_with_the_rights_of_the_user_named(run, container, world, tmp_path):
    _, product_id, _, _ = world
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    path = write(tmp_path, "nps.csv", NPS_CSV)

    listed = run("goals", "list", "--user", "sam")
    refused = run(
        "surveys", "import", path, "--product", str(product_id), "--survey", "nps", "--user", "sam"
    )

    assert listed.exit_code == 0, listed.output
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: ")
    assert len(refused.stderr.splitlines()) == 1


def test_an_unknown_product_or_user_is_one_line(run, world):
    product = run("goals", "list", "--product", "Nope")
    user = run("goals", "list", "--user", "nobody")

    assert product.exit_code == user.exit_code == 1
    assert product.stderr == "error: no product 'Nope' (give its id or its name)\n"
    assert user.stderr == "error: user nobody does not exist\n"
