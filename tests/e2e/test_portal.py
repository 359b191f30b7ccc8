"""In the browser: a signed-out visitor suggests an idea on the public portal, a moderator in
another browser approves it from the queue, the visitor votes once per email; markup stays text."""

from __future__ import annotations

import re

import pytest

from tests import factories
from valueloop.services import products

pytestmark = pytest.mark.e2e

MARKUP = "<img src=x onerror=alert(1)>"
TITLE = f"Export to CSV {MARKUP}"


def _open_portal(container) -> int:
    product_id = factories.product(container, name="Acme")
    products.update_product(
        container.uow(),
        factories.admin(container),
        product_id,
        None,
        {"public_slug": "acme", "portal_enabled": True},
    )
    return product_id


def _vote(page, email: str) -> None:
    page.get_by_label("Your email (one vote per email", exact=False).fill(email)
    page.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_url(re.compile(r"/p/acme/ideas/\d+\?notice="))


def test_a_visitors_idea_is_moderated_then_counts_one_vote_per_email(
    page, browser, live_server, sign_in, container, dialogs, snap
):
    product_id = _open_portal(container)
    page.goto("/p/acme")
    assert "No ideas yet" in page.locator(".portal-ideas").text_content()

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Details").fill("Nightly export of the <b>whole</b> backlog")
    page.get_by_label("Your name").fill("Ann")
    page.get_by_label("Your email").fill("ann@globex.com")
    page.get_by_role("button", name="Submit idea").click()
    page.wait_for_url("**/p/acme?notice=submitted")
    assert "waiting for a moderator" in page.get_by_role("status").text_content()
    assert "No ideas yet" in page.locator(".portal-ideas").text_content()
    snap(page, "portal-submitted")

    moderator = browser.new_context(base_url=live_server)
    moderator.set_default_timeout(10_000)
    try:
        queue = moderator.new_page()
        queue.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        queue_url = f"/products/{product_id}/ideas/queue"
        sign_in(queue, then=queue_url)
        pending = queue.locator("[id^=pending-idea-]")
        assert 1 == pending.count()
        assert TITLE == pending.get_by_role("heading").text_content()
        assert 0 == pending.locator("img").count()
        pending.get_by_role("button", name=re.compile(r"^Approve idea")).click()
        queue.wait_for_url(re.compile(re.escape(queue_url) + r"(\?|$)"))
        queue.get_by_text("No ideas wait for moderation.").wait_for()
        assert 0 == queue.locator("[id^=pending-idea-]").count()
    finally:
        moderator.close()

    page.reload()
    listed = page.locator(".portal-idea")
    assert 1 == listed.count()
    assert "0" == listed.locator(".portal-votes").text_content()
    link = listed.get_by_role("link")
    assert TITLE == link.text_content()
    assert 0 == page.locator("main img").count()
    link.click()
    page.wait_for_url(re.compile(r"/p/acme/ideas/\d+$"))
    assert TITLE == page.get_by_role("heading", level=1).text_content()
    assert "<b>whole</b>" in page.locator(".portal-text").text_content()
    assert 0 == page.locator("main img, main b").count()
    votes = page.locator("[data-votes]")
    assert "0" == votes.text_content()

    _vote(page, "bob@initech.com")
    assert "Thank you for your vote!" == page.get_by_role("status").text_content()
    assert "1" == votes.text_content()
    assert "1 vote" in page.locator(".portal-count").text_content()

    _vote(page, "bob@initech.com")
    assert "already voted" in page.get_by_role("status").text_content()
    assert "1" == votes.text_content()
    page.goto("/p/acme")
    assert "1" == page.locator(".portal-idea .portal-votes").text_content()
    snap(page, "portal-voted")
    assert [] == dialogs
