"""CRM exports as CSV: accounts (customers) or contacts (people), Salesforce or HubSpot shaped.

Columns are recognised by the names either CRM writes: Salesforce's "Account ID", "Account
Name", "Website", "Annual Revenue", "Type"; HubSpot's "Record ID", "Company name", "Company
Domain Name", "Lifecycle Stage"; contacts' "Email", "First Name"/"Last Name", "Title" / "Job
Title", and the account by "Account ID" / "Associated Company ID" or "Account Name" /
"Associated Company". A file with an e-mail column lists contacts, otherwise accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.adapters.importers.csv_rows import CsvRow
from valueloop.domain import crm_imports
from valueloop.domain.crm_imports import AccountDraft, ContactDraft, CrmFile, CrmKind
from valueloop.domain.customers import web_domain
from valueloop.domain.errors import ValidationFailed

ACCOUNTS: dict[str, tuple[str, ...]] = {
    "external_id": ("account id", "record id", "company id", "external_id", "external id", "id"),
    "name": ("account name", "company name", "name", "company"),
    "domain": ("domain", "company domain name", "website", "website url"),
    "arr": ("arr", "annual recurring revenue", "annual revenue"),
    "plan": ("plan", "subscription plan", "product tier"),
    "segment": ("segment", "customer segment", "tier"),
    "status": ("status", "lifecycle stage", "type"),
}
CONTACTS: dict[str, tuple[str, ...]] = {
    "external_id": ("contact id", "record id", "external_id", "external id", "id"),
    "email": ("email", "email address"),
    "name": ("name", "full name"),
    "first_name": ("first name",),
    "last_name": ("last name",),
    "title": ("title", "job title"),
    "account_id": ("account id", "associated company id", "company id"),
    "account": ("account name", "associated company", "company name", "company"),
}


def kind_of(header: Sequence[str]) -> CrmKind:
    """Contacts when the header has an e-mail column, accounts otherwise."""
    names = {h.strip().lower() for h in header}
    return CrmKind.CONTACTS if names & set(CONTACTS["email"]) else CrmKind.ACCOUNTS


# Every column either kind knows: a contacts file may name its account's columns, too.
KNOWN = tuple(
    alias for table in (ACCOUNTS, CONTACTS) for names in table.values() for alias in names
)


def read(path: Path | str, kind: CrmKind | None = None, *, text: str | None = None) -> CrmFile:
    """The file's accounts or contacts, or ValidationFailed naming the file, line and field."""
    name = Path(path).name
    header, rows = csv_rows.table(path, (), KNOWN, text=text)
    chosen = kind or kind_of(header)
    aliases = ACCOUNTS if chosen is CrmKind.ACCOUNTS else CONTACTS
    columns = {key: next((a for a in names if a in header), None) for key, names in aliases.items()}
    if chosen is CrmKind.ACCOUNTS:
        if columns["name"] is None:
            raise _missing(name, "name", aliases)
        return CrmFile(name, chosen, accounts=tuple(_account(row, columns) for row in rows))
    if columns["email"] is None:
        raise _missing(name, "email", aliases)
    if columns["name"] is None and columns["first_name"] is None:
        raise _missing(name, "name", aliases)
    return CrmFile(name, chosen, contacts=tuple(_contact(row, columns) for row in rows))


def _missing(name: str, key: str, aliases: dict[str, tuple[str, ...]]) -> ValidationFailed:
    return ValidationFailed(
        f"{name}, line 1: missing column {key} (one of: {', '.join(aliases[key])})", field=key
    )


def _cell(row: CsvRow, column: str | None, *, max_len: int = 200) -> str:
    return row.text(column, max_len=max_len) if column else ""


def _account(row: CsvRow, columns: dict[str, str | None]) -> AccountDraft:
    arr = None
    if columns["arr"] and row.text(columns["arr"]):
        cleaned = row.text(columns["arr"]).replace("$", "").replace("€", "").replace("£", "")
        arr = CsvRow(row.line, {"arr": cleaned.strip()}, row.source).number("arr")
        if arr is not None and arr < 0:
            raise row.fail("arr", f"{arr:g} is negative")
    raw_status = _cell(row, columns["status"])
    try:
        status = crm_imports.status(raw_status)
    except ValueError:
        raise row.fail(
            "status",
            f"{raw_status!r} is not a known account status "
            "(active, customer, churned, prospect, lead, lost deal)",
        ) from None
    return AccountDraft(
        where=f"{row.source}, line {row.line}",
        name=row.text(columns["name"] or "name", required=True, max_len=200),
        external_id=_cell(row, columns["external_id"]),
        domain=web_domain(_cell(row, columns["domain"])),
        arr=arr,
        plan=_cell(row, columns["plan"]),
        segment=_cell(row, columns["segment"]),
        status=status,
    )


def _contact(row: CsvRow, columns: dict[str, str | None]) -> ContactDraft:
    name = _cell(row, columns["name"])
    if not name:
        first, last = _cell(row, columns["first_name"]), _cell(row, columns["last_name"])
        name = f"{first} {last}".strip()
    email = row.text(columns["email"] or "email", max_len=320).lower()
    if email and ("@" not in email or " " in email):
        raise row.fail("email", f"{email!r} is not an e-mail address")
    if not name and not email:
        raise row.fail("name", "is empty (and so is the e-mail)")
    return ContactDraft(
        where=f"{row.source}, line {row.line}",
        name=(name or email)[:200],
        email=email,
        title=_cell(row, columns["title"]),
        external_id=_cell(row, columns["external_id"]),
        account_id=_cell(row, columns["account_id"]),
        account=_cell(row, columns["account"]),
    )
