"""The Witness Care pages, through the test client (no JavaScript): the referral form, "add
another" without JavaScript, the GOV.UK error summary and inline errors, the confirmation and
the unit's referrals; and the JSON list of referrals behind them."""

from __future__ import annotations

import pytest

from tests.api.test_pages import error_summary, ids_in, signed_in
from tests.fixtures import World, run
from vcs.core.tables import Referral

# Witness Care: the referral form and the unit's referrals


def referral_form(**overrides: str) -> dict[str, str]:
    """The referral form filled in as a Witness Care officer would, and confirmed."""
    form = {
        "offence_count": "1",
        "victim_count": "1",
        "unit_code": "VLU-LON",
        "offender.name": "Morgan Testperson",
        "offender.date_of_birth-day": "2",
        "offender.date_of_birth-month": "4",
        "offender.date_of_birth-year": "1980",
        "offender.crn": "X123456",
        "offences[0].description": "Wounding with intent",
        "offences[0].category": "violent",
        "sentence.date-day": "19",
        "sentence.date-month": "12",
        "sentence.date-year": "2025",
        "sentence.court": "Snaresbrook Crown Court",
        "sentence.type": "imprisonment",
        "sentence.length_months": "36",
        "victims[0].name": "Alex Example",
        "victims[0].relationship": "direct",
        "victims[0].address.line1": "12 Sample Road",
        "victims[0].address.town": "London",
        "victims[0].address.postcode": "E1 6AN",
        "victims[0].phone": "07700 900123",
        "victims[0].email": "alex.example@example.com",
        "victims[0].language": "en",
        "action": "confirm",
    }
    form.update(overrides)
    return form


def test_the_referral_form_starts_with_one_offence_and_one_victim(world: World) -> None:
    html = signed_in(world, "wcu").get("/referrals/new").text
    assert 'name="victims[0].name"' in html and 'name="victims[1].name"' not in html
    assert 'name="offences[0].description"' in html
    assert 'value="VLU-LON"' in html and 'value="WCU-MET"' not in html
    assert 'name="_csrf_token"' in html


def test_add_another_victim_works_without_javascript(world: World) -> None:
    pages = signed_in(world, "wcu")
    more = pages.post("/referrals/new", referral_form(action="add-victim"))
    assert more.status_code == 200
    assert 'name="victims[1].name"' in more.text and "Alex Example" in more.text
    assert "govuk-error-summary" not in more.text
    two = referral_form(
        action="remove-victim-0",
        victim_count="2",
        **{"victims[1].name": "Sam Example", "victims[1].relationship": "direct"},
    )
    fewer = pages.post("/referrals/new", two)
    assert 'name="victims[1].name"' not in fewer.text
    assert "Sam Example" in fewer.text and "Alex Example" not in fewer.text


def test_sending_the_referral_opens_a_case_per_victim(world: World) -> None:
    pages = signed_in(world, "wcu")
    form = referral_form(
        victim_count="2",
        **{"victims[1].name": "Sam Example", "victims[1].relationship": "bereaved_family"},
    )
    sent = pages.post("/referrals/new", form)
    assert sent.status_code == 303
    referral_id = int(sent.headers["location"].split("/")[2].split("?")[0])
    confirmation = pages.get(sent.headers["location"]).text
    assert "Referral sent" in confirmation and str(referral_id) in confirmation
    assert "Accepted" in confirmation and "Sam Example" in confirmation
    referral = world.get("wcu", f"/api/v1/referrals/{referral_id}").json()
    assert referral["eligibility"]["status"] == "statutory" and len(referral["cases"]) == 2
    listed = pages.get("/referrals").text
    assert f"/referrals/{referral_id}" in listed and "Morgan Testperson" in listed
    assert "Accepted" in listed
    assert "Morgan Testperson" not in signed_in(world, "wcu_other").get("/referrals").text


