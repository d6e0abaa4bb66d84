"""Licence-condition requests through the API: drafted with a zone, forwarded (then frozen), given
an alternative by the offender manager, decided, the victim told; and every way it can go wrong.
All people and places are invented."""

from __future__ import annotations

import math
import struct
import zlib
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from tests.fixtures import World, run, shared_app
from vcs.access.tables import AuditEntry
from vcs.conditions.tables import ConditionRequest, ForwardedCopy
from vcs.core.actors import Role
from vcs.core.tables import Case, Deadline

RELEASE = "2026-03-02"  # Monday: 10 working days before it is Monday 16 February 2026
FORWARD_BY = "2026-02-16"
REQUESTS = "/api/v1/condition-requests"
STANDARD_ZONE_WORDING = (
    "Not to enter the area as defined by the attached map without the prior approval of your "
    "supervising officer."
)


def square(lon: float, lat: float, side_m: float) -> dict[str, Any]:
    """A GeoJSON Polygon: a square of about side_m metres around a point."""
    dlat = side_m / 2 / 111_320
    dlon = side_m / 2 / (111_320 * math.cos(math.radians(lat)))
    ring = [
        [lon - dlon, lat - dlat],
        [lon + dlon, lat - dlat],
        [lon + dlon, lat + dlat],
        [lon - dlon, lat + dlat],
        [lon - dlon, lat - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


ZONE = square(-0.07, 51.52, 1200)


def zone_request(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "exclusion_zone",
        "details": "I don't want to run into him near my work or my sister's.",
        "justification": "The offender followed the victim around this area for months.",
        "zone": ZONE,
        "needed_by": RELEASE,
    }
    body.update(overrides)
    return body


def case_and_offender(world: World, **referral: Any) -> tuple[int, int]:
    case_id = int(world.refer(**referral)["cases"][0]["id"])
    offender = run(Case.select(Case.offender).where(Case.id == case_id).first())
    return case_id, int(offender["offender"])


def create(world: World, case_id: int, user: str = "vlo", **overrides: Any) -> Any:
    return world.post(
        user, f"/api/v1/cases/{case_id}/condition-requests", zone_request(**overrides)
    )


def assign_om(world: World, offender_id: int, username: str = "om") -> None:
    url = f"/api/v1/offenders/{offender_id}/offender-manager"
    response = world.put("manager", url, {"username": username})
    assert response.status_code == 200, response.text


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(world: World, user: str, request_id: int, content: bytes, name: str = "map.png") -> Any:
    return world.client.post(
        f"{REQUESTS}/{request_id}/map",
        files={"file": (name, content, "image/png")},
        headers=world.headers(user),
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def forward(world: World, request_id: int, on: str = "2026-01-12") -> Any:
    body = {"decision_maker": "prison_governor", "on": on}
    return world.post("vlo", f"{REQUESTS}/{request_id}/forward", body)


def test_the_catalogue_is_for_every_signed_in_role(world: World) -> None:
    for user in ("vlo", "manager", "om", "wcu", "admin"):
        body = world.get(user, "/api/v1/condition-types").json()
        assert [(t["code"], t["cvl_code"]) for t in body["items"]] == [
            ("no_contact", "4858cd8b-bca6-4f11-b6ee-439e27216d7d"),
            ("exclusion_zone", "0f9a20f4-35c7-4c77-8af8-f200f153fa11"),
            ("restriction_zone", "005d70e4-a247-4f82-b8b3-6d294a0f5051"),
            ("event_exclusion", "99195049-f355-46fb-b7d8-aef87a1b19c5"),
            ("non_association", "355700a9-6184-40c0-9759-0dfed1994e1e"),
            ("premises", "42f71b40-84cd-446d-8647-f00bbb6c079c"),
            ("other", None),
        ]
        assert body["total"] == 7 and body["policy_version"]
    wording = {t["code"]: t["standard_wording"] for t in body["items"]}
    assert wording["exclusion_zone"] == STANDARD_ZONE_WORDING
    assert wording["no_contact"].startswith("Not to seek to approach or communicate with [names]")
    assert [t["needs_ppcs_approval"] for t in body["items"]] == [False] * 6 + [True]
    assert wording["restriction_zone"] == (
        "Not to leave the area as defined by the attached map without the prior approval of "
        "your supervising officer."
    )
    assert wording["event_exclusion"].startswith(
        "Not to enter the area as defined by the attached map, during the period that "
        "[name of the event] takes place"
    )
    versions = {t["code"]: t["policy_versions"] for t in body["items"]}
    assert versions["restriction_zone"] == ["4.0"]
    assert versions["event_exclusion"] == ["3.0", "4.0"]
    assert versions["exclusion_zone"] == ["1.0", "2.0", "2.1", "3.0", "4.0"]
    assert "parole_board" in [d["code"] for d in body["decision_makers"]]
    assert world.client.get("/api/v1/condition-types").status_code == 401


def test_the_whole_journey_each_step_on_the_timeline(world: World) -> None:
    case_id, offender_id = case_and_offender(world)
    created = create(world, case_id)
    assert created.status_code == 201, created.text
    r = created.json()
    assert (r["status"], r["type"], r["wording"]) == (
        "draft",
        "exclusion_zone",
        STANDARD_ZONE_WORDING,
    )
    assert r["zone"]["area_km2"] == pytest.approx(1.45, abs=0.15)
    assert r["zone"]["warnings"] == []
    assert r["forwarding_deadline"]["due"] == FORWARD_BY
    assert r["vlo"] == "London Victim Liaison Unit"
    rid = r["id"]
    assert upload(world, "vlo", rid, png()).status_code == 201
    forwarded = forward(world, rid)
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["status"] == "forwarded"
    assert forwarded.json()["forwarding_deadline"]["state"] == "met"
    assert forwarded.json()["forwarded"]["decision_maker"] == "prison_governor"
    assign_om(world, offender_id)
    alternative = {"text": "Not to enter the London Borough of Example.", "reason": "Enforceable."}
    proposed = world.post("om", f"{REQUESTS}/{rid}/alternatives", alternative)
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["proposed_by"] == "om user"
    decision = {
        "outcome": "granted_varied",
        "on": "2026-01-12",
        "reason": "Smaller area.",
        "final_wording": "Not to enter the area as defined by the attached map.",
    }
    decided = world.post("vlo", f"{REQUESTS}/{rid}/decision", decision)
    assert decided.status_code == 200, decided.text
    assert decided.json()["decision"]["outcome"] == "granted_varied"
    informed = world.post("vlo", f"{REQUESTS}/{rid}/victim-informed", {"on": "2026-01-12"})
    assert informed.status_code == 200, informed.text
    final = world.get("vlo", f"{REQUESTS}/{rid}").json()
    assert (final["status"], final["victim_informed_on"]) == ("victim_informed", "2026-01-12")
    # The alternative sits beside the victim's request, never in its place.
    assert final["wording"] == STANDARD_ZONE_WORDING
    assert final["details"] == zone_request()["details"]
    assert [a["text"] for a in final["alternatives"]] == [alternative["text"]]
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    kinds = [e["kind"] for e in timeline]
    expected = [
        "condition_request_created",
        "condition_map_attached",
        "condition_request_forwarded",
        "offender_manager_assigned",
        "condition_alternative_proposed",
        "condition_decision_recorded",
        "condition_victim_informed",
    ]
    assert [k for k in kinds if k in expected] == expected
    listed = world.get("manager", f"/api/v1/cases/{case_id}/condition-requests").json()
    assert [i["id"] for i in listed["items"]] == [rid] and listed["total"] == 1


def test_a_forwarded_request_is_frozen(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    assert forward(world, rid).status_code == 200
    stored = run(ForwardedCopy.select().where(ForwardedCopy.request == rid).first())
    attempts = [
        world.client.patch(
            f"{REQUESTS}/{rid}", json={"details": "Changed words."}, headers=world.headers("vlo")
        ),
        world.client.patch(
            f"{REQUESTS}/{rid}",
            json={"zone": square(-0.1, 51.5, 900)},
            headers=world.headers("vlo"),
        ),
        forward(world, rid),
        upload(world, "vlo", rid, png()),
        world.delete("vlo", f"{REQUESTS}/{rid}"),
    ]
    for response in attempts:
        assert response.status_code == 409, response.text
        assert "frozen" in response.json()["detail"]
    after = world.get("vlo", f"{REQUESTS}/{rid}").json()
    assert after["details"] == zone_request()["details"]
    assert after["zone"]["geojson"]["coordinates"] == ZONE["coordinates"]
    assert run(ForwardedCopy.select().where(ForwardedCopy.request == rid).first()) == stored
    assert after["forwarded"]["sha256"] == stored["sha256"]
    representation = world.get("vlo", f"{REQUESTS}/{rid}/representation.pdf")
    assert representation.headers["content-type"] == "application/pdf"
    text = pdf_text(representation.content)
    for words in (
        "The prison governor",
        "Not to enter the area as defined by the attached map",
        "near my work",
        "Morgan Testperson",
        "The zones on the map",
        "Zone A:",
        "Create and Vary a Licence condition code 0f9a20f4-35c7-4c77-8af8-f200f153fa11",
        "No basemap is configured",
    ):
        assert words in text.replace("\n", " "), words
    produced = run(AuditEntry.count().where(AuditEntry.action == "produce_representation"))
    assert produced == 1


def _every_write(rid: int) -> list[tuple[str, str, Any]]:
    return [
        ("PATCH", f"{REQUESTS}/{rid}", {"details": "The offender manager's words."}),
        ("DELETE", f"{REQUESTS}/{rid}", None),
        (
            "POST",
            f"{REQUESTS}/{rid}/forward",
            {"decision_maker": "prison_governor", "on": "2026-01-12"},
        ),
        ("POST", f"{REQUESTS}/{rid}/withdraw", {"on": "2026-01-12", "reason": "Not needed."}),
        (
            "POST",
            f"{REQUESTS}/{rid}/decision",
            {"outcome": "refused", "on": "2026-01-12", "reason": "No."},
        ),
        ("POST", f"{REQUESTS}/{rid}/victim-informed", {"on": "2026-01-12"}),
    ]


@pytest.mark.parametrize("forwarded", [False, True], ids=["draft", "forwarded"])
def test_an_offender_manager_can_never_stop_or_change_a_request(
    world: World, forwarded: bool
) -> None:
    case_id, offender_id = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    if forwarded:
        assert forward(world, rid).status_code == 200
    assign_om(world, offender_id)
    before = run(ConditionRequest.select().where(ConditionRequest.id == rid).first())
    for user in ("om", "om_other"):
        for method, url, body in _every_write(rid):
            response = world.client.request(method, url, json=body, headers=world.headers(user))
            assert response.status_code == 403, (user, method, url, response.status_code)
        assert upload(world, user, rid, png()).status_code == 403
    assert run(ConditionRequest.select().where(ConditionRequest.id == rid).first()) == before


def test_no_route_lets_an_offender_manager_write_except_an_alternative() -> None:
    app = shared_app()
    writes, examined = [], 0
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            ours = ("condition-requests", "/offender-manager")
            if not any(part in route.path for part in ours):
                continue
            if not ({"POST", "PUT", "PATCH", "DELETE"} & set(handler.http_methods)):
                continue
            guards = [getattr(g, "func", g) for g in handler.resolve_guards()]
            roles = set().union(*(getattr(g, "allowed_roles", set()) for g in guards))
            assert roles, f"{route.path} has no role guard"
            examined += 1
            if Role.OFFENDER_MANAGER in roles:
                writes.append(route.path)
    assert examined >= 9  # change, delete, map, forward, alternatives, decision, ...
    assert writes == ["/api/v1/condition-requests/{request_id:int}/alternatives"]


@pytest.mark.parametrize(
    ("zone", "status", "field", "words"),
    [
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[-0.08, 51.51], [-0.06, 51.53], [-0.06, 51.51], [-0.08, 51.53], [-0.08, 51.51]]
                ],
            },
            422,
            "zone",
            "crosses itself",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[-0.08, 51.51], [-0.06, 51.51], [-0.06, 51.53], [-0.08, 51.53]]],
            },
            422,
            "zone.coordinates[0]",
            "not closed",
        ),
        (square(2.35, 48.86, 1000), 422, "zone", "outside England and Wales"),
        (square(-1.5, 52.5, 40_000), 422, "zone", "the most is 500 km²"),
        ({"type": "Point", "coordinates": [-0.07, 51.52]}, 400, "zone.type", "Polygon"),
        ({"type": "Feature", "geometry": ZONE}, 400, "zone", ""),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[-0.07 + i * 1e-6, 51.52] for i in range(2001)] + [[-0.07, 51.52]]
                ],
            },
            422,
            "zone.coordinates",
            "more than 2000 points",
        ),
    ],
    ids=[
        "self-intersecting",
        "unclosed",
        "outside",
        "absurdly large",
        "point",
        "feature",
        "too many points",
    ],
)
def test_invalid_zones_are_refused_with_clear_errors(
    world: World, zone: dict[str, Any], status: int, field: str, words: str
) -> None:
    case_id, _ = case_and_offender(world)
    response = create(world, case_id, zone=zone)
    assert response.status_code == status, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"].startswith(field) and words in e["message"] for e in problem["errors"]), (
        problem
    )
    assert run(ConditionRequest.count()) == 0


