"""Feedback and CRM file imports: /api/v1/products/{id}/feedback/imports, /api/v1/customers/imports,
and the people of a customer, /api/v1/customers/{id}/contacts."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel

from valueloop.adapters.importers import crm, feedback_formats
from valueloop.adapters.importers.feedback_formats import Format
from valueloop.domain.crm_imports import CrmKind
from valueloop.domain.feedback_imports import parse_mapping
from valueloop.entrypoints.api.deps import Actor, Limit, Offset, Uow
from valueloop.entrypoints.api.pages import PageOut, page_out, wire
from valueloop.entrypoints.api.uploads import text_of
from valueloop.services import contacts, crm_imports, feedback_imports

router = APIRouter(tags=["feedback"])


class ImportCountsOut(BaseModel):
    """What an import did (a failed import changes nothing and answers 422 naming the line)."""

    source: str
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    dry_run: bool
    kept_edited: int = 0  # changed rows whose note was edited by hand in valueloop, so kept


class ContactOut(BaseModel):
    id: int
    customer_id: int | None
    name: str
    email: str
    title: str
    external_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@router.post("/products/{product_id}/feedback/imports")
async def import_feedback(
    product_id: int,
    actor: Actor,
    uow: Uow,
    file: UploadFile = File(...),
    format: Format = Form(
        Format.CSV, description="csv, jsonl, zendesk, intercom, app-store, interviews"
    ),
    mapping: str = Form(
        "", description="field=column pairs, one a line or comma-separated (csv and jsonl)."
    ),
    source: str = Form("", max_length=100, description="The notes' source (default: the format)."),
    date_format: str = Form("", max_length=50, description="strptime format of the date column."),
    dry_run: bool = Form(False, description="Check and count, store nothing."),
    overwrite_edited: bool = Form(
        False,
        description="Replace notes edited by hand with the file's changed rows (by default "
        "they are kept and counted in kept_edited).",
    ),
) -> ImportCountsOut:
    """Import a feedback file into the product: all rows or none, idempotent by external id."""
    name = file.filename or "upload"
    data = await file.read()  # the size limit is the server's (VALUELOOP_MAX_UPLOAD_BYTES)
    pairs = [p for line in mapping.replace(",", "\n").splitlines() if (p := line.strip())]
    notes = feedback_formats.read(
        format,
        name,
        mapping=parse_mapping(pairs, date_format=date_format or None),
        source=source or None,
        data=data,
    )
    counts = feedback_imports.import_notes(
        uow,
        actor,
        product_id,
        notes.drafts,
        source=name,
        total=notes.total,
        dry_run=dry_run,
        overwrite_edited=overwrite_edited,
    )
    return wire(ImportCountsOut, counts)


@router.post("/customers/imports")
async def import_customers(
    actor: Actor,
    uow: Uow,
    file: UploadFile = File(...),
    kind: CrmKind | None = Form(None, description="accounts or contacts (default: by header)."),
) -> ImportCountsOut:
    """Customers (accounts) or people (contacts) from a Salesforce or HubSpot CSV export."""
    name, text = await text_of(file)
    counts = crm_imports.import_file(uow, actor, crm.read(name, kind, text=text))
    return wire(ImportCountsOut, counts)


@router.get("/customers/{customer_id}/contacts")
def customer_contacts(
    customer_id: int, actor: Actor, uow: Uow, q: str = "", limit: Limit = 50, offset: Offset = 0
) -> PageOut[ContactOut]:
    """The people at a customer, by name."""
    page = contacts.list_contacts(
        uow, actor, where={"customer_id": customer_id}, search=q, limit=limit, offset=offset
    )
    return page_out(page, ContactOut)
