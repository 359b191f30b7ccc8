"""App-store review exports (App Store Connect and Google Play CSV shapes) as feedback notes.

Columns are recognised by the names either store uses ("Review ID" / "Review Link", "Date" /
"Review Submit Date and Time", "Rating" / "Star Rating", "Title" / "Review Title", "Body" /
"Review Text", "Version" / "App Version Name", "Territory" / "Reviewer Language"). Google Play
writes its review files in UTF-16; both encodings are read. Reviews with a rating and no words
carry no feedback and are left out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from valueloop.adapters.importers import csv_rows
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback_imports import NoteDraft, parse_date

SOURCE = "app-store"
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("review id", "id", "review link"),
    "date": ("date", "review date", "created", "review submit date and time", "last modified"),
    "rating": ("rating", "star rating", "stars"),
    "title": ("title", "review title"),
    "body": ("body", "review", "review text", "content"),
    "version": ("version", "app version", "app version name"),
    "territory": ("territory", "country", "storefront"),
    "language": ("language", "reviewer language"),
    "author": ("nickname", "reviewer nickname", "author", "reviewer"),
    "device": ("device",),
    "package": ("package name", "app"),
}
REQUIRED = ("date", "rating")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with its BOM, as the stores write them."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed(
            f"{name}: not UTF-8 or UTF-16 text ({error.reason})", field="file"
        ) from None


def read(path: Path | str, *, source: str = SOURCE, text: str | None = None) -> list[NoteDraft]:
    """Every review with words as a draft note, or ValidationFailed naming the line and field."""
    name = Path(path).name
    if text is None:
        try:
            text = decode(Path(path).read_bytes(), name)
        except OSError as error:
            raise ValidationFailed(
                f"{name}: cannot be read ({error.strerror})", field="file"
            ) from None
    header, rows = csv_rows.stream(io.StringIO(text, newline=""), name)
    header = [h.lower() for h in header]
    positions = _positions(name, header)
    drafts: list[NoteDraft] = []
    for line, cells in rows:
        found = {k: cells[i].strip() for k, i in positions.items()}
        draft = _review(f"{name}, line {line}", found, source)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _positions(name: str, header: Sequence[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        found = next((header.index(a) for a in aliases if a in header), None)
        if found is not None:
            positions[key] = found
        elif key in REQUIRED:
            raise ValidationFailed(
                f"{name}, line 1: missing column {key} (one of: {', '.join(aliases)})", field=key
            )
    if "title" not in positions and "body" not in positions:
        raise ValidationFailed(
            f"{name}, line 1: missing column body (one of: {', '.join(COLUMNS['body'])})",
            field="body",
        )
    return positions


def _review(where: str, cells: dict[str, str], source: str) -> NoteDraft | None:
    title, body = cells.get("title", ""), cells.get("body", "")
    raw_rating = cells["rating"]
    try:
        rating = int(float(raw_rating))
    except ValueError:
        rating = 0
    if not 1 <= rating <= 5 or float(raw_rating or 0) != rating:
        raise ValidationFailed(
            f"{where}, field rating: {raw_rating!r} is not a whole number from 1 to 5",
            field="rating",
        )
    if not title and not body:
        return None
    try:
        received_on = parse_date(cells["date"], None)
    except (ValueError, OverflowError, OSError):
        raise ValidationFailed(
            f"{where}, field date: {cells['date']!r} is not a date (YYYY-MM-DD or ISO 8601)",
            field="date",
        ) from None
    store = "google-play" if "package" in cells or "device" in cells else "app-store"
    attributes: dict[str, object] = {
        "rating": rating,
        "store": store,
        **{
            k: cells[k]
            for k in ("version", "territory", "language", "device", "package")
            if cells.get(k)
        },
    }
    return NoteDraft(
        where=where,
        text=body or title,
        source=source,
        title=title[:300] if body else "",
        external_id=_review_id(cells.get("id", "")),
        author=cells.get("author", ""),
        received_on=received_on,
        attributes=attributes,
    )


def _review_id(value: str) -> str:
    """Google Play's review link ends in `reviewid=<id>`: the id alone is the stable key."""
    _, found, review = value.rpartition("reviewid=")
    return review.split("&", 1)[0] if found and review else value
