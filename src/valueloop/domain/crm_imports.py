"""Accounts and people read from a CRM export (Salesforce or HubSpot shaped), before matching."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain.customers import CustomerStatus
from valueloop.domain.errors import ValidationFailed


class CrmKind(StrEnum):
    """What a CRM file lists."""

    ACCOUNTS = "accounts"
    CONTACTS = "contacts"


@dataclass(frozen=True, slots=True)
class AccountDraft:
    """One account row: matched to a customer by external id, else by domain, else by name."""

    where: str
    name: str
    external_id: str
    domain: str
    arr: float | None
    plan: str
    segment: str
    status: CustomerStatus | None


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """One person: matched by external id, else by e-mail; their account by the account's
    external id, else its name, else the e-mail's domain."""

    where: str
    name: str
    email: str
    title: str
    external_id: str
    account_id: str
    account: str

    def fail(self, field: str, message: str) -> ValidationFailed:
        return ValidationFailed(f"{self.where}, field {field}: {message}", field=field)


@dataclass(frozen=True, slots=True)
class CrmFile:
    """A CRM export as read: what it lists, and its accounts or its contacts (the other empty)."""

    name: str
    kind: CrmKind
    accounts: tuple[AccountDraft, ...] = ()
    contacts: tuple[ContactDraft, ...] = ()


# CRM words for an account's state, as valueloop's customer statuses.
STATUS_WORDS: dict[str, CustomerStatus] = {
    "active": CustomerStatus.ACTIVE,
    "customer": CustomerStatus.ACTIVE,
    "customer - direct": CustomerStatus.ACTIVE,
    "customer - channel": CustomerStatus.ACTIVE,
    "churned": CustomerStatus.CHURNED,
    "former customer": CustomerStatus.CHURNED,
    "prospect": CustomerStatus.PROSPECT,
    "lead": CustomerStatus.PROSPECT,
    "opportunity": CustomerStatus.PROSPECT,
    "marketingqualifiedlead": CustomerStatus.PROSPECT,
    "salesqualifiedlead": CustomerStatus.PROSPECT,
    "lost": CustomerStatus.LOST_DEAL,
    "lost deal": CustomerStatus.LOST_DEAL,
    "lost_deal": CustomerStatus.LOST_DEAL,
    "closed lost": CustomerStatus.LOST_DEAL,
}


def status(word: str) -> CustomerStatus | None:
    """The status a CRM word means, None for an empty cell; ValueError for an unknown word."""
    key = word.strip().lower()
    if not key:
        return None
    if key not in STATUS_WORDS:
        raise ValueError(key)
    return STATUS_WORDS[key]
