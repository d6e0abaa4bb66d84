"""Users, passwords and bearer tokens.

Passwords are hashed with argon2. A bearer token is a signed JWT naming the user; every request
re-reads the user, so a deactivated account or a signed-out token stops working at once.
Sign-in failures say the same thing, and take as long, whether or not the username exists.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vcs.actors import Actor, Role
from vcs.config import settings
from vcs.errors import AuthenticationFailed
from vcs.tables import RevokedToken, Setting, User

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has " + secrets.token_hex(8))
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
ALGORITHM = "HS256"
BAD_CREDENTIALS = "The username or password is not right"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def signing_key() -> str:
    """The key tokens are signed with: `VCS_SECRET_KEY`, or one generated once and kept in the
    database so that every app process shares it."""
    if settings.secret_key:
        return settings.secret_key
    row = await Setting.select(Setting.value).where(Setting.key == "token_key").first()
    if row:
        return str(row["value"])
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


async def actor_for(user_id: int) -> Actor | None:
    row = (
        await User.select(
            User.id,
            User.username,
            User.role,
            User.unit,
            User.unit.code,
            User.display_name,
            User.active,
        )
        .where(User.id == user_id)
        .first()
    )
    if row is None or not row["active"]:
        return None
    return Actor(
        user_id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        unit_id=row["unit"],
        unit_code=row["unit.code"],
        display_name=row["display_name"],
    )


async def sign_in(username: str, password: str, now: datetime) -> IssuedToken:
    """Check a username and password and issue a token; lock the account for a while after
    repeated failures."""
    row = await User.select().where(User.username == username).first()
    if row is None:
        password_matches(_DUMMY_HASH, password)
        raise AuthenticationFailed(BAD_CREDENTIALS)
    locked = row["locked_until"] is not None and row["locked_until"] > now
    if not password_matches(row["password_hash"], password) or locked or not row["active"]:
        if not locked:
            failures = row["failed_sign_ins"] + 1
            lock_until = now + LOCKOUT if failures >= MAX_FAILED_SIGN_INS else None
            await User.update(
                {User.failed_sign_ins: 0 if lock_until else failures, User.locked_until: lock_until}
            ).where(User.id == row["id"])
        raise AuthenticationFailed(BAD_CREDENTIALS)
    if row["failed_sign_ins"]:
        await User.update({User.failed_sign_ins: 0}).where(User.id == row["id"])
    actor = await actor_for(row["id"])
    assert actor is not None
    expires_in = settings.token_minutes * 60
    claims = {
        "sub": str(actor.user_id),
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=expires_in)).timestamp()),
    }
    token = jwt.encode(claims, await signing_key(), algorithm=ALGORITHM)
    return IssuedToken(token, expires_in, actor)


async def _claims(token: str) -> dict[str, object]:
    try:
        claims: dict[str, object] = jwt.decode(
            token,
            await signing_key(),
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "jti"]},
        )
    except jwt.PyJWTError:
        raise AuthenticationFailed(
            "Your session has ended or is not valid: please sign in"
        ) from None
    return claims


async def authenticate(token: str) -> Actor:
    """The actor a bearer token stands for, if it is valid, unexpired and not signed out."""
    claims = await _claims(token)
    if await RevokedToken.exists().where(RevokedToken.jti == str(claims["jti"])):
        raise AuthenticationFailed("You have signed out: please sign in again")
    actor = await actor_for(int(str(claims["sub"])))
    if actor is None:
        raise AuthenticationFailed("Your session has ended or is not valid: please sign in")
    return actor


async def sign_out(token: str) -> None:
    """Revoke a token before it expires."""
    claims = await _claims(token)
    expires = datetime.fromtimestamp(int(str(claims["exp"])), UTC)
    await RevokedToken.insert(RevokedToken(jti=str(claims["jti"]), expires_at=expires)).on_conflict(
        action="DO NOTHING"
    )


async def user_id_for(username: str) -> int | None:
    row = await User.select(User.id).where(User.username == username).first()
    return None if row is None else int(row["id"])
