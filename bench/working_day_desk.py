"""One simulated VLO for `bench.working_day`: a browser-like session over the pages (the
session and CSRF cookies kept, each form's hidden fields read from the page), doing a mix of
the desk's work with think time between pages, and the timings of each step.

A VLO finds their cases on the caseload page and acts only on those: opens them, searches for
the victim by name (misspelt one time in three), records a contact attempt, drafts a letter,
and tells a victim of a key stage by text message (the messages then wait for the VLO to read
and approve them, and the notification worker sends them).
"""

from __future__ import annotations

import asyncio
import html
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote_plus

import httpx

from vcs.synthetic.demo import DEMO_PASSWORD

# The mix: how often each action is chosen (a weight, not a share).
MIX = {
    "my work": 20,
    "caseload": 20,
    "search": 18,
    "open a case": 25,
    "record a contact": 8,
    "draft a letter": 6,
    "tell a victim": 3,
}
ROW = re.compile(
    r'href="/cases/(\d+)\?caseload=[^"]*">([^<]+)</a>.*?</td>\s*<td[^>]*>([^<]*)</td>'
    r".*?</td>.*?<td[^>]*>([^<]*)</td>",
    re.S,
)
# The letter for a case, by the participation the caseload shows.
LETTERS = {
    "Not yet contacted": "initial_offer",
    "Awaiting reply": "follow_up",
    "Opted in": "annual_contact",
}
SHOWING = re.compile(r"(\d+) cases?, showing")
HIDDEN = re.compile(r'name="(_csrf_token|version)"[^>]*value="([^"]*)"')


@dataclass
class Figures:
    """Every step's timings in milliseconds, and the failures (status or exception name)."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, Counter[str]] = field(default_factory=dict)
    said: dict[str, str] = field(default_factory=dict)  # what the first failure of each said
    requests: int = 0
    limit: int = 0  # stop after this many requests (0: no limit)
    stop_at: float = 0.0

    def done(self) -> bool:
        return time.monotonic() >= self.stop_at or bool(self.limit and self.requests >= self.limit)

    def note(self, step: str, ms: float, failure: str | None) -> None:
        self.samples.setdefault(step, []).append(ms)
        errors = self.errors.setdefault(step, Counter())
        if failure:
            errors[failure] += 1


@dataclass
class Case:
    id: int
    victim: str
    offender: str
    participation: str


class Failed(Exception):
    """A step answered with a status other than 2xx or 3xx: the action goes no further."""


def misspell(name: str, rng: random.Random) -> str:
    """The surname with two neighbouring middle letters swapped, or the name as written."""
    first, _, last = name.rpartition(" ")
    if len(last) >= 5 and rng.random() < 1 / 3:
        k = rng.randrange(1, len(last) - 2)
        last = last[:k] + last[k + 1] + last[k] + last[k + 2 :]
    return f"{first} {last}".strip()


def _words(page: str) -> str:
    """The error summary or heading of a page that refused, as plain words."""
    start = max(page.find('class="govuk-error-summary'), page.find("<main"), 0)
    text = re.sub(r"<[^>]+>", " ", page[start : start + 3000])
    return " ".join(html.unescape(text).split())[:300]


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields (CSRF token, case version) of the page's first form that posts."""
    start = page.find('<form method="post"', page.find("<main"))
    return dict(HIDDEN.findall(page[start : page.find("</form>", start)]))


