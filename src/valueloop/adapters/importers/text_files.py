"""An export read as text: UTF-8 (with or without a byte-order mark), with errors that name the
file, so every importer refuses an unreadable file the same way."""

from __future__ import annotations

from pathlib import Path

from valueloop.domain.errors import ValidationFailed


def decode(data: bytes, name: str, *, field: str = "file") -> str:
    """The bytes of an uploaded or read file as text, or ValidationFailed naming the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed(f"{name}: not UTF-8 text ({error.reason})", field=field) from None


def read(path: Path | str, *, max_bytes: int | None = None) -> str:
    """The file's text, or ValidationFailed naming it (unreadable, too large, not UTF-8)."""
    name = Path(path).name
    try:
        if max_bytes is not None and Path(path).stat().st_size > max_bytes:
            raise ValidationFailed(
                f"{name}: larger than {max_bytes // 1024 // 1024} MB", field="file"
            )
        data = Path(path).read_bytes()
    except OSError as error:
        raise ValidationFailed(f"{name}: cannot be read ({error.strerror})", field="file") from None
    return decode(data, name)
