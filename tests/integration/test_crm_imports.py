"""Customers and contacts from CRM exports, on SQLite and PostgreSQL: matched by external id
(then domain or e-mail), all or nothing, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories
from valueloop.adapters.importers import crm
from valueloop.domain.customers import CustomerStatus
from valueloop.domain.errors import PermissionDenied, ValidationFailed
from valueloop.domain.roles import Role
from valueloop.services import crm_imports, customers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "importers"


def _accounts(container, who, path=FIXTURES / "crm_accounts.csv"):
    rows = crm.read(path).accounts
    return crm_imports.import_accounts(container.uow(), who, rows, Path(path).name)


def _contacts(container, who, path=FIXTURES / "crm_contacts.csv"):
    rows = crm.read(path).contacts
    return crm_imports.import_contacts(container.uow(), who, rows, Path(path).name)


def _customers(container):
    with container.uow() as uow:
        return {c.name: c for c in uow.customers.list().items}


def test_accounts_become_customers_with_domain_arr_plan_segment_and_status(any_container):
    boss = factories.admin(any_container)

    counts = _accounts(any_container, boss)
    again = _accounts(any_container, boss)
    found = _customers(any_container)

    assert (3, 0, 3) == (counts.created, again.created, again.unchanged)
    globex = found["Globex"]
    assert ("0015g00000AbC01", "globex.example", 120000.0, "Gold", "Enterprise") == (
        globex.external_id,
        globex.domain,
        globex.arr,
        globex.plan,
        globex.segment,
    )
    assert [CustomerStatus.ACTIVE, CustomerStatus.PROSPECT, CustomerStatus.CHURNED] == [
        found[n].status for n in ("Globex", "Initech", "Umbrella")
    ]


def test_an_account_matches_a_customer_entered_by_hand_by_domain(any_container):
    boss = factories.admin(any_container)
    by_hand = customers.create_customer(
        any_container.uow(), boss, {"name": "Globex Corp", "domain": "globex.example"}
    )

    counts = _accounts(any_container, boss)
    found = _customers(any_container)

    assert (2, 1) == (counts.created, counts.updated)
    assert by_hand.id == found["Globex"].id
    assert "0015g00000AbC01" == found["Globex"].external_id


def test_contacts_are_tied_to_their_account_and_not_duplicated(any_container):
    boss = factories.admin(any_container)
    _accounts(any_container, boss)

    counts = _contacts(any_container, boss)
    again = _contacts(any_container, boss)
    with any_container.uow() as uow:
        people = {p.email: p for p in uow.contacts.list().items}
    found = _customers(any_container)

    assert (3, 3) == (counts.created, again.unchanged)
    assert ("Ana Ruiz", "Head of Support", found["Globex"].id) == (
        people["ana@globex.example"].name,
        people["ana@globex.example"].title,
        people["ana@globex.example"].customer_id,
    )
    assert found["Umbrella"].id == people["cleo@umbrella.example"].customer_id  # by domain


def test_contacts_of_an_unknown_account_name_the_line_and_import_nothing(any_container):
    boss = factories.admin(any_container)

    with pytest.raises(ValidationFailed) as failure:
        _contacts(any_container, boss)

    assert str(failure.value).startswith(
        "crm_contacts.csv, line 2, field account: no customer with external id '0015g00000AbC01'"
    )
    with any_container.uow() as uow:
        assert 0 == uow.contacts.count()


def test_a_bad_arr_names_line_and_field_and_imports_nothing(any_container, tmp_path):
    boss = factories.admin(any_container)
    bad = tmp_path / "accounts.csv"
    bad.write_text((FIXTURES / "crm_accounts.csv").read_text().replace("9000", "lots"))

    with pytest.raises(ValidationFailed) as failure:
        _accounts(any_container, boss, bad)

    assert "accounts.csv, line 4, field arr: 'lots' is not a number" == str(failure.value)
    assert {} == _customers(any_container)


def test_a_contributor_may_not_import_customers(any_container):
    product = factories.product(any_container)
    contributor = factories.user(any_container, Role.CONTRIBUTOR, product)

    with pytest.raises(PermissionDenied):
        _accounts(any_container, contributor)
