"""Signing in and out; units (administrators). Users are in `api.access.user_routes`."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from api.web.clock import utc_now
from api.web.errors import TOO_MANY_ATTEMPTS
from api.web.params import AuthedRequest
from api.web.security import allow, client_address
from vcs.access import admin, auth
from vcs.access.schemas import (
    TokenRequest,
    TokenResponse,
    UnitCreate,
    UnitOut,
    UserSummary,
)
from vcs.core.actors import PEOPLE, Role

# People's roles. A service account (the integration role) only posts events: it exchanges its
# password for a token and nothing else.
ALL_ROLES = PEOPLE


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["Auth"]

    @post("/token", status_code=200, security=[], responses=TOO_MANY_ATTEMPTS)
    async def token(
        self, request: Request[Any, Any, Any], data: JSONBody[TokenRequest]
    ) -> TokenResponse:
        """Exchange a username and password for a bearer token. After repeated failures from
        the same address or to the same account, 429 with Retry-After (the seconds to wait)."""
        username, now = data.username.strip().lower(), request.app.state.now()
        issued = await auth.sign_in(username, data.password, now, client_address(request))
        a = issued.actor
        return TokenResponse(
            access_token=issued.access_token,
            expires_in=issued.expires_in,
            user=UserSummary(
                username=a.username, role=a.role, unit_code=a.unit_code, display_name=a.display_name
            ),
        )

    @post("/sign-out", status_code=204, guards=[allow(*ALL_ROLES, door=False)])
    async def sign_out(self, request: AuthedRequest) -> None:
        """Revoke the token used for this request."""
        await auth.sign_out(request.auth, utc_now())

    @get("/me", guards=[allow(*ALL_ROLES, door=False)])
    async def me(self, request: AuthedRequest) -> UserSummary:
        """Who the token belongs to."""
        a = request.user
        return UserSummary(
            username=a.username, role=a.role, unit_code=a.unit_code, display_name=a.display_name
        )


class AdminController(Controller):
    path = "/api/v1"
    tags = ["Administration"]
    guards = [allow(Role.ADMIN)]

    @post("/units")
    async def create_unit(self, request: AuthedRequest, data: JSONBody[UnitCreate]) -> UnitOut:
        """Add a Victim Liaison Unit, Witness Care Unit or probation unit."""
        return await admin.create_unit(request.user, data)
