"""Interview notes: markdown or text files, one note per file, with optional YAML front matter.

    ---
    title: Onboarding call with Globex
    customer: Globex
    date: 2025-03-14
    interviewer: Priya
    tags: [onboarding, sso]
    ---
    They export tickets every Friday because ...

The file's path (relative to the folder imported) is its external id unless the front matter
gives an `id`; other front-matter keys are kept as attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from valueloop.adapters.importers import text_files
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback_imports import NoteDraft

SOURCE = "interview"
SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
MAX_BYTES = 1024 * 1024
_KNOWN = frozenset({"title", "customer", "date", "interviewer", "tags", "product", "id"})


def files(paths: Iterable[Path | str]) -> list[tuple[Path, str]]:
    """The note files among `paths` (folders are searched recursively), each with its name
    relative to the folder it was found in, in a stable order."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
            found += [(p, p.relative_to(path).as_posix()) for p in inside]
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise ValidationFailed(f"{path.name}: no such file or folder", field="file")
    if not found:
        raise ValidationFailed(
            "found no interview notes (files ending in .md, .markdown, .txt or .text)", field="file"
        )
    return found


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in path.parts)


def read(paths: Iterable[Path | str], *, source: str = SOURCE) -> list[NoteDraft]:
    """Every note file as a draft note, or ValidationFailed naming the file, line and field."""
    drafts = []
    for path, name in files(paths):
        drafts.append(parse(name, text_files.read(path, max_bytes=MAX_BYTES), source=source))
    return drafts


def parse(name: str, text: str, *, source: str = SOURCE) -> NoteDraft:
    """One note file's text (front matter and body) as a draft note."""
    meta, body = _front_matter(name, text)

    def field(key: str) -> str:
        value = meta.get(key)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            raise ValidationFailed(
                f"{name}, line 1, field {key}: expected text, found a {type(value).__name__}",
                field=key,
            )
        return str(value).strip()

    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    if not isinstance(tags, list):
        raise ValidationFailed(f"{name}, line 1, field tags: expected a list", field="tags")
    attributes: dict[str, Any] = {"file": name}
    if tags:
        attributes["tags"] = [str(t) for t in tags]
    attributes.update(
        {k: _plain(v) for k, v in meta.items() if k not in _KNOWN and v not in (None, "")}
    )
    return NoteDraft(
        where=name,
        text=body,
        source=source,
        title=field("title") or Path(name).stem.replace("-", " ").replace("_", " ")[:300],
        external_id=field("id") or name,
        customer=field("customer"),
        author=field("interviewer"),
        received_on=_date(name, meta.get("date")),
        product=field("product"),
        attributes=attributes,
    )


def _front_matter(name: str, text: str) -> tuple[dict[str, Any], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text.strip()
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
    if end is None:
        raise ValidationFailed(
            f"{name}, line 1: the front matter opened with --- is never closed",
            field="front matter",
        )
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "syntax error"
        raise ValidationFailed(
            f"{name}, line {line}: the front matter is not valid YAML ({problem})",
            field="front matter",
        ) from None
    if not isinstance(meta, dict):
        raise ValidationFailed(
            f"{name}, line 2: the front matter must be `key: value` lines", field="front matter"
        )
    return {str(k).strip().lower(): v for k, v in meta.items()}, "\n".join(lines[end + 1 :]).strip()


def _date(name: str, value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValidationFailed(
            f"{name}, line 1, field date: {value!r} is not a date (YYYY-MM-DD)", field="date"
        ) from None


def _plain(value: object) -> object:
    """Front-matter values as JSON can hold them (dates become ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
