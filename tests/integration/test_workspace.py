"""The Python API: the use cases for scripts and notebooks, with the user's rights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests import factories
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from valueloop.domain.roles import Role
from valueloop.services import accounts
from valueloop.workspace import Workspace


@pytest.fixture
def ws(container, sqlite_url):
    factories.admin(container)
    with Workspace.open(sqlite_url, user="admin") as workspace:
        yield workspace


def test_products_are_created_listed_and_updated_with_their_version(ws):
    created = ws.products.create(name="Relay", vision="Calm support")

    updated = ws.products.update(created.id, version=created.version, target_market="EU SMBs")

    assert ["Relay"] == [p.name for p in ws.products.list()]
    assert ("EU SMBs", 2) == (updated.target_market, updated.version)
    with pytest.raises(Conflict):
        ws.products.update(created.id, version=created.version, name="Stale")


def test_items_are_created_filtered_by_status_and_moved(ws):
    product = ws.products.create(name="Relay")
    backlog = ws.items(product.id)
    first, second, third = (backlog.create(title=t) for t in ("First", "Second", "Third"))
    backlog.update(second.id, status="ready")

    backlog.move(third.id, after_id=None)

    assert ["Third", "First", "Second"] == [i.title for i in backlog.list()]
    assert ["Second"] == [i.title for i in backlog.list(status="ready")]
    assert isinstance(backlog.get(first.id), BacklogItem)


def test_goals_with_measures_and_observations_show_progress(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Customers recommend us", kva="current_value")
    measure = ws.goals.add_measure(goal.id, name="NPS", baseline=10, target=30, unit="points")

    ws.goals.record(measure.id, dt.date(2025, 1, 6), 15)
    ws.goals.record(measure.id, "2025-01-13", 20)

    [tree] = ws.goals.tree(product.id)
    assert 0.5 == tree.progress
    assert [15.0, 20.0] == [o.value for o in ws.goals.observations(measure.id)]


def test_feedback_is_recorded_linked_and_rolled_up_into_demand(ws):
    product = ws.products.create(name="Relay")
    item = ws.items(product.id).create(title="SLA policies per plan")
    acme = ws.customers.create(name="Acme", segment="Enterprise", arr=120_000)
    note = ws.feedback.record(
        text="We need SLA policies per plan. Please.", customer_id=acme.id, product_id=product.id
    )

    ws.feedback.link(note.id, item.id, 3, highlight="SLA policies per plan")

    demand, notes = ws.items(product.id).evidence(item.id)
    assert (1, 120_000.0) == (demand.customers, demand.arr)
    assert [note.id] == [n.note.id for n in notes]
    assert [acme.id] == [c.id for c in ws.customers.list(segment="Enterprise")]
    assert [note.id] == [n.id for n in ws.feedback.list(customer_id=acme.id)]
    assert {item.id: 1} == {k: d.customers for k, d in ws.items(product.id).demand().items()}


def test_decisions_and_comments_with_mentions_reach_the_people_named(ws, container):
    product = ws.products.create(name="Relay")
    bob = factories.user(container, Role.STAKEHOLDER, product.id, name="bob")

    decision = ws.decisions.record(
        product.id, title="Salesforce first", decision="Build it", options=["SF", "HubSpot"]
    )
    ws.comments.add("decision", decision.id, "@bob what do you think?")

    assert [decision.id] == [d.id for d in ws.decisions.list(product.id)]
    with Workspace.open(container.settings.database_url, user=bob.username) as as_bob:
        assert 1 == as_bob.notifications.unread()
        assert ["decision"] == [n.record_type.value for n in as_bob.notifications.list()]


def test_the_users_rights_apply(ws, container):
    product = ws.products.create(name="Relay")
    factories.user(container, Role.STAKEHOLDER, product.id, name="sam")

    with Workspace.open(container.settings.database_url, user="sam") as as_sam:
        assert ["Relay"] == [p.name for p in as_sam.products.list()]
        with pytest.raises(PermissionDenied):
            as_sam.items(product.id).create(title="Sneaky")


def test_new_roles_count_at_once(ws, container):
    leader = factories.user(container, name="lea")
    ws.products.set_role(ws.products.create(name="Seed").id, "lea", Role.PRODUCT_LEADER)

    with Workspace.open(container.settings.database_url, user=leader.username) as as_lea:
        product = as_lea.products.create(name="Lea's product")
        item = as_lea.items(product.id).create(title="Works straight away")

    assert item.product_id == product.id


def test_an_unknown_user_cannot_open_the_workspace(sqlite_url):
    with pytest.raises(NotFound, match="user nobody does not exist"):
        Workspace.open(sqlite_url, user="nobody")


def test_open_by_data_directory_and_close_releases_the_connections(
    tmp_path, container, monkeypatch
):
    monkeypatch.delenv("VALUELOOP_DATABASE_URL", raising=False)
    factories.admin(container, "alice")
    data_dir = tmp_path  # the container's SQLite file is <tmp_path>/valueloop.db

    with Workspace.open(data_dir=data_dir, user="alice") as ws:
        ws.products.create(name="Via data dir")
        engine = ws._container.engine

    assert 0 == engine.pool.checkedout()
    with Workspace.open(data_dir=str(data_dir), user="alice") as again:
        assert ["Via data dir"] == [p.name for p in again.products.list()]


def test_the_example_in_the_docs_runs(container, sqlite_url, capsys):
    docs = Path(__file__).parents[2] / "docs" / "python-api.md"
    example = docs.read_text().split("```python\n")[1].split("```")[0]
    accounts.create_first_admin(container.uow(), "priya", factories.PASSWORD)

    exec(example.replace("sqlite:///data/valueloop.db", sqlite_url), {})  # noqa: S102

    assert "SLA policies per plan" in capsys.readouterr().out


def test_products_are_found_by_id_or_name(ws):
    relay = ws.products.create(name="Relay Helpdesk")

    assert relay.id == ws.products.find("relay helpdesk").id == ws.products.find(relay.id).id
    with pytest.raises(NotFound):
        ws.products.find("Nope")


def test_survey_answers_from_rows_compute_the_measure_and_score_per_period(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Customers recommend us")
    nps = ws.goals.add_measure(goal.id, name="NPS", baseline=0, target=50, computed_by="survey:nps")
    rows = [
        {"respondent": "a", "date": dt.date(2026, 1, 5), "score": 10, "comment": "Great"},
        {"respondent": "b", "date": "2026-01-09", "score": 8},
        {"respondent": "c", "date": dt.date(2026, 2, 2), "score": 3.0},
    ]

    report = ws.surveys.import_rows(product.id, "nps", rows)

    assert (3, 3) == (report.rows, report.created)
    assert [50.0, -100.0] == [o.value for o in ws.goals.observations(nps.id)]
    [quarter] = ws.surveys.scores(product.id, "nps", period="quarter")
    assert (dt.date(2026, 1, 1), 3) == (quarter.period_start, quarter.score.responses)
    assert ["Great (score 10)"] == [n.text for n in ws.feedback.list(source="survey:nps")]


def test_bad_survey_rows_name_the_row_and_field_and_import_nothing(ws, tmp_path):
    product = ws.products.create(name="Relay")
    rows = [
        {"respondent": "a", "date": "2026-01-05", "score": 9},
        {"respondent": "b", "date": "2026-01-06", "score": 11},
    ]
    path = tmp_path / "csat.csv"
    path.write_text("respondent,date,score\nx,2026-01-05,6\n", encoding="utf-8")

    with pytest.raises(ValidationFailed) as error:
        ws.surveys.import_rows(product.id, "nps", rows, source="crm export")
    with pytest.raises(ValidationFailed) as file_error:
        ws.surveys.import_file(product.id, "csat", path)

    assert error.value.message.startswith("crm export, line 3, field score:")
    assert file_error.value.message.startswith("csat.csv, line 2, field score:")
    assert [] == ws.surveys.scores(product.id, "nps")


def test_finance_rows_feed_the_finance_measures_of_their_products(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Efficient growth")
    ratio = ws.goals.add_measure(
        goal.id,
        name="Cost ratio",
        baseline=1,
        target=0.5,
        direction="lower",
        computed_by="finance:product_cost_ratio",
    )

    ws.finance.import_rows(
        [{"period": "2026-01-01", "product": "Relay", "cost": 60, "revenue": 100, "headcount": 2}]
    )

    assert [0.6] == [o.value for o in ws.goals.observations(ratio.id)]
    assert [(100.0, 2.0)] == [(t.revenue, t.headcount) for t in ws.finance.totals(product.id)]
    assert 1 == len(ws.finance.records(product.id))


def test_observations_import_and_refresh_through_measures(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Activation")
    activation = ws.goals.add_measure(goal.id, name="Activation", baseline=0, target=1)
    ws.goals.add_measure(
        goal.id, name="Lead time", baseline=30, target=10, direction="lower",
        computed_by="delivery:lead_time",
    )  # fmt: skip

    report = ws.measures.import_rows(
        product.id, [{"measure": "Activation", "date": "2026-01-01", "value": 0.4}]
    )
    refreshed = ws.measures.refresh(product.id)

    assert 1 == report.created
    assert [0.4] == [o.value for o in ws.goals.observations(activation.id)]
    assert {"delivery:lead_time": 1} == refreshed.unavailable
    assert "survey:nps" in ws.measures.sources()


def test_initiatives_roll_up_their_items(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Enterprise ready")
    backlog = ws.items(product.id)
    done = backlog.create(title="SSO", estimate=3)
    backlog.update(done.id, status="in_progress")
    backlog.update(done.id, status="done")
    open_item = backlog.create(title="SCIM", estimate=1)
    plans = ws.initiatives(product.id)
    initiative = plans.create(title="Enterprise identity", goal_id=goal.id, budget=1000)

    assert [done.id, open_item.id] == plans.set_items(initiative.id, add=[done.id, open_item.id])
    [standing] = plans.list(goal_id=goal.id)
    assert 0.75 == standing.progress.share_done
    assert "active" == plans.update(initiative.id, status="active").status.value
    assert standing.initiative.id == plans.get(initiative.id).initiative.id


def test_lifecycle_gate_and_move_with_an_override(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Problem worth solving")
    interviews = ws.goals.add_measure(goal.id, name="Interviews", baseline=0, target=20)
    criterion = ws.lifecycle.add_criterion(
        product.id, stage="ideation", measure_id=interviews.id, comparator=">=", threshold=10
    )
    ws.goals.record(interviews.id, "2026-01-01", 4)

    gate = ws.lifecycle.gate(product.id)
    with pytest.raises(ValidationFailed):
        ws.lifecycle.move(product.id, "research", rationale="ready")
    decision = ws.lifecycle.move(product.id, "research", rationale="strong signal", override=True)

    assert [(criterion.id, 4.0, False)] == [(c.criterion.id, c.latest, c.met) for c in gate.checks]
    assert decision.evidence["override"] is True
    assert "research" == ws.products.get(product.id).lifecycle_stage.value


def test_goal_loops_run_from_hypothesis_to_adaptation(ws):
    product = ws.products.create(name="Relay")
    goal = ws.goals.create(product.id, title="Activation", level="strategic")
    loop = ws.loops.start(
        goal.id,
        hypothesis="A checklist lifts activation",
        measurement="activation rate",
        hypothesized_on="2026-01-01",
    )
    ws.loops.advance(loop.id, "shipped", on="2026-01-08")
    ws.loops.advance(loop.id, "result", on="2026-01-21", result="+3 points")
    adapted = ws.loops.advance(
        loop.id, "adapted", on="2026-01-22", adaptation="keep", rationale="it works"
    )

    assert "adapted" == adapted.step.value
    assert [(dt.date(2026, 1, 21), 20.0)] == ws.loops.time_to_learn(goal.id)
    assert adapted.decision_id == ws.decisions.list(product.id)[0].id


def test_the_catalogue_is_synced_listed_and_edited(ws):
    added, _ = ws.catalogue.sync()
    nps = next(k for k in ws.catalogue.list() if k.key == "nps")

    edited = ws.catalogue.edit(nps.id, version=nps.version, name="Our NPS")

    assert added == len(ws.catalogue.list())
    assert (0, 0) == ws.catalogue.sync()
    assert ("Our NPS", True) == (edited.name, edited.edited)


def test_the_strategy_example_in_the_docs_runs(container, sqlite_url, capsys):
    docs = Path(__file__).parents[2] / "docs" / "python-api.md"
    example = docs.read_text().split("```python\n")[2].split("```")[0]
    accounts.create_first_admin(container.uow(), "priya", factories.PASSWORD)

    exec(example.replace("sqlite:///data/valueloop.db", sqlite_url), {})  # noqa: S102

    assert "NPS" in capsys.readouterr().out
