"""Use cases: import customers (accounts) and people (contacts) from a CRM export.

Each file is one transaction: the first bad row aborts it with its line and field. Accounts are
matched by external id, then (for customers that have none yet) by domain, then by name;
contacts by external id, then by e-mail. Importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from valueloop.domain import contacts, customers
from valueloop.domain.collaboration import RecordType
from valueloop.domain.contacts import Contact
from valueloop.domain.crm_imports import AccountDraft, ContactDraft, CrmFile, CrmKind
from valueloop.domain.customers import Customer, email_domain
from valueloop.domain.errors import DomainError
from valueloop.domain.feedback_imports import ImportCounts, Progress, at
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.unit_of_work import UnitOfWork


class _Accounts:
    """The workspace's customers by external id, domain and name, kept current while importing."""

    def __init__(self, known: Sequence[Customer]) -> None:
        self.by_external: dict[str, Customer] = {}
        self.by_domain: dict[str, Customer] = {}
        self.by_name: dict[str, Customer] = {}
        for customer in known:
            self.remember(customer)

    def remember(self, customer: Customer) -> None:
        if customer.external_id:
            self.by_external[customer.external_id.lower()] = customer
        if customer.domain:
            self.by_domain.setdefault(customer.domain.lower(), customer)
        self.by_name.setdefault(customer.name.strip().lower(), customer)

    def match(self, draft: AccountDraft) -> Customer | None:
        if draft.external_id and (found := self.by_external.get(draft.external_id.lower())):
            return found
        for candidate in (
            self.by_domain.get(draft.domain.lower()) if draft.domain else None,
            self.by_name.get(draft.name.strip().lower()),
        ):
            # A customer already tied to another CRM record is that record's, not this one's.
            if candidate is not None and (not draft.external_id or not candidate.external_id):
                return candidate
        return None


def import_file(
    uow: UnitOfWork, actor: Principal, file: CrmFile, *, progress: Progress | None = None
) -> ImportCounts:
    """Import a CRM export: its accounts as customers, or its contacts as people."""
    if file.kind is CrmKind.ACCOUNTS:
        return import_accounts(uow, actor, file.accounts, file.name, progress=progress)
    return import_contacts(uow, actor, file.contacts, file.name, progress=progress)


def import_accounts(
    uow: UnitOfWork,
    actor: Principal,
    drafts: Sequence[AccountDraft],
    source: str,
    *,
    progress: Progress | None = None,
) -> ImportCounts:
    """Create or update a customer per account row; all rows or none."""
    actor.require(Action.MANAGE_CUSTOMERS)
    created = updated = unchanged = 0
    with uow:
        accounts = _Accounts(uow.customers.list(order_by=("id",)).items)
        for done, draft in enumerate(drafts, 1):
            fields: dict[str, object] = {
                "name": draft.name,
                "domain": draft.domain,
                "plan": draft.plan,
                "segment": draft.segment,
            }
            if draft.external_id:
                fields["external_id"] = draft.external_id
            if draft.arr is not None:
                fields["arr"] = draft.arr
            if draft.status is not None:
                fields["status"] = draft.status
            before = accounts.match(draft)
            try:
                values = customers.validate(fields, creating=before is None)
                if before is None:
                    after = uow.customers.add(values)
                    changes.created(uow, actor, RecordType.CUSTOMER, after)
                    created += 1
                else:
                    changed = {k: v for k, v in values.items() if getattr(before, k) != v}
                    after = before
                    if changed:
                        after = uow.customers.update(before.id, None, changed)
                        label = f"customer “{after.name}”"
                        changes.updated(uow, actor, RecordType.CUSTOMER, before, after, label)
                    updated += bool(changed)
                    unchanged += not changed
            except DomainError as error:
                raise at(draft.where, error) from None
            accounts.remember(after)
            if progress is not None:
                progress(done, len(drafts))
        uow.commit()
    return ImportCounts(source, len(drafts), created, updated, unchanged, 0)


def import_contacts(
    uow: UnitOfWork,
    actor: Principal,
    drafts: Sequence[ContactDraft],
    source: str,
    *,
    progress: Progress | None = None,
) -> ImportCounts:
    """Create or update a person per contact row, tied to their account; all rows or none."""
    actor.require(Action.MANAGE_CUSTOMERS)
    created = updated = unchanged = 0
    with uow:
        accounts = _Accounts(uow.customers.list(order_by=("id",)).items)
        people = uow.contacts.list(order_by=("id",)).items
        by_external = {p.external_id.lower(): p for p in people if p.external_id}
        by_email = {p.email: p for p in people if p.email}
        for done, draft in enumerate(drafts, 1):
            before = (
                by_external.get(draft.external_id.lower()) if draft.external_id else None
            ) or (by_email.get(draft.email) if draft.email else None)
            fields: dict[str, object] = {
                "name": draft.name,
                "email": draft.email,
                "title": draft.title,
                "customer_id": _account_of(draft, accounts),
            }
            if draft.external_id:
                fields["external_id"] = draft.external_id
            try:
                values = contacts.validate(fields, creating=before is None)
                if before is None:
                    after = uow.contacts.add(values)
                    created += 1
                    _log(uow, actor, None, after)
                else:
                    changed = {k: v for k, v in values.items() if getattr(before, k) != v}
                    after = before
                    if changed:
                        after = uow.contacts.update(before.id, None, changed)
                        _log(uow, actor, before, after)
                    updated += bool(changed)
                    unchanged += not changed
            except DomainError as error:
                raise at(draft.where, error) from None
            if after.external_id:
                by_external[after.external_id.lower()] = after
            if after.email:
                by_email[after.email] = after
            if progress is not None:
                progress(done, len(drafts))
        uow.commit()
    return ImportCounts(source, len(drafts), created, updated, unchanged, 0)


def _account_of(draft: ContactDraft, accounts: _Accounts) -> int | None:
    """The contact's customer by account id, else account name, else e-mail domain."""
    if draft.account_id:
        found = accounts.by_external.get(draft.account_id.lower())
        if found is None:
            raise draft.fail(
                "account",
                f"no customer with external id {draft.account_id!r} "
                "(import the accounts file first)",
            )
        return found.id
    if draft.account:
        named = accounts.by_name.get(draft.account.strip().lower())
        if named is None:
            raise draft.fail(
                "account",
                f"no customer named {draft.account!r} (import the accounts file first)",
            )
        return named.id
    by_domain = accounts.by_domain.get(email_domain(draft.email))
    return by_domain.id if by_domain else None


def _log(uow: UnitOfWork, actor: Principal, before: Contact | None, after: Contact) -> None:
    """Audit the change under the contact's customer (people are part of the account)."""
    if after.customer_id is None:
        return
    old = None if before is None else {"name": before.name, "email": before.email}
    new = {"name": after.name, "email": after.email, "title": after.title}
    changes.logged(
        uow, actor, RecordType.CUSTOMER.value, after.customer_id, "contact", {"contact": [old, new]}
    )
