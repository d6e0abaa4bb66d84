"""The rule for a new password: long, hard to guess, and not one anybody could look up.

A password is judged by zxcvbn (Dropbox's strength estimator), told the person's username and
name and this service's own words so that a password built from them counts as guessable. Beside
it sits a refused list: a password made only of common words (a season, a month, "password", the
service's name) with numbers or symbols added, such as `Summer2026!!!`, which zxcvbn rates
higher than it deserves. The demo password is published in the README: it is refused for every
account except the demo's own.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from zxcvbn import zxcvbn

from vcs.core.errors import InvalidInput

MIN_LENGTH = 12
# zxcvbn's scores: 3 is "safely unguessable" (about 10^8 guesses or more), 4 "very unguessable".
MIN_SCORE = 3
# zxcvbn judges at most this many characters; a longer password is judged by its beginning.
JUDGED_LENGTH = 72
# Published with the synthetic demo data (`vcs demo`): anyone may know it.
DEMO_PASSWORD = "demo-Passw0rd-2026"  # noqa: S105 (published on purpose, refused below)

# The service's own words: told to zxcvbn, and refused as all a password is made of.
_SERVICE = """victim victims contact scheme vcs tracker liaison vlo vlu unit witness care wcu
probation offender manager admin administrator hmpps moj justice ministry prison mappa demo
england wales london"""
# Words at the bones of many leaked passwords (their letters alone: "passw0rd" is "passwrd").
_COMMON = """password passwrd passwd pass qwerty qwertyuiop asdf asdfgh asdfghjkl zxcvbn letmein
welcome hello login changeme secret default monkey dragon football iloveyou love master sunshine
princess shadow test guest user abc abcdef spring summer autumn fall winter january february
march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday"""
SERVICE_WORDS = frozenset(_SERVICE.split())
COMMON_WORDS = frozenset(_COMMON.split())


def _words(*texts: str) -> set[str]:
    """The words of a username or a name: `priya.demo` and `Priya Demo` give priya, demo."""
    return {w for t in texts for w in re.split(r"[^a-z]+", t.casefold()) if len(w) >= 3}


def _only_common_words(password: str, words: set[str]) -> bool:
    """Whether the password's letters, with its digits and symbols taken out, are nothing but
    common words run together (`Summer2026!!!` is summer; `Victim-Contact-1` victim, contact)."""
    letters = re.sub(r"[^a-z]", "", password.casefold())
    if not letters:
        return False
    ends = {0}
    for end in range(1, len(letters) + 1):
        if any(start in ends and letters[start:end] in words for start in range(end)):
            ends.add(end)
    return len(letters) in ends


def _estimate(password: str, hints: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = zxcvbn(password[:JUDGED_LENGTH], user_inputs=hints)
    return result


def _too_easy(feedback: dict[str, Any]) -> str:
    """zxcvbn's own explanation, which never repeats the password, after our first sentence."""
    parts = ["Password is too easy to guess.", feedback.get("warning") or ""]
    parts += feedback.get("suggestions") or ["Use 3 or 4 unrelated words together."]
    return " ".join(p.strip() for p in parts if p and p.strip())


async def check_new_password(
    password: str, username: str, name: str = "", *, demo: bool = False
) -> None:
    """Refuse a password that is short, published, built from the person's own names or the
    service's words, or that zxcvbn scores below MIN_SCORE; the message says why in plain words
    and never repeats the password. `demo` lets the demo loader give its invented users the
    published demo password."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput.on("password", f"Password must be {MIN_LENGTH} characters or more")
    if password == DEMO_PASSWORD:
        if demo:
            return
        raise InvalidInput.on(
            "password", "Password is the demo password, which is published: choose another"
        )
    own = _words(username, name)
    folded = password.casefold()
    named = [username.casefold(), *(word for word in own if len(word) >= 4)]
    if any(len(part) >= 4 and part in folded for part in named):
        raise InvalidInput.on(
            "password", "Password must not contain the username or the person's name"
        )
    hints = [username, name, *own, *sorted(SERVICE_WORDS)]
    # zxcvbn takes a moment on a long password: keep it off the event loop.
    result = await asyncio.to_thread(_estimate, password, hints)
    if int(result["score"]) < MIN_SCORE:
        raise InvalidInput.on("password", _too_easy(result["feedback"]))
    if _only_common_words(password, own | SERVICE_WORDS | COMMON_WORDS):
        raise InvalidInput.on(
            "password",
            "Password is made of common words, such as a season, a month or the name of this "
            "service, with numbers or symbols added, which makes it easy to guess. Use 3 or 4 "
            "unrelated words together.",
        )
