"""The portal's use cases on SQLite and PostgreSQL: abuse protection, moderation, merge, status
notifications, votes as evidence, the public roadmap, and closing the loop."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests import factories
from valueloop.adapters.db import tables as t
from valueloop.domain.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from valueloop.domain.outbox import Channel, MessageStatus
from valueloop.domain.roles import Role
from valueloop.entrypoints.web.csv_files import csv_response
from valueloop.services import (
    backlog,
    close_the_loop,
    customers,
    feedback,
    idea_evidence,
    ideas,
    outbox,
    portal,
    products,
    public_pages,
)
from valueloop.services.feedback_imports import CustomerIndex

SECRET = "test-secret"


def guard(client: str = "203.0.113.7") -> portal.Guard:
    return portal.Guard(SECRET, client)


def attempt(slug: str = "acme", honeypot: str = "") -> portal.Attempt:
    return portal.Attempt(portal.form_token(SECRET, slug), honeypot)


def public_product(container, **settings) -> int:
    product_id = factories.product(container, name="Acme")
    boss = factories.admin(container)
    products.update_product(
        container.uow(),
        boss,
        product_id,
        None,
        {"public_slug": "acme", "portal_enabled": True, **settings},
    )
    return product_id


def approved_idea(container, title: str = "Export to CSV", email: str = "ann@globex.com") -> int:
    portal.submit_idea(
        container.uow(),
        guard(),
        "acme",
        {"name": "Ann", "email": email, "title": title, "body": "Please"},
        attempt(),
    )
    with container.uow() as uow:
        idea_id = max(i.id for i in uow.ideas.list().items)
    ideas.moderate_idea(container.uow(), factories.admin(container), idea_id, "approved")
    return idea_id


def test_a_pending_idea_is_not_public_until_approved(any_container):
    public_product(any_container)
    portal.submit_idea(
        any_container.uow(),
        guard(),
        "acme",
        {"name": "Ann", "email": "ann@x.org", "title": "Dark mode", "body": ""},
        attempt(),
    )
    _, before = portal.list_ideas(any_container.uow(), "acme")
    with any_container.uow() as uow:
        idea_id = uow.ideas.list().items[0].id
    ideas.moderate_idea(any_container.uow(), factories.admin(any_container), idea_id, "approved")
    _, after = portal.list_ideas(any_container.uow(), "acme")

    assert (0, ["Dark mode"]) == (before.total, [i.title for i in after.items])


def test_the_same_email_votes_once_however_often_it_tries(any_container):
    public_product(any_container)
    idea_id = approved_idea(any_container)

    outcomes = [
        portal.vote(any_container.uow(), guard(), "acme", idea_id, "Bob@Initech.com", attempt())
        for _ in range(3)
    ]

    assert [True, False, False] == [o.accepted for o in outcomes]
    assert [1, 1, 1] == [o.votes for o in outcomes]


def test_many_emails_from_one_client_are_rate_limited(any_container):
    public_product(any_container)
    idea_id = approved_idea(any_container)
    limit = portal.LIMITS[portal.Act.VOTE][0].count

    for n in range(limit):
        portal.vote(any_container.uow(), guard(), "acme", idea_id, f"v{n}@x.org", attempt())
    with pytest.raises(RateLimited):
        portal.vote(any_container.uow(), guard(), "acme", idea_id, "late@x.org", attempt())
    other = portal.vote(
        any_container.uow(), guard("198.51.100.1"), "acme", idea_id, "o@x.org", attempt()
    )

    assert limit + 1 == other.votes


def test_rate_limit_keys_never_hold_the_client_address(any_container):
    public_product(any_container)
    idea_id = approved_idea(any_container)

    portal.vote(any_container.uow(), guard("203.0.113.7"), "acme", idea_id, "a@x.org", attempt())

    import sqlalchemy as sa

    from valueloop.adapters.db import tables as t

    with any_container.engine.connect() as connection:
        keys = [row.key for row in connection.execute(sa.select(t.rate_limit_hits))]
        hashes = [row.client_hash for row in connection.execute(sa.select(t.idea_votes))]
    assert 4 == len(keys)  # submit and vote, each per client and per email
    assert [] == [k for k in keys if "203.0.113.7" in k or "a@x.org" in k]
    assert [64] == [len(h) for h in hashes]


def test_rate_limit_windows_long_over_are_forgotten(any_container):
    public_product(any_container)
    idea_id = approved_idea(any_container)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    with any_container.uow() as uow:
        uow.rate_limits.hit("vote:email:old", long_ago.replace(minute=0, second=0, microsecond=0))
        uow.commit()

    portal.vote(any_container.uow(), guard(), "acme", idea_id, "a@x.org", attempt())

    with any_container.engine.connect() as connection:
        keys = [row.key for row in connection.execute(sa.select(t.rate_limit_hits))]
    assert "vote:email:old" not in keys
    assert 4 == len(keys)  # this hour's submit and vote, each per client and per email


def test_a_filled_honeypot_is_accepted_but_nothing_is_stored(any_container):
    public_product(any_container)

    outcome = portal.submit_idea(
        any_container.uow(),
        guard(),
        "acme",
        {"name": "Bot", "email": "bot@spam.biz", "title": "Cheap pills here"},
        attempt(honeypot="http://spam.example"),
    )

    with any_container.uow() as uow:
        assert (True, 0) == (outcome.accepted, uow.ideas.count())


def test_a_forged_or_expired_form_token_is_refused(any_container):
    public_product(any_container)
    old = portal.form_token(SECRET, "acme", now=0)

    for token in ("", "123.abc", old, portal.form_token("other-secret", "acme")):
        with pytest.raises(PermissionDenied):
            portal.submit_idea(
                any_container.uow(),
                guard(),
                "acme",
                {"email": "a@x.org", "title": "Something"},
                portal.Attempt(token),
            )


def test_a_portal_that_is_off_does_not_exist(any_container):
    public_product(any_container, portal_enabled=False)

    with pytest.raises(NotFound):
        portal.list_ideas(any_container.uow(), "acme")


def test_the_public_slug_is_checked_and_unique(any_container):
    public_product(any_container)
    other = factories.product(any_container)
    boss = factories.admin(any_container)

    for slug, message in (("Acme", "lowercase"), ("ac", "3 to 80"), ("acme", "taken")):
        with pytest.raises(ValidationFailed, match=message):
            products.update_product(any_container.uow(), boss, other, None, {"public_slug": slug})
    with pytest.raises(ValidationFailed, match="slug before"):
        products.update_product(any_container.uow(), boss, other, None, {"portal_enabled": True})


def test_public_settings_are_a_product_leaders_call(any_container):
    product_id = public_product(any_container)
    owner = factories.user(any_container, Role.PRODUCT_OWNER, product_id)

    with pytest.raises(PermissionDenied):
        products.update_product(
            any_container.uow(), owner, product_id, None, {"roadmap_public": True}
        )


def test_merging_moves_votes_once_per_email_and_points_to_the_target(any_container):
    public_product(any_container)
    boss = factories.admin(any_container)
    target = approved_idea(any_container, "Export to CSV")
    duplicate = approved_idea(any_container, "CSV export please")
    for idea_id, emails in ((target, ["a@x.org", "b@x.org"]), (duplicate, ["b@x.org", "c@x.org"])):
        for email in emails:
            portal.vote(any_container.uow(), guard(), "acme", idea_id, email, attempt())

    merged = ideas.merge(any_container.uow(), boss, duplicate, target)
    _, public, _ = portal.get_idea(any_container.uow(), "acme", duplicate)
    detail = ideas.get_idea(any_container.uow(), boss, duplicate)

    assert 3 == merged.votes
    assert (target, 3) == (public.id, public.votes)
    assert target == detail.idea.merged_into_id
    assert ["CSV export please"] == [
        m.title for m in ideas.get_idea(any_container.uow(), boss, target).merged
    ]


def test_a_status_change_queues_an_email_to_the_submitter_and_each_voter_and_a_webhook(
    any_container,
):
    public_product(any_container, portal_webhook_url="https://hooks.example/portal")
    idea_id = approved_idea(any_container, email="ann@globex.com")
    for email in ("a@x.org", "b@x.org"):
        portal.vote(any_container.uow(), guard(), "acme", idea_id, email, attempt())

    ideas.set_status(
        any_container.uow(),
        factories.admin(any_container),
        idea_id,
        "planned",
        site_url="https://vl.example",
    )

    with any_container.uow() as uow:
        messages = uow.outbox.list().items
    emails = sorted(m.recipient for m in messages if m.channel is Channel.EMAIL)
    hooks = [m for m in messages if m.channel is Channel.WEBHOOK]
    assert ["a@x.org", "ann@globex.com", "b@x.org"] == emails
    assert all("is now planned" in m.subject for m in messages if m.channel is Channel.EMAIL)
    assert f"https://vl.example/p/acme/ideas/{idea_id}" in messages[0].body
    assert [("https://hooks.example/portal", "planned")] == [
        (h.recipient, h.payload["idea"]["status"]) for h in hooks
    ]


class FakeSender:
    def __init__(self, fail_for: str = "") -> None:
        self.emails: list[tuple[str, str]] = []
        self.hooks: list[tuple[str, bytes, str]] = []
        self.fail_for = fail_for

    def send_email(self, recipient: str, subject: str, body: str) -> None:
        if recipient == self.fail_for:
            raise outbox.DeliveryFailed("550 mailbox unavailable")
        self.emails.append((recipient, subject))

    def post_webhook(self, url: str, body: bytes, signature: str) -> None:
        self.hooks.append((url, body, signature))


def test_sending_marks_messages_sent_or_failed_with_the_error(any_container):
    product_id = public_product(any_container, portal_webhook_url="https://hooks.example/p")
    idea_id = approved_idea(any_container, email="ann@globex.com")
    portal.vote(any_container.uow(), guard(), "acme", idea_id, "bad@x.org", attempt())
    boss = factories.admin(any_container)
    ideas.set_status(any_container.uow(), boss, idea_id, "shipped")
    sender = FakeSender(fail_for="bad@x.org")

    report = outbox.send_pending(any_container.uow, boss, sender, SECRET)
    page = outbox.list_messages(any_container.uow(), boss, product_id=product_id)

    from valueloop.domain import outbox as messages

    body = sender.hooks[0][1]
    expected = messages.signature(outbox.webhook_secret(SECRET, product_id), body)
    assert (2, 0, 1) == (report.sent, report.failed, report.retrying)
    assert [("ann@globex.com", "Acme: “Export to CSV” is now shipped")] == sender.emails
    assert expected == sender.hooks[0][2]
    failed = next(m for m in page.items if m.recipient == "bad@x.org")
    assert (MessageStatus.PENDING, 1, "550 mailbox unavailable") == (
        failed.status,
        failed.attempts,
        failed.last_error,
    )


def test_votes_become_evidence_on_the_linked_items_demand(any_container):
    public_product(any_container)
    boss = factories.admin(any_container)
    with any_container.uow() as uow:
        product = uow.products.list({"public_slug": "acme"}).items[0]
    globex = customers.create_customer(
        any_container.uow(), boss, {"name": "Globex", "domain": "globex.com", "arr": 5000}
    )
    item = backlog.create_item(any_container.uow(), boss, product.id, {"title": "CSV export"})
    idea_id = approved_idea(any_container, email="ann@globex.com")
    portal.vote(any_container.uow(), guard(), "acme", idea_id, "bob@globex.com", attempt())
    portal.vote(any_container.uow(), guard(), "acme", idea_id, "cy@freemail.org", attempt())

    ideas.link_item(any_container.uow(), boss, idea_id, item.id, 2)
    portal.vote(any_container.uow(), guard(), "acme", idea_id, "dee@freemail.org", attempt())
    demand, notes = feedback.item_evidence(any_container.uow(), boss, item.id)

    assert (4, 1, 5000.0) == (demand.notes, demand.customers, demand.arr)
    assert {globex.id} == set(demand.importance_by_customer)
    assert {"portal"} == {n.note.source for n in notes}
    assert {2} == {int(n.link.importance) for n in notes}


def test_close_the_loop_lists_customers_once_with_their_contacts_and_queues_emails(any_container):
    product_id = public_product(any_container)
    boss = factories.admin(any_container)
    globex = customers.create_customer(
        any_container.uow(),
        boss,
        {"name": "Globex", "domain": "globex.com", "arr": 5000, "segment": "enterprise"},
    )
    item = backlog.create_item(any_container.uow(), boss, product_id, {"title": "CSV export"})
    note = feedback.record_note(
        any_container.uow(),
        boss,
        {"text": "Need CSV", "customer_id": globex.id, "product_id": product_id},
    )
    feedback.link_note(any_container.uow(), boss, note.id, item.id, 3)
    idea_id = approved_idea(any_container, email="ann@globex.com")
    portal.vote(any_container.uow(), guard(), "acme", idea_id, "solo@freemail.org", attempt())
    ideas.link_item(any_container.uow(), boss, idea_id, item.id)

    found = close_the_loop.audience(any_container.uow(), boss, item.id)
    with pytest.raises(ValidationFailed, match="not shipped"):
        close_the_loop.notify(any_container.uow(), boss, item.id, "email")
    for status in ("in_progress", "done"):
        current = backlog.get_item(any_container.uow(), boss, item.id)
        backlog.update_item(any_container.uow(), boss, item.id, current.version, {"status": status})
    queued = close_the_loop.notify(any_container.uow(), boss, item.id, "email")

    assert [("Globex", ["ann@globex.com"]), ("solo@freemail.org", ["solo@freemail.org"])] == [
        (r.name, r.emails) for r in found.recipients
    ]
    assert {"feedback", "idea"} == {v.value for v in found.recipients[0].via}
    exported = csv_response("loop.csv", close_the_loop.CSV_HEADER, close_the_loop.csv_rows(found))
    assert "Globex,5000,enterprise,ann@globex.com,feedback idea" in exported.body.decode()
    assert 2 == queued


def test_the_public_roadmap_shows_only_public_items_and_public_fields(any_container):
    product_id = public_product(any_container, roadmap_public=True)
    boss = factories.admin(any_container)
    shown = backlog.create_item(
        any_container.uow(),
        boss,
        product_id,
        {"title": "Internal codename", "description": "secret plan"},
    )
    hidden = backlog.create_item(any_container.uow(), boss, product_id, {"title": "Hidden thing"})
    with any_container.uow() as uow:
        uow.items.update(
            shown.id, None, {"public": True, "lane": "now", "public_title": "Faster sync"}
        )
        uow.items.update(hidden.id, None, {"public": False, "lane": "now"})
        uow.commit()

    _, lanes = public_pages.roadmap(any_container.uow(), "acme")

    assert {"now": ["Faster sync"], "next": [], "later": []} == {
        lane.name: [i.title for i in lane.items] for lane in lanes
    }
    assert "" == lanes[0].items[0].description


@pytest.mark.parametrize("stored", ["initech.com", "https://www.initech.com/", "WWW.Initech.com"])
def test_a_voters_email_finds_the_customer_however_its_web_address_was_typed(container, stored):
    admin = factories.admin(container)
    initech = customers.create_customer(
        container.uow(), admin, {"name": "Initech", "domain": stored}
    ).id

    with container.uow() as uow:
        assert initech == idea_evidence.customer_for_email(uow, "Bob@Initech.com")
        assert idea_evidence.customer_for_email(uow, "bob@initech.co") is None
        index = CustomerIndex(uow)
    assert (initech, initech) == (index.find("bob@initech.com"), index.find("initech.com"))
