"""The demo workspace: deterministic, realistic, consistent with the domain rules, usable."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import make_container
from valueloop.adapters.db.engine import create_engine
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.domain.errors import Conflict
from valueloop.domain.goals import GoalLevel, KeyValueArea, check_parent
from valueloop.services import accounts, backlog, collaboration, demo, feedback, goals, products

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    path = tmp_path_factory.mktemp("demo") / "valueloop.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    demo.ensure_demo(SqlBulkUnitOfWork(engine), now=NOW)
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


def test_customers_spread_over_segments_statuses_and_a_skewed_arr(plan):
    customers = plan.rows["customers"]
    arr = sorted(float(c["arr"]) for c in customers)

    assert {"SMB", "Mid-market", "Enterprise"} == {c["segment"] for c in customers}
    assert {"active", "churned", "prospect", "lost_deal"} == {c["status"] for c in customers}
    assert arr[-1] > 20 * arr[len(arr) // 2]  # a long tail, as ARR has


def test_feedback_comes_from_six_sources_over_a_year_with_varied_texts(plan):
    notes = plan.rows["feedback_notes"]
    days = [n["received_on"] for n in notes]

    assert {"support", "interview", "sales_call", "nps_survey", "app_review", "portal"} == {
        n["source"] for n in notes
    }
    assert dt.timedelta(days=350) < max(days) - min(days) <= dt.timedelta(days=365)
    assert len({n["text"] for n in notes}) > 0.9 * len(notes)  # a few repeats, as in life


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


def test_measures_have_a_year_of_weekly_observations(plan):
    by_measure: dict[object, list[dt.date]] = {}
    for row in plan.rows["observations"]:
        by_measure.setdefault(row["measure_id"], []).append(row["observed_on"])

    for days in by_measure.values():
        assert len(days) == 52
        assert {b - a for a, b in itertools.pairwise(days)} == {dt.timedelta(weeks=1)}


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
