"""A court's sentencing list checked against the referrals: every eligible sentence with no
referral yet is listed for the unit to chase; bad lines are named, nothing is stored."""

from __future__ import annotations

from typing import Any

from tests.fixtures import World, run
from vcs.core.tables import Referral

HEADER = (
    "defendant,date_of_birth,offence_codes,sentence_type,sentence_length_months,"
    "sentence_date,court\n"
)
LIST = HEADER + (
    # Referred already (the fixture's referral): not listed.
    "Morgan Testperson,1980-04-02,OAPA61-18,imprisonment,36,2025-12-19,Snaresbrook Crown Court\n"
    # Eligible, never referred: listed.
    "Jamie Unreferred,1975-02-01,SOA03-3,imprisonment,24,2025-12-01,Snaresbrook Crown Court\n"
    # Below the threshold: not eligible.
    "Casey Short,1990-09-09,OAPA61-47,imprisonment,6,2025-12-02,Snaresbrook Crown Court\n"
    # A life sentence for murder, never referred: listed.
    "Drew Lifer,1966-06-06,COML-MURDER,life,,2026-01-07,Snaresbrook Crown Court\n"
)


def _check(world: World, text: str, user: str = "wcu") -> Any:
    return world.client.post(
        "/api/v1/sentencing-lists",
        files={"file": ("list.csv", text.encode(), "text/csv")},
        headers=world.headers(user),
    )


def test_every_eligible_sentence_with_no_referral_is_listed(world: World) -> None:
    world.refer()
    referrals = run(Referral.count())
    checked = _check(world, LIST)
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert (body["sentences"], body["eligible"], body["unreferred"]) == (4, 3, 2)
    assert [(i["defendant"], i["line"]) for i in body["items"]] == [
        ("Jamie Unreferred", 3),
        ("Drew Lifer", 5),
    ]
    first = body["items"][0]
    assert first["referral_due"] == "2025-12-15" and first["overdue"] is True
    assert any("sexual offence" in r for r in first["reasons"])
    assert run(Referral.count()) == referrals  # nothing stored
    assert _check(world, LIST, "vlo").status_code == 200
    assert _check(world, LIST, "om").status_code == 403


def test_bad_lines_are_named_and_nothing_else_is_said(world: World) -> None:
    bad = HEADER + "Jo Bad,02/01/1975,SOA03-3,prison,ten,2025-12-01,Snaresbrook Crown Court\n"
    refused = _check(world, bad)
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {
        "line 2: date_of_birth",
        "line 2: sentence_type",
        "line 2: sentence_length_months",
    }
    assert "02/01/1975" not in refused.text
    no_column = _check(world, "defendant,court\nJo,Leeds\n")
    assert no_column.status_code == 422
    assert no_column.json()["errors"][0]["field"] == "file"


def test_sentence_to_referral_time_by_witness_care_unit_and_court(world: World) -> None:
    world.refer()  # sentenced 19 December 2025 at Snaresbrook, received 5 January 2026
    other = {"name": "Robin Testperson", "date_of_birth": "1970-01-01", "crn": "X654321"}
    sentence = {
        "date": "2026-01-02",
        "court": "Leeds Crown Court",
        "type": "imprisonment",
        "length_months": 36,
    }
    world.refer(offender=other, sentence=sentence)
    period = {"from": "2025-12-01", "to": "2026-01-31"}
    report = world.get("manager", "/api/v1/reports/late-referrers", params=period)
    assert report.status_code == 200, report.text
    rows = [
        (r["referrer_code"], r["court"], r["referrals"], r["median_working_days"])
        for r in report.json()["by_court"]
    ]
    assert sorted(rows) == [
        ("WCU-MET", "Leeds Crown Court", 1, 1.0),
        ("WCU-MET", "Snaresbrook Crown Court", 1, 8.0),  # over Christmas
    ]
    as_csv = world.get(
        "manager", "/api/v1/reports/late-referrers.csv", params={**period, "by": "court"}
    )
    assert as_csv.status_code == 200
    assert "Snaresbrook Crown Court" in as_csv.text and "Leeds Crown Court" in as_csv.text


def test_the_sentencing_list_page_lists_the_unreferred_and_names_bad_lines(
    world: World,
) -> None:
    from tests.api.test_pages import error_summary, signed_in

    world.refer()
    pages = signed_in(world, "wcu")
    form = pages.get("/referrals/sentencing-list")
    assert form.status_code == 200 and "Check a sentencing list" in form.text
    token = pages.client.cookies["vcs_csrf"]
    shown = pages.client.post(
        "/referrals/sentencing-list",
        data={"_csrf_token": token},
        files={"file": ("list.csv", LIST.encode(), "text/csv")},
    )
    assert shown.status_code == 200, shown.text
    assert "Jamie Unreferred" in shown.text and "Drew Lifer" in shown.text
    assert "Morgan Testperson" not in shown.text
    assert "1 December 2025" in shown.text and "Overdue" in shown.text
    bad = HEADER + "Jo Bad,02/01/1975,SOA03-3,prison,10,2025-12-01,Leeds Crown Court\n"
    refused = pages.client.post(
        "/referrals/sentencing-list",
        data={"_csrf_token": token},
        files={"file": ("list.csv", bad.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    texts = [text for _, text in error_summary(refused.text)]
    assert "Line 2: date of birth: Write the date as YYYY-MM-DD" in texts
    assert all("_" not in t for t in texts)


def test_the_list_check_is_linked_where_referrals_and_reports_are_read(world: World) -> None:
    from tests.api.test_pages import signed_in

    link = 'href="/referrals/sentencing-list"'
    assert link in signed_in(world, "wcu").get("/referrals").text
    query = "from-day=1&from-month=12&from-year=2025&to-day=31&to-month=1&to-year=2026"
    assert link in signed_in(world, "manager").get(f"/manager/reports?{query}").text
    # The national manager reads the reports but does not check a unit's lists.
    assert link not in signed_in(world, "national").get(f"/manager/reports?{query}").text


def test_the_reports_page_shows_the_new_tables_empty_or_not(world: World) -> None:
    from html import unescape

    from tests.api.test_pages import signed_in

    query = "from-day=1&from-month=12&from-year=2025&to-day=31&to-month=1&to-year=2026"
    pages = signed_in(world, "manager")
    empty = unescape(pages.get(f"/manager/reports?{query}").text)
    for caption in (
        "Time from sentence to referral, by Witness Care Unit and court",
        "Victim Personal Statements invited in the period",
        "Victims' Code entitlements recorded in the period",
    ):
        assert caption in empty
    assert empty.count("None yet.") == 3

    case_id = int(world.refer()["cases"][0]["id"])
    body = {"entitlement": "offer", "delivered": True, "on": "2026-01-12"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/entitlements", body).status_code == 201
    shown = unescape(pages.get(f"/manager/reports?{query}").text)
    assert shown.count("None yet.") == 1  # no statement invited
    assert "Snaresbrook Crown Court" in shown
    assert "The offer of the Victim Contact Scheme" in shown
    csv_link = "/manager/reports/late-referrers.csv?from=2025-12-01&to=2026-01-31&by=court"
    assert f'href="{csv_link.replace("&", "&amp;")}"' in pages.get(f"/manager/reports?{query}").text
    api = world.get(
        "manager",
        "/api/v1/reports/late-referrers.csv",
        params={"from": "2025-12-01", "to": "2026-01-31", "by": "court"},
    )
    downloaded = pages.get(csv_link)
    assert downloaded.status_code == 200 and downloaded.text == api.text
    assert "Snaresbrook Crown Court" in downloaded.text