def test_an_empty_referral_names_every_missing_field_in_page_order(world: World) -> None:
    pages = signed_in(world, "wcu")
    response = pages.post(
        "/referrals/new", {"offence_count": "1", "victim_count": "1", "action": "refer"}
    )
    assert response.status_code == 400
    summary = error_summary(response.text)
    texts = [text for _, text in summary]
    assert texts[:3] == [
        "Select the Victim Liaison Unit",
        "Enter the offender's full name",
        "Enter the offender's date of birth",
    ]
    assert "Select who this person is" in texts and "Enter the victim's full name" in texts
    present = ids_in(response.text)
    assert all(href.lstrip("#") in present for href, _ in summary), summary
    assert response.text.count("govuk-error-message") >= len(summary)
    assert run(Referral.count()) == 0


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"offender.date_of_birth-month": "13"}, "offender-date-of-birth-day", "real date"),
        ({"sentence.date-year": ""}, "sentence-date-year", "must include a year"),
        ({"sentence.length_months": "three"}, "sentence-length-months", "whole number"),
        ({"victims[0].address.postcode": "not a postcode"}, "victims-0-address-postcode", "real"),
        ({"victims[0].address.town": ""}, "victims-0-address-town", "Enter the town"),
        ({"offender.crn": "12"}, "offender-crn", "CRN"),
        ({"victims[0].name": "Alex\x00Example"}, "victims-0-name", "control characters"),
        ({"sentence.date-year": "2027"}, "sentence-date-day", "on or before"),
        ({"unit_code": "WCU-MET"}, "unit-code", "No Victim Liaison Unit"),
        ({"sentence.type": "flogging"}, "sentence-type", "Select the type of sentence"),
    ],
)
def test_a_wrong_answer_is_shown_inline_and_in_the_summary(
    world: World, overrides: dict[str, str], field: str, words: str
) -> None:
    response = signed_in(world, "wcu").post("/referrals/new", referral_form(**overrides))
    assert response.status_code in (400, 422), response.text
    summary = error_summary(response.text)
    assert any(href == f"#{field}" and words in text for href, text in summary), summary
    assert field in ids_in(response.text)


def test_a_duplicate_referral_names_the_victim(world: World) -> None:
    world.refer()
    response = signed_in(world, "wcu").post("/referrals/new", referral_form())
    assert response.status_code == 409
    [(href, text)] = error_summary(response.text)
    assert href == "#victims-0-name" and "Already referred as case" in text


def test_the_witness_care_view_of_a_referral_shows_no_contact_clock(world: World) -> None:
    referral_id = world.refer()["id"]
    html = signed_in(world, "wcu").get(f"/referrals/{referral_id}").text
    assert "Accepted" in html and "Alex Example" in html
    assert "First contact" not in html and "12 Sample Road" not in html
    assert signed_in(world, "wcu_other").get(f"/referrals/{referral_id}").status_code == 403


# The JSON list of referrals behind the Witness Care page


def test_the_api_lists_the_unit_referrals_newest_first(world: World) -> None:
    first = world.refer()["id"]
    second = world.refer(
        offender={"name": "Jo Testperson", "date_of_birth": "1975-01-01"},
        received_on="2026-01-09",
    )["id"]
    body = world.get("wcu", "/api/v1/referrals").json()
    assert [r["id"] for r in body["items"]] == [second, first] and body["total"] == 2
    item = body["items"][1]
    assert item["eligibility_status"] == "statutory" and item["cases_opened"] == 1
    assert item["referral_deadline"]["state"] == "met"
    assert "victims" not in item and "address" not in str(item)
    assert world.get("vlo", "/api/v1/referrals").json()["total"] == 2
    assert world.get("wcu_other", "/api/v1/referrals").json()["total"] == 0
    assert world.get("vlo_other", "/api/v1/referrals").json()["total"] == 0
    assert world.get("om", "/api/v1/referrals").status_code == 403
    page = world.get("wcu", "/api/v1/referrals?limit=1&offset=1").json()
    assert [r["id"] for r in page["items"]] == [first]
    assert world.get("wcu", "/api/v1/referrals?limit=201").status_code == 400
