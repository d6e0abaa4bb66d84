"""The administrator's page of users: who can sign in, their role, unit, last sign-in and
state, with a button to deactivate or reactivate each (POST, CSRF-checked, then back to the
list with a success banner). Deactivating ends every session the user has at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal
from urllib.parse import urlencode

from litestar import Controller, get, post
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template

from api.web.forms import form_values
from api.web.params import AuthedRequest, Offset
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.access import accounts
from vcs.access.schemas import UserOut
from vcs.core.actors import Role
from vcs.core.errors import NotFound

PAGE_SIZE = 50
USERNAME = r"^[a-z0-9][a-z0-9._-]{1,63}$"
Username = Annotated[str, PathParameter(max_length=64, pattern=USERNAME)]
Changed = Annotated[str | None, QueryParameter(max_length=64, pattern=USERNAME)]
Done = Annotated[Literal["", "deactivated", "reactivated"], QueryParameter()]


async def _changed(request: AuthedRequest, username: str | None) -> UserOut | None:
    """The user a banner is about, if there is one."""
    if not username:
        return None
    try:
        return await accounts.get_user(request.user, username)
    except NotFound:
        return None


async def _back_to_list(request: AuthedRequest, done: str, username: str) -> Redirect:
    """Back to the page of the list the button was on, with the success banner."""
    offset = (await form_values(request)).get("offset", "")
    query = {"done": done, "user": username}
    if offset.isdigit() and 0 < int(offset) <= 10_000_000:
        query["offset"] = offset
    return Redirect(f"/admin/users?{urlencode(query)}", status_code=303)


class UserPages(Controller):
    path = "/admin/users"
    include_in_schema = False
    guards = [allow(Role.ADMIN)]

    @get("/")
    async def users(
        self, request: AuthedRequest, done: Done = "", user: Changed = None, offset: Offset = 0
    ) -> Template:
        """Every user, by username, with a button to deactivate or reactivate each."""
        listing = await accounts.list_users(request.user, PAGE_SIZE, offset)
        since = request.app.state.now() - timedelta(hours=24)
        return page(
            "access/users.html",
            users=listing,
            holds=await accounts.sign_in_holds_since(request.user, since),
            offset=offset,
            done=done,
            changed=await _changed(request, user) if done else None,
            pagination=pagination(request, listing.total, PAGE_SIZE, offset, ("done", "user")),
        )

    @post("/{username:str}/deactivate")
    async def deactivate(self, request: AuthedRequest, username: Username) -> Redirect:
        """Deactivate the user: they cannot sign in, and their sessions end at once."""
        await accounts.deactivate(request.user, username)
        return await _back_to_list(request, "deactivated", username)

    @post("/{username:str}/reactivate")
    async def reactivate(self, request: AuthedRequest, username: Username) -> Redirect:
        """Let a deactivated user sign in again."""
        await accounts.reactivate(request.user, username)
        return await _back_to_list(request, "reactivated", username)
