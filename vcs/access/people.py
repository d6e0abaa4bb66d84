"""People's names for the pages: who did something is shown by their display name, never by the
username they sign in with."""

from __future__ import annotations

from collections.abc import Iterable

from vcs.core.tables import User


async def display_names(usernames: Iterable[str | None]) -> dict[str, str]:
    """Each named user's display name (their username only where they have none)."""
    wanted = sorted({name for name in usernames if name})
    if not wanted:
        return {}
    rows = await User.select(User.username, User.display_name).where(User.username.is_in(wanted))
    return {r["username"]: r["display_name"] or r["username"] for r in rows}
