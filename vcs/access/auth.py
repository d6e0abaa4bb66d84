"""Users, passwords and bearer tokens.

Passwords are hashed with argon2. A bearer token is a signed JWT naming the user and the user's
session generation; every request re-reads the user, so a deactivated account, a signed-out
token or a token from before the generation moved on (deactivation, a change of role or unit)
stops working at once.
Sign-in failures say the same thing, and take as long, whether or not the username exists;
repeated failures make sign-ins from that address, or to that account, wait (`throttle`).
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vcs.access import throttle
from vcs.access.tables import RevokedToken
from vcs.core.actors import Actor, Role
from vcs.core.config import settings
from vcs.core.db import read_transaction, write_transaction
from vcs.core.errors import AuthenticationFailed
from vcs.core.tables import Setting, User

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has " + secrets.token_hex(8))
ALGORITHM = "HS256"
BAD_CREDENTIALS = "The username or password is not right"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def check_password(password_hash: str, password: str) -> bool:
    """Verify off the event loop: argon2 is slow on purpose and must not stall other requests."""
    return await asyncio.to_thread(password_matches, password_hash, password)


_key_cache: list[str] = []  # the stored key never changes once made: read it once per process


async def signing_key() -> str:
    """The key tokens are signed with: `VCS_SECRET_KEY`, or one generated once and kept in the
    database so that every app process shares it."""
    if settings.secret_key:
        return settings.secret_key
    if _key_cache:
        return _key_cache[0]
    row = await Setting.select(Setting.value).where(Setting.key == "token_key").first()
    if row:
        _key_cache[:] = [str(row["value"])]
        return _key_cache[0]
    await Setting.insert(Setting(key="token_key", value=secrets.token_urlsafe(48))).on_conflict(
        action="DO NOTHING"
    )
    row = await Setting.select(Setting.value).where(Setting.key == "token_key").first()
    assert row is not None
    return str(row["value"])


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    actor: Actor
    session_id: str = ""


async def actor_for(user_id: int, generation: int | None = None) -> Actor | None:
    """The active user as an `Actor`; None if inactive, or if `generation` is given and is not
    the user's current session generation (their sessions were ended)."""
    row = (
        await User.select(
            User.id,
            User.username,
            User.role,
            User.unit,
            User.unit.code,
            User.unit.name,
            User.display_name,
            User.active,
            User.session_generation,
        )
        .where(User.id == user_id)
        .first()
    )
    if row is None or not row["active"]:
        return None
    if generation is not None and row["session_generation"] != generation:
        return None
    return Actor(
        user_id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        unit_id=row["unit"],
        unit_code=row["unit.code"],
        display_name=row["display_name"],
        unit_name=row["unit.name"] or "",
    )


async def sign_in(
    username: str,
    password: str,
    now: datetime,
    address: str = "unknown",
    seconds: int | None = None,
) -> IssuedToken:
    """Check a username and password from a client address and issue a token. When that
    address or that account has failed too often lately the attempt is refused with
    `TooManyAttempts` (and how long to wait) before the password is checked; see `throttle`.
    An unknown username, a wrong password or an inactive account all get the same words after
    the same work (one argon2 verification), so neither the message nor the time taken tells
    whether a username exists."""
    standing = await throttle.check(throttle.Attempt(username, address, now))
    row = await User.select().where(User.username == username).first()
    if row is None:
        await check_password(_DUMMY_HASH, password)
        await throttle.count_failure(standing, None)
        raise AuthenticationFailed(BAD_CREDENTIALS)
    if not await check_password(row["password_hash"], password) or not row["active"]:
        await throttle.count_failure(standing, row["id"])
        raise AuthenticationFailed(BAD_CREDENTIALS)
    actor = await actor_for(row["id"])
    assert actor is not None
    await _note_sign_in(row["id"], now)
    return await issue_token(actor, now, seconds=seconds)


async def _note_sign_in(user_id: int, now: datetime) -> None:
    """When the user last signed in, for the administrator's list of users."""
    async with write_transaction():
        await User.update({User.last_signed_in_at: now}).where(User.id == user_id)