class Vlo:
    """One person at their desk: their own session, cases and random choices."""

    def __init__(
        self, base: str, username: str, seed: int, figures: Figures, think: float, today: date
    ) -> None:
        self.username, self.figures, self.think, self.today = username, figures, think, today
        # People sharing an account share its caseload out: this one's part of it.
        self.share = (0, 1)
        self.rng = random.Random(seed)
        # uvicorn closes a connection idle for 5 s; a client that reuses one as it closes gets
        # no answer, so idle connections are dropped here first, as a browser would reconnect.
        self.http = httpx.AsyncClient(
            base_url=base,
            timeout=60,
            follow_redirects=False,
            limits=httpx.Limits(keepalive_expiry=4.0),
        )
        self.cases: dict[int, Case] = {}
        self.pages = 1
        self.texted: list[int] = []  # cases whose victim chose text messages

    async def request(self, step: str, method: str, url: str, **kw: object) -> httpx.Response:
        started = time.perf_counter()
        failure = None
        try:
            response = await self.http.request(method, url, **kw)  # type: ignore[arg-type]
            if response.status_code >= 400:
                failure = str(response.status_code)
                self.figures.said.setdefault(f"{step}: {failure}", _words(response.text))
        except httpx.HTTPError as exc:
            failure = type(exc).__name__
        self.figures.requests += 1
        self.figures.note(step, (time.perf_counter() - started) * 1000, failure)
        if failure:
            raise Failed(f"{step}: {failure}")
        return response

    async def sign_in(self) -> None:
        await self.request("sign in", "GET", "/sign-in")
        form = {
            "_csrf_token": self.http.cookies.get("vcs_csrf", ""),
            "username": self.username,
            "password": DEMO_PASSWORD,
        }
        await self.request("sign in", "POST", "/sign-in", data=form)

    async def pause(self, scale: float = 1.0) -> None:
        """Think time: exponential around the mean, at least a fifth of it, at most five times."""
        mean = self.think * scale
        await asyncio.sleep(min(5 * mean, max(mean / 5, self.rng.expovariate(1 / mean))))

    async def day(self) -> None:
        """The mix, once signed in, until the day is over."""
        actions = list(MIX)
        weights = [MIX[a] for a in actions]
        # The first round does each action once, in any order; then the mix.
        first_round = self.rng.sample(actions, len(actions))
        while not self.figures.done():
            await self.pause()
            if self.figures.done():
                break
            action = first_round.pop() if first_round else self.rng.choices(actions, weights)[0]
            try:
                await getattr(self, action.replace(" ", "_"))()
            except Failed:
                continue

    async def my_work(self) -> None:
        await self.request("my work", "GET", "/my-work")

    async def caseload(self, first: bool = False) -> None:
        page = 1 if first else self.rng.randint(1, self.pages)
        query = f"/cases?page={page}" if page > 1 else "/cases"
        if not first and self.rng.random() < 0.2:
            query = f"/cases?deadline={self.rng.choice(['overdue', 'due_soon'])}"
        response = await self.request("caseload", "GET", query)
        self.learn(response.text, whole=not query.startswith("/cases?deadline"))

    def learn(self, page: str, whole: bool) -> None:
        """The cases listed (id, victim, offender, participation), and how many pages there are."""
        part, parts = self.share
        for case_id, victim, offender, participation in ROW.findall(page):
            if int(case_id) % parts != part:
                continue
            self.cases[int(case_id)] = Case(
                int(case_id),
                html.unescape(victim.strip()),
                html.unescape(offender.strip()),
                participation.strip(),
            )
        total = SHOWING.search(page)
        if total and whole:
            self.pages = max(1, -(-int(total.group(1)) // 25))

    def a_case(self) -> Case | None:
        return self.cases[self.rng.choice(list(self.cases))] if self.cases else None

    async def search(self) -> None:
        case = self.a_case()
        if case is None:
            return
        roll = self.rng.random()
        words = (
            misspell(case.victim, self.rng)
            if roll < 0.7
            else (case.offender if roll < 0.85 else str(case.id))
        )
        await self.request("search", "GET", f"/search?q={quote_plus(words)}")

    async def open_a_case(self, case: Case | None = None) -> None:
        case = case or self.a_case()
        if case is not None:
            await self.request("open a case", "GET", f"/cases/{case.id}")

    def dated(self, name: str) -> dict[str, str]:
        t = self.today
        return {
            f"{name}-day": str(t.day),
            f"{name}-month": str(t.month),
            f"{name}-year": str(t.year),
        }

    async def record_a_contact(self) -> None:
        case = self.a_case()
        if case is None:
            return
        await self.open_a_case(case)
        url = f"/cases/{case.id}/contacts/new"
        form = await self.request("record a contact: the form", "GET", url)
        await self.pause(0.5)
        outcome = self.rng.choice(["no_reply", "message_left", "note"])
        body = {
            **form_fields(form.text),
            **self.dated("on"),
            "method": "phone",
            "outcome": outcome,
            "notes": "Rang the victim about the next steps.",
            "late_reason": "The victim could not be reached earlier.",
        }
        saved = await self.request("record a contact: save", "POST", url, data=body)
        await self.request("open a case", "GET", saved.headers["location"])

    async def draft_a_letter(self) -> None:
        """The letter that fits where the case is: the offer, its follow-up, the annual
        contact (a victim who opted out is sent no other letter: left alone here)."""
        writable = [c for c in self.cases.values() if c.participation in LETTERS]
        if not writable:
            return
        case = self.rng.choice(writable)
        await self.open_a_case(case)
        url = f"/cases/{case.id}/letters/new"
        await self.request("draft a letter: choose", "GET", url)
        template = LETTERS[case.participation]
        chosen = f"{url}?step=letter&template={template}"
        form = await self.request("draft a letter: the form", "GET", chosen)
        await self.pause(0.5)
        body = {**form_fields(form.text), "template": template, "language": "", "channel": ""}
        saved = await self.request("draft a letter: save", "POST", url, data=body)
        await self.request("draft a letter: the draft", "GET", saved.headers["location"])

    async def tell_a_victim(self) -> None:
        """Tell a victim who chose text messages of a hospital transfer, read and approve it."""
        mine = [c for c in self.texted if c % self.share[1] == self.share[0]]
        if not mine:
            return
        case_id = self.rng.choice(mine)
        url = f"/cases/{case_id}/messages/new"
        form = await self.request("tell a victim: the form", "GET", url)
        body = {**form_fields(form.text), "stage": "hospital_transfer", **self.dated("on")}
        saved = await self.request("tell a victim: save", "POST", url, data=body)
        approve = await self.request("tell a victim: read", "GET", saved.headers["location"])
        await self.pause(0.3)
        confirm = {**form_fields(approve.text), "confirm": "yes"}
        done = await self.request(
            "tell a victim: approve", "POST", f"/cases/{case_id}/messages/approve", data=confirm
        )
        await self.request("open a case", "GET", done.headers["location"])
