import pytest

from valueloop.domain import kvm
from valueloop.domain.errors import ValidationFailed


def entry(**overrides):
    base = {
        "key": "nps",
        "name": "NPS",
        "kva": "current_value",
        "definition": "d",
        "unit": "points",
        "direction": "higher",
        "kind": "outcome",
        "computed_by": "survey:nps",
    }
    return {**base, **overrides}


def test_a_catalogue_parses_its_version_and_measures():
    catalogue = kvm.parse({"version": "1", "measure": [entry(), entry(key="csat", name="CSAT")]})

    assert catalogue.version == "1"
    assert [m.key for m in catalogue.measures] == ["nps", "csat"]
    assert catalogue.get("csat").name == "CSAT"


def test_a_bad_entry_is_refused_naming_the_entry_and_the_field():
    with pytest.raises(ValidationFailed) as error:
        kvm.parse({"version": "1", "measure": [entry(), entry(key="x", kind="vibes")]})

    assert error.value.field == "kind"
    assert "measure #2" in error.value.message


def test_duplicate_keys_are_refused():
    with pytest.raises(ValidationFailed) as error:
        kvm.parse({"version": "1", "measure": [entry(), entry()]})

    assert error.value.field == "key"


def test_an_unknown_source_is_refused():
    with pytest.raises(ValidationFailed) as error:
        kvm.parse({"version": "1", "measure": [entry(computed_by="oracle:guess")]})

    assert error.value.field == "computed_by"
