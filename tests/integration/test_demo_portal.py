"""The demo's portal: Relay Helpdesk's public pages are on, its ideas span every status and
moderation state, votes are evidence on linked items, and the outbox holds sent, pending and
failed messages."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

import pytest

from tests import factories
from tests.conftest import make_container
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.engine import create_engine
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.domain.ideas import IdeaStatus, Moderation
from valueloop.domain.outbox import MessageStatus
from valueloop.services import close_the_loop, demo, feedback, ideas, outbox, portal, products

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory, sqlite_template):
    tmp_path = tmp_path_factory.mktemp("demo_portal")
    path = tmp_path / "valueloop.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    demo.ensure_demo(SqlBulkUnitOfWork(engine), now=NOW, catalogue=load_kvm_catalogue())
    engine.dispose()
    c = make_container(f"sqlite:///{path}", tmp_path)
    priya = factories.principal(c, "priya")
    helpdesk = products.find_product(c.uow(), priya, "Relay Helpdesk")
    yield c, priya, helpdesk
    c.close()


def test_the_demo_opens_relay_helpdesks_portal_and_roadmap(demo_world):
    c, _, helpdesk = demo_world

    _shown, listed = portal.list_ideas(c.uow(), "relay-helpdesk")

    assert ("relay-helpdesk", True, True) == (
        helpdesk.public_slug,
        helpdesk.portal_enabled,
        helpdesk.roadmap_public,
    )
    assert listed.total >= 15
    assert listed.items[0].votes >= listed.items[-1].votes


def test_the_demo_ideas_span_every_status_and_moderation_state(demo_world):
    c, priya, helpdesk = demo_world

    every = ideas.list_ideas(c.uow(), priya, helpdesk.id, limit=None).items
    waiting = ideas.queue(c.uow(), priya, helpdesk.id)

    assert set(IdeaStatus) == {i.status for i in every}
    assert set(Moderation) == {i.moderation for i in every}
    assert len(waiting.ideas) >= 3
    assert len(waiting.comments) >= 2
    assert 25 <= len(every) + 2  # two duplicates are merged away


def test_merged_duplicates_lead_to_their_target_with_its_votes(demo_world):
    c, priya, helpdesk = demo_world

    every = ideas.list_ideas(c.uow(), priya, helpdesk.id, limit=None).items
    target = next(i for i in every if i.title == "Dark mode for the agent inbox")
    detail = ideas.get_idea(c.uow(), priya, target.id)

    assert ["Dark theme please"] == [m.title for m in detail.merged]
    assert len(detail.votes) == target.votes
    assert len({v.email for v in detail.votes}) == target.votes


def test_votes_on_linked_ideas_are_evidence_on_the_item(demo_world):
    c, priya, helpdesk = demo_world

    every = ideas.list_ideas(c.uow(), priya, helpdesk.id, limit=None).items
    linked = next(i for i in every if i.title == "Reply to Slack threads from the ticket")
    _, notes = feedback.item_evidence(c.uow(), priya, linked.item_id)
    found = close_the_loop.audience(c.uow(), priya, linked.item_id)
    ids = {
        f"idea:{linked.id}",
        *(f"vote:{v.id}" for v in ideas.get_idea(c.uow(), priya, linked.id).votes),
    }
    portal_notes = [n for n in notes if n.note.external_id in ids]

    assert linked.votes + 1 == len(portal_notes)  # the idea itself and each vote
    assert found.shipped
    assert {"vote", "idea"} <= {v.value for r in found.recipients for v in r.via}


def test_the_demo_outbox_holds_sent_pending_and_failed_messages(demo_world):
    c, priya, helpdesk = demo_world

    messages = outbox.list_messages(c.uow(), priya, product_id=helpdesk.id, limit=None).items
    by_status = Counter(m.status for m in messages)
    failed = [m for m in messages if m.status is MessageStatus.FAILED]

    assert set(MessageStatus) == set(by_status)
    assert all(m.last_error and m.attempts == 5 for m in failed)
