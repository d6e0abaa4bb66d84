"""Errors on the pages: the same statuses as the API (`api.web.errors.STATUS_OF`), shown as GOV.UK
error pages instead of problem details. Someone not signed in is sent to sign in first. A page
address nothing answers (`/no-such-page`, `/cases/abc`) gets the GOV.UK "Page not found" page;
addresses under /api keep their problem details."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect

from api.web.errors import STATUS_OF, field_problems
from api.web.templating import page
from vcs.core.errors import DomainError

log = logging.getLogger("vcs.pages")
CSRF_FAILED = "CSRF token verification failed"
TITLES = {
    400: "There is a problem with the page address",
    401: "Sign in to continue",
    403: "You do not have permission to view this page",
    404: "Page not found",
    405: "Page not found",
    409: "This cannot be done",
    412: "Someone else changed this case",
    422: "There is a problem",
}

PageRequest = Request[Any, Any, Any]


NOT_FOUND = [
    "If you typed the web address, check it is correct.",
    "If you pasted the web address, check you copied the entire address.",
]
# Not pages: the JSON API, its documents and the health check keep their own answers.
NOT_PAGES = ("/api/", "/schema", "/health")


def error_page(
    status: int, message: str | list[str], problems: list[dict[str, str]] | None = None
) -> Any:
    return page(
        "error.html",
        status_code=status,
        title=TITLES.get(status, "Sorry, there is a problem with the service"),
        paragraphs=[message] if isinstance(message, str) else message,
        problems=problems or [],
    )


def is_page_address(path: str) -> bool:
    """Whether an address is one of the pages' (answered with HTML when something goes wrong)."""
    return not (path.startswith(NOT_PAGES) or path == "/api")


def sign_in_first(request: PageRequest) -> Response[Any]:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    ended = {"ended": "yes"} if request.scope.get("lapsed_user_id") else {}
    query = urlencode({"next": target, **ended} if request.method == "GET" else ended)
    return Redirect(f"/sign-in?{query}" if query else "/sign-in", status_code=303)


def refused(request: PageRequest, exc: PermissionDeniedException) -> Any:
    if exc.detail == CSRF_FAILED:
        return error_page(
            403,
            "This form was open too long or in another browser. Go back, reload the page and "
            "try again.",
        )
    if request.scope.get("user") is None:
        return sign_in_first(request)
    return error_page(403, "Your role or unit cannot see this page.")


def not_signed_in(request: PageRequest, _: NotAuthorizedException) -> Response[Any]:
    return sign_in_first(request)


def status_of(exc: DomainError) -> int:
    """The status the API gives this domain error (one map for both)."""
    return next(code for kind, code in STATUS_OF.items() if isinstance(exc, kind))


def domain_error(_: PageRequest, exc: DomainError) -> Any:
    status = status_of(exc)
    if status == 404:
        return error_page(404, NOT_FOUND)
    return error_page(status, exc.message)


def bad_address(request: PageRequest, exc: ValidationException) -> Any:
    return error_page(400, "Part of the page address is not valid.", _in_words(request, exc))


def _in_words(request: PageRequest, exc: ValidationException) -> list[dict[str, str]]:
    """The API's problems as a person reads them: the field in words, the choices the page
    offers rather than the codes behind them (the API's problem details keep both)."""
    problems = []
    for p in field_problems(request, exc):
        field = p["field"].replace("_", " ").replace(".", " ").strip().capitalize()
        message = p["message"]
        if message.startswith("must be one of") or message == "is not one of the choices":
            message = "is not one of the choices the page offers: choose again from the page"
        problems.append({"field": field, "message": message})
    return problems


def http_error(_: PageRequest, exc: HTTPException) -> Any:
    if exc.status_code in (404, 405):
        return error_page(exc.status_code, NOT_FOUND)
    return error_page(exc.status_code, exc.detail or "")


def server_error(request: PageRequest, exc: Exception) -> Any:
    # The exception's text may hold submitted values: log only its type and the route.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return error_page(500, ["Try again later.", "Nothing was saved."])


PAGE_EXCEPTION_HANDLERS: dict[Any, Any] = {
    PermissionDeniedException: refused,
    NotAuthorizedException: not_signed_in,
    DomainError: domain_error,
    ValidationException: bad_address,
    HTTPException: http_error,
    Exception: server_error,
}
