"""Importing feedback from every supported format, on SQLite and PostgreSQL: idempotent by
(source, external id), all or nothing, customers matched by external id, name or domain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests import factories
from valueloop.adapters.importers import app_store, feedback_mapping, intercom, interviews, zendesk
from valueloop.domain.errors import PermissionDenied, ValidationFailed
from valueloop.domain.feedback_imports import parse_mapping
from valueloop.domain.roles import Role
from valueloop.services import customers, feedback, feedback_imports, suggestions

FIXTURES = Path(__file__).parents[1] / "fixtures" / "importers"
CSV_MAP = parse_mapping(
    [
        "text=Body",
        "title=Subject",
        "external_id=Ticket ID",
        "customer=Account",
        "received_on=Submitted",
        "author=Requester",
    ],
    date_format="%d/%m/%Y",
)


def _world(container):
    boss = factories.admin(container)
    product = factories.product(container, name="Relay Helpdesk")
    ids = {
        name: customers.create_customer(container.uow(), boss, fields).id
        for name, fields in {
            "globex": {"name": "Globex", "external_id": "acme-002", "domain": "globex.example"},
            "initech": {"name": "Initech", "domain": "initech.example"},
            "acme": {"name": "Acme", "external_id": "acme-001"},
        }.items()
    }
    return boss, product, ids


def _notes(container, **where):
    with container.uow() as uow:
        return sorted(uow.notes.list(where).items, key=lambda n: n.external_id or "")


def _run(container, who, product, drafts, source="file", **options):
    return feedback_imports.import_notes(
        container.uow(), who, product, drafts, source=source, **options
    )


def test_a_mapped_csv_imports_notes_with_their_customer_date_and_extra_columns(any_container):
    boss, product, ids = _world(any_container)

    counts = _run(
        any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP)
    )
    notes = _notes(any_container, source="csv")

    assert (3, 3, 0, 0, 0) == (
        counts.rows,
        counts.created,
        counts.updated,
        counts.unchanged,
        counts.skipped,
    )
    assert ["T-1001", "T-1002", "T-1003"] == [n.external_id for n in notes]
    assert [ids["globex"], ids["initech"], None] == [n.customer_id for n in notes]
    assert dt.date(2025, 3, 14) == notes[0].received_on
    assert "Export is slow" == notes[0].title
    assert {"Channel": "email", "Plan tier": "enterprise"} == notes[0].attributes
    assert {product} == {n.product_id for n in notes}


def test_importing_the_same_file_again_creates_no_duplicates_and_reports_unchanged(any_container):
    boss, product, _ = _world(any_container)
    path = FIXTURES / "notes.csv"
    _run(any_container, boss, product, feedback_mapping.read_csv(path, CSV_MAP))

    again = _run(any_container, boss, product, feedback_mapping.read_csv(path, CSV_MAP))

    assert (0, 0, 3) == (again.created, again.updated, again.unchanged)
    assert 3 == len(_notes(any_container, source="csv"))


def test_a_changed_row_updates_its_note_on_reimport(any_container, tmp_path):
    boss, product, _ = _world(any_container)
    _run(any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP))
    changed = tmp_path / "notes.csv"
    text = (FIXTURES / "notes.csv").read_text().replace("ten minutes", "twenty minutes")
    changed.write_text(text)

    again = _run(any_container, boss, product, feedback_mapping.read_csv(changed, CSV_MAP))

    assert (0, 1, 2) == (again.created, again.updated, again.unchanged)
    assert "twenty minutes" in _notes(any_container, external_id="T-1001")[0].text


def _changed_file(tmp_path, old="ten minutes", new="twenty minutes"):
    changed = tmp_path / "notes.csv"
    changed.write_text((FIXTURES / "notes.csv").read_text().replace(old, new))
    return changed


def _edit(container, who, external_id, **fields):
    note = _notes(container, external_id=external_id)[0]
    return feedback.update_note(container.uow(), who, note.id, note.version, fields)


def test_editing_a_notes_text_marks_it_edited_but_triage_does_not(any_container):
    boss, product, _ = _world(any_container)
    _run(any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP))

    triaged = _edit(any_container, boss, "T-1002", status="processed")
    untouched = _edit(any_container, boss, "T-1003", text=_notes(any_container)[2].text)
    edited = _edit(any_container, boss, "T-1001", text="Exporting takes over ten minutes.")

    assert (None, None) == (triaged.edited_at, untouched.edited_at)
    assert edited.edited_at is not None
    assert edited.edited_at == _notes(any_container, external_id="T-1001")[0].edited_at


def test_a_reimport_keeps_a_note_edited_by_hand_and_counts_it(any_container, tmp_path):
    boss, product, _ = _world(any_container)
    _run(any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP))
    _edit(any_container, boss, "T-1001", text="Exports of 20k tickets take over ten minutes.")
    _edit(any_container, boss, "T-1002", status="processed")

    text = (FIXTURES / "notes.csv").read_text()
    changed = tmp_path / "notes.csv"
    changed.write_text(text.replace("ten minutes", "twenty minutes").replace("Okta", "Entra"))
    again = _run(any_container, boss, product, feedback_mapping.read_csv(changed, CSV_MAP))

    assert (0, 1, 1, 1) == (again.created, again.updated, again.unchanged, again.kept_edited)
    assert "Exports of 20k tickets take over ten minutes." == (
        _notes(any_container, external_id="T-1001")[0].text
    )
    assert "Entra" in _notes(any_container, external_id="T-1002")[0].text  # triaged: updated


def test_a_dry_run_counts_notes_edited_by_hand_the_same(any_container, tmp_path):
    boss, product, _ = _world(any_container)
    _run(any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP))
    _edit(any_container, boss, "T-1001", title="Slow CSV export")
    changed = _changed_file(tmp_path)

    dry = _run(
        any_container, boss, product, feedback_mapping.read_csv(changed, CSV_MAP), dry_run=True
    )
    forced = _run(
        any_container,
        boss,
        product,
        feedback_mapping.read_csv(changed, CSV_MAP),
        dry_run=True,
        overwrite_edited=True,
    )

    assert (0, 1, 2) == (dry.updated, dry.kept_edited, dry.unchanged)
    assert (1, 0, 2) == (forced.updated, forced.kept_edited, forced.unchanged)
    assert "Slow CSV export" == _notes(any_container, external_id="T-1001")[0].title


def test_overwrite_edited_applies_the_row_and_clears_the_mark(any_container, tmp_path):
    boss, product, ids = _world(any_container)
    _run(any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP))
    _edit(any_container, boss, "T-1001", title="Slow CSV export", customer_id=ids["acme"])
    changed = _changed_file(tmp_path)

    forced = _run(
        any_container,
        boss,
        product,
        feedback_mapping.read_csv(changed, CSV_MAP),
        overwrite_edited=True,
    )
    note = _notes(any_container, external_id="T-1001")[0]
    then = _run(any_container, boss, product, feedback_mapping.read_csv(changed, CSV_MAP))

    assert (1, 0) == (forced.updated, forced.kept_edited)
    assert ("Export is slow", ids["globex"], None) == (note.title, note.customer_id, note.edited_at)
    assert "twenty minutes" in note.text
    assert (0, 3) == (then.kept_edited, then.unchanged)


def test_a_bad_row_names_file_line_and_field_and_imports_nothing(any_container, tmp_path):
    boss, product, _ = _world(any_container)
    bad = tmp_path / "notes.csv"
    lines = (FIXTURES / "notes.csv").read_text().splitlines()
    lines[3] = lines[3].replace("16/03/2025", "2025-13-45")
    bad.write_text("\n".join(lines) + "\n")

    with pytest.raises(ValidationFailed) as failure:
        _run(any_container, boss, product, feedback_mapping.read_csv(bad, CSV_MAP))

    assert "notes.csv, line 4, field received_on: '2025-13-45' is not a date (%d/%m/%Y)" == str(
        failure.value
    )
    assert [] == _notes(any_container)


def test_an_unknown_customer_names_the_line_and_imports_nothing(any_container, tmp_path):
    boss, product, _ = _world(any_container)
    bad = tmp_path / "notes.csv"
    bad.write_text((FIXTURES / "notes.csv").read_text().replace(",initech.example,", ",Hooli,"))

    with pytest.raises(ValidationFailed) as failure:
        _run(any_container, boss, product, feedback_mapping.read_csv(bad, CSV_MAP))

    assert str(failure.value).startswith("notes.csv, line 3, field customer: no customer")
    assert [] == _notes(any_container)


def test_jsonl_keeps_unmapped_keys_and_matches_customers_by_external_id(any_container):
    boss, product, ids = _world(any_container)
    mapping = parse_mapping(
        ["text=message", "external_id=id", "customer=company", "received_on=date", "author=user"]
    )

    counts = _run(
        any_container, boss, product, feedback_mapping.read_jsonl(FIXTURES / "notes.jsonl", mapping)
    )
    notes = _notes(any_container, source="jsonl")

    assert 2 == counts.created
    assert [ids["globex"], ids["acme"]] == [n.customer_id for n in notes]
    assert [{"nps": 8}, {"device": {"os": "macOS"}}] == [n.attributes for n in notes]


def test_zendesk_tickets_resolve_the_organisation_and_requester(any_container):
    boss, product, ids = _world(any_container)
    path = FIXTURES / "zendesk_tickets.json"

    first = _run(any_container, boss, product, zendesk.read(path))
    second = _run(any_container, boss, product, zendesk.read(path))
    notes = _notes(any_container, source="zendesk")

    assert (2, 2) == (first.created, second.unchanged)
    assert [ids["globex"], ids["initech"]] == [n.customer_id for n in notes]
    assert ["Ana Ruiz", "Ben Ito"] == [n.author for n in notes]
    assert ["enterprise", "export"] == notes[0].attributes["tags"]
    assert "web" == notes[0].attributes["channel"]


def test_intercom_conversations_become_plain_text_of_the_customer_only(any_container):
    boss, product, ids = _world(any_container)

    _run(any_container, boss, product, intercom.read(FIXTURES / "intercom_conversations.json"))
    notes = _notes(any_container, source="intercom")

    assert (
        "Hi! Can we schedule reports & send them to Slack?\n\nWeekly would be enough.\nPDF is fine."
        == notes[0].text
    )
    assert [ids["globex"], ids["initech"]] == [n.customer_id for n in notes]
    assert [dt.date(2025, 3, 11), dt.date(2025, 3, 12)] == [n.received_on for n in notes]


def test_app_store_and_google_play_reviews_keep_rating_and_version(any_container):
    boss, product, _ = _world(any_container)

    apple = _run(any_container, boss, product, app_store.read(FIXTURES / "app_store_reviews.csv"))
    google = _run(
        any_container, boss, product, app_store.read(FIXTURES / "google_play_reviews.csv")
    )
    notes = {n.external_id: n for n in _notes(any_container, source="app-store")}

    assert (3, 2) == (apple.created, google.created)
    assert {"rating": 2, "store": "app-store", "version": "4.12.0", "territory": "USA"} == notes[
        "8842019371"
    ].attributes
    assert "google-play" == notes["gp:AOqpTOF2"].attributes["store"]


def test_interview_files_use_front_matter_and_the_file_name_as_key(any_container):
    boss, product, ids = _world(any_container)

    counts = _run(any_container, boss, product, interviews.read([FIXTURES / "interviews"]))
    again = _run(any_container, boss, product, interviews.read([FIXTURES / "interviews"]))
    notes = _notes(any_container, source="interview")

    assert (2, 2) == (counts.created, again.unchanged)
    assert ["2025-03-14-globex-onboarding.md", "initech-churn-risk.txt"] == [
        n.external_id for n in notes
    ]
    assert ("Onboarding call with Globex", "Priya", ids["globex"]) == (
        notes[0].title,
        notes[0].author,
        notes[0].customer_id,
    )
    assert ["onboarding", "sso"] == notes[0].attributes["tags"]


def test_a_dry_run_reports_the_counts_and_stores_nothing(any_container):
    boss, product, _ = _world(any_container)

    counts = _run(
        any_container, boss, product, zendesk.read(FIXTURES / "zendesk_tickets.json"), dry_run=True
    )

    assert (2, True) == (counts.created, counts.dry_run)
    assert [] == _notes(any_container)


def test_progress_hears_rows_done_of_the_total(any_container):
    boss, product, _ = _world(any_container)
    heard: list[tuple[int, int]] = []
    path = FIXTURES / "notes.csv"

    _run(
        any_container,
        boss,
        product,
        feedback_mapping.read_csv(path, CSV_MAP),
        total=feedback_mapping.count_csv(path),
        progress=lambda done, total: heard.append((done, total)),
    )

    assert [(3, 3)] == heard


def test_a_row_without_an_external_id_is_keyed_by_its_content(any_container, tmp_path):
    boss, product, _ = _world(any_container)
    path = tmp_path / "plain.csv"
    path.write_text("text,date\nPlease add CSV export,2025-01-02\nDark mode,2025-01-03\n")
    mapping = parse_mapping(["received_on=date"])

    _run(any_container, boss, product, feedback_mapping.read_csv(path, mapping))
    again = _run(any_container, boss, product, feedback_mapping.read_csv(path, mapping))

    assert (0, 2) == (again.created, again.unchanged)
    assert 2 == len(_notes(any_container, source="csv"))


def test_a_note_imported_into_another_product_is_skipped_not_moved(any_container):
    boss, product, _ = _world(any_container)
    other = factories.product(any_container, name="Other")
    _run(any_container, boss, other, zendesk.read(FIXTURES / "zendesk_tickets.json"))

    counts = _run(any_container, boss, product, zendesk.read(FIXTURES / "zendesk_tickets.json"))

    assert (0, 2) == (counts.created, counts.skipped)
    assert {other} == {n.product_id for n in _notes(any_container)}


def test_a_stakeholder_may_not_import_feedback(any_container):
    _, product, _ = _world(any_container)
    stakeholder = factories.user(any_container, Role.STAKEHOLDER, product)

    with pytest.raises(PermissionDenied):
        _run(any_container, stakeholder, product, zendesk.read(FIXTURES / "zendesk_tickets.json"))

    assert [] == _notes(any_container)


def test_a_customer_a_merge_gave_an_imported_note_survives_its_reimport(any_container, tmp_path):
    boss, product, ids = _world(any_container)
    _run(any_container, boss, product, feedback_mapping.read_csv(FIXTURES / "notes.csv", CSV_MAP))
    kept = _notes(any_container, external_id="T-1003")[0]
    told = feedback.record_note(
        any_container.uow(),
        boss,
        {
            "text": "Keyboard shortcuts for triage",
            "product_id": product,
            "customer_id": ids["acme"],
        },
    )
    suggestions.merge(any_container.uow(), boss, told.id, kept.id)
    changed = _changed_file(tmp_path, old="keyboard shortcuts", new="shortcuts")

    again = _run(any_container, boss, product, feedback_mapping.read_csv(changed, CSV_MAP))

    note = _notes(any_container, external_id="T-1003")[0]
    assert (ids["acme"], 1) == (note.customer_id, again.kept_edited)
    assert note.edited_at is not None
