"""The MAPPA pages through the test client: the meetings on a case's page, the VLO recording a
victim's views for a meeting, the meeting pack as a page and a PDF, and the offender manager
arranging a meeting and reading the victims' views on their offender's page. Never a victim's
contact details where the offender manager or the meeting read. All people are invented."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest

from tests.api.test_conditions import assign_om
from tests.api.test_key_stages import ALEX, co_victims
from tests.api.test_mappa import meeting, views
from tests.api.test_meeting_pack import SAM_VIEWS, _meeting_with_views, assert_no_contact_details
from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.fixtures import World, run
from vcs.access import auth
from vcs.core.errors import PermissionDenied
from vcs.core.tables import User
from vcs.mappa import meetings
from vcs.mappa.tables import MappaMeeting, MeetingVictimView
from vcs.offender_side import mappa as offender_mappa

ALEX_VIEWS = "Alex wants the offender kept away from the market where she works."
CONFIRM = {"action": "confirm"}  # past the check page: send the views now


def _views_url(case_id: int, meeting_id: int) -> str:
    return f"/cases/{case_id}/mappa-meetings/{meeting_id}/views"


def _stored_views(meeting_id: int, case_id: int) -> dict[str, Any] | None:
    return run(
        MeetingVictimView.select()
        .where((MeetingVictimView.meeting == meeting_id) & (MeetingVictimView.case == case_id))
        .first()
    )


def _not_sent(meeting_id: int, case_id: int) -> bool:
    stored = _stored_views(meeting_id, case_id)
    return stored is None or stored["submitted_on"] is None


def _actor(username: str) -> Any:
    row = run(User.select(User.id).where(User.username == username).first())
    return run(auth.actor_for(row["id"]))


# The case page and the victim's views


def test_the_case_page_lists_the_meetings_and_the_vlo_records_the_views(world: World) -> None:
    offender_id, (alex, robin) = co_victims(world, ["key_stages", None])
    meeting_id = meeting(world, offender_id).json()["id"]
    pages = signed_in(world, "vlo")

    case_page = unescape(pages.get(f"/cases/{alex}").text)
    assert "MAPPA meetings" in case_page and "26 January 2026" in case_page
    assert "Awaited" in case_page and f'href="{_views_url(alex, meeting_id)}"' in case_page
    assert f'href="/mappa-meetings/{meeting_id}?case={alex}"' in case_page
    opted_out = unescape(pages.get(f"/cases/{robin}").text)
    assert _views_url(robin, meeting_id) not in opted_out
    assert "Only an opted-in victim's views go to a MAPPA meeting" in opted_out

    form = pages.get(_views_url(alex, meeting_id))
    assert form.status_code == 200
    assert {"views", "concerns", "measures"} <= ids_in(form.text)
    assert "19 January 2026" in form.text  # the views are due 5 working days before

    empty = pages.post(_views_url(alex, meeting_id), {"views": "  "})
    assert empty.status_code == 400
    assert error_summary(empty.text) == [("#views", "Enter the victim's views")]
    assert "govuk-textarea--error" in empty.text

    sent = pages.post(
        _views_url(alex, meeting_id),
        {**CONFIRM, "views": ALEX_VIEWS, "concerns": "", "measures": "No contact with her."},
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/cases/{alex}?done=views-sent"
    shown = unescape(pages.get(sent.headers["location"]).text)
    assert "views are recorded for the MAPPA meeting" in shown
    assert "Sent" in shown and "Change the victim's views" in shown
    stored = _stored_views(meeting_id, alex)
    assert stored and stored["views"] == ALEX_VIEWS and stored["submitted_on"] == date(2026, 1, 12)
    assert ALEX_VIEWS in pages.get(_views_url(alex, meeting_id)).text  # filled to change them


def test_views_holding_contact_details_are_refused_and_nothing_is_stored(world: World) -> None:
    offender_id, (alex,) = co_victims(world, ["key_stages"])
    meeting_id = meeting(world, offender_id).json()["id"]
    pages = signed_in(world, "vlo")
    leaked = pages.post(
        _views_url(alex, meeting_id),
        {**CONFIRM, "views": ALEX_VIEWS, "measures": f"Call her on {ALEX['phone']} first"},
    )
    assert leaked.status_code == 422
    [(href, text)] = error_summary(leaked.text)
    assert href == "#measures" and "a victim's or their nominee's phone number" in text
    assert href.lstrip("#") in ids_in(leaked.text)
    stored = _stored_views(meeting_id, alex)
    assert stored is None or stored["submitted_on"] is None


def test_the_use_case_refusal_is_shown_on_the_form(world: World) -> None:
    offender_id, (alex, robin) = co_victims(world, ["key_stages", None])
    meeting_id = meeting(world, offender_id).json()["id"]
    pages = signed_in(world, "vlo")
    form = pages.get(_views_url(robin, meeting_id))
    assert form.status_code == 200 and "<textarea" not in form.text
    assert "Only an opted-in victim's views go to a MAPPA meeting" in unescape(form.text)
    refused = pages.post(_views_url(robin, meeting_id), {**CONFIRM, "views": ALEX_VIEWS})
    assert refused.status_code == 409
    assert error_summary(refused.text) == [
        ("#views", "Only an opted-in victim's views go to a MAPPA meeting")
    ]
    assert _stored_views(meeting_id, robin) is None

    world.set_today(date(2026, 1, 27))  # the day after the meeting
    past = pages.get(f"/cases/{alex}").text
    assert "taken place" in past and _views_url(alex, meeting_id) not in past
    late = pages.post(_views_url(alex, meeting_id), {**CONFIRM, "views": ALEX_VIEWS})
    assert late.status_code == 409 and "The meeting has taken place" in late.text
    assert _stored_views(meeting_id, alex)["submitted_on"] is None  # type: ignore[index]


def test_only_the_units_vlos_record_views(world: World) -> None:
    offender_id, (alex,) = co_victims(world, ["key_stages"])
    meeting_id = meeting(world, offender_id).json()["id"]
    url = _views_url(alex, meeting_id)
    form = {"views": ALEX_VIEWS}
    for user in ("manager", "om", "wcu", "vlo_other"):
        assert signed_in(world, user).get(url).status_code == 403, user
        assert signed_in(world, user).post(url, form).status_code == 403, user
    manager_page = signed_in(world, "manager").get(f"/cases/{alex}").text
    assert "MAPPA meetings" in manager_page and url not in manager_page
    assert f"/mappa-meetings/{meeting_id}?case={alex}" in manager_page
    vlo = signed_in(world, "vlo")
    assert vlo.get(_views_url(alex, 999999)).status_code == 404
    other_offender = world.refer(offender={"name": "Jamie Sample", "date_of_birth": "1979-01-01"})
    other_case = other_offender["cases"][0]["id"]
    assert vlo.get(_views_url(other_case, meeting_id)).status_code == 404
    assert vlo.post(_views_url(other_case, meeting_id), form).status_code == 404
    world.client.cookies.clear()
    assert Pages(world).get(url).status_code == 303  # to sign in
    assert _stored_views(meeting_id, alex)["submitted_on"] is None  # type: ignore[index]


# The meeting pack and the offender manager's page


def test_the_pack_page_shows_the_views_requests_and_safety_and_no_contact_details(
    world: World,
) -> None:
    offender_id, meeting_id, (alex, _, _), _ = _meeting_with_views(world)
    om = signed_in(world, "om")
    pack = om.get(f"/mappa-meetings/{meeting_id}")
    assert pack.status_code == 200
    for words in (
        "MAPPA meeting pack",
        f"MAPPA-{meeting_id}",
        SAM_VIEWS,
        "Alex is frightened",
        "Victim safety",
        "Other victims' requests",
        f'href="/mappa-meetings/{meeting_id}/pack.pdf"',
        f'href="/offenders/{offender_id}"',
    ):
        assert words in unescape(pack.text), words
    assert "Robin Example" not in pack.text  # opted out: their request is shown unnamed
    assert_no_contact_details(pack.text, "pack page")

    pdf = om.get(f"/mappa-meetings/{meeting_id}/pack.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.headers["cache-control"] == "no-store"

    vlo_pack = signed_in(world, "vlo").get(f"/mappa-meetings/{meeting_id}?case={alex}")
    assert vlo_pack.status_code == 200 and f'href="/cases/{alex}"' in vlo_pack.text
    assert signed_in(world, "manager").get(f"/mappa-meetings/{meeting_id}").status_code == 200
    for user in ("om_other", "vlo_other", "wcu", "admin"):
        for url in (f"/mappa-meetings/{meeting_id}", f"/mappa-meetings/{meeting_id}/pack.pdf"):
            assert signed_in(world, user).get(url).status_code == 403, (user, url)
    assert signed_in(world, "om").get("/mappa-meetings/999999").status_code == 404


def test_the_offender_manager_sees_the_meetings_and_the_views_for_the_next(world: World) -> None:
    offender_id, meeting_id, _, _ = _meeting_with_views(world)
    shown = signed_in(world, "om").get(f"/offenders/{offender_id}")
    assert shown.status_code == 200
    assert "MAPPA meetings" in shown.text and f'href="/mappa-meetings/{meeting_id}"' in shown.text
    assert "2 of 2" in shown.text  # Alex's and Sam's views are in; Robin opted out
    assert "Victims' views for the next meeting, 26 January 2026" in unescape(shown.text)
    assert SAM_VIEWS in shown.text and "Alex is frightened" in shown.text
    assert_no_contact_details(shown.text, "offender page")


def test_the_offender_manager_arranges_a_meeting(world: World) -> None:
    offender_id, (alex,) = co_victims(world, ["key_stages"])
    assign_om(world, offender_id)
    pages = signed_in(world, "om")
    before = pages.get(f"/offenders/{offender_id}").text
    assert "No MAPPA meeting has been arranged" in before and "Arrange the meeting" in before
    url = f"/offenders/{offender_id}/mappa-meetings"

    empty = pages.post(url, {})
    assert empty.status_code == 400
    hrefs = [href for href, _ in error_summary(empty.text)]
    assert hrefs == ["#level", "#on-day"]
    assert all(h.lstrip("#") in ids_in(empty.text) for h in hrefs)
    assert "Select the level of the meeting" in empty.text
    assert "Enter the date of the meeting" in empty.text

    bad_date = {"level": "2", "on-day": "31", "on-month": "2", "on-year": "2026"}
    assert pages.post(url, bad_date).status_code == 400
    assert pages.post(url, {**bad_date, "level": "1", "on-day": "26"}).status_code == 400
    huge = pages.post(url, {**bad_date, "on-day": "26", "level": "9" * 5000})
    assert huge.status_code == 400
    assert [href for href, _ in error_summary(huge.text)] == ["#level"]
    past = pages.post(url, {**bad_date, "on-day": "5", "on-month": "1"})
    assert past.status_code == 422
    assert error_summary(past.text) == [("#on-day", "A meeting cannot be arranged in the past")]
    assert not run(MappaMeeting.select().where(MappaMeeting.offender == offender_id))

    good = {"level": "3", "on-day": "26", "on-month": "1", "on-year": "2026"}
    made = pages.post(url, good)
    assert made.status_code == 303
    [row] = run(MappaMeeting.select().where(MappaMeeting.offender == offender_id))
    assert (row["level"], row["on"]) == (3, date(2026, 1, 26))
    assert made.headers["location"] == f"/offenders/{offender_id}?arranged={row['id']}"
    after = pages.get(made.headers["location"]).text
    assert "A MAPPA level 3 meeting is arranged for 26 January 2026" in after
    assert after.index("govuk-notification-banner") < after.index("<h1"), "banner at the top"
    assert "0 of 1" in after

    again = pages.post(url, good)
    assert again.status_code == 409
    assert "already arranged that day" in again.text
    assert len(run(MappaMeeting.select().where(MappaMeeting.offender == offender_id))) == 1

    case_page = signed_in(world, "vlo").get(f"/cases/{alex}").text
    assert _views_url(alex, row["id"]) in case_page  # the VLO is asked for the views

    assert signed_in(world, "om_other").post(url, good).status_code == 403
    assert signed_in(world, "manager").post(url, good).status_code == 403
    assert signed_in(world, "vlo").post(url, good).status_code == 403


# The use case listing the meetings


def test_meetings_come_upcoming_first_and_only_for_those_who_may_see_them(world: World) -> None:
    offender_id, (alex,) = co_victims(world, ["key_stages"])
    assign_om(world, offender_id)
    for on in ("2026-02-09", "2026-01-26", "2026-03-02"):
        assert meeting(world, offender_id, on=on).status_code == 201
    first = run(MappaMeeting.select().where(MappaMeeting.on == date(2026, 1, 26)).first())
    assert views(world, first["id"], alex).status_code == 201
    today = date(2026, 2, 1)  # the 26 January meeting has taken place
    vlo, om = _actor("vlo"), _actor("om")
    seen = run(meetings.meetings_for_case(vlo, alex, today))
    assert [(m.on.isoformat(), m.past) for m in seen] == [
        ("2026-02-09", False),
        ("2026-03-02", False),
        ("2026-01-26", True),
    ]
    assert [m.views_wanted for m in seen] == [True, True, False]
    assert seen[2].views_submitted_on == date(2026, 1, 12) and seen[2].why_not
    listed = run(offender_mappa.meetings_for_offender(om, offender_id, today))
    assert [(m.views_submitted, m.victims_invited) for m in listed] == [(0, 1), (0, 1), (1, 1)]
    with pytest.raises(PermissionDenied):
        run(meetings.meetings_for_case(_actor("vlo.other"), alex, today))
    with pytest.raises(PermissionDenied):
        run(offender_mappa.meetings_for_offender(_actor("om.other"), offender_id, today))
    with pytest.raises(PermissionDenied):
        run(offender_mappa.meetings_for_offender(vlo, offender_id, today))


def test_the_views_are_checked_before_they_are_sent(world: World) -> None:
    offender_id, (alex,) = co_victims(world, ["key_stages"])
    meeting_id = meeting(world, offender_id).json()["id"]
    pages = signed_in(world, "vlo")
    url = _views_url(alex, meeting_id)
    check = pages.post(url, {"views": ALEX_VIEWS, "measures": "No contact with her."})
    assert check.status_code == 200
    shown = unescape(check.text)
    assert "Check the victim's views before sending them" in shown
    assert ALEX_VIEWS in shown and "26 January 2026" in shown and "Confirm and send" in shown
    assert _not_sent(meeting_id, alex)

    carried = {"views": ALEX_VIEWS, "concerns": "", "measures": "No contact with her."}
    back = pages.post(url, {**carried, "action": "change"})
    assert back.status_code == 200 and "<textarea" in back.text
    assert ALEX_VIEWS in unescape(back.text) and _not_sent(meeting_id, alex)

    tampered = pages.post(url, {**carried, "views": " ", **CONFIRM})
    assert tampered.status_code == 400 and _not_sent(meeting_id, alex)

    sent = pages.post(url, {**carried, **CONFIRM})
    assert sent.status_code == 303
    assert _stored_views(meeting_id, alex)["views"] == ALEX_VIEWS  # type: ignore[index]


def test_a_refusal_shows_on_checking_before_anything_is_confirmed(world: World) -> None:
    offender_id, (alex, robin) = co_victims(world, ["key_stages", None])
    meeting_id = meeting(world, offender_id).json()["id"]
    pages = signed_in(world, "vlo")
    leaked = pages.post(
        _views_url(alex, meeting_id),
        {"views": ALEX_VIEWS, "measures": f"Call her on {ALEX['phone']} first"},
    )
    assert leaked.status_code == 422
    assert "Check the victim's views before sending them" not in unescape(leaked.text)
    [(href, text)] = error_summary(leaked.text)
    assert href == "#measures" and "a victim's or their nominee's phone number" in text
    assert "<textarea" in leaked.text and "Confirm and send" not in leaked.text
    assert _not_sent(meeting_id, alex)
    opted_out = pages.post(_views_url(robin, meeting_id), {"views": ALEX_VIEWS})
    assert opted_out.status_code == 409
    assert error_summary(opted_out.text) == [
        ("#views", "Only an opted-in victim's views go to a MAPPA meeting")
    ]
    assert _stored_views(meeting_id, robin) is None
