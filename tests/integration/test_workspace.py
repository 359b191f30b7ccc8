"""The Python API: the use cases for scripts and notebooks, with the user's rights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests import factories
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied
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
