"""Who is calling: bearer tokens on `/api/v1`, and role guards on every route."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import Guard

from vcs.access import auth
from vcs.core.actors import Actor, Role
from vcs.core.errors import AuthenticationFailed

# GOV.UK Notify's delivery callbacks carry Notify's own bearer token, checked by their handler.
PUBLIC_PATHS = ["^/health$", "^/schema", "^/api/v1/auth/token$", "^/api/v1/notify/callbacks$"]

BEARER = Components(
    security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")}
)


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class BearerAuthentication(AbstractAuthenticationMiddleware):
    """Resolve the bearer token to an `Actor`, or refuse with 401."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = bearer_token(connection)
        if token is None:
            raise NotAuthorizedException("Sign in first: this needs a bearer token")
        try:
            actor = await auth.authenticate(token)
        except AuthenticationFailed as exc:
            raise NotAuthorizedException(exc.message) from None
        return AuthenticationResult(user=actor, auth=token)


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The caller's address, as the server saw it (behind a proxy, uvicorn takes it from
    X-Forwarded-For only when the proxy is listed in FORWARDED_ALLOW_IPS)."""
    client = connection.client
    return client.host if client and client.host else "unknown"


# Roles outside the Victim Liaison Units: what they see is built by the offender side's door.
DOOR_ROLES = frozenset({Role.OFFENDER_MANAGER, Role.NATIONAL_MANAGER})


def allow(*roles: Role, door: bool | None = None) -> Guard:
    """A guard letting through only the given roles; every route names its roles.

    A route that lets in an offender manager or a national manager must say how it keeps
    victims' whereabouts from them: `door=True`, its handler lives in a module of the door's
    ways in (the import-linter contract "Routes for offender managers and national managers
    reach the domain only through the door") and calls only `vcs.offender_side`; or
    `door=False`, it carries no victim facts at all (the caller's own account, the catalogue
    of conditions), listed with the reason in `tests/api/test_door.py`."""

    if DOOR_ROLES & set(roles) and door is None:
        raise ValueError(
            "A route for offender managers or national managers goes through the offender "
            "side's door: write allow(..., door=True) and call vcs.offender_side from a door "
            "module (docs/developing.md, 'A route for offender managers or national managers')"
        )

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        # Read the scope: `connection.user` raises (a 500) where no authentication ran, as for
        # an OPTIONS request, which Litestar's authentication middleware lets through.
        actor = connection.scope.get("user")
        if not isinstance(actor, Actor):
            raise NotAuthorizedException("Sign in first: this needs a bearer token")
        if actor.role not in roles:
            raise PermissionDeniedException("Your role cannot do this")

    guard.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
    guard.door = bool(door)  # type: ignore[attr-defined]
    return guard
