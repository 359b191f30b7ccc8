"""Reading posted HTML forms: text stays text, and numbers, ids and blanks become typed values."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import PurePath

from starlette.datastructures import FormData, UploadFile

from valueloop.adapters.importers import text_files
from valueloop.domain.errors import ValidationFailed


class Form:
    """A posted form; every reader names the field at fault when a value does not parse."""

    def __init__(self, data: FormData) -> None:
        self._data = data

    def has(self, name: str) -> bool:
        return name in self._data

    def text(self, name: str, default: str = "") -> str:
        value = self._data.get(name)
        return value if isinstance(value, str) else default

    def texts(self, name: str) -> list[str]:
        """Every value of a repeated field (checkboxes, multi-selects)."""
        return [v for v in self._data.getlist(name) if isinstance(v, str)]

    def number(self, name: str) -> float | None:
        """A number, or None for a blank field."""
        raw = self.text(name).strip().replace(",", "")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise ValidationFailed(f"{name} must be a number", field=name) from None
        if not math.isfinite(value):
            raise ValidationFailed(f"{name} must be a finite number", field=name)
        return value

    def integer(self, name: str) -> int | None:
        """A whole number (an id, an importance), or None for a blank field."""
        raw = self.text(name).strip()
        if not raw:
            return None
        try:
            return int(raw)
        except ValueError:
            raise ValidationFailed(f"{name} must be a whole number", field=name) from None

    def version(self) -> int:
        """The record version the editor read (for the optimistic-concurrency check)."""
        value = self.integer("version")
        if value is None:
            raise ValidationFailed("the form lacks the record version; reload the page", field="id")
        return value

    def pick(
        self,
        *,
        text: Iterable[str] = (),
        numbers: Iterable[str] = (),
        ids: Iterable[str] = (),
        dates: Iterable[str] = (),
    ) -> dict[str, object]:
        """The named fields that the form carries, typed; blank numbers, ids and dates are None."""
        out: dict[str, object] = {}
        for name in text:
            if self.has(name):
                out[name] = self.text(name)
        for name in numbers:
            if self.has(name):
                out[name] = self.number(name)
        for name in ids:
            if self.has(name):
                out[name] = self.integer(name)
        for name in dates:
            if self.has(name):
                out[name] = self.text(name).strip() or None
        return out

    def upload(self, name: str) -> tuple[str, str]:
        """An uploaded file's name and its UTF-8 text; ValidationFailed when none or not text."""
        value = self._data.get(name)
        if not isinstance(value, UploadFile) or not value.filename:
            raise ValidationFailed("choose a file to upload", field=name)
        filename = PurePath(value.filename.replace("\\", "/")).name or "upload.csv"
        return filename, text_files.decode(value.file.read(), filename, field=name)

    def values(self) -> dict[str, str]:
        """The submitted text, to put back into a form that is shown again with an error."""
        return {k: v for k, v in self._data.items() if isinstance(v, str) and k != "csrf_token"}
