"""The start page, signing in and signing out."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from api.web.clock import utc_now
from api.web.csrf import new_csrf_cookie
from api.web.forms import FormErrors, form_values
from api.web.params import AuthedRequest
from api.web.security import allow, client_address
from api.web.session import ended_session_cookie, home_for, safe_next, session_cookie
from api.web.templating import page
from vcs.access import auth, sessions
from vcs.core.actors import PEOPLE
from vcs.core.errors import AuthenticationFailed, TooManyAttempts

Next = Annotated[str | None, QueryParameter(name="next", max_length=500)]
Ended = Annotated[str | None, QueryParameter(name="ended", max_length=10)]


def _usable(text: str, longest: int) -> bool:
    return 0 < len(text) <= longest and not any(ord(c) < 32 for c in text)


async def _check(
    request: Request[Any, Any, Any], values: dict[str, str]
) -> tuple[auth.IssuedToken | None, FormErrors, int]:
    """The token for the form's username and password, or the problems in the Design System's
    words (the same words whether or not the username exists) and, when sign-ins from here or
    to this account must wait, how many seconds."""
    username, password = values.get("username", "").strip().lower(), values.get("password", "")
    errors = FormErrors()
    if not username:
        errors.add("username", "Enter your username")
    if not password:
        errors.add("password", "Enter your password")
    if errors:
        return None, errors, 0
    try:
        if not (_usable(username, 64) and _usable(password, 256)):
            raise AuthenticationFailed(auth.BAD_CREDENTIALS)
        now, address = request.app.state.now(), client_address(request)
        return await sessions.sign_in(username, password, now, address), errors, 0
    except TooManyAttempts as exc:
        errors.add("username", exc.message)
        return None, errors, exc.retry_after
    except AuthenticationFailed as exc:
        errors.add("username", exc.message)
        return None, errors, 0


class StartPages(Controller):
    include_in_schema = False

    @get("/")
    async def start(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """What the service is for and a way in; a signed-in person goes to their own page."""
        home = home_for(request.user)
        return Redirect(home, status_code=303) if home != "/" else page("start.html")

    @get("/sign-in")
    async def sign_in_form(self, next_page: Next = None, ended: Ended = None) -> Template:
        """The sign-in form; after a session ended, saying so (and that a form sent was kept)."""
        back = safe_next(next_page) or ""
        kept = "kept=" in back or back.startswith("/kept-forms/")
        return page(
            "sign_in.html", values={"next": back}, ended=ended == "yes", kept_on_sign_in=kept
        )

    @post("/sign-in")
    async def sign_in(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Check the username and password; on success keep the token in the session cookie
        and start the session's own CSRF token. After repeated failures from this address or to
        this account, a 429 page saying how long to wait."""
        values = await form_values(request)
        issued, errors, wait = await _check(request, values)
        back = safe_next(values.get("next"))
        if issued is None:
            kept = {"username": values.get("username", "").strip().lower(), "next": back or ""}
            summary = errors.summary(["username", "password"])
            return page(
                "sign_in.html",
                429 if wait else 400,
                headers={"Retry-After": str(wait)} if wait else None,
                values=kept,
                errors=errors.messages,
                error_list=summary,
            )
        cookies = [
            session_cookie(request, issued.access_token),
            await new_csrf_cookie(request, issued.session_id),
        ]
        return Redirect(back or home_for(issued.actor), status_code=303, cookies=cookies)

    @post("/sign-out", guards=[allow(*PEOPLE, door=False)])
    async def sign_out(self, request: AuthedRequest) -> Redirect:
        """Revoke the session's token, forget the cookie and start a new CSRF token."""
        await auth.sign_out(request.auth, utc_now())
        cookies = [ended_session_cookie(request), await new_csrf_cookie(request, None)]
        return Redirect("/signed-out", status_code=303, cookies=cookies)

    @get("/signed-out")
    async def signed_out(self) -> Template:
        """Confirmation that the person has signed out."""
        return page("signed_out.html")
