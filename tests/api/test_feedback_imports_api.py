"""File imports over HTTP: feedback in every format, CRM exports, and a customer's contacts."""

from __future__ import annotations

from pathlib import Path

from tests import factories

FIXTURES = Path(__file__).parents[1] / "fixtures" / "importers"


def _upload(client, url, name, data=None, **form):
    content = data if data is not None else (FIXTURES / name).read_bytes()
    return client.post(url, files={"file": (name, content)}, data=form)


def test_a_csv_upload_with_a_mapping_imports_and_a_second_upload_changes_nothing(container):
    client = factories.api(container)
    product = factories.product(container)
    url = f"/api/v1/products/{product}/feedback/imports"
    form = {
        "format": "csv",
        "mapping": "text=Body, title=Subject, external_id=Ticket ID, received_on=Submitted",
        "date_format": "%d/%m/%Y",
    }

    first = _upload(client, url, "notes.csv", **form)
    second = _upload(client, url, "notes.csv", **form)

    assert 200 == first.status_code, first.text
    assert (3, 3, 0) == (first.json()["rows"], first.json()["created"], first.json()["updated"])
    assert (0, 3) == (second.json()["created"], second.json()["unchanged"])
    assert 3 == client.get("/api/v1/feedback", params={"source": "csv"}).json()["total"]


def test_every_export_format_uploads(container):
    client = factories.api(container)
    product = factories.product(container)
    url = f"/api/v1/products/{product}/feedback/imports"
    uploads = {
        "zendesk": "zendesk_tickets.json",
        "intercom": "intercom_conversations.json",
        "app-store": "google_play_reviews.csv",
        "interviews": "interviews/initech-churn-risk.txt",
        "jsonl": "notes.jsonl",
    }

    created = {}
    for format, name in uploads.items():
        mapping = "text=message,external_id=id" if format == "jsonl" else ""
        answer = _upload(
            client,
            url,
            Path(name).name,
            (FIXTURES / name).read_bytes(),
            format=format,
            mapping=mapping,
        )
        created[format] = answer.json().get("created", answer.text)

    assert {"zendesk": 2, "intercom": 2, "app-store": 2, "interviews": 1, "jsonl": 2} == created


def test_a_malformed_upload_answers_422_naming_the_record_and_stores_nothing(container):
    client = factories.api(container)
    product = factories.product(container)
    broken = (
        b'{"tickets": [{"id": 1, "description": "ok", "created_at": "2025-01-01"},'
        b' {"id": 2, "description": "bad date", "created_at": "yesterday"}]}'
    )

    answer = _upload(
        client,
        f"/api/v1/products/{product}/feedback/imports",
        "tickets.json",
        broken,
        format="zendesk",
    )

    assert 422 == answer.status_code
    assert (
        "tickets.json, record tickets[1], field created_at: 'yesterday' is not an ISO 8601 "
        "time or Unix seconds"
    ) == answer.json()["detail"]
    assert 0 == client.get("/api/v1/feedback").json()["total"]


def test_a_crm_upload_creates_customers_and_lists_their_contacts(container):
    client = factories.api(container)

    accounts = _upload(client, "/api/v1/customers/imports", "crm_accounts.csv")
    people = _upload(client, "/api/v1/customers/imports", "crm_contacts.csv", kind="contacts")
    globex = client.get("/api/v1/customers", params={"q": "globex"}).json()["items"][0]
    contacts = client.get(f"/api/v1/customers/{globex['id']}/contacts").json()

    assert (3, 3) == (accounts.json()["created"], people.json()["created"])
    assert [("Ana Ruiz", "ana@globex.example")] == [
        (c["name"], c["email"]) for c in contacts["items"]
    ]


def test_a_reimport_keeps_a_note_edited_by_hand_unless_overwrite_edited(container):
    client = factories.api(container)
    product = factories.product(container)
    url = f"/api/v1/products/{product}/feedback/imports"
    form = {"format": "csv", "mapping": "text=Body, external_id=Ticket ID"}
    _upload(client, url, "notes.csv", **form)
    note = client.get("/api/v1/feedback", params={"q": "ten minutes"}).json()["items"][0]
    edited = client.patch(
        f"/api/v1/feedback/{note['id']}",
        json={"version": note["version"], "text": "CSV export takes ten minutes."},
    )
    changed = (FIXTURES / "notes.csv").read_bytes().replace(b"ten minutes", b"twenty minutes")

    dry = _upload(client, url, "notes.csv", changed, dry_run="true", **form)
    kept = _upload(client, url, "notes.csv", changed, **form)
    after_kept = client.get(f"/api/v1/feedback/{note['id']}").json()["text"]
    forced = _upload(client, url, "notes.csv", changed, overwrite_edited="true", **form)

    assert 200 == edited.status_code, edited.text
    counts = [(a.json()["updated"], a.json()["kept_edited"]) for a in (dry, kept, forced)]
    assert [(0, 1), (0, 1), (1, 0)] == counts
    assert "CSV export takes ten minutes." == after_kept
    assert "twenty minutes" in client.get(f"/api/v1/feedback/{note['id']}").json()["text"]
