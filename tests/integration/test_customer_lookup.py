"""The one-note customer lookup (webhooks) against the whole-workspace index (file imports), on
SQLite and PostgreSQL: the same reference names the same customer in both, and the lookup reads
only the rows a reference can match."""

from __future__ import annotations

import json
import time

import pytest

from tests import factories
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback_imports import NoteDraft
from valueloop.domain.inbound_hooks import signature
from valueloop.services import customers
from valueloop.services.feedback_imports import CustomerIndex, CustomerLookup

CUSTOMERS = {
    "globex": {"name": "Globex", "external_id": "acme-002", "domain": "globex.example"},
    "initech": {"name": "Initech", "domain": "https://www.Initech.example/about"},
    "acme": {"name": "Acme", "external_id": "ACME-001"},
    "named-like-an-id": {"name": "acme-002"},  # another customer's external id wins over it
    "globex-again": {"name": "Globex", "domain": "globex.example"},  # the first one wins
    "umlaut": {"name": "Ümlaut GmbH", "domain": "umlaut.example"},
    "hooli": {"name": "Hooli", "domain": "hooli.example"},
    "no-host": {"name": "No Host", "domain": "https://"},  # a domain that is no host at all
}
CONTACTS = [  # (e-mail, customer key or None)
    ("ana@globex.example", "acme"),  # a person's account wins over their address's domain
    ("zed@initech.example", None),  # a person with no account: the domain decides
    ("dup@elsewhere.example", "globex"),
    ("dup@elsewhere.example", "acme"),  # the same address twice: the later person wins
    ("gavin@partner.example", "hooli"),
]
REFERENCES = [  # (reference, the customer key it names, or None)
    ("acme-002", "globex"),
    ("  ACME-002 ", "globex"),
    ("acme-001", "acme"),
    ("globex", "globex"),
    ("GLOBEX.EXAMPLE", "globex"),
    ("initech.example", "initech"),
    ("Initech", "initech"),
    ("ümlaut gmbh", "umlaut"),
    ("ÜMLAUT GMBH", "umlaut"),
    ("ana@globex.example", "acme"),
    ("ANA@Globex.Example", "acme"),
    ("carol@globex.example", "globex"),
    ("zed@initech.example", "initech"),
    ("dup@elsewhere.example", "acme"),
    ("gavin@partner.example", "hooli"),
    ("x@hooli.example", "hooli"),
    ("nobody@nowhere.example", None),
    ("broken@", None),  # no domain in the address: not the customer whose domain is no host
    ("a@localhost", None),
    ("https://", None),
    ("hooli", "hooli"),
    ("hoo", None),  # part of a name names nobody
    ("hooli.exam", None),
    ("%", None),  # LIKE wildcards are plain characters
    ("_", None),
    ("", None),
    ("   ", None),
]


@pytest.fixture
def world(any_container):
    boss = factories.admin(any_container)
    ids = {
        key: customers.create_customer(any_container.uow(), boss, fields).id
        for key, fields in CUSTOMERS.items()
    }
    with any_container.uow() as uow:
        for email, key in CONTACTS:
            uow.contacts.add({"name": email, "email": email, "customer_id": ids.get(key or "")})
        uow.commit()
    return any_container, ids


@pytest.mark.parametrize(("reference", "expected"), REFERENCES)
def test_the_lookup_and_the_index_name_the_same_customer(world, reference, expected):
    container, ids = world

    with container.uow() as uow:
        indexed = CustomerIndex(uow).find(reference)
        looked_up = CustomerLookup(uow).find(reference)

    assert (ids.get(expected or ""), ids.get(expected or "")) == (indexed, looked_up)


@pytest.mark.parametrize(
    ("customer", "hints", "expected"),
    [
        ("Initech", ("ana@globex.example",), "initech"),  # the named customer wins
        ("", ("nobody@nowhere.example", "x@hooli.example"), "hooli"),  # the first hint found
        ("", ("nobody@nowhere.example",), None),
    ],
)
def test_both_require_the_same_customer_of_a_draft(world, customer, hints, expected):
    container, ids = world
    draft = NoteDraft(where="hook", text="Hi", source="t", customer=customer, customer_hints=hints)

    with container.uow() as uow:
        answers = {CustomerIndex(uow).require(draft), CustomerLookup(uow).require(draft)}

    assert {ids.get(expected or "")} == answers


def test_both_refuse_a_draft_naming_an_unknown_customer_the_same_way(world):
    container, _ = world
    draft = NoteDraft(where="hook", text="Hi", source="t", customer="Hooli Inc")

    with container.uow() as uow, pytest.raises(ValidationFailed) as indexed:
        CustomerIndex(uow).require(draft)
    with container.uow() as uow, pytest.raises(ValidationFailed) as looked_up:
        CustomerLookup(uow).require(draft)

    assert str(indexed.value) == str(looked_up.value)
    assert str(looked_up.value).startswith("hook, field customer: no customer")


def test_the_lookup_reads_only_rows_that_can_match(world):
    container, ids = world
    calls: list[tuple[str, object, object, int]] = []

    with container.uow() as uow:
        for name in ("customers", "contacts"):
            repository = getattr(uow, name)
            listed = repository.list

            def spy(where=None, *, _name=name, _listed=listed, **options):
                found = _listed(where, **options)
                calls.append((_name, where, options.get("search"), len(found.items)))
                return found

            repository.list = spy
        lookup = CustomerLookup(uow)
        found = (lookup.find("Hooli"), lookup.find("gavin@partner.example"), lookup.find("x@"))

    assert (ids["hooli"], ids["hooli"], None) == found
    assert [
        ("customers", None, (("name", "external_id", "domain"), "hooli"), 1),
        ("contacts", {"email": "gavin@partner.example"}, None, 1),
        ("customers", None, (("name", "external_id", "domain"), "partner.example"), 0),
        ("contacts", {"email": "x@"}, None, 0),  # no domain: no customer is read at all
    ] == calls


def test_a_webhook_note_finds_its_customer_by_the_email_domain(world):
    container, ids = world
    client = factories.api(container)
    product = factories.product(container, name="Relay")
    hook = client.post(
        f"/api/v1/products/{product}/hooks", json={"name": "Typeform", "source": "typeform"}
    ).json()
    body = json.dumps({"text": "Please add SSO", "email": "new.person@initech.example"}).encode()
    stamp = str(int(time.time()))
    headers = {
        "X-Valueloop-Timestamp": stamp,
        "X-Valueloop-Signature": signature(hook["secret"], stamp, body),
        "Content-Type": "application/json",
    }

    sent = client.post(hook["url"], content=body, headers=headers)

    assert 201 == sent.status_code, sent.text
    assert ids["initech"] == sent.json()["customer_id"]
