"""Page sessions that last while the person works.

A page session is a run of signed tokens sharing one session id. It ends when the person has
opened no page and sent no form for `VCS_SESSION_IDLE_SECONDS`, and in any case
`VCS_SESSION_MAX_SECONDS` after they signed in: each page they open renews the token (at most
once every few seconds) until that absolute end. A session that has just ended still says whose
it was, so that a form sent after it ended can be kept for that person (`vcs.access.kept_forms`)
while they sign in again; a session signed out, or of an account since deactivated, says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from vcs.access import auth
from vcs.core.actors import Actor
from vcs.core.config import settings
from vcs.core.errors import AuthenticationFailed


@dataclass(frozen=True)
class SessionState:
    """What a session cookie's token says now: who is signed in and until when, or whose
    session has lapsed; and the renewed token when the session was extended."""

    actor: Actor | None = None
    session_id: str | None = None
    ends: datetime | None = None
    lapsed_user_id: int | None = None
    renewed: auth.IssuedToken | None = None


def _instant(claims: dict[str, object], name: str, fallback: str = "exp") -> datetime:
    value = claims.get(name, claims.get(fallback))
    return datetime.fromtimestamp(int(str(value)), UTC)


async def sign_in(username: str, password: str, now: datetime, address: str) -> auth.IssuedToken:
    """Sign in to the pages: a new session lasting `VCS_SESSION_IDLE_SECONDS` while idle."""
    return await auth.sign_in(username, password, now, address, settings.session_idle_seconds)


def _renew_step() -> int:
    """How old a token must be before a page renews it (so a burst of requests, the page's
    assets and its htmx calls, renews it once)."""
    return max(1, min(60, settings.session_idle_seconds // 10))


async def resume(token: str, now: datetime, *, extend: bool, force: bool = False) -> SessionState:
    """The session a cookie's token belongs to at `now`. With `extend`, a live session's token
    is renewed to last `VCS_SESSION_IDLE_SECONDS` more (never past the session's absolute end)
    when it is older than a few seconds, or at once with `force`. A lapsed session names only
    the person it belonged to. Raises `AuthenticationFailed` for a token that is not ours or was
    signed out."""
    claims = await auth.genuine_claims(token)
    session_id = auth.session_of(claims)
    actor = await auth.actor_of(claims)
    ends = _instant(claims, "exp")
    if ends <= now:
        return SessionState(session_id=session_id, lapsed_user_id=actor.user_id)
    last = _instant(claims, "auth", "iat") + timedelta(seconds=settings.session_max_seconds)
    new_end = min(now + timedelta(seconds=settings.session_idle_seconds), last)
    issued = _instant(claims, "iat")
    due = force or (now - issued).total_seconds() >= _renew_step()
    if not (extend and due and new_end > ends):
        return SessionState(actor, session_id, ends)
    seconds = int((new_end - now).total_seconds())
    renewed = await auth.issue_token(
        actor, now, seconds=seconds, session_id=session_id, began=_instant(claims, "auth", "iat")
    )
    return SessionState(actor, session_id, now + timedelta(seconds=seconds), renewed=renewed)


async def state_of(token: str | None, now: datetime, *, extend: bool) -> SessionState:
    """`resume`, or no session at all for a missing, foreign or signed-out token."""
    if not token:
        return SessionState()
    try:
        return await resume(token, now, extend=extend)
    except AuthenticationFailed:
        return SessionState()
