"""A database made by the previous release migrates forward and still serves all it served.

The previous release (`PREVIOUS`, the last commit before the code was laid out one package per
area) fills a fresh database with demo data and serves it; this release then migrates the same
database and serves it again. Later releases add to what people see, so nothing here asks for
the same bytes; instead nothing may be lost or changed: every JSON answer read below keeps
every field with the same value (new fields may join), and every page keeps the text of every
table cell, summary-list row and heading it had. Runs on the engine the suite runs on.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import asyncpg
import httpx
import pytest

from api.web.words import peoples_words, rules_words
from vcs.synthetic.demo import DEMO_PASSWORD, UNITS, USERS

ROOT = Path(__file__).parents[2]
PREVIOUS = "b60dd8ea2f2f9cdd34c64b64d99bd99fbcd8621f"

API_READS = {
    "vlo.lon1": ["/api/v1/cases?limit=100", "/api/v1/tasks?limit=50"],
    "manager.lon": [
        "/api/v1/deadlines?limit=100",
        "/api/v1/key-stages",
        "/api/v1/reports/caseload?unit=VLU-LON",
    ],
    "wcu.met": ["/api/v1/referrals?limit=50"],
}
PAGE_READS = {
    "vlo.lon1": ["/cases?assigned_to=", "/cases?deadline=overdue&assigned_to="],
    "manager.lon": ["/deadlines", "/manager/reports"],
    "wcu.met": ["/referrals"],
    "om.lon": ["/offenders"],
}


def _checkout(commit: str, into: Path) -> Path:
    """The tree of `commit`, from this clone's own history (never skipped: CI has the history)."""
    archive = subprocess.run(
        [shutil.which("git") or "git", "-C", str(ROOT), "archive", "--format=tar", commit],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


async def _recreate(url: str, name: str, drop_only: bool = False) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


@pytest.fixture
def upgrade_database(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the engine under test, beside the suite's own."""
    url = os.environ["VCS_DATABASE_URL"]
    if url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'previous.sqlite'}"
        return
    base, _, db = url.rpartition("/")
    name = f"{db}_upgrade"
    asyncio.run(_recreate(url, name))
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_recreate(url, name, drop_only=True))


def _environment(code: Path, database: str, **extra: str) -> dict[str, str]:
    """This process's environment for the code in `code`, without the Piccolo configuration
    module this release set (each release names its own)."""
    env = {k: v for k, v in os.environ.items() if k != "PICCOLO_CONF"}
    return {**env, "VCS_DATABASE_URL": database, "PYTHONPATH": str(code), **extra}


