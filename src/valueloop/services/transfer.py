"""Export the whole workspace into one archive, and restore an archive into an empty database.

The archive is a zip file holding `manifest.json` (format version, schema revision, row counts,
creation time) and one JSON-lines file per table with every column of every row. These are
operator actions (whoever can reach the database), so no principal is checked here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from valueloop import __version__
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.services.unit_of_work import UnitOfWork

FORMAT = "valueloop-workspace"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_BATCH = 1000

# Progress reports: (what is being worked on, rows done, rows in all).
Progress = Callable[[str, int, int], None]


class Tables(Protocol):
    """Bulk access to every table of the workspace (the port export, import and seeding use)."""

    def names(self) -> list[str]:
        """Every table, each after the tables it refers to."""
        ...

    def columns(self, name: str) -> list[str]: ...

    def schema_revision(self) -> str | None: ...

    def count(self, name: str) -> int: ...

    def is_empty(self) -> bool: ...

    def dump(self, name: str) -> Iterator[dict[str, object]]:
        """Every row in primary-key order, as JSON-ready values."""
        ...

    def decode(self, name: str, record: Mapping[str, object]) -> dict[str, object]:
        """A dumped row back in Python values; ValueError names the first bad column."""
        ...

    def insert(self, name: str, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert rows with their ids; ValidationFailed when they break a storage rule."""
        ...

    def finish(self) -> None:
        """Complete a bulk load: deferred self-references, id sequences."""
        ...

    def clear(self) -> None:
        """Delete every row of every table."""
        ...


class BulkUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also offers whole-table access."""

    @property
    def tables(self) -> Tables: ...


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an archive holds."""

    format_version: int
    schema_revision: str | None
    created_at: dt.datetime
    valueloop_version: str
    tables: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "schema_revision": self.schema_revision,
            "created_at": self.created_at.isoformat(),
            "valueloop_version": self.valueloop_version,
            "tables": self.tables,
        }

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def export_workspace(
    uow: BulkUnitOfWork, path: Path, *, progress: Progress | None = None
) -> Manifest:
    """Write every table to a new archive at `path` from one consistent read."""
    partial = path.with_name(path.name + ".part")
    with uow:
        names = uow.tables.names()
        counts = {name: uow.tables.count(name) for name in names}
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            schema_revision=uow.tables.schema_revision(),
            created_at=dt.datetime.now(dt.UTC),
            valueloop_version=__version__,
            tables=counts,
        )
        done, total = 0, sum(counts.values())
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest.as_json(), indent=2))
                for name in names:
                    with archive.open(f"{name}.jsonl", "w") as member:
                        for row in uow.tables.dump(name):
                            line = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
                            member.write(line.encode() + b"\n")
                            done += 1
                            if progress is not None and done % _BATCH == 0:
                                progress(name, done, total)
                    if progress is not None:
                        progress(name, done, total)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def import_workspace(
    uow: BulkUnitOfWork, path: Path, *, progress: Progress | None = None
) -> Manifest:
    """Restore an archive into an empty database in one transaction: all of it or nothing."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ValidationFailed(f"{path}: no such file", field="path") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationFailed(f"{path}: not a valueloop export ({error})", field="path") from None
    with archive:
        manifest = _read_manifest(archive, path)
        _check_integrity(archive, path)
        with uow:
            revision = uow.tables.schema_revision()
            if manifest.schema_revision != revision:
                raise ValidationFailed(
                    f"{path}: the archive has schema revision {manifest.schema_revision}, "
                    f"this database is at {revision}; import it with the valueloop version that "
                    f"wrote it ({manifest.valueloop_version})",
                    field="path",
                )
            names = uow.tables.names()
            unknown = sorted(set(manifest.tables) - set(names))
            if unknown:
                raise ValidationFailed(
                    f"{path}: the archive has tables this database lacks: {', '.join(unknown)}",
                    field="path",
                )
            counts = {name: uow.tables.count(name) for name in names}
            filled = [f"{name} ({count})" for name, count in counts.items() if count]
            if filled:
                raise Conflict(
                    "import needs an empty, freshly migrated database; this one already holds "
                    f"{', '.join(filled[:5])}{' …' if len(filled) > 5 else ''}"
                )
            done, total = 0, manifest.rows
            for name in names:
                expected = manifest.tables.get(name, 0)
                seen = 0
                for start, batch in _batches(archive, path, name, uow.tables, expected):
                    try:
                        uow.tables.insert(name, batch)
                    except ValidationFailed as error:
                        lines = f"lines {start}–{start + len(batch) - 1}"
                        raise ValidationFailed(
                            f"{path}: {name}.jsonl {lines}: {error.message}", field="path"
                        ) from None
                    seen += len(batch)
                    done += len(batch)
                    if progress is not None:
                        progress(name, done, total)
                if seen != expected:
                    raise ValidationFailed(
                        f"{path}: {name}.jsonl has {seen} rows but the manifest says {expected}",
                        field="path",
                    )
            try:
                uow.tables.finish()
            except ValidationFailed as error:
                raise ValidationFailed(f"{path}: {error.message}", field="path") from None
            uow.commit()
    return manifest


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        data = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ValidationFailed(f"{path}: {MANIFEST} is missing", field="path") from None
    except (ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise ValidationFailed(
            f"{path}: {MANIFEST} is unreadable ({error})", field="path"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationFailed(f"{path}: {MANIFEST} is not a valueloop manifest", field="path")
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationFailed(
            f"{path}: archive format version {data.get('format_version')} is not supported "
            f"(this valueloop reads version {FORMAT_VERSION})",
            field="path",
        )
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in tables.items()
    ):
        raise ValidationFailed(f"{path}: {MANIFEST} has no valid table counts", field="path")
    try:
        created_at = dt.datetime.fromisoformat(str(data.get("created_at")))
    except ValueError:
        raise ValidationFailed(
            f"{path}: {MANIFEST} has no valid created_at", field="path"
        ) from None
    revision = data.get("schema_revision")
    return Manifest(
        format_version=FORMAT_VERSION,
        schema_revision=revision if isinstance(revision, str) else None,
        created_at=created_at,
        valueloop_version=str(data.get("valueloop_version", "?")),
        tables=dict(tables),
    )


def _check_integrity(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse an archive whose members fail their checksums, before anything is written."""
    try:
        damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ValidationFailed(f"{path}: the archive is damaged ({error})", field="path") from None
    if damaged is not None:
        raise ValidationFailed(f"{path}: {damaged} is damaged (bad checksum)", field="path")


