"""The Import feedback page over HTTP: feedback files and CRM exports through the same use cases
as the REST API, with counts, errors naming the line and field, CSRF and escaping."""

from __future__ import annotations

import re
from pathlib import Path

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.domain.roles import Role
from valueloop.services import feedback

FIXTURES = Path(__file__).parents[1] / "fixtures" / "importers"
MAPPING = "text=Body\ntitle=Subject\nexternal_id=Ticket ID\nreceived_on=Submitted"


def _post(client, url, name, content, **form):
    return client.post(url, files={"file": (name, content)}, data=form)


def _counts(html):
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def _notes(container, product_id):
    with container.uow() as uow:
        return sorted(n.external_id for n in uow.notes.list({"product_id": product_id}).items)


def _feedback(client, token, product_id, name="notes.csv", content=None, **form):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    fields = {"csrf_token": token, "format": "csv", "mapping": MAPPING, **form}
    fields.setdefault("date_format", "%d/%m/%Y")
    return _post(client, f"/products/{product_id}/imports/feedback", name, data, **fields)


def test_a_mapped_csv_imports_notes_and_a_second_upload_leaves_them_unchanged(any_container):
    product_id = factories.product(any_container, name="Orbit")
    client, token = signed_in(any_container)

    page = client.get(f"/products/{product_id}/imports")
    first = _feedback(client, token, product_id)
    second = _feedback(client, token, product_id)

    assert 200 == page.status_code
    assert 'enctype="multipart/form-data"' in page.text
    assert (200, 200) == (first.status_code, second.status_code), first.text
    zero = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0, "kept_edited": 0}
    assert {**zero, "created": 3} == _counts(first.text)
    assert {**zero, "unchanged": 3} == _counts(second.text)
    assert "Imported notes.csv." in first.text
    assert ["T-1001", "T-1002", "T-1003"] == _notes(any_container, product_id)


def test_a_dry_run_counts_and_stores_nothing_and_keeps_the_settings(container):
    product_id = factories.product(container)
    client, token = signed_in(container)

    answer = _feedback(client, token, product_id, dry_run="1", source="support")

    assert {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0, "kept_edited": 0} == (
        _counts(answer.text)
    )
    assert "Dry run of notes.csv: nothing was stored." in answer.text
    assert 'name="dry_run" value="1" checked' in answer.text
    assert 'value="support"' in answer.text
    assert [] == _notes(container, product_id)


def test_a_malformed_file_names_the_line_and_field_and_imports_nothing(container):
    product_id = factories.product(container)
    client, token = signed_in(container)
    broken = (
        b"Ticket ID,Subject,Body,Submitted\n"
        b"T-1,Fine,All good,01/03/2025\n"
        b"T-2,Bad date,Cannot read this date,yesterday\n"
    )

    answer = _feedback(client, token, product_id, "broken.csv", broken)

    assert 422 == answer.status_code
    assert "Nothing was imported from broken.csv:" in answer.text
    assert "broken.csv, line 3, field received_on" in answer.text
    assert [] == _notes(container, product_id)


def test_a_bad_mapping_is_refused_at_the_mapping_field(container):
    product_id = factories.product(container)
    client, token = signed_in(container)

    answer = _feedback(client, token, product_id, mapping="text=Body\nmood=Subject")

    assert 422 == answer.status_code
    assert "&#39;mood&#39; is not one of text, title" in answer.text
    assert 'id="feedback-mapping-error"' in answer.text
    assert [] == _notes(container, product_id)


def test_another_format_imports_through_the_same_form(container):
    product_id = factories.product(container)
    client, token = signed_in(container)
    content = (FIXTURES / "zendesk_tickets.json").read_bytes()

    answer = _feedback(
        client, token, product_id, "zendesk_tickets.json", content, format="zendesk", mapping=""
    )

    assert 200 == answer.status_code, answer.text
    assert 2 == _counts(answer.text)["created"]
    assert 2 == len(_notes(container, product_id))


def test_a_post_without_the_csrf_token_is_refused(container):
    product_id = factories.product(container)
    client, _ = signed_in(container)
    content = (FIXTURES / "notes.csv").read_bytes()

    feedback = _post(
        client, f"/products/{product_id}/imports/feedback", "notes.csv", content, format="csv"
    )
    crm = _post(client, f"/products/{product_id}/imports/customers", "a.csv", content)

    assert (403, 403) == (feedback.status_code, crm.status_code)
    assert [] == _notes(container, product_id)


