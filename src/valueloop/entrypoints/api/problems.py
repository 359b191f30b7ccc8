"""Errors as RFC 9457 problem details (application/problem+json) naming the field at fault."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from valueloop.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
    ValidationFailed,
)
from valueloop.domain.formulas import FormulaError

log = logging.getLogger(__name__)

STATUS: dict[type[DomainError], tuple[int, str]] = {
    ValidationFailed: (422, "Unprocessable Content"),
    NotFound: (404, "Not Found"),
    Conflict: (409, "Conflict"),
    PermissionDenied: (403, "Forbidden"),
    Unauthenticated: (401, "Unauthorized"),
    RateLimited: (429, "Too Many Requests"),
}


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def domain_problem(error: DomainError) -> JSONResponse:
    status, title = next(
        (code for kind, code in STATUS.items() if isinstance(error, kind)), (400, "Bad Request")
    )
    extra: dict[str, Any] = {}
    if isinstance(error, FormulaError):
        # The offending line with carets under the part at fault, as the message's own lines.
        detail = f"{error.message}\n{error.pointer()}"
        extra["errors"] = [
            {
                "field": error.field,
                "message": error.message,
                "line": error.line,
                "column": error.column,
                "pointer": error.pointer(),
            }
        ]
        return problem(status, title, detail, **extra)
    if error.field:
        extra["errors"] = [{"field": error.field, "message": error.message}]
    return problem(status, title, error.message, **extra)


def _field(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(location[0] if location else "body")


def validation_problem(error: RequestValidationError) -> JSONResponse:
    errors = []
    for item in error.errors():
        if item.get("type") == "json_invalid":
            return problem(
                400,
                "Bad Request",
                f"the body is not valid JSON ({item.get('ctx', {}).get('error', 'parse error')})",
            )
        errors.append({"field": _field(tuple(item.get("loc", ()))), "message": item.get("msg", "")})
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    return problem(
        422, "Unprocessable Content", f"{first['field']}: {first['message']}", errors=errors
    )


def install_problem_handlers(app: FastAPI, *, is_api: Any) -> None:
    """Render errors on API paths as problem+json; other paths are left to the web handlers."""

    async def on_domain(request: Request, error: Exception) -> Any:
        assert isinstance(error, DomainError)
        if is_api(request):
            return domain_problem(error)
        return await app.state.web_error(request, error)

    async def on_validation(request: Request, error: Exception) -> Any:
        assert isinstance(error, RequestValidationError)
        if is_api(request):
            return validation_problem(error)
        return await app.state.web_error(
            request, ValidationFailed(str(error.errors()[0].get("msg")))
        )

    async def on_http(request: Request, error: Exception) -> Any:
        assert isinstance(error, StarletteHTTPException)
        if is_api(request):
            return problem(error.status_code, _title(error.status_code), str(error.detail))
        return await app.state.web_http_error(request, error)

    async def on_unexpected(request: Request, error: Exception) -> Any:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        if is_api(request):
            return problem(
                500, "Internal Server Error", "something went wrong on our side; it is logged"
            )
        return await app.state.web_http_error(
            request, StarletteHTTPException(500, "Internal error")
        )

    app.add_exception_handler(DomainError, on_domain)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
