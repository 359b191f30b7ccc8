"""Webhook signatures: HMAC-SHA256 over timestamp and body, fresh timestamps only."""

from __future__ import annotations

import datetime as dt

import pytest

from valueloop.domain.errors import Unauthenticated, ValidationFailed
from valueloop.domain.inbound_hooks import InboundHook, draft_from, signature, verify

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
STAMP = str(int(NOW.timestamp()))


def _hook(revoked: bool = False) -> InboundHook:
    return InboundHook(
        1, 1, "Typeform", "typeform", "whsec_s3cret", 1, NOW, None, NOW if revoked else None
    )


def test_the_signature_is_the_hex_hmac_sha256_of_timestamp_dot_body():
    # From openssl: printf '1740830400.{"text":"hi"}' | openssl dgst -sha256 -hmac whsec_s3cret
    expected = "sha256=9d46bc2c2f8e7fb070329d2d1bdc7cf5d7169666dd9382439b2acfd3316c1cd5"

    assert expected == signature("whsec_s3cret", "1740830400", b'{"text":"hi"}')


def test_a_good_signature_within_the_window_passes():
    body = b'{"text": "hi"}'

    verify(
        _hook(), STAMP, signature("whsec_s3cret", STAMP, body), body, NOW + dt.timedelta(minutes=4)
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
        verify(_hook(revoked), stamp, signature(secret, stamp, body), body, NOW)

    assert message in str(failure.value)


def test_a_payload_without_an_external_id_is_keyed_by_its_body():
    first = draft_from(b'{"text": "hi"}', "typeform")

    assert first.external_id == draft_from(b'{"text": "hi"}', "typeform").external_id
    assert first.external_id != draft_from(b'{"text": "hey"}', "typeform").external_id


def test_a_payload_that_is_not_an_object_is_refused():
    with pytest.raises(ValidationFailed):
        draft_from(b"[1, 2]", "typeform")
