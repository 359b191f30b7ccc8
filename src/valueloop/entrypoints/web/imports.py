"""The Import feedback page of a product: a feedback file in any format the importers read, and a
CRM export (accounts or contacts).

Each upload goes through the same importer and use case as the REST API and the CLI: a bad file
is refused as a whole, and the page names the file, line and field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import UploadFile

from valueloop.adapters.importers import crm, feedback_formats, text_files
from valueloop.adapters.importers.feedback_formats import Format
from valueloop.domain.crm_imports import CrmKind
from valueloop.domain.errors import DomainError, NotFound, ValidationFailed
from valueloop.domain.feedback_imports import MAPPABLE, ImportCounts, parse_mapping
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.rendering import render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import crm_imports, feedback_imports, products

router = APIRouter(include_in_schema=False)

FORMATS = [
    (Format.CSV.value, "CSV (map the columns below)"),
    (Format.JSONL.value, "JSON Lines (map the keys below)"),
    (Format.ZENDESK.value, "Zendesk tickets export (JSON)"),
    (Format.INTERCOM.value, "Intercom conversations export (JSON)"),
    (Format.APP_STORE.value, "App Store Connect or Google Play reviews (CSV)"),
    (Format.INTERVIEWS.value, "Interview notes (one markdown or text file)"),
]
CRM_KINDS = [
    ("", "Tell by the header"),
    (CrmKind.ACCOUNTS.value, "Accounts (customers)"),
    (CrmKind.CONTACTS.value, "Contacts (people)"),
]


@dataclass(frozen=True, slots=True)
class Upload:
    """A posted file's base name and bytes (no name when no file was chosen)."""

    name: str
    data: bytes


async def _uploaded(request: Request, form: Posted) -> Upload:
    """The posted `file`, read after the CSRF check (its size limit is the server's)."""
    value = (await request.form()).get("file")
    if not isinstance(value, UploadFile) or not value.filename:
        return Upload("", b"")
    name = PurePath(value.filename.replace("\\", "/")).name or "upload"
    return Upload(name, await value.read())


Uploaded = Annotated[Upload, Depends(_uploaded)]


def _bytes(upload: Upload) -> bytes:
    if not upload.name:
        raise ValidationFailed("choose a file to upload", field="file")
    return upload.data


def _text(upload: Upload) -> str:
    return text_files.decode(_bytes(upload), upload.name)


def _choice(value: str, choices: list[tuple[str, str]], field: str) -> str:
    if value not in {v for v, _ in choices}:
        allowed = ", ".join(v for v, _ in choices if v)
        raise ValidationFailed(f"{field} must be one of {allowed}", field=field)
    return value


@router.get("/products/{product_id}/imports")
def imports_page(request: Request, product_id: int, who: Signed) -> Response:
    return _page(request, who, product_id)


def _page(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    result: ImportCounts | None = None,
    done: str | None = None,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
    file_name: str = "",
) -> Response:
    """The page; `failed` names the form whose posted values are shown again."""
    product = products.get_product(container_of(request).uow(), who.principal, product_id)
    return render(
        request,
        "imports/page.html",
        {
            "product": product,
            "formats": FORMATS,
            "crm_kinds": CRM_KINDS,
            "mappable": MAPPABLE,
            "section": "feedback",
            "result": result,
            "done": done,
            "error": error,
            "failed": failed,
            "form": form or {},
            "file_name": file_name,
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}/imports/feedback")
def import_feedback(
    request: Request, product_id: int, who: Signed, form: Posted, upload: Uploaded
) -> Response:
    """A feedback file into the product: all rows or none, idempotent by external id."""
    dry_run = form.text("dry_run") == "1"
    overwrite_edited = form.text("overwrite_edited") == "1"
    try:
        format = _choice(form.text("format", Format.CSV.value), FORMATS, "format")
        pairs = [p for line in form.text("mapping").splitlines() if (p := line.strip())]
        mapping = parse_mapping(pairs, date_format=form.text("date_format").strip() or None)
        source = form.text("source").strip()
        if len(source) > 100:
            raise ValidationFailed("source must be at most 100 characters", field="source")
        notes = feedback_formats.read(
            format, upload.name, mapping=mapping, source=source or None, data=_bytes(upload)
        )
        counts = feedback_imports.import_notes(
            container_of(request).uow(),
            who.principal,
            product_id,
            notes.drafts,
            source=notes.name,
            total=notes.total,
            dry_run=dry_run,
            overwrite_edited=overwrite_edited,
        )
    except (ValidationFailed, NotFound) as error:
        return _page(
            request,
            who,
            product_id,
            error=error,
            failed="feedback",
            form=form.values(),
            file_name=upload.name,
        )
    return _page(
        request,
        who,
        product_id,
        result=counts,
        done="feedback",
        failed="feedback",
        form=form.values(),
    )


@router.post("/products/{product_id}/imports/customers")
def import_customers(
    request: Request, product_id: int, who: Signed, form: Posted, upload: Uploaded
) -> Response:
    """Customers (accounts) or people (contacts) from a Salesforce or HubSpot CSV export."""
    try:
        kind = _choice(form.text("kind"), CRM_KINDS, "kind")
        found = crm.read(upload.name, CrmKind(kind) if kind else None, text=_text(upload))
        counts = crm_imports.import_file(container_of(request).uow(), who.principal, found)
    except (ValidationFailed, NotFound) as error:
        return _page(
            request,
            who,
            product_id,
            error=error,
            failed="crm",
            form=form.values(),
            file_name=upload.name,
        )
    return _page(
        request, who, product_id, result=counts, done="crm", failed="crm", form=form.values()
    )
