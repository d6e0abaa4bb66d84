"""One map from domain errors to HTTP responses: problem details (RFC 9457), naming the fields
at fault, never a stack trace, never a victim's details."""

from __future__ import annotations

import logging
from enum import Enum
from http import HTTPStatus
from typing import Annotated, Any, Literal, cast, get_args, get_origin

from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from pydantic import BaseModel, ConfigDict

from api.web.logging import route_of
from vcs.core.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Refused,
    StaleVersion,
    TooManyAttempts,
)
from vcs.core.uploads import FileTooLarge, UnsupportedFileType

log = logging.getLogger("vcs.api")
PROBLEM_JSON = "application/problem+json"

STATUS_OF: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    PermissionDenied: 403,
    Conflict: 409,
    StaleVersion: 412,
    Refused: 409,
    AuthenticationFailed: 401,
    TooManyAttempts: 429,
    FileTooLarge: 413,
    UnsupportedFileType: 415,
}


def problem(
    status: int, detail: str, errors: list[dict[str, str]] | None = None, **extra: Any
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "status": status,
        "title": HTTPStatus(status).phrase,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = next(code for kind, code in STATUS_OF.items() if isinstance(exc, kind))
    errors = [{"field": p.field, "message": p.message} for p in exc.problems]
    response = problem(status, exc.message, errors or None, **exc.extra)
    if isinstance(exc, TooManyAttempts):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _choices(annotation: Any) -> list[str]:
    """The values a parameter's type allows, when it is a Literal or an Enum (else none)."""
    found: list[str] = []
    if get_origin(annotation) is Literal:
        found += [str(a) for a in get_args(annotation) if a not in ("", None)]
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        found += [str(m.value) for m in annotation]
    else:
        args = get_args(annotation)[:1] if get_origin(annotation) is Annotated else ()
        for arg in args or get_args(annotation):
            found += _choices(arg)
    return found


def _parameter(request: Request[Any, Any, Any], key: str) -> tuple[str, list[str], str | None]:
    """A parameter as the client sent it: its name (the query, path, header or cookie name
    where that differs from the handler's argument), the values its type allows, and the value
    sent (to keep it out of the message)."""
    handler = request.scope.get("route_handler")
    fields = getattr(getattr(handler, "parsed_fn_signature", None), "parameters", {})
    field = fields.get(key)
    if field is None:
        return key, [], None
    kwarg = field.kwarg_definition
    names = ("name", "query", "header", "cookie")
    name = next((getattr(kwarg, n) for n in names if getattr(kwarg, n, None)), None) or key
    sent = request.query_params.get(name) or request.path_params.get(name)
    return name, _choices(field.raw), None if sent is None else str(sent)


def _message(message: str, choices: list[str], sent: str | None) -> str:
    """The problem in words, never repeating the value sent: an enum names its choices."""
    message = message.removeprefix("Value error, ")
    if message.startswith("Invalid enum value"):
        return f"must be one of: {', '.join(choices)}" if choices else "is not one of the choices"
    if sent and (f"'{sent}'" in message or (len(sent) > 3 and sent in message)):
        return "is not valid"
    return message


def field_problems(
    request: Request[Any, Any, Any], exc: ValidationException
) -> list[dict[str, str]]:
    """Each problem Litestar found, naming the parameter as the client sent it (`state`, not
    the handler's `case_state`), in words that never repeat the value sent."""
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            key = str(item.get("key") or "")
            name, choices, sent = _parameter(request, key) if key else ("body", [], None)
            message = _message(str(item.get("message", "is not valid")), choices, sent)
            errors.append({"field": name, "message": message})
    return errors


def validation_error(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    """Litestar's 400 for a body or parameter that does not fit its schema."""
    errors = field_problems(request, exc)
    detail = "Some of the details sent need correcting" if errors else (exc.detail or "Bad request")
    if not errors:
        errors = [{"field": "body", "message": exc.detail or "could not be read"}]
    return problem(400, detail, errors)


def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code in (404, 405) and "route_handler" not in request.scope:
        # No route answers this address: a page address gets the "Page not found" page.
        from api.web.error_pages import http_error as page_error
        from api.web.error_pages import is_page_address

        if is_page_address(request.url.path):
            return cast(Response[Any], page_error(request, exc))
    if exc.status_code == 413:  # the body limit, hit before any handler runs
        handler = request.scope.get("route_handler")
        limit = (
            handler.resolve_request_max_body_size()
            if isinstance(handler, HTTPRouteHandler)
            else None
        )
        at_most = f": at most {limit // (1024 * 1024)} MB may be sent here" if limit else ""
        return problem(413, f"The request is too large{at_most}")
    return problem(exc.status_code, exc.detail or HTTPStatus(exc.status_code).phrase)


def server_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    # The exception's text may hold submitted values: log only its type and the route.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, route_of(request.scope))
    return problem(500, "Something went wrong on our side. Nothing was saved; please try again.")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: server_error,
}


class FieldError(BaseModel):
    field: str
    message: str


class ProblemDetails(BaseModel):
    """Every error the API answers with (RFC 9457): what went wrong in words, and for bad input
    the fields at fault. Some errors add members, such as `existing_case_ids` on a duplicate."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    status: int
    title: str
    detail: str
    errors: list[FieldError] | None = None


ERROR_RESPONSES = {
    status: ResponseSpec(
        data_container=ProblemDetails,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )
    for status, description in {
        400: "The request could not be read: a field is missing, of the wrong type or too long",
        401: "Not signed in, or the token has expired or been revoked",
        403: "The caller's role or unit may not do this",
        404: "No such record, or none the caller may see",
        409: "The action clashes with the record as it stands",
        412: "The record changed since the caller read it",
        422: "A field's value breaks a rule",
    }.items()
}


TOO_MANY_ATTEMPTS = {
    429: ResponseSpec(
        data_container=ProblemDetails,
        description=(
            "Too many failed sign-ins from this address or to this account: wait the seconds "
            "given in the Retry-After header"
        ),
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )
}


def document_errors(app: Litestar) -> None:
    """Declare the problem-details responses on every route of the app, so the OpenAPI document
    describes the errors the API really gives (routes may still declare their own)."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if isinstance(handler, HTTPRouteHandler) and not route.path.startswith("/schema"):
                handler.responses = {**ERROR_RESPONSES, **(handler.responses or {})}
