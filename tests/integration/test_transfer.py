"""Export and import of a whole workspace, across SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from valueloop.adapters.db.engine import create_engine
from valueloop.adapters.db.tables import metadata
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork, SqlTables
from valueloop.adapters.db.types import UtcDateTime
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.services import accounts, demo, products, transfer

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)


def fill_empty_tables(engine: sa.Engine) -> None:
    """One row in every table the demo leaves empty, with awkward values in every column type."""
    with SqlBulkUnitOfWork(engine) as uow:
        for table in metadata.sorted_tables:
            if uow.tables.count(table.name) == 0:
                uow.tables.insert(table.name, [_awkward_row(uow.connection, table)])
        uow.tables.finish()
        uow.commit()


def _awkward_row(connection: sa.Connection, table: sa.Table) -> dict[str, object]:
    row: dict[str, object] = {}
    referred: set[str] = set()
    for column in table.columns:
        kind = column.type
        foreign = next(iter(column.foreign_keys), None)
        if column.primary_key and isinstance(kind, sa.Integer) and not column.foreign_keys:
            row[column.name] = 1
        elif foreign is not None:
            target = foreign.column.table
            # A second reference to the same table takes the other end (a row may not refer
            # twice to one record, as a dependency of an item on itself).
            pick = sa.func.max if target.name in referred else sa.func.min
            referred.add(target.name)
            row[column.name] = (
                None
                if target is table
                else connection.execute(sa.select(pick(foreign.column))).scalar()
            )
        elif isinstance(kind, UtcDateTime):
            row[column.name] = dt.datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=dt.UTC)
        elif isinstance(kind, sa.Date):
            row[column.name] = dt.date(2024, 2, 29)
        elif isinstance(kind, sa.Boolean):
            row[column.name] = False
        elif isinstance(kind, sa.Integer):
            row[column.name] = 2
        elif isinstance(kind, sa.Float | sa.Numeric):
            row[column.name] = 0.1 + 0.2
        elif isinstance(kind, sa.String):
            text = 'Grüße "quoted" ✓\nsecond line'
            row[column.name] = text[: kind.length] if kind.length else text
        elif isinstance(kind, sa.LargeBinary):
            row[column.name] = bytes(range(256))
        else:
            row[column.name] = {"nested": [1, None, "é", {"x": 1.5}]}
    return row


def dump(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, JSON-ready, by primary key."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = SqlTables(connection)
            return {name: list(tables.dump(name)) for name in tables.names()}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def full_workspace(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A SQLite workspace with the demo and at least one row in every table."""
    path = tmp_path_factory.mktemp("full") / "valueloop.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    demo.ensure_demo(SqlBulkUnitOfWork(engine), now=NOW)
    fill_empty_tables(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def source_url(tmp_path: Path, full_workspace: Path) -> str:
    path = tmp_path / "source.db"
    shutil.copy(full_workspace, path)
    return f"sqlite:///{path}"


def export(url: str, path: Path) -> transfer.Manifest:
    engine = create_engine(url)
    try:
        return transfer.export_workspace(SqlBulkUnitOfWork(engine), path)
    finally:
        engine.dispose()


def restore(url: str, path: Path) -> transfer.Manifest:
    engine = create_engine(url)
    try:
        return transfer.import_workspace(SqlBulkUnitOfWork(engine), path)
    finally:
        engine.dispose()


def rewrite(archive: Path, target: Path, member: str, edit: Any) -> None:
    """A copy of an archive with one member's text replaced by `edit(text)`."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                data = edit(data.decode()).encode()
            dst.writestr(info.filename, data)


@pytest.mark.postgres
def test_round_trip_sqlite_to_postgresql_to_sqlite_keeps_every_row_of_every_table(
    tmp_path, source_url, postgres_url, sqlite_url
):
    original = dump(source_url)

    export(source_url, tmp_path / "from-sqlite.zip")
    restore(postgres_url, tmp_path / "from-sqlite.zip")
    on_postgres = dump(postgres_url)
    export(postgres_url, tmp_path / "from-postgres.zip")
    restore(sqlite_url, tmp_path / "from-postgres.zip")
    back_on_sqlite = dump(sqlite_url)

    assert all(original[name] for name in original), "every table holds rows"
    assert original == on_postgres
    assert original == back_on_sqlite


def test_manifest_names_format_schema_revision_counts_and_creation_time(tmp_path, source_url):
    path = tmp_path / "workspace.zip"

    manifest = export(source_url, path)

    with zipfile.ZipFile(path) as archive:
        written = json.loads(archive.read("manifest.json"))
        lines = {
            name: len(archive.read(f"{name}.jsonl").splitlines()) for name in written["tables"]
        }
    assert written["format"] == "valueloop-workspace"
    assert written["format_version"] == 1
    assert written["schema_revision"] == manifest.schema_revision is not None
    assert written["tables"] == lines
    assert dt.datetime.fromisoformat(written["created_at"]).tzinfo is not None
    assert [t.name for t in metadata.sorted_tables] == list(written["tables"])


def test_rows_are_stored_as_json_lines_with_every_column_and_dates_as_iso_text(
    tmp_path, source_url
):
    path = tmp_path / "workspace.zip"
    export(source_url, path)

    with zipfile.ZipFile(path) as archive:
        first_goal = json.loads(archive.read("goals.jsonl").splitlines()[0])

    assert list(first_goal) == [c.name for c in metadata.tables["goals"].columns]
    assert dt.datetime.fromisoformat(first_goal["created_at"]).tzinfo == dt.UTC
    assert dt.date.fromisoformat(first_goal["target_date"])


@pytest.mark.postgres
def test_after_import_postgresql_gives_new_records_fresh_ids(tmp_path, source_url, postgres_url):
    export(source_url, tmp_path / "workspace.zip")
    restore(postgres_url, tmp_path / "workspace.zip")
    engine = create_engine(postgres_url)
    uow = SqlBulkUnitOfWork(engine)
    with uow:
        highest = uow.connection.execute(sa.text("SELECT max(id) FROM products")).scalar_one()

    demo_admin = accounts.principal_named(uow, "demo")
    created = products.create_product(uow, demo_admin, {"name": "After import"})
    engine.dispose()

    assert highest + 1 == created.id


@pytest.mark.parametrize("target", ["sqlite", "postgres"])
def test_import_into_a_database_that_holds_data_is_refused(request, tmp_path, source_url, target):
    path = tmp_path / "workspace.zip"
    export(source_url, path)
    url = request.getfixturevalue(f"{target}_url")
    restore(url, path)
    before = dump(url)

    with pytest.raises(Conflict, match="needs an empty, freshly migrated database"):
        restore(url, path)
    assert before == dump(url)


@pytest.mark.parametrize(
    ("member", "edit", "message"),
    [
        (
            "feedback_notes.jsonl",
            lambda text: text.replace("\n", "\n{not json\n", 1),
            r"feedback_notes\.jsonl line 2: not valid JSON",
        ),
        (
            "customers.jsonl",
            lambda text: text.replace('"segment":', '"segmnt":', 1),
            r"customers\.jsonl line 1: unknown column segmnt",
        ),
        (
            "observations.jsonl",
            lambda text: text.replace('"observed_on":"', '"observed_on":"yesterday', 1),
            r"observations\.jsonl line 1: column observed_on is not an ISO date",
        ),
        (
            "feedback_links.jsonl",
            lambda text: text.replace('"note_id":', '"note_id":99999', 1),
            r"feedback_links\.jsonl lines 1–1000: rows break a storage rule",
        ),
        (
            "goals.jsonl",
            lambda text: text.replace('"parent_id":1,', '"parent_id":99999,', 1),
            r"bad\.zip: rows break a storage rule",
        ),
        (
            "manifest.json",
            lambda text: text.replace('"format_version": 1', '"format_version": 99'),
            "archive format version 99 is not supported",
        ),
        (
            "manifest.json",
            lambda text: text.replace('"schema_revision": "', '"schema_revision": "old-', 1),
            "the archive has schema revision old-",
        ),
        (
            "manifest.json",
            lambda text: text.replace('"audit_log": ', '"audit_log": 1', 1),
            r"audit_log\.jsonl has \d+ rows but the manifest says 1\d+",
        ),
    ],
    ids=[
        "bad-json",
        "unknown-column",
        "bad-date",
        "broken-reference",
        "broken-parent",
        "format",
        "schema",
        "count",
    ],
)
def test_a_damaged_archive_is_refused_naming_the_place_and_nothing_is_written(
    tmp_path, source_url, sqlite_url, member, edit, message
):
    good = tmp_path / "good.zip"
    bad = tmp_path / "bad.zip"
    export(source_url, good)
    rewrite(good, bad, member, edit)

    with pytest.raises(ValidationFailed, match=message):
        restore(sqlite_url, bad)
    assert all(rows == [] for rows in dump(sqlite_url).values())


def test_a_file_that_is_not_an_archive_is_refused(tmp_path, sqlite_url):
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(b"PK\x03\x04 not really a zip file")

    with pytest.raises(ValidationFailed, match=r"truncated\.zip: not a valueloop export"):
        restore(sqlite_url, truncated)
    with pytest.raises(ValidationFailed, match=r"missing\.zip: no such file"):
        restore(sqlite_url, tmp_path / "missing.zip")


def test_a_damaged_member_is_refused_and_nothing_is_written(tmp_path, source_url, sqlite_url):
    path = tmp_path / "workspace.zip"
    export(source_url, path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("feedback_notes.jsonl")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))

    with pytest.raises(ValidationFailed, match=r"feedback_notes\.jsonl is damaged"):
        restore(sqlite_url, path)
    assert all(rows == [] for rows in dump(sqlite_url).values())
