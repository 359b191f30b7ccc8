"""`valueloop feedback import` and `valueloop customers import` end to end on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import factories
from valueloop.entrypoints import cli
from valueloop.services import feedback

FIXTURES = Path(__file__).parents[1] / "fixtures" / "importers"


@pytest.fixture
def run(tmp_path, sqlite_url, container):
    factories.product(container, name="Relay Helpdesk")
    runner = CliRunner()

    def invoke(*args: str):
        where = ["--data-dir", str(tmp_path), "--database-url", sqlite_url]
        return runner.invoke(cli.app, [*args, *where])

    return invoke


def _notes(container):
    with container.uow() as uow:
        return uow.notes.list(order_by=("external_id",)).items


def test_customers_then_a_mapped_csv_import_and_a_reimport(run, container):
    accounts = run("customers", "import", str(FIXTURES / "crm_accounts.csv"))
    people = run("customers", "import", str(FIXTURES / "crm_contacts.csv"))
    args = (
        "feedback",
        "import",
        "csv",
        str(FIXTURES / "notes.csv"),
        "--product",
        "Relay Helpdesk",
        "--map",
        "text=Body",
        "--map",
        "external_id=Ticket ID",
        "--map",
        "customer=Account",
        "--map",
        "received_on=Submitted",
        "--date-format",
        "%d/%m/%Y",
    )
    first = run(*args)
    second = run(*args)

    assert 0 == accounts.exit_code, accounts.output
    assert "crm_accounts.csv: 3 rows — 3 new, 0 changed, 0 unchanged." == accounts.stdout.strip()
    assert "crm_contacts.csv: 3 rows — 3 new, 0 changed, 0 unchanged." == people.stdout.strip()
    assert "notes.csv: 3 notes — 3 new, 0 changed, 0 unchanged." == first.stdout.strip()
    assert "notes.csv: 3 notes — 0 new, 0 changed, 3 unchanged." == second.stdout.strip()
    assert 3 == len(_notes(container))


def test_a_dry_run_stores_nothing(run, container):
    result = run(
        "feedback",
        "import",
        "zendesk",
        str(FIXTURES / "zendesk_tickets.json"),
        "--product",
        "Relay Helpdesk",
        "--dry-run",
    )

    assert 0 == result.exit_code, result.output
    assert result.stdout.strip().endswith(
        "2 new, 0 changed, 0 unchanged. Dry run: nothing was stored."
    )
    assert [] == _notes(container)


def test_a_bad_file_is_one_error_line_naming_file_line_and_field(run, container, tmp_path):
    bad = tmp_path / "reviews.csv"
    bad.write_text(
        "Review ID,Date,Rating,Title,Body\n1,2025-03-01,4,Ok,Fine\n2,2025-03-02,9,Bad,Nope\n"
    )

    result = run("feedback", "import", "app-store", str(bad), "--product", "Relay Helpdesk")

    assert 1 == result.exit_code
    assert "error: reviews.csv, line 3, field rating: '9' is not a whole number from 1 to 5" == (
        result.stderr.strip()
    )
    assert [] == _notes(container)


def test_interviews_import_from_a_folder(run, container):
    run("customers", "import", str(FIXTURES / "crm_accounts.csv"))

    result = run(
        "feedback",
        "import",
        "interviews",
        str(FIXTURES / "interviews"),
        "--product",
        "Relay Helpdesk",
    )

    assert 0 == result.exit_code, result.output
    assert ["2025-03-14-globex-onboarding.md", "initech-churn-risk.txt"] == [
        n.external_id for n in _notes(container)
    ]


def test_a_mapping_for_a_json_export_is_refused(run):
    result = run(
        "feedback",
        "import",
        "intercom",
        str(FIXTURES / "intercom_conversations.json"),
        "--product",
        "Relay Helpdesk",
        "--map",
        "text=body",
    )

    assert 1 == result.exit_code
    assert (
        "error: a column mapping applies to csv and jsonl files, not intercom"
        == result.stderr.strip()
    )


def test_a_reimport_counts_notes_kept_as_edited_and_overwrite_edited_replaces_them(
    run, container, tmp_path
):
    args = ("feedback", "import", "zendesk")
    run(*args, str(FIXTURES / "zendesk_tickets.json"), "--product", "Relay Helpdesk")
    note = _notes(container)[0]
    feedback.update_note(
        container.uow(), factories.admin(container), note.id, note.version, {"title": "Mine"}
    )
    changed = tmp_path / "tickets.json"
    tickets = json.loads((FIXTURES / "zendesk_tickets.json").read_text())
    for ticket in tickets["tickets"]:
        ticket["subject"] += " (updated)"
    changed.write_text(json.dumps(tickets))

    kept = run(*args, str(changed), "--product", "Relay Helpdesk")
    forced = run(*args, str(changed), "--product", "Relay Helpdesk", "--overwrite-edited")

    assert 0 == kept.exit_code, kept.output
    assert (
        "tickets.json: 2 notes — 0 new, 1 changed, 0 unchanged, 1 kept as edited by hand "
        "(--overwrite-edited replaces them)." == " ".join(kept.stdout.split())
    )
    assert "tickets.json: 2 notes — 0 new, 1 changed, 1 unchanged." == forced.stdout.strip()
    assert (note.external_id, None) == (
        _notes(container)[0].external_id,
        _notes(container)[0].edited_at,
    )
    assert _notes(container)[0].title.endswith("(updated)")
