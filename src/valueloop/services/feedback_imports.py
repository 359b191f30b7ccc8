"""Use case: import feedback notes from a file (any importer's drafts) into a product.

One transaction for the whole file: the first bad row aborts it with its place and field, and
nothing is stored. Notes are keyed by (source, external id): importing the same file again
updates the notes whose text, title, author, date, customer or attributes changed and leaves the
rest alone. A note a person edited in valueloop (its `edited_at` is set) keeps their edit and is
counted as kept, unless the import is told to overwrite edited notes. Rows are matched and
written a thousand at a time, so a file of any length streams through in constant memory.

A single note (a webhook delivery) finds its customer with CustomerLookup, which gives the same
answers as the whole-workspace CustomerIndex from the few rows its reference can name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from valueloop.domain.collaboration import RecordType
from valueloop.domain.contacts import Contact
from valueloop.domain.customers import Customer, email_domain, web_domain
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import FeedbackNote
from valueloop.domain.feedback_imports import (
    ImportCounts,
    NoteDraft,
    Progress,
    note_values,
)
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

BATCH = 1000
# What a re-import compares to decide between "updated" and "unchanged".
COMPARED = ("text", "title", "author", "received_on", "attributes", "customer_id")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    kept_edited: int = 0  # changed rows whose note a person edited: the note stays as they left it
    rows: int = 0


class CustomerIndex:
    """Customers by external id, name and domain, and contacts' e-mails to their customer."""

    def __init__(self, uow: UnitOfWork) -> None:
        customers = uow.customers.list(order_by=("id",)).items
        self._index(customers, uow.contacts.list(order_by=("id",)).items)

    def _index(self, known: Sequence[Customer], contacts: Sequence[Contact]) -> None:
        """The maps `find` reads, from customers and contacts in id order."""
        self.by_ref: dict[str, int] = {}
        self.by_domain: dict[str, int] = {}
        for customer in known:
            self.by_ref.setdefault(customer.name.strip().lower(), customer.id)
            if domain := web_domain(customer.domain or ""):  # "https://" is no domain
                self.by_domain.setdefault(domain, customer.id)
        for customer in known:
            if customer.external_id:  # an external id wins over another customer's name
                self.by_ref[customer.external_id.strip().lower()] = customer.id
        self.by_email = {
            c.email: c.customer_id for c in contacts if c.email and c.customer_id is not None
        }

    def find(self, reference: str) -> int | None:
        """A customer by external id, name, domain or a person's e-mail address."""
        key = reference.strip().lower()
        if not key:
            return None
        if "@" in key:  # a person's address, else their company's domain (if it has one)
            return self.by_email.get(key) or self.by_domain.get(email_domain(key) or "@")
        return self.by_ref.get(key) or self.by_domain.get(key)

    def require(self, draft: NoteDraft) -> int | None:
        """The draft's customer: the one it names (which must exist), else the first hint that
        names one, else none."""
        if draft.customer:
            found = self.find(draft.customer)
            if found is None:
                raise draft.fail(
                    "customer",
                    f"no customer with the external id, name, domain or e-mail {draft.customer!r}"
                    " (import your CRM accounts first, or leave the column out)",
                )
            return found
        return next((c for h in draft.customer_hints if (c := self.find(h)) is not None), None)


class CustomerLookup(CustomerIndex):
    """CustomerIndex's answers for one note at a time: each reference reads only the customers
    and contacts that could match it, instead of every one (a webhook delivers a single note)."""

    def __init__(self, uow: UnitOfWork) -> None:  # indexes per reference, not the workspace
        self._uow = uow
        self._index([], [])

    def find(self, reference: str) -> int | None:
        key = reference.strip().lower()
        if not key:
            return None
        self._index(*self._candidates(key))
        return super().find(key)

    def _candidates(self, key: str) -> tuple[list[Customer], list[Contact]]:
        """Every customer and contact that `find` could answer with for `key`, in id order."""
        contacts: list[Contact] = []
        term = key
        if "@" in key:  # the index keys e-mails as stored: an (indexed) equality is the same
            contacts = self._uow.contacts.list({"email": key}, order_by=("id",)).items
            term = email_domain(key)
            if not term:  # not an address with a domain: only a contact can match it
                return [], contacts
        if not term.isascii():
            # SQL lower() folds ASCII letters only (SQLite), so a case-insensitive match of
            # other letters needs Python's.
            return self._uow.customers.list(order_by=("id",)).items, contacts
        # A name, external id or domain that equals the key once trimmed, lower-cased (and for
        # domains, stripped of scheme, www. and path) contains it: the LIKE finds a superset.
        fields = ("name", "external_id", "domain")
        found = self._uow.customers.list(search=(fields, term), order_by=("id",)).items
        return found, contacts


