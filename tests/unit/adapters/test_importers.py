"""Importers parse files into draft notes and name the file, line (or record) and field at fault."""

from __future__ import annotations

import pytest

from valueloop.adapters.importers import (
    app_store,
    crm,
    feedback_mapping,
    html_text,
    intercom,
    interviews,
    zendesk,
)
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback_imports import ColumnMapping, parse_mapping


def _error(call) -> str:
    with pytest.raises(ValidationFailed) as failure:
        call()
    return str(failure.value)


def test_html_becomes_plain_text_without_scripts_and_with_entities_decoded():
    html = "<p>Can we <b>export</b> &amp; print?</p><script>alert(1)</script><ul><li>PDF</li></ul>"

    assert "Can we export & print?\n\n- PDF" == html_text.to_text(html)


def test_markup_in_a_body_survives_only_as_inert_text():
    assert "<img src=x onerror=alert(1)>" == html_text.to_text("&lt;img src=x onerror=alert(1)&gt;")


def test_a_mapping_pair_without_a_column_or_to_an_unknown_field_is_refused():
    assert "mapping 'text' is not field=column" == _error(lambda: parse_mapping(["text"]))
    assert _error(lambda: parse_mapping(["colour=Body"])).startswith(
        "mapping 'colour=Body': 'colour'"
    )


def test_a_mapped_column_missing_from_the_header_names_line_1():
    mapping = parse_mapping(["text=Body"])

    message = _error(lambda: list(feedback_mapping.read_csv("a.csv", mapping, text="Comment\nx\n")))

    assert "a.csv, line 1, field text: missing column 'Body' (found: Comment)" == message


def test_a_short_csv_row_names_its_line():
    text = "text,author\nfine,ana\nshort\n"

    message = _error(lambda: list(feedback_mapping.read_csv("a.csv", ColumnMapping({}), text=text)))

    assert "a.csv, line 3: expected 2 fields, found 1" == message


def test_a_bad_json_line_names_its_line():
    text = '{"text": "fine"}\n{"text": oops}\n'

    message = _error(
        lambda: list(feedback_mapping.read_jsonl("a.jsonl", ColumnMapping({}), text=text))
    )

    assert message.startswith("a.jsonl, line 2: not valid JSON")


def test_csv_rows_stream_one_at_a_time():
    rows = "".join(f"note {i}\n" for i in range(5))
    drafts = feedback_mapping.read_csv("a.csv", ColumnMapping({}), text="text\n" + rows)

    assert "note 0" == next(drafts).text


def test_a_zendesk_ticket_without_an_id_names_its_record():
    text = (
        '{"tickets": [{"id": 1, "description": "a", "created_at": "2025-01-01"},'
        ' {"description": "b"}]}'
    )

    assert "t.json, record tickets[1], field id: is missing" == _error(
        lambda: zendesk.read("t.json", text=text)
    )


def test_a_file_that_is_not_json_names_the_line():
    assert _error(lambda: intercom.read("c.json", text='{\n  "conversations": [,]\n}')).startswith(
        "c.json, line 2: not valid JSON"
    )


def test_front_matter_that_is_not_yaml_names_the_file_and_line():
    text = "---\ntitle: Call\ntags: [a, b\n---\nBody\n"

    assert _error(lambda: interviews.parse("call.md", text)).startswith(
        "call.md, line 3: the front matter is not valid YAML"
    )


def test_a_note_without_front_matter_is_all_body():
    draft = interviews.parse("notes/call-with-ana.md", "Ana wants SSO.\n")

    assert ("Ana wants SSO.", "call with ana", "notes/call-with-ana.md") == (
        draft.text,
        draft.title,
        draft.external_id,
    )


def test_a_review_rating_out_of_range_names_line_and_field():
    text = "Review ID,Date,Rating,Title,Body\n1,2025-01-01,0,Meh,Body\n"

    assert "r.csv, line 2, field rating: '0' is not a whole number from 1 to 5" == _error(
        lambda: app_store.read("r.csv", text=text)
    )


def test_google_play_files_in_utf16_are_decoded():
    raw = "Star Rating,Review Submit Date and Time,Review Text\n5,2025-01-01T00:00:00Z,Nice\n"

    drafts = app_store.read("p.csv", text=app_store.decode(raw.encode("utf-16"), "p.csv"))

    assert ["Nice"] == [d.text for d in drafts]


def test_a_crm_file_with_an_email_column_lists_contacts():
    found = crm.read("c.csv", text="Name,Email\nAna,ana@globex.example\n")
    kind, rows = found.kind, found.contacts

    assert ("contacts", "ana@globex.example") == (kind.value, rows[0].email)


def test_an_unknown_crm_status_names_line_and_field():
    text = "Account Name,Type\nGlobex,Partner\n"

    assert _error(lambda: crm.read("a.csv", text=text)).startswith(
        "a.csv, line 2, field status: 'Partner' is not a known account status"
    )


@pytest.mark.parametrize(
    ("read", "header"),
    [
        (lambda text: app_store.read("f.csv", text=text), "Date,Rating,Body"),
        (lambda text: crm.read("f.csv", text=text), "Account Name,Website,Type"),
        (
            lambda text: list(feedback_mapping.read_csv("f.csv", ColumnMapping({}), text=text)),
            "text,a,b",
        ),
    ],
)
def test_every_csv_importer_names_the_line_of_a_row_with_too_many_fields(read, header):
    text = f"{header}\n\n2025-01-01,5,ok,extra\n"

    assert "f.csv, line 3: expected 3 fields, found 4" == _error(lambda: read(text))


def test_a_crm_file_that_is_empty_names_the_file():
    assert "f.csv: the file is empty" == _error(lambda: crm.read("f.csv", text=""))
