"""Request dependencies for the API: who is calling, and the unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.domain.errors import PermissionDenied, Unauthenticated
from valueloop.domain.roles import Principal
from valueloop.entrypoints.http import CSRF_HEADER, container_of, session_from_cookie
from valueloop.services import accounts

_SAFE = {"GET", "HEAD", "OPTIONS"}


def principal(request: Request) -> Principal:
    """The caller, by `Authorization: Bearer <token>` or by session cookie (with CSRF header)."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthenticated("use the header `Authorization: Bearer <API token>`")
        return accounts.token_principal(container_of(request).uow(), secret.strip())
    signed_in = session_from_cookie(request)
    if signed_in is None:
        raise Unauthenticated("sign in or send an API token")
    who, session = signed_in
    if request.method not in _SAFE and request.headers.get(CSRF_HEADER) != session.csrf_token:
        raise PermissionDenied("missing or wrong CSRF token (send the X-CSRF-Token header)")
    return who


def unit_of_work(request: Request) -> SqlUnitOfWork:
    return container_of(request).uow()


Actor = Annotated[Principal, Depends(principal)]
Uow = Annotated[SqlUnitOfWork, Depends(unit_of_work)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]
