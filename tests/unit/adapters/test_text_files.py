"""Every importer reads an export as text the same way: UTF-8 with or without a BOM, and an
error naming the file when it cannot be read, is too large or is not UTF-8."""

from __future__ import annotations

import pytest

from valueloop.adapters.importers import csv_rows, interviews, json_records, text_files
from valueloop.domain.errors import ValidationFailed


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes("\ufeffid,text\n".encode())

    assert "id,text\n" == text_files.read(path)


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (lambda p: csv_rows.read(p, ("text",)), "notes.csv"),
        (json_records.load, "tickets.json"),
        (lambda p: interviews.read([p]), "interview.md"),
    ],
)
def test_each_importer_names_a_file_that_is_not_utf8_or_missing(tmp_path, reader, name):
    latin1 = tmp_path / name
    latin1.write_bytes("caf\xe9".encode("latin-1"))

    with pytest.raises(ValidationFailed) as bad:
        reader(latin1)
    with pytest.raises(ValidationFailed) as missing:
        text_files.read(tmp_path / "gone" / name)

    assert bad.value.message.startswith(f"{name}: not UTF-8 text")
    assert missing.value.message.startswith(f"{name}: cannot be read")
    assert ("file", "file") == (bad.value.field, missing.value.field)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * (1024 * 1024 + 1))

    with pytest.raises(ValidationFailed, match=r"^big.md: larger than 1 MB"):
        interviews.read([path])
