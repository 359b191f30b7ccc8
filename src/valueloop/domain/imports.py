"""What an import reports, and how a row's error names where it happened."""

from __future__ import annotations

from dataclasses import dataclass

from valueloop.domain.errors import DomainError, ValidationFailed


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Counts of an import that went through (a failed import changes nothing)."""

    source: str
    rows: int
    created: int
    updated: int
    unchanged: int


def at_line(source: str, line: int, error: DomainError) -> ValidationFailed:
    """The error restated with the file and line it came from."""
    field = f", field {error.field}" if error.field else ""
    return ValidationFailed(f"{source}, line {line}{field}: {error.message}", field=error.field)
