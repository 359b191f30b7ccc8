"""Reading an uploaded file (multipart) as text for the importers."""

from __future__ import annotations

from fastapi import UploadFile
from pydantic import BaseModel

from valueloop.domain.errors import ValidationFailed


async def text_of(upload: UploadFile) -> tuple[str, str]:
    """The file's name and its UTF-8 text, or ValidationFailed naming the file."""
    name = upload.filename or "upload.csv"
    raw = await upload.read()
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed(f"{name}: not UTF-8 text ({error.reason})", field="file") from None


class ImportOut(BaseModel):
    """What an import did; a failed import changes nothing and answers 422 naming the line."""

    source: str
    rows: int
    created: int
    updated: int
    unchanged: int
