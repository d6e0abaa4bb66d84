"""Redaction proof (issue 8, item 2): nothing an offender manager, a national manager or a
MAPPA meeting can reach (JSON, pages, PDFs, SVG, error responses, logs) holds a synthetic
victim's or nominated contact's address, postcode, phone, email or date of birth.

The routes come from the application's own route table: every GET whose `allow(...)` guard
names the offender manager or the national manager, so a new such route is covered at once.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from api.web.session import SESSION_COOKIE
from letters.dates import format_long_date
from letters.model import Language
from tests.api.route_table import (
    ROWS,
    WALES_REFERRAL,
    Records,
    Route,
    _decided,
    _opted_in,
    _with_map,
    _zone_request,
    app_routes,
    mint_tokens,
    region,
    resolve,
)
from tests.fixtures import World, run, shared_app
from vcs.core.actors import Role
from vcs.core.tables import Case

READERS = {Role.OFFENDER_MANAGER, Role.NATIONAL_MANAGER}
USER = {Role.OFFENDER_MANAGER: "om", Role.NATIONAL_MANAGER: "national"}


def _victim(name: str, n: int, dob: str, line1: str, postcode: str) -> dict[str, Any]:
    return {
        "name": name,
        "relationship": "direct",
        "date_of_birth": dob,
        "address": {"line1": line1, "town": "London", "postcode": postcode},
        "email": f"{name.split()[0].lower()}.hidden@example.com",
        "phone": f"07700 900{n:03d}",
    }


VICTIMS = [
    _victim("Alex Example", 123, "1990-06-15", "12 Sample Road", "E1 6AN"),
    _victim("Bailey Example", 234, "1987-11-23", "4 Fictional Mews", "N1 9GU"),
    _victim("Charlie Example", 345, "1979-02-28", "88 Placeholder Street", "SE1 7PB"),
]
NOMINEE = {
    "name": "Sam Example",
    "relationship": "sister",
    "address": {"line1": "9 Nominee Close", "town": "London", "postcode": "W2 1HB"},
    "email": "sam.nominee@example.com",
    "phone": "07700 900456",
}
SECOND_OFFENDER = {"name": "Riley Testcase", "date_of_birth": "1982-08-09", "crn": "Z111222"}


def secrets() -> list[str]:
    """Every detail that must never appear, in the forms it could be printed in."""
    found = []
    for person in [*VICTIMS, NOMINEE]:
        address = person["address"]
        found += [address["line1"], address["postcode"], person["email"], person["phone"]]
        found.append(person["phone"].replace(" ", ""))
        if dob := person.get("date_of_birth"):
            day = date.fromisoformat(dob)
            found += [dob, format_long_date(day, Language.EN), day.strftime("%d/%m/%Y")]
    return found


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json() if response.content else None


def _version(case_id: int) -> int:
    return int(run(Case.select(Case.version).where(Case.id == case_id).first())["version"])


def _build(world: World) -> Records:
    """Two offenders in London, three victims, a nominee; conditions, MAPPA, key dates."""
    mint_tokens(world)
    first = region(world, "", victims=VICTIMS[:2])
    second = region(world, "", offender=SECOND_OFFENDER, victims=VICTIMS[2:])
    region(world, "_other", **WALES_REFERRAL)
    case = first.case_id
    nominee = {**NOMINEE, "version": _version(case)}
    _ok(world.put("vlo", f"/api/v1/cases/{case}/nominated-contact", nominee))
    for r in (first, second):
        _opted_in(r)
        offender = f"/api/v1/offenders/{r.ids['offender_id']}"
        _ok(world.put("om", f"{offender}/mappa", {"category": 2, "level": 2, "from": "2026-01-05"}))
        _ok(world.put("vlo", f"{offender}/key-dates", {"release_date": "2027-06-20"}))
        r.id_for("stage_id")
        r.id_for("request_id")  # a forwarded request
        zone = r.ids["zone_request_id"] = _zone_request(r)
        r.ids["request_id"], forwarded = zone, r.ids["request_id"]
        _with_map(r)  # a map with the zone request
        forward = {"decision_maker": "prison_governor", "on": "2026-01-12"}
        _ok(world.post("vlo", f"/api/v1/condition-requests/{zone}/forward", forward))
        r.ids["request_id"] = forwarded
        alternative = {"text": "Not to enter the zone", "reason": "The family asks for it"}
        _ok(
            world.post(
                "om", f"/api/v1/condition-requests/{r.ids['request_id']}/alternatives", alternative
            )
        )
        _decided(r)
        meeting = r.id_for("meeting_id")
        views = {"case_id": r.case_id, "views": "The victim wants no contact at all."}
        _ok(world.post("vlo", f"/api/v1/mappa-meetings/{meeting}/victim-views", views))
    return first


def _text(response: Any) -> str:
    if response.headers.get("content-type", "").startswith("application/pdf"):
        return "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    return str(response.text)


def _get(world: World, route: Route, user: str, url: str, r: Records, **headers: str) -> Any:
    world.client.cookies.clear()
    if route.is_page:
        headers["Cookie"] = f"{SESSION_COOKIE}={world.tokens[user]}"
    else:
        headers.update(world.headers(user))
    row = ROWS.get(route.key)
    query = resolve(row.query, r) if row else None
    return world.client.get(url, headers=headers, params=query)


def _reachable() -> list[Route]:
    routes = app_routes(shared_app())
    return [r for r in routes if r.method == "GET" and r.allowed_roles & READERS]


def test_the_proof_covers_the_offender_side_routes() -> None:
    paths = {r.path for r in _reachable()}
    assert "/api/v1/mappa-meetings/{meeting_id}/pack" in paths
    assert any(not p.startswith("/api") for p in paths), "no page was found"


def test_no_victim_detail_reaches_the_offender_side(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    records = _build(world)
    seen: list[tuple[str, str]] = []
    for route in _reachable():
        for role in route.allowed_roles & READERS:
            user = USER[role]
            ids = {p: records.id_for(p) for p in route.params}
            if route.path.endswith(("zone.svg", "/map")):
                ids["request_id"] = records.ids["zone_request_id"]
            url = route.path.format(**ids)
            for accept in ("application/json", "application/pdf"):
                response = _get(world, route, user, url, records, Accept=accept)
                assert response.status_code < 500, (url, response.status_code)
                seen.append((f"{user} {url} {response.status_code}", _text(response)))
            missing = re.sub(r"{\w+}", "2147483647", route.path)
            seen.append((f"{user} {missing}", _get(world, route, user, missing, records).text))
    # the victim-side routes an offender manager is refused: the refusals too
    for url in (f"/api/v1/cases/{records.case_id}", f"/api/v1/victims/{records.ids['victim_id']}"):
        seen.append((f"om {url}", world.get("om", url).text))
    answered = [where for where, _ in seen if where.endswith(" 200")]
    assert len(answered) > 40, "too few of the routes answered: the world is not right"
    seen.append(("logs", caplog.text))
    for where, text in seen:
        for secret in secrets():
            assert secret not in text, f"{secret!r} appeared in {where}"
