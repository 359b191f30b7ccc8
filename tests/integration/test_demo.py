"""The demo workspace: deterministic, realistic, consistent with the domain rules, usable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import make_container
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.engine import create_engine
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.adapters.importers import surveys_csv
from valueloop.domain.errors import Conflict
from valueloop.domain.goals import GoalLevel, KeyValueArea, check_parent
from valueloop.services import (
    accounts,
    backlog,
    collaboration,
    decisions,
    demo,
    feedback,
    goals,
    initiatives,
    lifecycle,
    measure_sources,
    products,
    surveys,
)

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    path = tmp_path_factory.mktemp("demo") / "valueloop.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    demo.ensure_demo(SqlBulkUnitOfWork(engine), now=NOW, catalogue=load_kvm_catalogue())
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_container(tmp_path, demo_template):
    path = tmp_path / "valueloop.db"
    shutil.copy(demo_template, path)
    built = make_container(f"sqlite:///{path}", tmp_path)
    yield built
    built.close()


@pytest.fixture(scope="module")
def plan():
    return demo.generate(NOW, password_hash="not-a-real-hash")


def test_generating_twice_from_the_same_inputs_gives_the_same_rows():
    first = demo.generate(NOW, password_hash="h")
    second = demo.generate(NOW, password_hash="h")

    assert first.rows == second.rows


def test_the_demo_has_the_promised_size(plan):
    counts = {name: len(rows) for name, rows in plan.rows.items()}

    assert counts["customers"] == 300
    assert 3000 <= counts["feedback_notes"] <= 5000
    assert 250 <= counts["backlog_items"] <= 350
    assert counts["products"] == 2
    assert counts["decisions"] >= 10
    assert counts["feedback_links"] >= 1000
    assert counts["survey_responses"] >= 4000
    assert 4 <= counts["initiatives"] <= 6


def test_customers_spread_over_segments_statuses_and_a_skewed_arr(plan):
    customers = plan.rows["customers"]
    arr = sorted(float(c["arr"]) for c in customers)

    assert {"SMB", "Mid-market", "Enterprise"} == {c["segment"] for c in customers}
    assert {"active", "churned", "prospect", "lost_deal"} == {c["status"] for c in customers}
    assert arr[-1] > 20 * arr[len(arr) // 2]  # a long tail, as ARR has


def test_feedback_comes_from_seven_sources_over_a_year_with_varied_texts(plan):
    notes = plan.rows["feedback_notes"]
    days = [n["received_on"] for n in notes]

    assert {
        "support",
        "interview",
        "sales_call",
        "app_review",
        "portal",
        "survey:nps",
        "survey:csat",
    } == {n["source"] for n in notes}
    assert dt.timedelta(days=350) < max(days) - min(days) <= dt.timedelta(days=365)
    # Portal votes' notes all read "Voted for the portal idea …" (services/idea_evidence.py).
    written = [n for n in notes if not str(n["external_id"] or "").startswith("vote:")]
    assert len({n["text"] for n in written}) > 0.9 * len(written)  # a few repeats, as in life


def test_every_highlighted_passage_occurs_in_its_note_and_importance_is_0_to_3(plan):
    texts = {n["id"]: n["text"] for n in plan.rows["feedback_notes"]}

    for link in plan.rows["feedback_links"]:
        assert link["highlight"] in texts[link["note_id"]]
    assert {0, 1, 2, 3} == {link["importance"] for link in plan.rows["feedback_links"]}


def test_backlog_items_cover_types_and_statuses_with_unique_ranks_per_product(plan):
    items = plan.rows["backlog_items"]
    ranks = Counter((i["product_id"], i["rank"]) for i in items)

    assert {"feature", "improvement", "bug", "tech_debt", "experiment"} == {
        i["type"] for i in items
    }
    assert {"new", "ready", "in_progress", "done", "rejected"} == {i["status"] for i in items}
    assert max(ranks.values()) == 1
    assert any(i["estimate"] is None for i in items)
    assert any(i["goal_id"] is not None for i in items)


def test_goals_form_a_valid_hierarchy_with_measures_in_all_four_value_areas(plan):
    goal_rows = {g["id"]: g for g in plan.rows["goals"]}
    measured = {m["goal_id"] for m in plan.rows["measures"]}

    for goal in goal_rows.values():
        parent = goal_rows.get(goal["parent_id"])
        check_parent(goal["level"], parent["level"] if parent else None)
        assert goal["id"] in measured
    assert set(KeyValueArea) == {g["kva"] for g in goal_rows.values()}
    assert set(GoalLevel) == {g["level"] for g in goal_rows.values()}


def test_measures_entered_by_hand_have_a_year_of_weekly_observations(plan):
    by_measure: dict[object, list[dt.date]] = {}
    for row in plan.rows["observations"]:
        by_measure.setdefault(row["measure_id"], []).append(row["observed_on"])
    manual = {m["id"] for m in plan.rows["measures"] if m["computed_by"] == "manual"}

    assert set(by_measure) <= manual
    for days in by_measure.values():
        assert len(days) == 52
        assert {b - a for a, b in itertools.pairwise(days)} == {dt.timedelta(weeks=1)}


def _stored(container, query: str) -> list[tuple]:
    with container.engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(query)]


def test_every_value_area_of_the_main_product_has_two_measures_with_a_year_of_history(
    demo_container,
):
    rows = _stored(
        demo_container,
        "SELECT g.kva, m.id, o.observed_on FROM observations o "
        "JOIN measures m ON m.id = o.measure_id JOIN goals g ON g.id = m.goal_id "
        "WHERE g.product_id = 1",
    )
    months: dict[tuple[str, int], set[str]] = {}
    for kva, measure_id, day in rows:
        months.setdefault((kva, measure_id), set()).add(str(day)[:7])

    for area in KeyValueArea:
        with_a_year = [m for (kva, m), seen in months.items() if kva == area and len(seen) >= 12]
        assert len(with_a_year) >= 2, area


def test_computed_measures_get_their_observations_from_their_source(demo_container):
    computed = _stored(demo_container, "SELECT id, computed_by FROM measures")
    sources = dict(
        _stored(demo_container, "SELECT measure_id, group_concat(DISTINCT source) "
                "FROM observations GROUP BY measure_id")
    )  # fmt: skip

    assert {key for _, key in computed if key != "manual"} <= set(measure_sources.registered())
    for measure_id, key in computed:
        if key != "manual":
            assert key == sources.get(measure_id), measure_id
    assert {"survey:nps", "survey:csat", "survey:enps", "survey:satisfaction_gap"} <= {
        key for _, key in computed
    }
    assert {"finance:revenue_per_employee", "finance:product_cost_ratio"} <= {
        key for _, key in computed
    }


def test_nps_comes_in_monthly_waves_and_comments_become_notes_of_the_customer(plan):
    helpdesk = 1
    answers = [
        r
        for r in plan.rows["survey_responses"]
        if (r["product_id"], r["survey"]) == (helpdesk, "nps")
    ]
    per_month = Counter(str(r["responded_on"])[:7] for r in answers)
    notes = {n["id"]: n for n in plan.rows["feedback_notes"]}
    commented = [r for r in answers if r["comment"]]

    assert len(per_month) >= 12
    assert all(100 <= n <= 200 for n in per_month.values()), per_month
    assert 0.2 < len(commented) / len(answers) < 0.6
    for answer in commented:
        note = notes[answer["note_id"]]
        assert "survey:nps" == note["source"]
        assert answer["customer_id"] == note["customer_id"] is not None
        assert f"{answer['comment']} (score {answer['score']:g})" == note["text"]


def test_importing_a_month_of_demo_answers_again_changes_nothing(demo_container):
    admin = accounts.principal_named(demo_container.uow(), "demo")
    rows = _stored(
        demo_container,
        "SELECT r.respondent, c.external_id, r.responded_on, r.score, r.comment "
        "FROM survey_responses r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.product_id = 1 AND r.survey = 'nps' AND r.source_file = 'nps-2025-03.csv'",
    )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["respondent", "customer", "date", "score", "comment"])
    writer.writerows(rows)
    answers = surveys_csv.read("nps-2025-03.csv", "nps", text=text.getvalue())

    report = surveys.import_answers(
        demo_container.uow(), admin, 1, "nps", answers, "nps-2025-03.csv"
    )

    assert (0, 0, len(rows)) == (report.created, report.updated, report.unchanged)


def test_finance_gives_twelve_months_of_revenue_per_employee(plan, demo_container):
    helpdesk_rows = [
        r
        for r in plan.rows["finance_records"]
        if r["product_id"] == 1 and r["initiative_id"] is None
    ]
    expected = [(str(r["period_start"]), r["revenue"] / r["headcount"]) for r in helpdesk_rows]
    rpe = _stored(
        demo_container,
        "SELECT o.observed_on, o.value FROM observations o JOIN measures m ON m.id = o.measure_id "
        "WHERE m.computed_by = 'finance:revenue_per_employee' ORDER BY o.observed_on",
    )

    assert 12 == len(helpdesk_rows)
    assert expected == [(str(day), pytest.approx(value)) for day, value in rpe]


def test_initiatives_serve_goals_with_items_budgets_and_spend(demo_container):
    boss = accounts.principal_named(demo_container.uow(), "demo")

    standings = initiatives.list_initiatives(demo_container.uow(), boss, 1)

    assert 4 <= len(standings) <= 6
    for s in standings:
        assert s.initiative.goal_id is not None
        assert s.item_ids
        assert s.progress.budget
        assert s.progress.spend > 0
    assert {"active", "done"} <= {s.initiative.status.value for s in standings}


def test_the_current_stage_has_exit_criteria_some_met_and_a_past_move_is_on_record(
    demo_container,
):
    boss = accounts.principal_named(demo_container.uow(), "demo")

    gate = lifecycle.product_gate(demo_container.uow(), boss, 1)
    moves = [
        d
        for d in decisions.list_decisions(demo_container.uow(), boss, 1).items
        if d.record_type == "product" and "gate" in d.evidence
    ]

    assert "launch" == gate.stage.value
    assert {True, False} == {check.met for check in gate.checks}
    assert ["Move Relay Helpdesk from beta to launch"] == [d.title for d in moves]
    assert "beta" == moves[0].evidence["gate"]["stage"]
    assert moves[0].decided_at.date() < NOW.date()


def test_goal_loops_reach_every_step_and_adaptations_are_logged_as_decisions(plan):
    loops = plan.rows["goal_experiments"]
    logged = {d["id"]: d for d in plan.rows["decisions"]}
    steps = Counter(
        "adapted" if r["adapted_on"] else "result" if r["result_on"] else
        "shipped" if r["shipped_on"] else "hypothesis"
        for r in loops
    )  # fmt: skip

    assert {"hypothesis", "shipped", "result", "adapted"} == set(steps)
    assert {"keep", "change", "drop"} == {r["adaptation"] for r in loops if r["adaptation"]}
    for loop in loops:
        assert (loop["adaptation"] is None) == (loop["decision_id"] is None)
        if loop["decision_id"]:
            assert loop["goal_id"] == logged[loop["decision_id"]]["record_id"]


def test_the_catalogue_is_synced_and_measures_name_its_entries_and_sources(plan):
    catalogue = load_kvm_catalogue()
    synced = demo.generate(NOW, password_hash="h", catalogue=catalogue)
    registered = set(measure_sources.registered())
    keyed = [m for m in plan.rows["measures"] if m["catalogue_key"]]

    assert len(catalogue.measures) == len(synced.rows["kvm_definitions"])
    assert len(keyed) >= 15
    for measure in keyed:
        entry = catalogue.get(str(measure["catalogue_key"]))
        assert entry is not None, measure["name"]
        if entry.computed_by in registered:
            assert entry.computed_by == measure["computed_by"], measure["name"]


def test_demo_users_sign_in_with_the_printed_password(demo_container):
    user = accounts.authenticate(demo_container.uow(), "demo", demo.DEMO_PASSWORD)

    assert user.is_admin


def test_the_demo_is_usable_through_the_use_cases(demo_container):
    owner = accounts.principal_named(demo_container.uow(), "oliver")
    helpdesk = products.list_products(demo_container.uow(), owner).items[0]

    tree = goals.goal_tree(demo_container.uow(), owner, helpdesk.id)
    top = backlog.list_items(demo_container.uow(), owner, helpdesk.id, limit=40).items
    demand = feedback.demand_for_items(
        demo_container.uow(), owner, helpdesk.id, [i.id for i in top]
    )
    moved = backlog.move_item(demo_container.uow(), owner, top[5].id, after_id=None)

    assert tree
    assert all(g.progress is not None for g in tree)
    assert sum(d.customers for d in demand.values()) > 0
    assert moved.id == backlog.list_items(demo_container.uow(), owner, helpdesk.id).items[0].id


def test_comments_mention_people_who_get_notified(plan, demo_container):
    boss = accounts.principal_named(demo_container.uow(), "demo")
    kinds = Counter(n["kind"] for n in plan.rows["notifications"])

    assert any("@" in str(c["body"]) for c in plan.rows["comments"])
    assert kinds["mention"] > 0
    assert kinds["comment"] > 0
    assert collaboration.unread_count(demo_container.uow(), boss) > 0


def test_running_the_demo_again_keeps_the_workspace(demo_container):
    again = demo.ensure_demo(SqlBulkUnitOfWork(demo_container.engine), now=NOW)

    assert not again.built
    assert again.counts["customers"] == 300


def test_a_workspace_with_other_data_is_refused_unless_reset(container):
    factories.product(container, name="Mine")

    with pytest.raises(Conflict, match="not the demo"):
        demo.ensure_demo(SqlBulkUnitOfWork(container.engine), now=NOW)
    rebuilt = demo.ensure_demo(SqlBulkUnitOfWork(container.engine), now=NOW, reset=True)
    admin = accounts.principal_named(container.uow(), "demo")

    assert rebuilt.built
    assert ["Relay Helpdesk", "Relay Insights"] == [
        p.name for p in products.list_products(container.uow(), admin).items
    ]


@pytest.mark.postgres
def test_the_demo_builds_on_postgresql_and_new_records_get_fresh_ids(postgres_url, tmp_path):
    built = make_container(postgres_url, tmp_path)
    try:
        result = demo.ensure_demo(SqlBulkUnitOfWork(built.engine), now=NOW)
        admin = accounts.principal_named(built.uow(), "demo")
        created = products.create_product(built.uow(), admin, {"name": "Third"})
    finally:
        built.close()

    assert result.counts["products"] + 1 == created.id


def test_no_text_keeps_an_unfilled_placeholder(plan):
    texts = [
        value
        for rows in plan.rows.values()
        for row in rows
        for value in row.values()
        if isinstance(value, str)
    ]

    assert [] == [t for t in texts if re.search(r"\{[a-z_]+\}", t)]
