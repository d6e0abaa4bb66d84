"""The Witness Care officer's correction page: the rule said on the page, every problem at once,
the correction saved, and after the unit acts a clear refusal saying why."""

from __future__ import annotations

from tests.api.test_pages import error_summary, ids_in, signed_in
from tests.fixtures import World


def _referral(world: World) -> tuple[int, int, int]:
    made = world.refer()
    case = made["cases"][0]
    return int(made["id"]), int(case["victim_id"]), int(case["id"])


def test_the_officer_corrects_a_name_from_the_referral_page(world: World) -> None:
    referral_id, victim_id, case_id = _referral(world)
    pages = signed_in(world, "wcu")
    shown = pages.get(f"/referrals/{referral_id}").text
    url = f"/referrals/{referral_id}/victims/{victim_id}/correct"
    assert f'href="{url}"' in shown
    assert "until the victim liaison unit gives the case to a Victim Liaison Officer" in shown
    form = pages.get(url)
    assert form.status_code == 200 and "12 Sample Road" not in form.text
    saved = pages.post(url, {"name": "Alex Exampel", "reason": "Misspelt on the file"})
    assert saved.status_code == 303, saved.text
    assert "The correction is sent" in pages.get(saved.headers["location"]).text
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]["name"] == "Alex Exampel"


def test_every_problem_at_once(world: World) -> None:
    referral_id, victim_id, _ = _referral(world)
    pages = signed_in(world, "wcu")
    url = f"/referrals/{referral_id}/victims/{victim_id}/correct"
    refused = pages.post(
        url,
        {
            "phone": "not a phone",
            "date_of_birth-day": "40",
            "date_of_birth-month": "1",
            "date_of_birth-year": "2000",
            "reason": "",
        },
    )
    assert refused.status_code == 400
    hrefs = [h for h, _ in error_summary(refused.text)]
    assert hrefs == ["#date-of-birth-day", "#phone", "#reason"]
    assert {h[1:] for h in hrefs} <= ids_in(refused.text)
    assert "not a phone" in refused.text  # kept in the field to fix, never in the messages
    assert all("not a phone" not in text for _, text in error_summary(refused.text))
    empty = pages.post(url, {"reason": "x"})
    assert error_summary(empty.text) == [("#name", "Fill in at least one detail to correct")]


def test_after_the_unit_allocates_the_page_says_why_not(world: World) -> None:
    referral_id, victim_id, case_id = _referral(world)
    world.post("vlo", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"})
    pages = signed_in(world, "wcu")
    url = f"/referrals/{referral_id}/victims/{victim_id}/correct"
    refused = pages.post(url, {"name": "Alex Exampel", "reason": "Misspelt"})
    assert refused.status_code == 409
    [(_, text)] = error_summary(refused.text)
    assert text.startswith("The victim liaison unit has already started work on this referral")
    assert text.endswith("contact them to correct it")


def test_a_young_victim_is_flagged_on_the_confirmation(world: World) -> None:
    young = {"name": "Jamie Young", "relationship": "direct", "date_of_birth": "2010-05-01"}
    referral_id = int(world.refer(victims=[young])["id"])
    pages = signed_in(world, "wcu")
    shown = pages.get(f"/referrals/{referral_id}?sent=1").text
    assert "Jamie Young is under 18" in shown
    assert "write to a parent or guardian" in shown


def test_other_units_cannot_open_the_correction(world: World) -> None:
    referral_id, victim_id, _ = _referral(world)
    url = f"/referrals/{referral_id}/victims/{victim_id}/correct"
    assert signed_in(world, "wcu_other").get(url).status_code == 403
    assert signed_in(world, "vlo").get(url).status_code == 403
