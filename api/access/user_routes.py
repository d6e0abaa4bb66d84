"""Users, for the service administrator: adding one; the list; changing a user's role, unit or
display name; deactivating and reactivating a user (which ends their sessions at once)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import JSONBody, PathParameter

from api.web.params import AuthedRequest, Limit, Offset
from api.web.security import allow
from vcs.access import accounts, admin
from vcs.access.schemas import UserCreate, UserOut, UserUpdate
from vcs.core.actors import Role
from vcs.core.schemas import Page

Username = Annotated[
    str,
    PathParameter(
        max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$", description="The user's username"
    ),
]


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["Administration"]
    guards = [allow(Role.ADMIN)]

    @post("/")
    async def create_user(self, request: AuthedRequest, data: JSONBody[UserCreate]) -> UserOut:
        """Add a user with a role in a unit."""
        return await admin.create_user(request.user, data)

    @get("/")
    async def list_users(
        self, request: AuthedRequest, limit: Limit = 50, offset: Offset = 0
    ) -> Page[UserOut]:
        """Every user, by username: role, unit, last sign-in and whether active."""
        return await accounts.list_users(request.user, limit, offset)

    @patch("/{username:str}")
    async def update_user(
        self, request: AuthedRequest, username: Username, data: JSONBody[UserUpdate]
    ) -> UserOut:
        """Change a user's role, unit or display name; a change of role or unit ends every
        session the user has."""
        return await accounts.update_user(request.user, username, data)

    @post("/{username:str}/deactivate", status_code=200)
    async def deactivate(self, request: AuthedRequest, username: Username) -> UserOut:
        """Stop the user signing in and end every session they have at once. An administrator
        cannot deactivate their own account (409)."""
        return await accounts.deactivate(request.user, username)

    @post("/{username:str}/reactivate", status_code=200)
    async def reactivate(self, request: AuthedRequest, username: Username) -> UserOut:
        """Let a deactivated user sign in again; their old sessions stay ended."""
        return await accounts.reactivate(request.user, username)
