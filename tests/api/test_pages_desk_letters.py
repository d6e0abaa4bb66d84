"""A day at the desk, through the test client (no JavaScript): the letter chosen before its
details, with dates the sentence record holds filled in; release and licence dates recorded on a
page and shown on the case and the offender's page; the print run listed and marked sent at
once; each officer's open cases beside their name when allocating; and a VLU manager naming the
offender manager. Every person here is invented."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from tests.api.route_table import mint_tokens
from tests.api.test_pages import error_summary, signed_in
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.correspondence.tables import Letter
from vcs.sentence.tables import KeyDateChange

DATES = {
    "release_date-day": "20",
    "release_date-month": "6",
    "release_date-year": "2027",
    "parole_eligibility-day": "1",
    "parole_eligibility-month": "3",
    "parole_eligibility-year": "2027",
    "licence_expiry-day": "19",
    "licence_expiry-month": "12",
    "licence_expiry-year": "2028",
}


SAM = {
    "name": "Sam Sample",
    "relationship": "direct",
    "address": {"line1": "4 Example Close", "town": "London", "postcode": "E2 7AA"},
}


@pytest.fixture(autouse=True)
def _tokens(world: World) -> None:
    mint_tokens(world)


def _case(world: World, **referral: Any) -> tuple[int, int]:
    made = world.refer(**referral)["cases"][0]["id"]
    case = world.get("vlo", f"/api/v1/cases/{made}").json()
    return int(made), int(case["offender"]["id"])


def _letter(world: World, case_id: int, template: str = "initial_offer") -> int:
    made = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": template})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    assert found, html
    return found.group(1)


# The letter first, then only its details


def test_the_letter_is_chosen_first_then_only_its_details_are_asked(world: World) -> None:
    case_id, _ = _case(world)
    pages = signed_in(world, "vlo")
    first = pages.get(f"/cases/{case_id}/letters/new").text
    assert "Which letter do you want to draft?" in first and "Continue" in first
    assert "Release date" not in first and 'name="language"' not in first
    second = pages.get(f"/cases/{case_id}/letters/new?template=key_stage_recall").text
    assert "<h1" in second and "Date of the recall to prison" in second
    for other in ("Date of the parole hearing", "Release date", "Reason the case is closing"):
        assert other not in second, other
    assert _hidden(second, "template") == "key_stage_recall"
    form = {
        "version": _hidden(second, "version"),
        "template": "key_stage_recall",
        **{"fields.recall_date-day": "5", "fields.recall_date-month": "1"},
        "fields.recall_date-year": "2026",
    }
    done = pages.post(f"/cases/{case_id}/letters/new", form)
    assert done.status_code == 303, done.text
    assert run(Letter.count()) == 1


@pytest.mark.parametrize("query", ["template=parole_x", "step=letter"])
def test_an_unknown_or_missing_letter_is_a_400_on_the_choice(world: World, query: str) -> None:
    case_id, _ = _case(world)
    response = signed_in(world, "vlo").get(f"/cases/{case_id}/letters/new?{query}")
    assert response.status_code == 400
    assert error_summary(response.text) == [("#template", "Select which letter to draft")]
    assert "parole_x" not in response.text and 'name="language"' not in response.text


def test_dates_the_sentence_record_holds_are_filled_in(world: World) -> None:
    case_id, offender_id = _case(world)
    body = {"release_date": "2027-06-20", "licence_expiry": "2028-12-19"}
    assert world.put("vlo", f"/api/v1/offenders/{offender_id}/key-dates", body).status_code == 200
    pages = signed_in(world, "vlo")
    release = pages.get(f"/cases/{case_id}/letters/new?template=key_stage_release").text
    assert _hidden(release, "fields.release_date-month") == "6"
    assert _hidden(release, "fields.release_date-year") == "2027"
    outcome = pages.get(f"/cases/{case_id}/letters/new?template=conditions_outcome").text
    assert _hidden(outcome, "fields.conditions_end-day") == "19"
    unrecorded = pages.get(f"/cases/{case_id}/letters/new?template=key_stage_recall").text
    assert _hidden(unrecorded, "fields.recall_date-day") == ""


# Release, parole-eligibility and licence-end dates


def test_a_vlo_records_the_dates_and_the_case_and_offender_pages_show_them(
    world: World,
) -> None:
    case_id, offender_id = _case(world)
    assert (
        world.put(
            "manager", f"/api/v1/offenders/{offender_id}/offender-manager", {"username": "om"}
        ).status_code
        == 200
    )
    pages = signed_in(world, "vlo")
    case_page = pages.get(f"/cases/{case_id}").text
    section = case_page.split('id="key-dates"', 1)[1].split("</section>", 1)[0]
    assert "Not recorded" in section
    assert f"/offenders/{offender_id}/key-dates?case={case_id}" in section
    url = f"/offenders/{offender_id}/key-dates?case={case_id}"
    form = pages.get(url).text
    done = pages.post(url, {"version": _hidden(form, "version"), **DATES})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/cases/{case_id}?done=key_dates"
    shown = pages.get(done.headers["location"]).text
    assert "The release and licence dates are saved." in shown
    for words in ("20 June 2027", "1 March 2027", "19 December 2028"):
        assert words in shown, words
    assert "2027-06-20" not in shown
    changes = run(KeyDateChange.select(KeyDateChange.field, KeyDateChange.recorded_by))
    assert {c["field"] for c in changes} == {
        "release_date",
        "parole_eligibility",
        "licence_expiry",
    }
    assert {c["recorded_by"] for c in changes} == {"vlo"}
    offender_page = signed_in(world, "om").get(f"/offenders/{offender_id}").text
    for words in ("20 June 2027", "1 March 2027", "19 December 2028"):
        assert words in offender_page, words


def test_impossible_dates_are_a_400_naming_the_field_and_nothing_is_saved(world: World) -> None:
    case_id, offender_id = _case(world)
    pages = signed_in(world, "vlo")
    url = f"/offenders/{offender_id}/key-dates?case={case_id}"
    version = _hidden(pages.get(url).text, "version")
    bad = pages.post(url, {"version": version, **DATES, "licence_expiry-month": "13"})
    assert bad.status_code == 400
    assert error_summary(bad.text) == [
        ("#licence-expiry-day", "The date the licence ends must be a real date")
    ]
    before = pages.post(url, {"version": version, **DATES, "licence_expiry-year": "2026"})
    assert before.status_code == 422
    assert "The licence cannot end before release" in before.text
    assert run(KeyDateChange.count()) == 0


def test_two_people_saving_dates_at_once_cannot_lose_a_change(world: World) -> None:
    case_id, offender_id = _case(world)
    pages = signed_in(world, "vlo")
    url = f"/offenders/{offender_id}/key-dates?case={case_id}"
    version = _hidden(pages.get(url).text, "version")
    assert pages.post(url, {"version": version, **DATES}).status_code == 303
    stale = pages.post(url, {"version": version, **DATES, "release_date-day": "21"})
    assert stale.status_code == 412
    assert "Someone else changed" in stale.text
    dates = world.get("vlo", f"/api/v1/offenders/{offender_id}/key-dates").json()
    assert dates["release_date"] == "2027-06-20"


def test_only_the_units_casework_records_the_dates(world: World) -> None:
    _, offender_id = _case(world)
    url = f"/offenders/{offender_id}/key-dates"
    assert signed_in(world, "vlo_other").get(url).status_code == 403
    assert signed_in(world, "om").get(url).status_code == 403


# The print run


def test_the_print_run_lists_its_letters_and_marks_them_all_sent(world: World) -> None:
    first, _ = _case(world)
    second, _ = _case(world, victims=[SAM])
    prefs = {"channels": ["post"], "large_print": True}
    assert world.put("vlo", f"/api/v1/cases/{second}/preferences", prefs).status_code == 200
    ids = [_letter(world, first), _letter(world, second)]
    pages = signed_in(world, "vlo")
    listed = pages.get("/letters/print-run?date=2026-01-12").text
    assert "2 letters; 1 in large print." in listed
    for words in ("Alex Example", "Sam Sample", "Offer of the Victim Contact Scheme"):
        assert words in listed, words
    assert listed.count("govuk-tag--yellow") == 1
    assert _hidden(listed, "letters") == f"{ids[0]},{ids[1]}"
    late = _letter(world, first, "follow_up")  # drafted after the list was shown
    unconfirmed = pages.post(
        "/letters/print-run/sent?date=2026-01-12",
        {"letters": f"{ids[0]},{ids[1]}", "on-day": "12", "on-month": "1", "on-year": "2026"},
    )
    assert unconfirmed.status_code == 400
    assert [h for h, _ in error_summary(unconfirmed.text)] == ["#confirm"]
    assert run(Letter.count().where(Letter.status == "sent")) == 0
    form = {
        "letters": f"{ids[0]},{ids[1]}",
        "confirm": "yes",
        **{"on-day": "12", "on-month": "1", "on-year": "2026"},
    }
    done = pages.post("/letters/print-run/sent?date=2026-01-12", form)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/letters/print-run?date=2026-01-12&marked=2"
    assert "2 letters marked as sent." in pages.get(done.headers["location"]).text
    statuses = {r["id"]: r["status"] for r in run(Letter.select(Letter.id, Letter.status))}
    assert statuses == {ids[0]: "sent", ids[1]: "sent", late: "draft"}
    audited = run(AuditEntry.select().where(AuditEntry.action == "mark_letter_sent"))
    assert sorted(a["record_id"] for a in audited) == sorted(ids)
    again = pages.post("/letters/print-run/sent?date=2026-01-12", form)
    assert again.status_code == 303 and again.headers["location"].endswith("marked=0")


def test_a_letter_that_can_no_longer_go_stops_the_run_and_nothing_is_marked(
    world: World,
) -> None:
    first, _ = _case(world)
    second, _ = _case(world, victims=[SAM])
    ids = [_letter(world, first), _letter(world, second)]
    died = world.post("vlo", f"/api/v1/cases/{second}/victim-death", {"on": "2026-01-09"})
    assert died.status_code == 201, died.text
    body = {"on": "2026-01-12", "letter_ids": ids}
    refused = world.post("vlo", "/api/v1/letters/print-run/sent?date=2026-01-12", body)
    assert refused.status_code == 409, refused.text
    assert f"VCS/VLU-LON/{second}/1" in refused.json()["detail"]
    assert run(Letter.count().where(Letter.status == "sent")) == 0


def test_the_print_run_in_the_api(world: World) -> None:
    case_id, _ = _case(world)
    letter_id = _letter(world, case_id)
    listed = world.get("vlo", "/api/v1/letters/print-run?date=2026-01-12").json()
    assert listed["total"] == 1
    assert listed["items"][0]["addressed_to"] == "Alex Example"
    assert listed["items"][0]["large_print"] is False
    body = {"on": "2026-01-12", "letter_ids": [letter_id]}
    done = world.post("manager", "/api/v1/letters/print-run/sent?date=2026-01-12", body)
    assert done.status_code == 200, done.text
    assert done.json()["marked"] == [letter_id]
    other = world.get("vlo_other", "/api/v1/letters/print-run?date=2026-01-12").json()
    assert other["total"] == 0
    future = {"on": "2026-02-01", "letter_ids": [letter_id]}
    response = world.post("vlo", "/api/v1/letters/print-run/sent?date=2026-01-12", future)
    assert response.status_code in (400, 422) and response.json()["errors"][0]["field"] == "on"


# Allocation and the offender manager


def test_allocation_shows_each_officers_open_cases_by_name(world: World) -> None:
    for name in ("Ana Example", "Ben Example"):
        case_id, _ = _case(world, victims=[{**SAM, "name": name}])
        made = world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"})
        assert made.status_code in (200, 201), made.text
    case_id, _ = _case(world)
    html = signed_in(world, "manager").get(f"/cases/{case_id}/allocation").text
    assert "vlo user (2 open cases)" in html
    assert "vlo2 user (no open cases)" in html


def test_a_manager_names_the_offender_manager_on_a_page(world: World) -> None:
    case_id, offender_id = _case(world)
    pages = signed_in(world, "manager")
    case_page = pages.get(f"/cases/{case_id}").text
    assert "Not named yet" in case_page
    url = f"/offenders/{offender_id}/offender-manager?case={case_id}"
    assert f'href="{url}"'.replace("&", "&amp;") in case_page or f'href="{url}"' in case_page
    form = pages.get(url).text
    assert "om user" in form and 'value="om"' in form and "No offender manager is named" in form
    assert 'value="vlo"' not in form
    bad = pages.post(url, {"username": "vlo"})
    assert bad.status_code == 422, bad.text
    assert [h for h, _ in error_summary(bad.text)] == ["#username"]
    assert world.get("om", f"/api/v1/offenders/{offender_id}/victim-summary").status_code == 403
    done = pages.post(url, {"username": "om"})
    assert done.status_code == 303, done.text
    assert "The offender manager is named." in pages.get(done.headers["location"]).text
    assert world.get("om", f"/api/v1/offenders/{offender_id}/victim-summary").status_code == 200
    assert signed_in(world, "vlo").get(url).status_code == 403


def test_the_cover_sheet_flags_the_large_print_letters(world: World) -> None:
    first, _ = _case(world)
    second, _ = _case(world, victims=[SAM])
    prefs = {"channels": ["post"], "large_print": True}
    assert world.put("vlo", f"/api/v1/cases/{second}/preferences", prefs).status_code == 200
    _letter(world, first)
    _letter(world, second)
    pdf = signed_in(world, "vlo").get("/letters/print-run/letters.pdf?date=2026-01-12")
    assert pdf.status_code == 200
    cover = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "Large print: 1 of the letters" in cover
    assert "Sam Sample" in cover and "Alex Example" in cover
