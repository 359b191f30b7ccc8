"""Checks shared by the nouns' validators: each raises ValidationFailed naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from valueloop.domain.errors import ValidationFailed

E = TypeVar("E", bound=StrEnum)


def text(fields: Mapping[str, object], name: str, *, max_len: int, required: bool = False) -> str:
    """A stripped string of at most `max_len` characters; empty only when not required."""
    value = fields.get(name)
    if value is None:
        if required:
            raise ValidationFailed(f"{name} is required", field=name)
        return ""
    if not isinstance(value, str):
        raise ValidationFailed(f"{name} must be text", field=name)
    value = value.strip()
    if required and not value:
        raise ValidationFailed(f"{name} must not be empty", field=name)
    if len(value) > max_len:
        raise ValidationFailed(f"{name} is longer than {max_len} characters", field=name)
    return value


def choice(value: object, name: str, kind: type[E]) -> E:
    """The enum member named by `value`, or a ValidationFailed listing the allowed values."""
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in kind)
    raise ValidationFailed(f"{name} must be one of: {allowed}", field=name)


def number(
    value: object, name: str, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    """A finite number within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationFailed(f"{name} must be a number", field=name)
    result = float(value)
    if result != result or result in (float("inf"), float("-inf")):
        raise ValidationFailed(f"{name} must be a finite number", field=name)
    if minimum is not None and result < minimum:
        raise ValidationFailed(f"{name} must be at least {minimum:g}", field=name)
    if maximum is not None and result > maximum:
        raise ValidationFailed(f"{name} must be at most {maximum:g}", field=name)
    return result


def date(value: object, name: str) -> dt.date:
    """A calendar date (a datetime is cut to its date; ISO text is parsed)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationFailed(f"{name} must be a date (YYYY-MM-DD)", field=name)


def reject_unknown(fields: Mapping[str, object], allowed: frozenset[str]) -> None:
    """Refuse fields that the record does not have, naming the first one."""
    for name in fields:
        if name not in allowed:
            raise ValidationFailed(f"unknown field {name}", field=name)


def reference(value: object, name: str) -> int | None:
    """A reference to another record: its id (a whole number from 1), or None for none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationFailed(f"{name} must be a record id or empty", field=name)
    return value