def test_a_zone_that_could_pinpoint_a_home_is_accepted_with_a_warning(world: World) -> None:
    case_id, _ = case_and_offender(world)
    response = create(world, case_id, zone=square(-0.07, 51.52, 150))
    assert response.status_code == 201
    [warning] = response.json()["zone"]["warnings"]
    assert warning["code"] == "pinpoint_small"


@pytest.mark.parametrize(
    ("content", "name", "status", "words"),
    [
        (b"GIF89a not really a map", "map.png", 415, "PDF, PNG or JPEG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "map.png", 415, "not its name"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * 1024 * 1024), "map.png", 413, "the most is 10 MB"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (11 * 1024 * 1024), "map.png", 413, "at most 10 MB"),
        (b"", "map.png", 422, "empty"),
        (b"%PDF-1.7 this is not really a PDF", "map.pdf", 422, "could not be read"),
    ],
    ids=["gif named png", "svg named png", "over 10 MB", "far over 10 MB", "empty", "damaged pdf"],
)
def test_bad_map_files_are_refused(
    world: World, content: bytes, name: str, status: int, words: str
) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    response = upload(world, "vlo", rid, content, name)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"] + str(response.json().get("errors"))
    assert world.get("vlo", f"{REQUESTS}/{rid}").json()["map"] is None


def test_a_pdf_map_is_kept_and_printed_after_the_representation(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    stored = upload(world, "vlo", rid, pdf(), "whatever.png")
    assert stored.status_code == 201 and stored.json()["media_type"] == "application/pdf"
    back = world.get("vlo", f"{REQUESTS}/{rid}/map")
    assert back.content == pdf() or back.content.startswith(b"%PDF-")
    assert back.headers["content-type"].startswith("application/pdf")
    assert forward(world, rid).status_code == 200
    representation = world.get("vlo", f"{REQUESTS}/{rid}/representation.pdf").content
    pages = PdfReader(BytesIO(representation)).pages
    assert "The map supplied with the request follows" in pdf_text(representation)
    assert len(pages) >= 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"type": "no_contact", "zone": None}, "names"),
        ({"type": "no_contact", "names": ["Alex Example"]}, "zone"),
        ({"type": "premises", "zone": None}, "premises"),
        ({"type": "other", "zone": None}, "wording"),
        ({"needed_by": "2026-01-09"}, "needed_by"),
        ({"names": ["Alex Example"]}, "names"),
        ({"details": "Please keep him away from 12 Sample Road."}, "details"),
        ({"justification": "Call her on 07700900123 first."}, "justification"),
        ({"details": "Her email is ALEX.EXAMPLE@example.com"}, "details"),
        ({"details": "She was born on 15/06/1990."}, "details"),
        ({"type": "premises", "zone": None, "premises": ["E1 6AN"]}, "premises"),
        ({"details": "x\u0000y"}, "details"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_request_inputs_are_checked_naming_the_field(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    case_id, _ = case_and_offender(world)
    response = create(world, case_id, **overrides)
    assert response.status_code in (400, 422), response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert field in fields, fields
    for secret in ("12 Sample Road", "07700900123", "alex.example", "15/06/1990", "E1 6AN"):
        assert secret.casefold() not in response.text.casefold()
    assert run(ConditionRequest.count()) == 0


def test_other_condition_types_take_their_own_inputs(world: World) -> None:
    case_id, _ = case_and_offender(world)
    no_contact = create(
        world,
        case_id,
        type="no_contact",
        zone=None,
        names=["Alex Example", "Sam Example", "Jo Example"],
    )
    assert no_contact.status_code == 201, no_contact.text
    assert no_contact.json()["wording"] == (
        "Not to seek to approach or communicate with Alex Example, Sam Example and Jo Example "
        "without the prior approval of your supervising officer."
    )
    bespoke = create(
        world, case_id, type="other", zone=None, wording="Not to post about the victim."
    )
    assert bespoke.json()["wording"] == "Not to post about the victim."
    premises = create(
        world, case_id, type="premises", zone=None, premises=["Example Leisure Centre"]
    )
    assert premises.json()["wording"].startswith("Not to enter Example Leisure Centre without")


def test_a_draft_changes_and_its_clock_moves(world: World) -> None:
    case_id, _ = case_and_offender(world)
    r = create(world, case_id).json()
    url = f"{REQUESTS}/{r['id']}"
    changed = world.client.patch(
        url, json={"needed_by": "2026-04-07", "version": 1}, headers=world.headers("vlo")
    )
    assert changed.status_code == 200, changed.text
    # Tue 7 Apr 2026, back over Easter Monday and Good Friday: Fri 20 March.
    assert changed.json()["forwarding_deadline"]["due"] == "2026-03-20"
    assert changed.json()["version"] == 2
    stale = world.client.patch(
        url, json={"details": "Again.", "version": 1}, headers=world.headers("vlo")
    )
    assert stale.status_code == 412
    to_names = world.client.patch(
        url,
        json={"type": "no_contact", "zone": None, "names": ["Sam Example"]},
        headers=world.headers("vlo"),
    )
    assert to_names.status_code == 200, to_names.text
    assert to_names.json()["zone"] is None and "Sam Example" in to_names.json()["wording"]
    cleared = world.client.patch(url, json={"details": None}, headers=world.headers("vlo"))
    assert cleared.status_code == 422 and cleared.json()["errors"][0]["field"] == "details"


def test_the_forwarding_clock_shows_in_the_caseload_and_is_met_by_forwarding(world: World) -> None:
    case_id, _ = case_and_offender(world)
    first_contact_due = world.get("vlo", "/api/v1/cases").json()["items"][0]["next_due"]
    rid = create(world, case_id, needed_by="2026-01-30").json()["id"]  # due Fri 16 Jan
    assert world.get("vlo", "/api/v1/cases").json()["items"][0]["next_due"] == "2026-01-16"
    clocks = world.get("manager", "/api/v1/deadlines").json()["items"]
    assert "condition_forwarding" in [c["deadline"]["clock"] for c in clocks]
    world.set_today(date(2026, 1, 19))
    assert forward(world, rid, on="2026-01-19").json()["forwarding_deadline"]["state"] == "met_late"
    assert world.get("vlo", "/api/v1/cases").json()["items"][0]["next_due"] == first_contact_due


def test_withdrawal_stops_the_clock_and_ends_the_request(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    body = {"on": "2026-01-12", "reason": "The victim has moved away and no longer wants it."}
    withdrawn = world.post("vlo", f"{REQUESTS}/{rid}/withdraw", body)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["forwarding_deadline"] is None
    assert run(Deadline.count().where(Deadline.clock == "condition_forwarding")) == 0
    again = world.post("vlo", f"{REQUESTS}/{rid}/withdraw", body)
    assert again.status_code == 409 and "withdrawn" in again.json()["detail"]
    assert forward(world, rid).status_code == 409


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"outcome": "refused", "on": "2026-01-12"}, 422, "reason"),
        (
            {"outcome": "granted_varied", "on": "2026-01-12", "reason": "Smaller."},
            422,
            "final_wording",
        ),
        ({"outcome": "granted", "on": "2026-01-13"}, 422, "on"),
        ({"outcome": "granted", "on": "2026-01-09"}, 422, "on"),
        ({"outcome": "maybe", "on": "2026-01-12"}, 400, "outcome"),
    ],
)
def test_decisions_are_checked(world: World, body: dict[str, Any], status: int, field: str) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    assert forward(world, rid, on="2026-01-12").status_code == 200
    response = world.post("vlo", f"{REQUESTS}/{rid}/decision", body)
    assert response.status_code == status, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_steps_out_of_order_are_refused_with_a_reason(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    decided = world.post(
        "vlo", f"{REQUESTS}/{rid}/decision", {"outcome": "granted", "on": "2026-01-12"}
    )
    assert decided.status_code == 409 and "draft" in decided.json()["detail"]
    informed = world.post("vlo", f"{REQUESTS}/{rid}/victim-informed", {"on": "2026-01-12"})
    assert informed.status_code == 409
    assert world.get("vlo", f"{REQUESTS}/{rid}/representation.pdf").status_code == 409
    assert forward(world, rid).status_code == 200
    granted = world.post(
        "vlo", f"{REQUESTS}/{rid}/decision", {"outcome": "granted", "on": "2026-01-12"}
    )
    assert granted.json()["decision"]["final_wording"] == STANDARD_ZONE_WORDING
    withdraw = world.post("vlo", f"{REQUESTS}/{rid}/withdraw", {"on": "2026-01-12", "reason": "x"})
    assert withdraw.status_code == 409


def test_only_the_cases_unit_reads_or_writes_its_requests(world: World) -> None:
    case_id, _ = case_and_offender(world)
    assert create(world, case_id, user="vlo_other").status_code == 403
    assert create(world, case_id, user="manager").status_code == 403
    assert create(world, case_id, user="om").status_code == 403
    rid = create(world, case_id).json()["id"]
    for user in ("vlo_other", "manager_other", "om", "wcu"):
        assert world.get(user, f"{REQUESTS}/{rid}").status_code == 403, user
        assert world.get(user, f"/api/v1/cases/{case_id}/condition-requests").status_code == 403
    assert world.get("vlo", f"{REQUESTS}/999999").status_code == 404
    assert world.get("vlo", f"{REQUESTS}/2147483648").status_code in (400, 404)
    assert world.delete("vlo", f"{REQUESTS}/{rid}").status_code == 204
    assert world.get("vlo", f"{REQUESTS}/{rid}").status_code == 404
    kinds = [
        e["kind"] for e in world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    ]
    assert kinds[-1] == "condition_request_deleted"


@pytest.mark.parametrize(
    ("step", "body", "field"),
    [
        ("decision", {"outcome": "refused", "reason": "She lives at 12 Sample Road."}, "reason"),
        (
            "decision",
            {
                "outcome": "granted_varied",
                "reason": "Smaller area.",
                "final_wording": "Not to telephone 07700 900123.",
            },
            "final_wording",
        ),
        ("withdraw", {"reason": "Write to alex.example@example.com instead."}, "reason"),
    ],
)
def test_decision_and_withdrawal_words_hold_no_victim_details(
    world: World, step: str, body: dict[str, Any], field: str
) -> None:
    """The offender manager and the MAPPA pack read a decision's reasons and a withdrawal's
    reason: they are refused, naming the field, when they give away where the victim is."""
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    assert forward(world, rid).status_code == 200
    response = world.post("vlo", f"{REQUESTS}/{rid}/{step}", {**body, "on": "2026-01-12"})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert "Sample Road" not in response.text and "900123" not in response.text
    assert world.get("vlo", f"{REQUESTS}/{rid}").json()["status"] == "forwarded"


def test_a_request_holds_no_nominated_contact_details_either(world: World) -> None:
    case_id, _ = case_and_offender(world)
    version = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    nominee = {
        "name": "Sam Example",
        "relationship": "sister",
        "address": {"line1": "4 Test Street", "town": "Leeds", "postcode": "LS1 1AA"},
        "version": version,
    }
    put = world.put("vlo", f"/api/v1/cases/{case_id}/nominated-contact", nominee)
    assert put.status_code == 200, put.text
    response = create(world, case_id, details="Her sister at 4 Test Street will pass it on.")
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["details"]
    assert run(ConditionRequest.count()) == 0