def test_markup_in_the_error_and_the_file_name_is_escaped(container):
    product_id = factories.product(container)
    client, token = signed_in(container)
    name = "<img src=x onerror=alert(1)>.csv"
    content = b"Ticket ID,Body,Submitted\nT-1,Fine,<b>soon</b>\n"

    bad_file = _feedback(
        client, token, product_id, name, content, mapping="text=Body\nreceived_on=Submitted"
    )
    bad_mapping = _feedback(client, token, product_id, mapping="text=<b>Nope</b>\n<i>=x")

    assert (422, 422) == (bad_file.status_code, bad_mapping.status_code)
    assert "<img src=x" not in bad_file.text
    assert "&lt;img src=x onerror=alert(1)&gt;.csv, line 2, field received_on" in bad_file.text
    assert "<i>" not in bad_mapping.text
    assert "&lt;i&gt;" in bad_mapping.text
    assert [] == _notes(container, product_id)


def test_a_stakeholder_reads_the_page_without_forms_and_cannot_post(container):
    product_id = factories.product(container)
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    client, token = signed_in(container, "sam")

    page = client.get(f"/products/{product_id}/imports")
    answer = _feedback(client, token, product_id)

    assert 200 == page.status_code
    assert f'action="/products/{product_id}/imports/feedback"' not in page.text
    assert "lets you read feedback but not import it" in page.text
    assert 403 == answer.status_code
    assert [] == _notes(container, product_id)


def test_crm_accounts_upload_then_feedback_finds_its_customer(container):
    product_id = factories.product(container)
    client, token = signed_in(container)
    accounts = (FIXTURES / "crm_accounts.csv").read_bytes()
    url = f"/products/{product_id}/imports/customers"

    first = _post(client, url, "crm_accounts.csv", accounts, csrf_token=token, kind="accounts")
    again = _post(client, url, "crm_accounts.csv", accounts, csrf_token=token)
    notes = _feedback(client, token, product_id, mapping=MAPPING + "\ncustomer=Account")

    assert 200 == first.status_code, first.text
    assert 0 < _counts(first.text)["created"]
    assert 0 == _counts(again.text)["created"]
    assert _counts(first.text)["created"] == _counts(again.text)["unchanged"]
    with container.uow() as uow:
        linked = [n.customer_id for n in uow.notes.list({"product_id": product_id}).items]
    assert 200 == notes.status_code, notes.text
    assert 2 == sum(c is not None for c in linked)


def test_the_inbox_links_to_the_import_page(container):
    product_id = factories.product(container)
    client, _ = signed_in(container)

    inbox = client.get("/feedback")

    assert f'href="/products/{product_id}/imports"' in inbox.text


def test_a_note_edited_by_hand_is_kept_and_counted_unless_overwrite_is_ticked(container):
    product_id = factories.product(container)
    client, token = signed_in(container)
    _feedback(client, token, product_id)
    with container.uow() as uow:
        note = uow.notes.list({"external_id": "T-1001"}).items[0]
    feedback.update_note(
        container.uow(), factories.admin(container), note.id, note.version, {"title": "Mine"}
    )
    changed = (FIXTURES / "notes.csv").read_bytes().replace(b"ten minutes", b"ten <b>minutes")

    page = client.get(f"/products/{product_id}/imports")
    kept = _feedback(client, token, product_id, content=changed)
    forced = _feedback(client, token, product_id, content=changed, overwrite_edited="1")
    with container.uow() as uow:
        after = uow.notes.require(note.id)

    assert 'name="overwrite_edited" value="1">' in page.text
    assert (1, 0) == (_counts(kept.text)["kept_edited"], _counts(kept.text)["updated"])
    assert "1 kept as edited by hand" in kept.text
    assert (0, 1) == (_counts(forced.text)["kept_edited"], _counts(forced.text)["updated"])
    assert 'name="overwrite_edited" value="1" checked>' in forced.text  # the settings stay
    assert ("Export is slow", None) == (after.title, after.edited_at)
    assert "ten <b>minutes" in after.text
