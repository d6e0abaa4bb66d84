"""Browser tests: Debian's Chromium driven by Playwright against a real uvicorn server on a free
port, with a fresh database (the SQLite file or the PostgreSQL database that `VCS_DATABASE_URL`
names) holding the synthetic demo data. Never `playwright install`: it downloads a browser.

Run them on their own (the sync Playwright API must not share a session with async tests):

    python -m pytest tests/browser -m browser

axe-core (tests/browser/axe.min.js, copied from npm by scripts/frontend-assets) checks every
page, and every page's visible text is read for stored codes and ISO dates
(tests/peoples_words.py); a screenshot of every page is kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes
from playwright.sync_api import ConsoleMessage, Page, Response

from api.web.clock import london_today
from tests.peoples_words import assert_peoples_words
from tests.tile_server import TileServer, serving_tiles
from vcs.core import db
from vcs.synthetic import demo

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("VCS_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).with_name("axe.min.js")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = demo.DEMO_PASSWORD
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test (left out of the default run)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


async def _fresh_database() -> None:
    """Migrate, empty every table, then add the demo units, users and referrals."""
    await db.migrate()
    names = [t._meta.tablename for t in sort_table_classes(Finder().get_table_classes())]
    if db.is_postgres():
        every = ", ".join([*names, *db.DERIVED_TABLES])
        await db.engine().run_ddl(f"TRUNCATE {every} RESTART IDENTITY CASCADE")
    else:
        for name in reversed(names):
            await db.engine().run_ddl(f"DELETE FROM {name}")
    await demo.load(london_today(), victims=40)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def tiles() -> Iterator[TileServer]:
    """The basemap's tile server (local, drawing its own tiles), for the zones' map."""
    with serving_tiles() as found:
        yield found


@pytest.fixture(scope="session")
def server(tiles: TileServer) -> Iterator[str]:
    """The service, served by uvicorn as `vcs serve` would, on a fresh demo database, with the
    local tile server as its basemap."""
    # Playwright's sync API runs an event loop in this thread: prepare the database in another.
    preparing = ThreadPoolExecutor(max_workers=1)
    preparing.submit(asyncio.run, _fresh_database()).result()
    preparing.shutdown()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (ROOT / "test-artifacts").joinpath("server.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as out:
        command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1"]
        process = subprocess.Popen(
            [*command, "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env={**os.environ, "VCS_MAP_TILES_URL": tiles.url, "VCS_MAP_ATTRIBUTION": "Test tiles"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped: see test-artifacts/server.log")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start within 60 seconds")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless; fail (never skip) when it is missing."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], server: str) -> dict[str, Any]:
    return {**browser_context_args, "base_url": server, "viewport": {"width": 1280, "height": 900}}


class Checked:
    """A page whose console errors (a script blocked by the Content Security Policy, a missing
    asset) fail the test, checked by axe-core and photographed at each step."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # A page answering 4xx (a form with errors, a 404 page) is logged as a failed load:
        # failed assets are caught by `_response` instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")

    def check(self, name: str) -> None:
        """No serious or critical axe-core violation, no console error; keep a screenshot."""
        page = self.page
        page.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text())  # evaluated by the browser, not blocked by the CSP
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in bad
        ]
        assert not bad, f"axe-core on {name} ({page.url}): {json.dumps(details, indent=1)}"
        assert not self.errors, f"console errors on {name}: {self.errors}"
        assert_peoples_words(page.evaluate("() => document.body.innerText"), f"{name} ({page.url})")


@pytest.fixture
def checked(page: Page) -> Checked:
    return Checked(page)
