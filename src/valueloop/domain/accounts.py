"""Users, API tokens and the rules for names and passwords."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from valueloop.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    email: str
    display_name: str
    password_hash: str
    is_admin: bool
    is_active: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_id: int
    name: str
    token_hash: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser: the cookie carries the token; only its hash is stored."""

    id: int
    user_id: int
    token_hash: str
    csrf_token: str
    created_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Membership:
    id: int
    user_id: int
    product_id: int
    role: str
    created_at: dt.datetime


_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
MIN_PASSWORD = 10


def username(value: str) -> str:
    """A lower-case username of 2–64 letters, digits, dots, dashes or underscores."""
    name = value.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationFailed(
            "username must be 2–64 characters: letters, digits, '.', '-' or '_'", field="username"
        )
    return name


def password(value: str) -> str:
    """A password long enough to resist guessing."""
    if len(value) < MIN_PASSWORD:
        raise ValidationFailed(
            f"password must be at least {MIN_PASSWORD} characters", field="password"
        )
    if len(value) > 1024:
        raise ValidationFailed("password is longer than 1024 characters", field="password")
    return value