def _command(code: Path, database: str, *args: str, **extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=code,
        env=_environment(code, database, **extra),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_and_read(code: Path, database: str) -> dict[str, str]:
    """Start the code in `code` on `database`, read every answer above, stop it."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.asgi:app", "--port", str(port)],
        cwd=code,
        env=_environment(code, database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        return _read_all(base)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _read_all(base: str) -> dict[str, str]:
    answers: dict[str, str] = {}
    pages = {user: list(paths) for user, paths in PAGE_READS.items()}
    for user, paths in API_READS.items():
        with httpx.Client(base_url=base, timeout=30) as client:
            token = client.post(
                "/api/v1/auth/token", json={"username": user, "password": DEMO_PASSWORD}
            ).json()["access_token"]
            bearer = {"Authorization": f"Bearer {token}"}
            for path in paths:
                response = client.get(path, headers=bearer)
                answers[f"{user} {path}"] = f"{response.status_code} {response.text}"
            if user == "vlo.lon1":  # three cases in full, as the API and as pages give them
                cases = client.get("/api/v1/cases?limit=3", headers=bearer).json()["items"]
                assert len(cases) == 3
                for case in cases:
                    for path in (
                        f"/api/v1/cases/{case['id']}",
                        f"/api/v1/cases/{case['id']}/timeline",
                    ):
                        response = client.get(path, headers=bearer)
                        answers[f"{user} {path}"] = f"{response.status_code} {response.text}"
                pages[user] += [f"/cases/{c['id']}" for c in cases]
    for user, paths in pages.items():
        with httpx.Client(base_url=base, timeout=30) as client:
            client.get("/sign-in")
            signed = client.post(
                "/sign-in",
                data={
                    "_csrf_token": client.cookies["vcs_csrf"],
                    "username": user,
                    "password": DEMO_PASSWORD,
                },
            )
            assert signed.status_code in (200, 303), signed.text[:500]
            for path in paths:
                response = client.get(path)
                page = re.sub(r'name="_csrf_token" value="[^"]*"', "", response.text)
                answers[f"{user} {path}"] = f"{response.status_code} {page}"
    return answers


def _contains(now: object, kept: object) -> bool:
    """Whether `now` still holds everything `kept` held: the same keys with the same values
    (more keys allowed; words may name people where they gave usernames), lists of the same
    length item by item."""
    if isinstance(kept, dict):
        return isinstance(now, dict) and all(
            key in now and _contains(now[key], value) for key, value in kept.items()
        )
    if isinstance(kept, list):
        return (
            isinstance(now, list)
            and len(now) == len(kept)
            and all(_contains(n, k) for n, k in zip(now, kept, strict=True))
        )
    return now == kept or (isinstance(kept, str) and now == _named(kept))


def _named(text: str) -> str:
    """The previous release's words with each username as the person's name (the timeline now
    names who a case was allocated to, old entries too)."""
    return re.sub(r"\b[a-z]+\.[a-z0-9]+\b", lambda m: NAMES.get(m.group(0), m.group(0)), text)


class _Cells(HTMLParser):
    """The text of each table cell, summary-list row part and heading of a page."""

    TAGS = frozenset({"td", "th", "dt", "dd", "h1", "h2", "caption"})

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.TAGS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TAGS and self._open:
            self.cells.append(" ".join(" ".join(self._open.pop()).split()))

    def handle_data(self, data: str) -> None:
        for part in self._open:
            part.append(data)


def _cells(page: str) -> list[str]:
    parser = _Cells()
    parser.feed(page)
    return parser.cells


# Pages now name people by their display names where the previous release showed usernames,
# and write rule sets, codes and dates in words where it showed them as stored.
NAMES = {username: display for username, display, _role, _unit in USERS}
# And units by their names where it showed their codes.
UNIT_NAMES = {unit[0]: unit[1] for unit in UNITS}


def _unit_named(cell: str) -> str:
    for code, name in UNIT_NAMES.items():
        cell = cell.replace(f"{name} ({code})", name).replace(code, name)
    return cell


def _as_shown_now(cell: str) -> list[str]:
    return [
        cell,
        NAMES.get(cell, cell),
        rules_words(cell),
        peoples_words(cell),
        _unit_named(cell),
    ]


def _missing(kept: list[str], now: list[str]) -> list[str]:
    """The cells of `kept` that `now` no longer has (counted, so a lost row shows)."""
    left = list(now)
    missing = []
    for cell in kept:
        shown = next((now_cell for now_cell in _as_shown_now(cell) if now_cell in left), None)
        if shown is not None:
            left.remove(shown)
        else:
            missing.append(cell)
    return missing


def test_a_database_of_the_previous_release_migrates_and_serves_the_same(
    upgrade_database: str, tmp_path: Path
) -> None:
    previous = _checkout(PREVIOUS, tmp_path / "previous")
    _command(previous, upgrade_database, "demo", "--victims", "40")
    before = _serve_and_read(previous, upgrade_database)
    assert all(answer.startswith("200 ") for answer in before.values()), before

    _command(ROOT, upgrade_database, "migrate")
    after = _serve_and_read(ROOT, upgrade_database)

    assert after.keys() == before.keys()
    for read, answer in before.items():
        assert after[read].split(" ", 1)[0] == answer.split(" ", 1)[0], read
        kept, now = answer.split(" ", 1)[1], after[read].split(" ", 1)[1]
        if read.split(" ", 1)[1].startswith("/api/"):
            assert _contains(json.loads(now), json.loads(kept)), read
        else:
            assert not _missing(_cells(kept), _cells(now)), (
                read,
                _missing(_cells(kept), _cells(now)),
            )

    # The previous release's audit entries (its case reads above) keep their unkeyed chain and
    # still verify; this release's own reads are keyed after them; a checkpoint can be signed.
    checkpoints = {"VCS_AUDIT_CHECKPOINTS": str(tmp_path / "checkpoints")}
    verified = _command(ROOT, upgrade_database, "audit", "verify", **checkpoints)
    assert "Audit trail intact" in verified
    assert "were made before the service had an audit key" in verified
    assert "Audit checkpoint written" in _command(
        ROOT, upgrade_database, "audit", "checkpoint", **checkpoints
    )
    assert "Checkpoints: 1 in" in _command(ROOT, upgrade_database, "audit", "verify", **checkpoints)
