"""Errors the domain and use cases raise; entry points translate them to HTTP, CLI or UI."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause and be told about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Input breaks a rule; `field` names the offending field."""


class NotFound(DomainError):
    """A referenced record does not exist (or is not visible to the actor)."""


class Conflict(DomainError):
    """The record changed since it was read, or a uniqueness rule would be broken."""


class PermissionDenied(DomainError):
    """The actor's role does not carry the decision right the action needs."""


class Unauthenticated(DomainError):
    """No valid session or token was presented."""


class RateLimited(DomainError):
    """Too many requests of one kind from one client or address; try again later."""

    def __init__(self, message: str, *, retry_after_s: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after_s = retry_after_s
