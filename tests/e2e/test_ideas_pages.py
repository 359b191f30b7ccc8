"""The team's portal pages over HTTP: moderation rights, inert markup, private addresses kept to
members, status and merge forms, the outbox and closing the loop on a shipped item."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.e2e.page_client import client_for, signed_in
from valueloop.domain import outbox as outbox_rules
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.ideas import IdeaStatus, Moderation
from valueloop.domain.roles import Role
from valueloop.services import backlog, customers, ideas, outbox, portal, products

SECRET = "page-test-secret"
MARKUP = '<script>alert("x")</script> Export <b>now</b>'


def _portal(container) -> int:
    product_id = factories.product(container, name="Acme")
    products.update_product(
        container.uow(),
        factories.admin(container),
        product_id,
        None,
        {"public_slug": "acme", "portal_enabled": True},
    )
    return product_id


def _submit(container, title: str = "Export to CSV", email: str = "ann@globex.com") -> int:
    portal.submit_idea(
        container.uow(),
        portal.Guard(SECRET, "203.0.113.9"),
        "acme",
        {"name": "Ann", "email": email, "title": title, "body": "Please <i>soon</i>"},
        portal.Attempt(portal.form_token(SECRET, "acme"), ""),
    )
    with container.uow() as uow:
        return max(i.id for i in uow.ideas.list().items)


def _vote(container, idea_id: int, email: str) -> None:
    portal.vote(
        container.uow(),
        portal.Guard(SECRET, "203.0.113.9"),
        "acme",
        idea_id,
        email,
        portal.Attempt(portal.form_token(SECRET, "acme"), ""),
    )


def test_a_stakeholder_sees_the_queue_but_may_not_moderate(container):
    product_id = _portal(container)
    idea_id = _submit(container)
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    client, token = signed_in(container, "sam")

    queue = client.get(f"/products/{product_id}/ideas/queue")
    answer = client.post(
        f"/ideas/{idea_id}/moderate", data={"csrf_token": token, "verdict": "approve"}
    )

    assert 200 == queue.status_code
    assert 'value="approve"' not in queue.text
    assert 403 == answer.status_code
    assert (
        Moderation.PENDING
        == ideas.get_idea(container.uow(), factories.admin(container), idea_id).idea.moderation
    )


def test_a_moderator_approves_from_the_queue_and_returns_to_it(container):
    product_id = _portal(container)
    idea_id = _submit(container)
    client, token = signed_in(container)
    queue_url = f"/products/{product_id}/ideas/queue"

    answer = client.post(
        f"/ideas/{idea_id}/moderate",
        data={"csrf_token": token, "verdict": "approve", "next": queue_url},
    )
    after = client.get(queue_url)

    assert (303, queue_url) == (answer.status_code, answer.headers["location"])
    assert "No ideas wait for moderation." in after.text
    assert 1 == len(portal.list_ideas(container.uow(), "acme")[1].items)


def test_a_moderation_form_without_its_csrf_token_is_refused(container):
    _portal(container)
    idea_id = _submit(container)
    client, _ = signed_in(container)

    answer = client.post(f"/ideas/{idea_id}/moderate", data={"verdict": "approve"})

    assert 403 == answer.status_code


def test_markup_in_an_idea_is_inert_on_every_member_page(container):
    product_id = _portal(container)
    idea_id = _submit(container, title=MARKUP)
    client, _ = signed_in(container)

    pages = [
        client.get(f"/products/{product_id}/ideas").text,
        client.get(f"/products/{product_id}/ideas/queue").text,
        client.get(f"/ideas/{idea_id}").text,
    ]

    for html in pages:
        assert "<script>alert" not in html
        assert "<b>now</b>" not in html
        assert "&lt;script&gt;alert(" in html
    assert "<i>soon</i>" not in pages[2]


def test_voters_emails_show_to_members_and_never_on_the_public_page(container):
    _portal(container)
    idea_id = _submit(container)
    ideas.moderate_idea(container.uow(), factories.admin(container), idea_id, "approved")
    _vote(container, idea_id, "private.voter@globex.com")
    client, _ = signed_in(container)

    member = client.get(f"/ideas/{idea_id}").text
    public = client_for(container).get(f"/p/acme/ideas/{idea_id}").text

    assert "private.voter@globex.com" in member
    assert "ann@globex.com" in member
    assert "private.voter@globex.com" not in public
    assert "ann@globex.com" not in public


def test_setting_a_status_queues_emails_shown_in_the_outbox(container):
    product_id = _portal(container)
    idea_id = _submit(container)
    boss = factories.admin(container)
    ideas.moderate_idea(container.uow(), boss, idea_id, "approved")
    _vote(container, idea_id, "bob@globex.com")
    version = ideas.get_idea(container.uow(), boss, idea_id).idea.version
    client, token = signed_in(container)

    answer = client.post(
        f"/ideas/{idea_id}/status",
        data={"csrf_token": token, "status": "planned", "version": str(version)},
    )
    stale = client.post(
        f"/ideas/{idea_id}/status",
        data={"csrf_token": token, "status": "shipped", "version": str(version)},
    )
    box = client.get(f"/products/{product_id}/outbox").text

    assert 303 == answer.status_code
    assert 409 == stale.status_code
    assert "changed by someone else" in stale.text
    assert IdeaStatus.PLANNED == ideas.get_idea(container.uow(), boss, idea_id).idea.status
    assert "ann@globex.com" in box
    assert "bob@globex.com" in box


def test_merging_from_the_idea_page_leads_to_the_target(container):
    _portal(container)
    boss = factories.admin(container)
    first = _submit(container, title="Export to CSV")
    second = _submit(container, title="CSV export please", email="cy@initech.com")
    for idea_id in (first, second):
        ideas.moderate_idea(container.uow(), boss, idea_id, "approved")
    _vote(container, first, "bob@globex.com")
    _vote(container, second, "bob@globex.com")
    _vote(container, second, "dee@initech.com")
    client, token = signed_in(container)

    missing = client.post(f"/ideas/{second}/merge", data={"csrf_token": token, "into_id": ""})
    answer = client.post(
        f"/ideas/{second}/merge", data={"csrf_token": token, "into_id": str(first)}
    )

    assert 422 == missing.status_code
    assert "hoose the idea to merge into" in missing.text
    assert f"/ideas/{first}" == answer.headers["location"]
    assert 2 == ideas.get_idea(container.uow(), boss, first).idea.votes


def test_linking_an_idea_makes_its_voters_the_items_audience_and_notifies_once_shipped(
    container,
):
    product_id = _portal(container)
    boss = factories.admin(container)
    customers.create_customer(
        container.uow(), boss, {"name": "Globex", "domain": "globex.com", "arr": 7000}
    )
    item = backlog.create_item(container.uow(), boss, product_id, {"title": "CSV export"})
    idea_id = _submit(container)
    ideas.moderate_idea(container.uow(), boss, idea_id, "approved")
    client, token = signed_in(container)

    client.post(
        f"/ideas/{idea_id}/link",
        data={"csrf_token": token, "item_id": str(item.id), "importance": "3"},
    )
    early = client.post(
        f"/items/{item.id}/close-the-loop", data={"csrf_token": token, "channel": "email"}
    )
    for status in ("in_progress", "done"):
        current = backlog.get_item(container.uow(), boss, item.id)
        backlog.update_item(container.uow(), boss, item.id, current.version, {"status": status})
    page = client.get(f"/items/{item.id}/close-the-loop").text
    csv = client.get(f"/items/{item.id}/close-the-loop.csv").text
    sent = client.post(
        f"/items/{item.id}/close-the-loop", data={"csrf_token": token, "channel": "email"}
    )

    assert 422 == early.status_code
    assert "has not shipped yet" in early.text
    assert "Globex" in page
    assert "ann@globex.com" in page
    assert "Globex,7000" in csv
    assert 303 == sent.status_code
    assert "1 message queued" in client.get(sent.headers["location"]).text


def test_the_public_settings_form_turns_the_portal_on_and_shows_its_links(container):
    product_id = factories.product(container, name="Relay")
    client, token = signed_in(container)
    version = products.get_product(container.uow(), factories.admin(container), product_id).version

    bad = client.post(
        f"/products/{product_id}/public",
        data={"csrf_token": token, "version": str(version), "portal_enabled": "1"},
    )
    answer = client.post(
        f"/products/{product_id}/public",
        data={
            "csrf_token": token,
            "version": str(version),
            "public_slug": "relay-helpdesk",
            "portal_enabled": "1",
            "portal_webhook_url": "",
        },
    )
    page = client.get(f"/products/{product_id}").text
    saved = products.get_product(container.uow(), factories.admin(container), product_id)

    assert 422 == bad.status_code
    assert "set a public slug" in bad.text.lower()
    assert 303 == answer.status_code
    assert ("relay-helpdesk", True, False) == (
        saved.public_slug,
        saved.portal_enabled,
        saved.roadmap_public,
    )
    assert 'href="/p/relay-helpdesk"' in page
    assert "/p/relay-helpdesk/roadmap" not in page


def test_leaders_see_the_webhook_signing_key_that_deliveries_are_signed_with(container):
    product_id = factories.product(container, name="Relay")
    admin = factories.admin(container)
    product = products.get_product(container.uow(), admin, product_id)
    products.update_product(
        container.uow(),
        admin,
        product_id,
        product.version,
        {"public_slug": "relay", "portal_enabled": True, "portal_webhook_url": "https://x.test/h"},
    )
    secret = container.settings.resolved_secret_key()
    stakeholder = factories.user(container, Role.STAKEHOLDER, product_id)
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}").text
    shown = re.search(r"<code data-webhook-key>([0-9a-f]{64})</code>", page)

    assert shown is not None
    body = b'{"topic": "idea.status"}'
    assert outbox_rules.signature(shown.group(1), body) == outbox_rules.signature(
        outbox.webhook_secret(secret, product_id), body
    )
    with pytest.raises(PermissionDenied):
        outbox.signing_key(container.uow(), stakeholder, product_id, secret)
