"""The public portal over HTTP, signed out: pages and JSON show public fields only, markup is
inert, votes are one per email, scripts are rate limited, and the honeypot drops bots."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests import factories
from valueloop.entrypoints.app import create_app
from valueloop.services import backlog, customers, ideas, portal, products

XSS_TITLE = '<script>alert("t")</script> Export'
XSS_BODY = "<img src=x onerror=alert(1)> and http://evil.example/path"
XSS_COMMENT = '<a href="javascript:alert(2)">click</a><script>alert(3)</script>'


@pytest.fixture
def site(container):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Acme")
    products.update_product(
        container.uow(),
        boss,
        product_id,
        None,
        {"public_slug": "acme", "portal_enabled": True, "roadmap_public": True},
    )
    customers.create_customer(
        container.uow(), boss, {"name": "Globex Secret Corp", "domain": "globex.com", "arr": 9}
    )
    anonymous = TestClient(create_app(container), raise_server_exceptions=False)
    return container, boss, product_id, anonymous


def token(client: TestClient) -> str:
    return client.get("/api/v1/public/acme/form-token").json()["token"]


def submit_and_approve(site, title=XSS_TITLE, body=XSS_BODY) -> int:
    container, boss, _, client = site
    sent = client.post(
        "/api/v1/public/acme/ideas",
        json={
            "name": "Ann",
            "email": "ann.private@globex.com",
            "title": title,
            "body": body,
            "token": token(client),
        },
    )
    assert 202 == sent.status_code, sent.text
    with container.uow() as uow:
        idea_id = max(i.id for i in uow.ideas.list().items)
    ideas.moderate_idea(container.uow(), boss, idea_id, "approved")
    return idea_id


def test_public_json_needs_no_sign_in_and_carries_no_private_field(site):
    container, boss, product_id, client = site
    idea_id = submit_and_approve(site)
    client.post(
        f"/api/v1/public/acme/ideas/{idea_id}/votes",
        json={"email": "voter.private@globex.com", "token": token(client)},
    )
    item = backlog.create_item(container.uow(), boss, product_id, {"title": "Internal SKU-42"})
    ideas.link_item(container.uow(), boss, idea_id, item.id)

    listed = client.get("/api/v1/public/acme/ideas")
    one = client.get(f"/api/v1/public/acme/ideas/{idea_id}")

    assert (200, 200) == (listed.status_code, one.status_code)
    assert {"id", "title", "body", "status", "votes", "author", "created_on"} == set(
        listed.json()["items"][0]
    )
    for text in (listed.text, one.text):
        for private in ("private@globex.com", "Globex Secret", "SKU-42", "client_hash", "email"):
            assert private not in text


def test_the_public_pages_escape_markup_and_show_no_private_field(site):
    container, boss, product_id, client = site
    idea_id = submit_and_approve(site)
    client.post(
        f"/api/v1/public/acme/ideas/{idea_id}/comments",
        json={"email": "c.private@globex.com", "body": XSS_COMMENT, "token": token(client)},
    )
    queue = ideas.queue(container.uow(), boss, product_id)
    ideas.moderate_comment(container.uow(), boss, queue.comments[0][0].id, "approved")

    pages = [client.get("/p/acme"), client.get(f"/p/acme/ideas/{idea_id}")]

    for page in pages:
        assert 200 == page.status_code
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
        assert 'href="javascript:' not in page.text
        assert 'href="http://evil.example' not in page.text  # links are never made from text
        assert "private@globex.com" not in page.text
        assert "Globex Secret" not in page.text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Export" in pages[0].text
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[1].text


def test_one_vote_per_email_and_a_script_voting_with_many_emails_is_stopped(site):
    client = site[3]
    idea_id = submit_and_approve(site, title="Dark mode", body="")
    url = f"/api/v1/public/acme/ideas/{idea_id}/votes"

    same = [client.post(url, json={"email": "A@x.org", "token": token(client)}) for _ in range(2)]
    stuffed = [
        client.post(url, json={"email": f"bot{n}@x.org", "token": token(client)}).status_code
        for n in range(40)
    ]

    assert [(True, 1), (False, 1)] == [(r.json()["accepted"], r.json()["votes"]) for r in same]
    assert 429 in stuffed
    limited = client.post(url, json={"email": "late@x.org", "token": token(client)})
    assert (429, True) == (limited.status_code, int(limited.headers["retry-after"]) > 0)
    # Every attempt counts against the client, the repeated vote too.
    assert (
        portal.LIMITS[portal.Act.VOTE][0].count - 1
        == client.get(url.removesuffix("/votes")).json()["idea"]["votes"]
    )


def test_the_honeypot_drops_the_submission_without_telling_the_bot(site):
    container, _, _, client = site

    sent = client.post(
        "/api/v1/public/acme/ideas",
        json={"email": "b@x.org", "title": "Buy now", "website": "spam", "token": token(client)},
    )

    with container.uow() as uow:
        assert (202, True, 0) == (sent.status_code, sent.json()["accepted"], uow.ideas.count())


def test_a_submission_without_a_valid_token_is_refused(site):
    _, _, _, client = site

    sent = client.post(
        "/api/v1/public/acme/ideas", json={"email": "b@x.org", "title": "Hello", "token": "1.x"}
    )

    assert 403 == sent.status_code


def test_the_web_form_submits_votes_and_shows_the_count(site):
    container, boss, _, client = site
    page = client.get("/p/acme")
    form_token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)

    sent = client.post(
        "/p/acme/ideas",
        data={"title": "Offline mode", "email": "e@x.org", "token": form_token, "website": ""},
        follow_redirects=False,
    )
    with container.uow() as uow:
        idea_id = uow.ideas.list().items[0].id
    ideas.moderate_idea(container.uow(), boss, idea_id, "approved")
    voted = client.post(
        f"/p/acme/ideas/{idea_id}/vote",
        data={"email": "f@x.org", "token": form_token},
        follow_redirects=True,
    )

    assert (303, "/p/acme?notice=submitted") == (sent.status_code, sent.headers["location"])
    assert "<strong data-votes>1</strong>" in voted.text
    assert "Thank you for your vote!" in voted.text


def test_a_product_without_public_pages_answers_404(container):
    factories.product(container, name="Quiet")
    client = TestClient(create_app(container), raise_server_exceptions=False)

    assert [404, 404, 404] == [
        client.get(url).status_code
        for url in ("/p/quiet", "/api/v1/public/quiet/ideas", "/api/v1/public/quiet/roadmap")
    ]


def test_a_product_with_only_its_roadmap_public_lands_visitors_on_the_roadmap(container):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Roads")
    products.update_product(
        container.uow(), boss, product_id, None, {"public_slug": "roads", "roadmap_public": True}
    )
    client = TestClient(create_app(container), raise_server_exceptions=False)

    landed = client.get("/p/roads", follow_redirects=False)

    assert (303, "/p/roads/roadmap") == (landed.status_code, landed.headers["location"])
    assert 404 == client.get("/api/v1/public/roads/form-token").status_code


def test_the_public_roadmap_and_changelog_show_only_public_fields(site):
    container, boss, product_id, client = site
    shown = backlog.create_item(
        container.uow(), boss, product_id, {"title": "Codename Falcon", "description": "Ops only"}
    )
    shipped = backlog.create_item(container.uow(), boss, product_id, {"title": "Internal Hawk"})
    backlog.create_item(container.uow(), boss, product_id, {"title": "Secret Owl"})
    with container.uow() as uow:
        uow.items.update(
            shown.id,
            None,
            {
                "public": True,
                "lane": "next",
                "public_title": "Faster sync",
                "public_description": "Syncs in seconds",
            },
        )
        uow.items.update(
            shipped.id, None, {"public": True, "status": "done", "public_title": "Dark mode"}
        )
        uow.commit()

    texts = [
        client.get(u).text
        for u in (
            "/p/acme/roadmap",
            "/p/acme/changelog",
            "/api/v1/public/acme/roadmap",
            "/api/v1/public/acme/changelog",
        )
    ]

    assert ["Faster sync", "Syncs in seconds"] == [
        t for t in ("Faster sync", "Syncs in seconds") if t in texts[0] and t in texts[2]
    ]
    assert 2 == sum("Dark mode" in text for text in (texts[1], texts[3]))
    for text in texts:
        for internal in ("Codename Falcon", "Ops only", "Internal Hawk", "Secret Owl"):
            assert internal not in text
