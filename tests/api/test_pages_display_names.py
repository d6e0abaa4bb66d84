"""People are shown by their display names, never by the usernames they sign in with: on the
caseload, the case's allocation, contacts and timeline, the manager's deadlines and a request's
history. Success banners sit at the top of the page, above its heading."""

from __future__ import annotations

from tests.api.route_table import _draft_request, region
from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from vcs.core.tables import User


def _renamed(world: World) -> int:
    """A London case allocated to, contacted and written about by a VLO called Priya Patel."""
    run(User.update({User.display_name: "Priya Patel"}).where(User.username == "vlo"))
    records = region(world, "")
    case = f"/api/v1/cases/{records.case_id}"
    assert world.post("manager", f"{case}/allocation", {"vlo": "vlo"}).status_code < 300
    contact = {"on": "2026-01-09", "method": "phone", "outcome": "made_contact"}
    assert world.post("vlo", f"{case}/contacts", contact).status_code < 300
    records.ids["request_id"] = _draft_request(records)
    return records.case_id


def _cells(html: str) -> str:
    return html.replace("\n", " ")


def test_the_case_and_caseload_show_the_vlos_name_not_their_username(world: World) -> None:
    case_id = _renamed(world)
    for user in ("vlo", "manager"):
        pages = signed_in(world, user)
        caseload = pages.get("/cases?assigned_to=vlo")
        assert "Priya Patel" in caseload.text
        assert ">vlo<" not in caseload.text.replace(" ", "").replace("\n", "")
        case = pages.get(f"/cases/{case_id}").text
        assert "Priya Patel" in case
        assert ", by Priya Patel" in case  # the timeline
        assert ", by vlo<" not in case.replace("\n", "")


def test_the_contacts_deadlines_and_request_history_show_display_names(world: World) -> None:
    case_id = _renamed(world)
    manager = signed_in(world, "manager")
    case = manager.get(f"/cases/{case_id}").text
    contacts = case.split('id="casework"', 1)[1].split("</section>", 1)[0]
    assert "Priya Patel" in contacts and ">vlo<" not in contacts.replace(" ", "")
    victim = {"name": "Robin Example", "relationship": "direct"}
    waiting = world.refer(victims=[victim])["cases"][0]["id"]  # its first contact clock runs
    assert world.post("manager", f"/api/v1/cases/{waiting}/allocation", {"vlo": "vlo"}).is_success
    deadlines = manager.get("/deadlines").text
    assert "Priya Patel" in deadlines
    request = signed_in(world, "vlo").get("/condition-requests/1").text
    assert "by Priya Patel" in request and "by vlo<" not in request.replace("\n", "")


def test_the_timeline_api_names_who_did_it(world: World) -> None:
    case_id = _renamed(world)
    events = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    contact = next(e for e in events if e["actor"] == "vlo")
    assert contact["actor_name"] == "Priya Patel"
    detail = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert (detail["assigned_to"], detail["assigned_to_name"]) == ("vlo", "Priya Patel")


def test_a_success_banner_sits_above_the_pages_heading(world: World) -> None:
    case_id = _renamed(world)
    pages = signed_in(world, "vlo")
    for url in (f"/cases/{case_id}?done=contact", "/cases?done=allocated"):
        html = pages.get(url).text
        assert "govuk-notification-banner" in html, url
        assert html.index("govuk-notification-banner") < html.index("<h1"), url
