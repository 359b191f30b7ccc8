"""The decision log's validation."""

from __future__ import annotations

import pytest

from valueloop.domain.collaboration import RecordType
from valueloop.domain.decisions import MAX_EVIDENCE_BYTES, validate
from valueloop.domain.errors import ValidationFailed


def test_a_decision_keeps_its_options_stripped_and_without_blanks():
    values = validate(
        {
            "title": " Cut scope ",
            "decision": "Ship without SSO",
            "options": [" ship ", "", "  ", "wait"],
            "evidence": {"rice": 12.5},
        }
    )

    assert {
        "title": "Cut scope",
        "decision": "Ship without SSO",
        "rationale": "",
        "options": ["ship", "wait"],
        "evidence": {"rice": 12.5},
        "record_type": None,
        "record_id": None,
    } == values


def test_a_decision_about_a_record_names_its_type_and_id():
    values = validate({"title": "T", "decision": "D", "record_type": "item", "record_id": 3})

    assert (RecordType.ITEM, 3) == (values["record_type"], values["record_id"])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"decision": "D"}, "title"),
        ({"title": "T"}, "decision"),
        ({"title": "T", "decision": "D", "options": "a, b"}, "options"),
        ({"title": "T", "decision": "D", "options": [1, 2]}, "options"),
        ({"title": "T", "decision": "D", "evidence": [1]}, "evidence"),
        ({"title": "T", "decision": "D", "record_type": "item"}, "record_id"),
        ({"title": "T", "decision": "D", "record_id": 4}, "record_id"),
        ({"title": "T", "decision": "D", "record_type": "planet", "record_id": 4}, "record_type"),
        ({"title": "T", "decision": "D", "decided_by": 1}, "decided_by"),
    ],
)
def test_an_invalid_decision_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationFailed) as error:
        validate(fields)

    assert field == error.value.field


def test_an_evidence_snapshot_up_to_the_limit_is_kept():
    # {"k": "..."} adds 9 characters of JSON around the text.
    evidence = {"k": "x" * (MAX_EVIDENCE_BYTES - 9)}

    assert evidence == validate({"title": "T", "decision": "D", "evidence": evidence})["evidence"]


def test_an_evidence_snapshot_over_the_limit_is_refused():
    evidence = {"k": "x" * MAX_EVIDENCE_BYTES}

    with pytest.raises(ValidationFailed) as error:
        validate({"title": "T", "decision": "D", "evidence": evidence})

    assert "evidence" == error.value.field
