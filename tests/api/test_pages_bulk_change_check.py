"""Check before a release-point change is applied to a class of sentences: the national manager
describes the change, sees what it would do (the offenders whose release dates move and the
victims to tell, per unit) with a way back to change their answers, and nothing moves until
they confirm (through the test client, no JavaScript)."""

from __future__ import annotations

from tests.api.test_pages import error_summary, signed_in
from tests.api.test_pages_referral_check import answers, hidden_fields
from tests.fixtures import World, run
from vcs.core.tables import Case

PAGE = "/key-dates/bulk-changes"
FORM = {
    "name": "Release policy of September 2026",
    "type.imprisonment": "yes",
    "release_fraction_from": "0.5",
    "release_fraction_to": "0.4",
    "effective_from-day": "10",
    "effective_from-month": "9",
    "effective_from-year": "2026",
}


def _release(world: World, offender_id: int) -> str:
    body = world.get("vlo", f"/api/v1/offenders/{offender_id}/key-dates").json()
    return str(body["release_date"])


def _offender_released_halfway(world: World) -> int:
    case_id = int(world.refer()["cases"][0]["id"])
    offender = run(Case.select(Case.offender).where(Case.id == case_id).first())["offender"]
    dates = {"release_date": "2027-06-20", "release_fraction": 0.5}
    moved = world.put("vlo", f"/api/v1/offenders/{offender}/key-dates", dates)
    assert moved.status_code == 200, moved.text
    return int(offender)


def test_a_change_is_checked_then_applied_only_once_confirmed(world: World) -> None:
    offender = _offender_released_halfway(world)
    pages = signed_in(world, "national")
    assert "Release-point changes" in pages.get("/manager/reports").text
    assert pages.get(PAGE).status_code == 200

    check = pages.post(PAGE, {**FORM, "action": "check"})
    assert check.status_code == 200, check.text
    assert "Check the change before you apply it" in check.text
    shown = " | ".join(answers(check.text).values())
    assert "Release policy of September 2026" in shown and "Imprisonment" in shown
    assert "10 September 2026" in shown and "2026-09-10" not in check.text
    assert "The half-way point" in shown and "The two-fifths point" in shown
    assert "0.5" not in shown and "0.4" not in shown and "1/2" not in shown
    assert "1 offender whose release date moves" in check.text
    assert "Confirm and apply the change" in check.text
    assert _release(world, offender) == "2027-06-20"

    back = pages.post(PAGE, {**hidden_fields(check.text), "action": "change"})
    assert back.status_code == 200
    assert 'value="Release policy of September 2026"' in back.text
    assert _release(world, offender) == "2027-06-20"

    done = pages.post(PAGE, {**hidden_fields(check.text), "action": "confirm"})
    assert done.status_code == 200, done.text
    assert "Change applied" in done.text and "1 offender had their release date moved" in done.text
    assert _release(world, offender) != "2027-06-20"


def test_every_problem_of_the_form_is_named_at_once_and_nothing_is_previewed(
    world: World,
) -> None:
    offender = _offender_released_halfway(world)
    pages = signed_in(world, "national")
    response = pages.post(PAGE, {"release_fraction_to": "2", "effective_from-day": "31"})
    assert response.status_code == 400
    hrefs = [href for href, _ in error_summary(response.text)]
    assert hrefs[:2] == ["#name", "#sentence-types"]
    assert {"#release-fraction-from", "#effective-from-month"} <= set(hrefs), hrefs
    assert 'id="sentence-types"' in response.text
    # Confirming terms never checked is refused: the change must be seen first.
    unchecked = pages.post(PAGE, {**FORM, "name": "Never checked", "action": "confirm"})
    assert unchecked.status_code == 409
    assert "There is a problem" in unchecked.text
    assert _release(world, offender) == "2027-06-20"


def test_only_national_managers_and_the_administrator_reach_the_page(world: World) -> None:
    for user in ("manager", "vlo", "om", "wcu"):
        assert signed_in(world, user).get(PAGE).status_code == 403, user
