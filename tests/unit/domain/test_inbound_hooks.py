"""Webhook signatures: HMAC-SHA256 over timestamp and body, fresh timestamps only."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import Unauthenticated, ValidationFailed
from valueloop.domain.inbound_hooks import (
    InboundHook,
    derived_secret,
    draft_from,
    secret_of,
    signature,
    verify,
)

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
STAMP = str(int(NOW.timestamp()))
KEY = "workspace-secret-key"


LEGACY = "whsec_s3cret"


def _hook(revoked: bool = False, secret: str | None = LEGACY, salt: str | None = None):
    return InboundHook(
        id=1,
        product_id=1,
        name="Typeform",
        source="typeform",
        secret=secret,
        secret_salt=salt,
        created_by=1,
        created_at=NOW,
        last_used_at=None,
        revoked_at=NOW if revoked else None,
    )


def test_the_signature_is_the_hex_hmac_sha256_of_timestamp_dot_body():
    # From openssl: printf '1740830400.{"text":"hi"}' | openssl dgst -sha256 -hmac whsec_s3cret
    expected = "sha256=9d46bc2c2f8e7fb070329d2d1bdc7cf5d7169666dd9382439b2acfd3316c1cd5"

    assert expected == signature("whsec_s3cret", "1740830400", b'{"text":"hi"}')


def test_a_good_signature_within_the_window_passes():
    body = b'{"text": "hi"}'

    verify(
        _hook(),
        KEY,
        STAMP,
        signature("whsec_s3cret", STAMP, body),
        body,
        NOW + dt.timedelta(minutes=4),
    )


@pytest.mark.parametrize(
    ("stamp", "secret", "revoked", "message"),
    [
        (STAMP, "wrong", False, "X-Valueloop-Signature does not match"),
        (str(int(NOW.timestamp()) - 301), "whsec_s3cret", False, "more than 5 minutes"),
        (str(int(NOW.timestamp()) + 301), "whsec_s3cret", False, "more than 5 minutes"),
        ("soon", "whsec_s3cret", False, "send the Unix time"),
        (STAMP, "whsec_s3cret", True, "this webhook was revoked"),
    ],
)
def test_bad_stale_future_garbled_or_revoked_requests_are_refused(stamp, secret, revoked, message):
    body = b'{"text": "hi"}'

    with pytest.raises(Unauthenticated) as failure:
        verify(_hook(revoked), KEY, stamp, signature(secret, stamp, body), body, NOW)

    assert message in str(failure.value)


def test_a_derived_secret_is_the_prefixed_base64_hmac_of_the_salt_under_the_workspace_key():
    # From openssl: printf 'inbound-hook:pepper' | openssl dgst -sha256 -hmac workspace-secret-key
    #   -binary | base64 | tr '+/' '-_' | tr -d '='
    expected = "whsec_NldIUFPv0tQfwPudF6xHEKbNw13ZEDF1hjQ6oMzG6HA"

    assert expected == derived_secret(KEY, "pepper")


def test_a_salted_hook_signs_with_the_derived_secret_and_a_legacy_one_with_its_stored_secret():
    salted = _hook(secret=None, salt="pepper")

    assert derived_secret(KEY, "pepper") == secret_of(salted, KEY)
    assert derived_secret("another key", "pepper") != secret_of(salted, KEY)
    assert "whsec_s3cret" == secret_of(_hook(), KEY)


def test_a_salted_hook_refuses_a_request_signed_under_another_workspace_key():
    body = b'{"text": "hi"}'
    salted = _hook(secret=None, salt="pepper")
    good = signature(derived_secret(KEY, "pepper"), STAMP, body)
    other = signature(derived_secret("another key", "pepper"), STAMP, body)

    verify(salted, KEY, STAMP, good, body, NOW)
    with pytest.raises(Unauthenticated, match="does not match"):
        verify(salted, KEY, STAMP, other, body, NOW)
    with pytest.raises(Unauthenticated, match="does not match"):
        verify(salted, "another key", STAMP, good, body, NOW)


def test_a_hook_with_neither_salt_nor_secret_refuses_every_request():
    body = b'{"text": "hi"}'

    with pytest.raises(Unauthenticated, match="no secret"):
        verify(_hook(secret=None), KEY, STAMP, signature("", STAMP, body), body, NOW)


def test_a_payload_without_an_external_id_is_keyed_by_its_body():
    first = draft_from(b'{"text": "hi"}', "typeform")

    assert first.external_id == draft_from(b'{"text": "hi"}', "typeform").external_id
    assert first.external_id != draft_from(b'{"text": "hey"}', "typeform").external_id


def test_a_payload_that_is_not_an_object_is_refused():
    with pytest.raises(ValidationFailed):
        draft_from(b"[1, 2]", "typeform")
