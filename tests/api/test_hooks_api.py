"""Signed webhooks over HTTP on SQLite and PostgreSQL: a good signature stores the note once;
bad, stale, revoked and unknown hooks get 401 problem+json; replays store nothing twice; the
secret is derived from a stored salt and the workspace key, never stored itself."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import sqlalchemy as sa

from tests import factories
from valueloop.adapters.db import tables as t
from valueloop.bootstrap import Container
from valueloop.domain.inbound_hooks import signature
from valueloop.domain.roles import Role


@pytest.fixture
def hook(any_container):
    client = factories.api(any_container)
    product = factories.product(any_container, name="Relay")
    made = client.post(
        f"/api/v1/products/{product}/hooks", json={"name": "Typeform", "source": "typeform"}
    )
    assert 201 == made.status_code, made.text
    return client, product, made.json()


def _send(client, hook, payload, *, secret=None, stamp=None, sig=None):
    body = json.dumps(payload).encode()
    stamp = str(int(time.time())) if stamp is None else stamp
    headers = {
        "X-Valueloop-Timestamp": stamp,
        "X-Valueloop-Signature": sig or signature(secret or hook["secret"], stamp, body),
        "Content-Type": "application/json",
    }
    return client.post(hook["url"], content=body, headers=headers)


def test_creating_a_hook_shows_the_secret_once_and_lists_it_without(hook):
    client, product, made = hook

    listed = client.get(f"/api/v1/products/{product}/hooks").json()

    assert made["secret"].startswith("whsec_")
    assert [made["id"]] == [h["id"] for h in listed]
    assert "secret" not in listed[0]
    assert f"/api/v1/hooks/{made['id']}/notes" == made["url"]


def test_a_signed_note_is_stored_without_a_session_or_token(hook):
    client, product, made = hook
    client.headers.pop("Authorization")

    sent = _send(client, made, {"text": "Please add SSO", "external_id": "tf-1", "author": "Ana"})

    assert 201 == sent.status_code, sent.text
    assert ("Please add SSO", "typeform", "tf-1", product) == (
        sent.json()["text"],
        sent.json()["source"],
        sent.json()["external_id"],
        sent.json()["product_id"],
    )


def test_a_replayed_or_retried_request_stores_the_note_once(hook):
    client, _, made = hook
    payload = {"text": "Dark mode", "external_id": "tf-2"}

    first = _send(client, made, payload)
    again = _send(client, made, payload)
    no_id_first = _send(client, made, {"text": "No id here"})
    no_id_again = _send(client, made, {"text": "No id here"})
    notes = client.get("/api/v1/feedback", params={"source": "typeform"}).json()

    assert (201, 200) == (first.status_code, again.status_code)
    assert (201, 200) == (no_id_first.status_code, no_id_again.status_code)
    assert first.json()["id"] == again.json()["id"]
    assert 2 == notes["total"]


def test_a_bad_signature_is_refused_with_401_problem_json(hook):
    client, _, made = hook

    sent = _send(client, made, {"text": "x"}, secret="whsec_wrong")

    assert 401 == sent.status_code
    assert "application/problem+json" == sent.headers["content-type"]
    assert "X-Valueloop-Signature does not match" in sent.json()["detail"]


def test_a_stale_timestamp_is_refused_even_with_a_valid_signature(hook):
    client, _, made = hook

    sent = _send(client, made, {"text": "x"}, stamp=str(int(time.time()) - 301))

    assert 401 == sent.status_code
    assert "more than 5 minutes" in sent.json()["detail"]


def test_a_body_changed_after_signing_is_refused(hook):
    client, _, made = hook
    stamp = str(int(time.time()))
    sig = signature(made["secret"], stamp, b'{"text": "original"}')

    sent = _send(client, made, {"text": "tampered"}, stamp=stamp, sig=sig)

    assert 401 == sent.status_code


def test_a_revoked_hook_is_refused(hook):
    client, _, made = hook

    revoked = client.delete(f"/api/v1/hooks/{made['id']}")
    sent = _send(client, made, {"text": "after revoking"})

    assert 204 == revoked.status_code
    assert (401, "this webhook was revoked") == (sent.status_code, sent.json()["detail"])


def test_an_unknown_hook_is_refused_like_a_bad_signature(hook):
    client, _, made = hook

    sent = _send(client, {**made, "url": "/api/v1/hooks/999999/notes"}, {"text": "x"})

    assert 401 == sent.status_code


def test_a_signed_but_malformed_note_names_the_field(hook):
    client, _, made = hook

    sent = _send(client, made, {"text": "x", "colour": "red"})

    assert 422 == sent.status_code
    assert "unknown field colour" == sent.json()["detail"]


def test_a_product_manager_may_not_create_hooks_but_a_product_leader_may(any_container):
    product = factories.product(any_container)
    pm = factories.api(any_container, factories.user(any_container, Role.PRODUCT_MANAGER, product))
    leader = factories.api(
        any_container, factories.user(any_container, Role.PRODUCT_LEADER, product)
    )

    refused = pm.post(f"/api/v1/products/{product}/hooks", json={"name": "Zapier"})
    allowed = leader.post(f"/api/v1/products/{product}/hooks", json={"name": "Zapier"})

    assert (403, 201) == (refused.status_code, allowed.status_code)


def _row(container, hook_id):
    with container.engine.connect() as connection:
        query = sa.select(t.inbound_hooks).where(t.inbound_hooks.c.id == hook_id)
        return connection.execute(query).one()._asdict()


def test_a_new_hooks_row_keeps_only_a_salt_and_the_shown_secret_still_verifies(any_container, hook):
    client, _, made = hook

    row = _row(any_container, made["id"])
    sent = _send(client, made, {"text": "Signed with a derived secret"})

    assert None is row["secret"]
    assert row["secret_salt"]
    assert not any(made["secret"] in str(value) for value in row.values())
    assert 201 == sent.status_code, sent.text


def test_a_hook_secret_stops_verifying_when_the_workspace_key_changes(any_container, hook):
    _, _, made = hook
    settings = any_container.settings.model_copy(update={"secret_key": "a-rotated-key"})
    rotated = factories.api(Container(settings=settings, engine=any_container.engine))
    rotated.headers.pop("Authorization")

    sent = _send(rotated, made, {"text": "Signed before the key changed"})

    assert 401 == sent.status_code
    assert "X-Valueloop-Signature does not match" in sent.json()["detail"]


def test_a_hook_made_before_salts_keeps_verifying_with_its_stored_secret(any_container):
    client = factories.api(any_container)
    product = factories.product(any_container, name="Legacy relay")
    with any_container.engine.begin() as connection:
        hook_id = connection.execute(
            sa.insert(t.inbound_hooks)
            .values(
                product_id=product,
                name="Old Typeform",
                source="typeform",
                secret="whsec_stored-before-0005",
                secret_salt=None,
                created_at=dt.datetime.now(dt.UTC),
            )
            .returning(t.inbound_hooks.c.id)
        ).scalar_one()
    legacy = {"url": f"/api/v1/hooks/{hook_id}/notes", "secret": "whsec_stored-before-0005"}
    listed = client.get(f"/api/v1/products/{product}/hooks").json()

    sent = _send(client, legacy, {"text": "From the old hook", "external_id": "old-1"})
    wrong = _send(client, legacy, {"text": "x"}, secret="whsec_something-else")

    assert (201, 401) == (sent.status_code, wrong.status_code), sent.text
    assert [hook_id] == [h["id"] for h in listed]
    assert "secret" not in listed[0]