class ProductIndex:
    """The products rows may name (by id or name), each checked once for the actor's right."""

    def __init__(self, uow: UnitOfWork, actor: Principal, default: int) -> None:
        self._uow, self._actor, self.default = uow, actor, default
        self._found: dict[str, int] = {}

    def require(self, draft: NoteDraft) -> int:
        key = draft.product.strip().lower()
        if not key:
            return self.default
        if key not in self._found:
            matches = [
                p
                for p in self._uow.products.list().items
                if p.name.strip().lower() == key or str(p.id) == key
            ]
            visible = [p for p in matches if self._actor.can(Action.VIEW, p.id)]
            if not visible:
                raise draft.fail("product", f"no product {draft.product!r}")
            self._actor.require(Action.RECORD_FEEDBACK, visible[0].id)
            self._found[key] = visible[0].id
        return self._found[key]


def import_notes(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    drafts: Iterable[NoteDraft],
    *,
    source: str,
    total: int | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    overwrite_edited: bool = False,
) -> ImportCounts:
    """Import the drafts into the product as one transaction (rolled back when `dry_run`);
    notes edited by hand keep their edit unless `overwrite_edited`."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
        customers = CustomerIndex(uow)
        products = ProductIndex(uow, actor, product_id)
        tally = Tally()
        for batch in _batches(iter(drafts), BATCH):
            rows = [resolve(draft, customers, products) for draft in batch]
            store(
                uow,
                rows,
                created_by=actor.user_id,
                tally=tally,
                overwrite_edited=overwrite_edited,
            )
            tally.rows += len(batch)
            if progress is not None:
                progress(tally.rows, max(total or 0, tally.rows))
        if tally.rows == 0:
            raise ValidationFailed(f"{source}: found no notes to import", field="file")
        counts = ImportCounts(
            source=source,
            rows=tally.rows,
            created=tally.created,
            updated=tally.updated,
            unchanged=tally.unchanged,
            skipped=tally.skipped,
            dry_run=dry_run,
            kept_edited=tally.kept_edited,
        )
        summary = {
            k: getattr(counts, k) for k in ("source", "rows", "created", "updated", "kept_edited")
        }
        changes.logged(
            uow,
            actor,
            RecordType.PRODUCT.value,
            product_id,
            "import",
            {"feedback": [None, summary]},
        )
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
        return counts


def _batches(drafts: Iterator[NoteDraft], size: int) -> Iterator[list[NoteDraft]]:
    while batch := list(islice(drafts, size)):
        yield batch


def resolve(
    draft: NoteDraft, customers: CustomerIndex, products: ProductIndex
) -> tuple[NoteDraft, dict[str, object]]:
    """The draft's storable values with its customer and product, or the error at its place."""
    values = note_values(draft)
    values["customer_id"] = customers.require(draft)
    values["product_id"] = products.require(draft)
    return draft, values


def store(
    uow: UnitOfWork,
    rows: Sequence[tuple[NoteDraft, dict[str, object]]],
    *,
    created_by: int | None,
    tally: Tally,
    overwrite_edited: bool = False,
) -> None:
    """Create, update or leave each resolved row, keyed by (source, external id); a note edited
    by hand is left as it is unless `overwrite_edited` (which also clears its mark)."""
    by_source: dict[str, dict[str, dict[str, object]]] = {}
    for _, values in rows:
        keyed = by_source.setdefault(str(values["source"]), {})
        key = str(values["external_id"])
        if key in keyed:  # the same key twice in a batch: the later row wins
            if keyed[key] == values:
                tally.unchanged += 1
                continue
            tally.updated += 1
        keyed[key] = values
    fresh: list[dict[str, object]] = []
    for source, keyed in by_source.items():
        # One query per batch and source; it reads edited_at with the rest of each note.
        existing = {
            n.external_id: n
            for n in uow.notes.list({"source": source, "external_id": list(keyed)}).items
        }
        for key, values in keyed.items():
            note = existing.get(key)
            if note is None:
                values["received_on"] = values["received_on"] or dt.datetime.now(dt.UTC).date()
                fresh.append({**values, "created_by": created_by})
            else:
                _refresh(uow, note, values, tally, overwrite_edited)
    tally.created += uow.note_imports.add_many(fresh)


def _refresh(
    uow: UnitOfWork,
    note: FeedbackNote,
    values: dict[str, object],
    tally: Tally,
    overwrite_edited: bool,
) -> None:
    if note.product_id != values["product_id"]:
        tally.skipped += 1  # imported into another product: that product's note stays as it is
        return
    if values["received_on"] is None:
        values["received_on"] = note.received_on
    changed: dict[str, object] = {k: values[k] for k in COMPARED if getattr(note, k) != values[k]}
    if note.edited_at is not None:
        if not overwrite_edited:
            # A person's edit wins over the file; a row that agrees with the note is unchanged.
            if changed:
                tally.kept_edited += 1
            else:
                tally.unchanged += 1
            return
        changed["edited_at"] = None  # the file's version now, so the mark goes
    if not changed:
        tally.unchanged += 1
        return
    uow.notes.update(note.id, None, changed)
    tally.updated += 1