def _batches(
    archive: zipfile.ZipFile, path: Path, name: str, tables: Tables, expected: int
) -> Iterator[tuple[int, list[dict[str, object]]]]:
    """Decoded rows of one table's file in batches, with the line number each batch starts at."""
    member = f"{name}.jsonl"
    if member not in archive.NameToInfo:
        if expected:
            raise ValidationFailed(f"{path}: {member} is missing", field="path")
        return
    batch: list[dict[str, object]] = []
    start = 1
    with archive.open(member) as raw:
        for number, line in _lines(raw, path, member):
            if not line.strip():
                continue
            where = f"{path}: {member} line {number}"
            try:
                record = json.loads(line)
            except ValueError as error:
                raise ValidationFailed(f"{where}: not valid JSON ({error})", field="path") from None
            if not isinstance(record, dict):
                raise ValidationFailed(f"{where}: not a JSON object", field="path")
            try:
                batch.append(tables.decode(name, record))
            except ValueError as error:
                raise ValidationFailed(f"{where}: {error}", field="path") from None
            if len(batch) == _BATCH:
                yield start, batch
                batch, start = [], number + 1
    if batch:
        yield start, batch


def _lines(raw: IO[bytes], path: Path, member: str) -> Iterator[tuple[int, str]]:
    """Numbered text lines of an archive member; a damaged member is a ValidationFailed."""
    number = 0
    try:
        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1):
            yield number, line
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as error:
        raise ValidationFailed(
            f"{path}: {member} is damaged after line {number} ({error})", field="path"
        ) from None