async def issue_token(
    actor: Actor,
    now: datetime,
    *,
    seconds: int | None = None,
    session_id: str | None = None,
    began: datetime | None = None,
) -> IssuedToken:
    """A signed bearer token for the actor, valid for `seconds` (by default VCS_TOKEN_MINUTES)
    from `now`. A page session renewed while the person works keeps its `session_id` and the
    instant it `began` (`vcs.access.sessions`); a new token starts a new session."""
    expires_in = settings.token_minutes * 60 if seconds is None else seconds
    row = await User.select(User.session_generation).where(User.id == actor.user_id).first()
    jti = uuid.uuid4().hex
    claims = {
        "sub": str(actor.user_id),
        "gen": row["session_generation"] if row else 0,
        "jti": jti,
        "sid": session_id or jti,
        "iat": int(now.timestamp()),
        "auth": int((began or now).timestamp()),
        "exp": int((now + timedelta(seconds=expires_in)).timestamp()),
    }
    token = jwt.encode(claims, await signing_key(), algorithm=ALGORITHM)
    return IssuedToken(token, expires_in, actor, str(claims["sid"]))


async def _claims(token: str, *, expiry: bool = True) -> dict[str, object]:
    """A token's claims, if we signed it (and, with `expiry`, if it has not expired)."""
    try:
        claims: dict[str, object] = jwt.decode(
            token,
            await signing_key(),
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "jti"], "verify_exp": expiry, "verify_iat": expiry},
        )
    except jwt.PyJWTError:
        raise AuthenticationFailed(
            "Your session has ended or is not valid: please sign in"
        ) from None
    return claims


def _generation(claims: dict[str, object]) -> int:
    """The session generation a token was issued in (0 for a token issued before there were
    generations)."""
    generation = claims.get("gen", 0)
    if not isinstance(generation, int):
        raise AuthenticationFailed("Your session has ended or is not valid: please sign in")
    return generation


async def authenticate(token: str) -> Actor:
    """The actor a bearer token stands for, if it is valid, unexpired and not signed out."""
    return await actor_of(await _claims(token))


async def genuine_claims(token: str) -> dict[str, object]:
    """A token's claims if we signed it, expired or not (the caller judges its expiry)."""
    return await _claims(token, expiry=False)


def session_of(claims: dict[str, object]) -> str:
    """The session a token belongs to (tokens renewed while the person works share it)."""
    return str(claims.get("sid") or claims["jti"])


async def actor_of(claims: dict[str, object]) -> Actor:
    """The actor a signed token's claims stand for, unless the token or its session was signed
    out, or the user's sessions were ended."""
    revoked = [str(claims["jti"]), session_of(claims)]
    async with read_transaction():  # one connection for both reads
        if await RevokedToken.exists().where(RevokedToken.jti.is_in(revoked)):
            raise AuthenticationFailed("You have signed out: please sign in again")
        actor = await actor_for(int(str(claims["sub"])), _generation(claims))
    if actor is None:
        raise AuthenticationFailed("Your session has ended or is not valid: please sign in")
    return actor


async def sign_out(token: str, now: datetime) -> None:
    """Revoke a token, and the session it belongs to (every token renewed from it), before they
    expire; forget revocations of tokens that have expired anyway (an expired token is refused
    on its expiry alone), so the list stays short."""
    claims = await _claims(token, expiry=False)
    expires = datetime.fromtimestamp(int(str(claims["exp"])), UTC)
    session_ends = expires + timedelta(seconds=settings.session_max_seconds)
    async with write_transaction():
        await RevokedToken.delete().where(RevokedToken.expires_at < now)
        for jti, until in {str(claims["jti"]): expires, session_of(claims): session_ends}.items():
            await RevokedToken.insert(RevokedToken(jti=jti, expires_at=until)).on_conflict(
                action="DO NOTHING"
            )


async def user_id_for(username: str) -> int | None:
    row = await User.select(User.id).where(User.username == username).first()
    return None if row is None else int(row["id"])
