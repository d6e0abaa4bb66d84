"""The Victim Liaison Officer's licence-condition pages, through the test client: a request drafted
(an exclusion zone from a GeoJSON file, or no contact with named people), its page with the zone
drawn, forwarded to the decision maker, decided, the victim told; withdrawn, deleted, changed;
and every way it can go wrong. All people and places are invented."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.test_conditions import (
    ZONE,
    assign_om,
    case_and_offender,
    create,
    forward,
    pdf,
    png,
    square,
)
from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.fixtures import World, run
from vcs.conditions.tables import ConditionRequest

DETAILS = "I don't want to run into him near my work or my sister's."
JUSTIFICATION = "The offender followed the victim around this area for months."
VICTIM_DETAILS = ("12 Sample Road", "E1 6AN", "07700 900123", "alex.example@example.com")
CONFIRM_FORWARD = {"forward.action": "confirm"}  # past the check page: forward it now


def geojson_file(document: Any, name: str = "zone.geojson") -> dict[str, Any]:
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return {"zone": (name, content, "application/geo+json")}


def post_multipart(
    pages: Pages, url: str, form: dict[str, str], files: dict[str, Any] | None = None
) -> Any:
    """A form with a file, as a browser sends it (multipart), CSRF token included."""
    if "vcs_csrf" not in pages.client.cookies:
        pages.get("/sign-in")
    data = {"_csrf_token": pages.client.cookies["vcs_csrf"], **form}
    # An empty file field is what a browser sends when no file was chosen.
    return pages.client.post(
        url,
        data=data,
        files=files or {"zone": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )


def zone_form(**overrides: str) -> dict[str, str]:
    form = {
        "type": "exclusion_zone",
        "details": DETAILS,
        "justification": JUSTIFICATION,
        "needed_by-day": "2",
        "needed_by-month": "3",
        "needed_by-year": "2026",
        "needed_for": "release",
    }
    form.update(overrides)
    return form


def requests_of(case_id: int) -> list[dict[str, Any]]:
    rows = run(
        ConditionRequest.select()
        .where(ConditionRequest.case == case_id)
        .order_by(ConditionRequest.id)
        .output(load_json=True)
    )
    return list(rows)


def made_id(response: Any) -> int:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/condition-requests/") and location.endswith("?done=created")
    return int(location.split("/")[2].split("?")[0])


def step(pages: Pages, request_id: int, name: str, form: dict[str, str]) -> Any:
    return pages.post(f"/condition-requests/{request_id}/{name}", form)


def date_fields(prefix: str, day: str = "12", month: str = "1", year: str = "2026") -> dict:
    return {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year}


# Drafting a request


def test_a_vlo_records_an_exclusion_zone_from_a_geojson_file(world: World) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    case_page = pages.get(f"/cases/{case_id}").text
    assert (
        "Licence-condition requests" in case_page and "No licence-condition requests" in case_page
    )
    assert f'href="/cases/{case_id}/condition-requests/new"' in case_page

    blank = pages.get(f"/cases/{case_id}/condition-requests/new")
    assert blank.status_code == 200
    assert 'enctype="multipart/form-data"' in blank.text
    assert 'type="file"' in blank.text
    assert 'accept=".geojson,application/geo+json,application/json"' in blank.text
    assert "Not to enter the area defined by the attached map" in blank.text

    feature = {"type": "Feature", "properties": {}, "geometry": ZONE}
    made = post_multipart(
        pages, f"/cases/{case_id}/condition-requests/new", zone_form(), geojson_file(feature)
    )
    request_id = made_id(made)
    shown = pages.get(made.headers["location"])
    assert shown.status_code == 200
    html = shown.text
    assert '<p class="govuk-notification-banner__heading">The request is saved as a draft' in html
    assert f'<img src="/condition-requests/{request_id}/zone-map.png" alt="Map of 1 zone' in html
    assert "Their corners are listed below as grid references" in html
    assert "TQ 3" in html and "longitude -0.0" in html
    assert "Licence condition code" in html and "0f9a20f4-35c7-4c77-8af8-f200f153fa11" in html
    assert "No basemap is configured" in html
    assert f'href="/condition-requests/{request_id}/zones"' in html
    assert f'href="/condition-requests/{request_id}/zone-map.pdf"' in html
    drawn = pages.get(f"/condition-requests/{request_id}/zone-map.png")
    assert drawn.status_code == 200 and drawn.content.startswith(b"\x89PNG")
    assert "Forward the request" in html and "Withdraw the request" in html
    assert "Delete this draft" in html and "Record the decision" not in html
    assert "img-src 'self'" in shown.headers["content-security-policy"]

    svg = pages.get(f"/condition-requests/{request_id}/zone.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<") and "<svg" in svg.text
    assert "default-src 'none'" in svg.headers["content-security-policy"]

    listed = pages.get(f"/cases/{case_id}").text
    assert f'href="/condition-requests/{request_id}"' in listed and "Draft" in listed
    stored = requests_of(case_id)
    assert [(r["type"], r["status"]) for r in stored] == [("exclusion_zone", "draft")]


def test_a_no_contact_request_takes_one_name_per_line(world: World) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    form = {
        "type": "no_contact",
        "details": "I do not want him to contact me or my brother.",
        "justification": "He sent messages to the family during the trial.",
        "names": "Alex Example\r\n\r\nLee Example\n",
        "needed_for": "release",
    }
    made = pages.post(f"/cases/{case_id}/condition-requests/new", form)
    request_id = made_id(made)
    html = pages.get(f"/condition-requests/{request_id}").text
    assert "Not to seek to approach or communicate with Alex Example and Lee Example" in html
    assert "<li>Lee Example</li>" in html
    assert [r["names"] for r in requests_of(case_id)] == [["Alex Example", "Lee Example"]]


def test_an_empty_form_names_every_missing_field(world: World) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    response = post_multipart(pages, f"/cases/{case_id}/condition-requests/new", {})
    assert response.status_code == 400
    summary = error_summary(response.text)
    assert [href for href, _ in summary] == ["#type", "#details", "#justification"]
    assert summary[0][1] == "Select the type of condition"
    assert all(href.lstrip("#") in ids_in(response.text) for href, _ in summary)
    assert "<title>Error: " in response.text
    assert requests_of(case_id) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (json.dumps({"type": "Point", "coordinates": [-0.07, 51.52]}).encode(), "a Point"),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "one Polygon"),
        (json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}).encode(), "ring"),
    ],
)
def test_a_bad_geojson_file_is_named_on_the_file_field(
    world: World, content: bytes, words: str
) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    url = f"/cases/{case_id}/condition-requests/new"
    response = post_multipart(pages, url, zone_form(), geojson_file(content))
    assert response.status_code in (400, 422)
    summary = error_summary(response.text)
    assert [href for href, _ in summary] == ["#zone"]
    assert "exclusion zone file" in summary[0][1].lower() or "zone" in summary[0][1].lower()
    assert words in summary[0][1]
    assert 'id="zone-error"' in response.text and "govuk-file-upload--error" in response.text
    assert DETAILS.replace("'", "&#39;") in response.text  # the typed words are kept
    assert requests_of(case_id) == []


def test_a_zone_outside_england_and_wales_is_refused_with_the_use_case_words(
    world: World,
) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    paris = square(2.35, 48.85, 1200)
    url = f"/cases/{case_id}/condition-requests/new"
    response = post_multipart(pages, url, zone_form(), geojson_file(paris))
    assert response.status_code == 422
    assert error_summary(response.text) == [("#zone", "The zone lies outside England and Wales")]
    assert requests_of(case_id) == []


def test_the_victim_contact_details_never_go_into_a_request(world: World) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    form = zone_form(details="Keep him away from 12 Sample Road please.")
    url = f"/cases/{case_id}/condition-requests/new"
    response = post_multipart(pages, url, form, geojson_file(ZONE))
    assert response.status_code == 422
    [(href, text)] = error_summary(response.text)
    assert href == "#details" and "holds a victim's or their nominee's address" in text
    assert requests_of(case_id) == []


def test_a_form_with_a_file_still_needs_its_csrf_token(world: World) -> None:
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    response = world.client.post(
        f"/cases/{case_id}/condition-requests/new",
        data=zone_form(),
        files=geojson_file(ZONE),
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert requests_of(case_id) == []
    assert pages.get(f"/cases/{case_id}").status_code == 200


# The steps of a request


def test_forward_decide_and_tell_the_victim(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    pages = signed_in(world, "vlo")

    empty = step(pages, request_id, "forward", {})
    assert empty.status_code == 400
    assert error_summary(empty.text) == [
        ("#forward-decision-maker", "Select the decision maker"),
        ("#forward-on-day", "Enter the date it was forwarded"),
    ]
    hrefs = [href for href, _ in error_summary(empty.text)]
    assert all(h.lstrip("#") in ids_in(empty.text) for h in hrefs)

    future = step(
        pages,
        request_id,
        "forward",
        {
            **CONFIRM_FORWARD,
            "forward.decision_maker": "prison_governor",
            **date_fields("forward.on", day="13"),
        },
    )
    assert future.status_code == 422
    assert error_summary(future.text) == [("#forward-on-day", "The date cannot be in the future")]
    assert requests_of(case_id)[0]["status"] == "draft"

    sent = step(
        pages,
        request_id,
        "forward",
        {
            **CONFIRM_FORWARD,
            "forward.decision_maker": "prison_governor",
            **date_fields("forward.on"),
        },
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/condition-requests/{request_id}?done=forward"
    html = pages.get(sent.headers["location"]).text
    assert "forwarded to the decision maker. Its wording is now frozen" in html
    assert "The prison governor" in html and "Forward the request" not in html
    assert "Delete this draft" not in html and "Change the draft" not in html
    assert f'href="/condition-requests/{request_id}/representation.pdf"' in html
    pdf_response = pages.get(f"/condition-requests/{request_id}/representation.pdf")
    assert pdf_response.status_code == 200 and pdf_response.content.startswith(b"%PDF")

    again = step(
        pages,
        request_id,
        "forward",
        {
            **CONFIRM_FORWARD,
            "forward.decision_maker": "prison_governor",
            **date_fields("forward.on"),
        },
    )
    assert again.status_code == 409 and "cannot be forwarded again" in again.text

    varied = step(
        pages,
        request_id,
        "decision",
        {"decision.outcome": "granted_varied", **date_fields("decision.on")},
    )
    assert varied.status_code == 422
    hrefs = [href for href, _ in error_summary(varied.text)]
    assert hrefs == ["#decision-final-wording", "#decision-reason"]

    decided = step(
        pages, request_id, "decision", {"decision.outcome": "granted", **date_fields("decision.on")}
    )
    assert decided.status_code == 303
    html = pages.get(decided.headers["location"]).text
    assert "Decision: Granted" in html and "The victim was told the decision" in html
    assert "Withdraw the request" not in html

    told = step(pages, request_id, "victim-informed", date_fields("informed.on"))
    assert told.status_code == 303
    html = pages.get(told.headers["location"]).text
    assert "It is recorded that the victim was told" in html
    assert '<form method="post" action="/condition-requests/' not in html
    assert requests_of(case_id)[0]["status"] == "victim_informed"
    assert "Victim told" in pages.get(f"/cases/{case_id}").text


def test_the_victim_withdraws_a_forwarded_request(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    assert forward(world, request_id).status_code == 200
    pages = signed_in(world, "vlo")
    missing = step(pages, request_id, "withdraw", date_fields("withdraw.on"))
    assert missing.status_code == 400
    assert [h for h, _ in error_summary(missing.text)] == ["#withdraw-reason"]
    done = step(
        pages,
        request_id,
        "withdraw",
        {**date_fields("withdraw.on"), "withdraw.reason": "The victim has moved away"},
    )
    assert done.status_code == 303
    html = pages.get(done.headers["location"]).text
    assert "The request is withdrawn" in html and "The victim has moved away" in html
    assert "Record the decision" not in html


def test_a_draft_is_deleted_after_confirming_but_a_forwarded_one_never(world: World) -> None:
    case_id, _ = case_and_offender(world)
    draft = int(create(world, case_id).json()["id"])
    sent = int(create(world, case_id).json()["id"])
    assert forward(world, sent).status_code == 200
    pages = signed_in(world, "vlo")
    confirm = pages.get(f"/condition-requests/{draft}/delete")
    assert confirm.status_code == 200 and "Are you sure" in confirm.text
    gone = pages.post(f"/condition-requests/{draft}/delete")
    assert gone.status_code == 303
    assert gone.headers["location"] == f"/cases/{case_id}?done=condition-deleted"
    assert "The draft request is deleted" in pages.get(gone.headers["location"]).text
    kept = pages.post(f"/condition-requests/{sent}/delete")
    assert kept.status_code == 409
    assert [r["id"] for r in requests_of(case_id)] == [sent]


def test_a_map_is_attached_and_downloaded(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    pages = signed_in(world, "vlo")
    url = f"/condition-requests/{request_id}/map"
    form_page = pages.get(url)
    assert form_page.status_code == 200 and 'enctype="multipart/form-data"' in form_page.text
    token = {"_csrf_token": pages.client.cookies["vcs_csrf"]}

    none = pages.client.post(url, data=token, files={"file": ("", b"", "image/png")})
    assert none.status_code == 400 and error_summary(none.text) == [
        ("#file", "Select the map file")
    ]
    wrong = pages.client.post(url, data=token, files={"file": ("map.png", b"GIF89a", "image/png")})
    assert wrong.status_code == 415
    assert error_summary(wrong.text)[0][0] == "#file" and "PDF, PNG or JPEG" in wrong.text

    done = pages.client.post(
        url, data=token, files={"file": ("map.png", png(), "image/png")}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/condition-requests/{request_id}?done=map"
    html = pages.get(done.headers["location"]).text
    assert "The map is attached" in html and f"/condition-requests/{request_id}/map/file" in html
    got = pages.get(f"/condition-requests/{request_id}/map/file")
    assert got.status_code == 200 and got.content == png()
    assert got.headers["content-type"].startswith("image/png")
    replaced = pages.client.post(
        url, data=token, files={"file": ("map.pdf", pdf(), "application/pdf")}
    )
    assert replaced.status_code == 200  # followed to the request's page
    assert pages.get(f"/condition-requests/{request_id}/map/file").content.startswith(b"%PDF")


def test_a_draft_is_changed_and_a_stale_form_never_overwrites(world: World) -> None:
    case_id, _ = case_and_offender(world)
    made = create(world, case_id).json()
    request_id, version = int(made["id"]), int(made["version"])
    pages = signed_in(world, "vlo")
    form_page = pages.get(f"/condition-requests/{request_id}/edit")
    assert form_page.status_code == 200
    assert f'name="version" value="{version}"' in form_page.text
    assert "Leave empty to keep the zone" in form_page.text

    # Someone else changes the draft first.
    patched = world.client.patch(
        f"/api/v1/condition-requests/{request_id}",
        json={"details": "Someone else's words.", "version": version},
        headers=world.headers("vlo2"),
    )
    assert patched.status_code == 200, patched.text
    stale = post_multipart(
        pages,
        f"/condition-requests/{request_id}/edit",
        zone_form(details="My words.", version=str(version)),
    )
    assert stale.status_code == 412, error_summary(stale.text)
    assert "Someone else changed this request" in stale.text
    assert f'name="version" value="{version + 1}"' in stale.text
    assert requests_of(case_id)[0]["details"] == "Someone else's words."

    saved = post_multipart(
        pages,
        f"/condition-requests/{request_id}/edit",
        zone_form(details="My words.", version=str(version + 1)),
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/condition-requests/{request_id}?done=changed"
    row = requests_of(case_id)[0]
    assert row["details"] == "My words." and row["type"] == "exclusion_zone"
    assert "Zone on the map" in pages.get(saved.headers["location"]).text  # the zone was kept

    # Changing the type to no contact drops the zone.
    names = zone_form(type="no_contact", names="Jo Example", version=str(version + 2))
    changed = post_multipart(pages, f"/condition-requests/{request_id}/edit", names)
    assert changed.status_code == 303, changed.text
    assert requests_of(case_id)[0]["type"] == "no_contact"


# Who may see and do what


def test_a_manager_reads_the_requests_but_takes_no_step(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    manager = signed_in(world, "manager")
    case_page = manager.get(f"/cases/{case_id}").text
    assert f'href="/condition-requests/{request_id}"' in case_page
    assert "Record a licence-condition request" not in case_page
    html = manager.get(f"/condition-requests/{request_id}").text
    assert "Forward the request" not in html and "Delete this draft" not in html
    assert manager.get(f"/cases/{case_id}/condition-requests/new").status_code == 403
    form = {
        **CONFIRM_FORWARD,
        "forward.decision_maker": "prison_governor",
        **date_fields("forward.on"),
    }
    assert step(manager, request_id, "forward", form).status_code == 403
    assert requests_of(case_id)[0]["status"] == "draft"


def test_another_unit_cannot_see_or_act_on_the_request(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    other = signed_in(world, "vlo_other")
    for url in (
        f"/condition-requests/{request_id}",
        f"/condition-requests/{request_id}/zone.svg",
        f"/condition-requests/{request_id}/edit",
        f"/condition-requests/{request_id}/map",
        f"/cases/{case_id}/condition-requests/new",
    ):
        assert other.get(url).status_code in (403, 404), url
    made = other.post(f"/cases/{case_id}/condition-requests/new", zone_form())
    assert made.status_code in (403, 404)
    form = {
        **CONFIRM_FORWARD,
        "forward.decision_maker": "prison_governor",
        **date_fields("forward.on"),
    }
    assert step(other, request_id, "forward", form).status_code in (403, 404)
    assert other.post(f"/condition-requests/{request_id}/delete").status_code in (403, 404)
    assert [r["status"] for r in requests_of(case_id)] == ["draft"]
    assert signed_in(world, "wcu").get(f"/condition-requests/{request_id}").status_code == 403


def test_the_offender_manager_reads_a_forwarded_request_without_the_victim(
    world: World,
) -> None:
    case_id, offender_id = case_and_offender(world)
    assign_om(world, offender_id)
    request_id = int(create(world, case_id).json()["id"])
    om = signed_in(world, "om")
    assert om.get(f"/condition-requests/{request_id}").status_code == 404  # a draft
    assert forward(world, request_id).status_code == 200
    response = om.get(f"/condition-requests/{request_id}")
    assert response.status_code == 200
    for detail in (*VICTIM_DETAILS, "Alex Example", "15 June 1990"):
        assert detail not in response.text, detail
    assert "Record the decision" not in response.text and f"/cases/{case_id}" not in response.text
    assert om.get(f"/condition-requests/{request_id}/zone.svg").status_code == 200
    assert om.get(f"/cases/{case_id}/condition-requests/new").status_code == 403
    assert om.post(f"/condition-requests/{request_id}/withdraw", {}).status_code == 403


def test_odd_input_is_a_clear_400_never_a_500(world: World) -> None:
    """A GeoJSON file nested too deep to read, and a garbled version on the edit form."""
    case_id, _ = case_and_offender(world)
    pages = signed_in(world, "vlo")
    url = f"/cases/{case_id}/condition-requests/new"
    nested = post_multipart(pages, url, zone_form(), geojson_file(b"[" * 100_000))
    assert nested.status_code == 400
    assert [h for h, _ in error_summary(nested.text)] == ["#zone"]
    assert requests_of(case_id) == []

    made = create(world, case_id).json()
    edit = f"/condition-requests/{made['id']}/edit"
    garbled = post_multipart(pages, edit, zone_form(version="9" * 40))
    assert garbled.status_code == 400
    summary = error_summary(garbled.text)
    assert [h for h, _ in summary] == ["#type"] and "out of date" in summary[0][1]
    assert "type" in ids_in(garbled.text)


def test_a_step_taken_twice_shows_the_refusal_without_a_link_to_a_gone_form(
    world: World,
) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    assert forward(world, request_id).status_code == 200
    pages = signed_in(world, "vlo")
    again = step(
        pages,
        request_id,
        "forward",
        {
            **CONFIRM_FORWARD,
            "forward.decision_maker": "prison_governor",
            **date_fields("forward.on"),
        },
    )
    assert again.status_code == 409
    summary = again.text.split('govuk-error-summary__list"', 1)[1].split("</ul>", 1)[0]
    assert "<a " not in summary and "forwarded" in summary.lower()


def test_a_withdrawal_reason_holding_the_victims_address_is_refused(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    assert forward(world, request_id).status_code == 200
    pages = signed_in(world, "vlo")
    form = {**date_fields("withdraw.on"), "withdraw.reason": "She moved from 12 Sample Road."}
    refused = step(pages, request_id, "withdraw", form)
    assert refused.status_code == 422
    assert [h for h, _ in error_summary(refused.text)] == ["#withdraw-reason"]
    assert requests_of(case_id)[0]["status"] == "forwarded"
