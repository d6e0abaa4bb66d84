"""Opting in and out, the nominated contact, and preferences."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World, run
from vcs.casework.tables import NominatedContact, ParticipationChange, Preference


def _case(world: World) -> int:
    return int(world.refer()["cases"][0]["id"])


def _version(world: World, case_id: int) -> int:
    return int(world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"])


def test_opt_in_and_out_any_number_of_times_with_full_history(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/participation"
    steps = [
        {"status": "opted_in", "on": "2026-01-06", "level": "key_stages"},
        {"status": "opted_out", "on": "2026-01-07", "reason": "Needs a break"},
        {"status": "opted_in", "on": "2026-01-08", "level": "release_month"},
        {"status": "opted_in", "on": "2026-01-09", "level": "annual"},
    ]
    for step in steps:
        assert world.post("vlo", url, step).status_code == 201, step
    history = world.get("vlo", url).json()
    assert [(h["status"], h["level"]) for h in history["items"]] == [
        ("opted_in", "key_stages"),
        ("opted_out", None),
        ("opted_in", "release_month"),
        ("opted_in", "annual"),
    ]
    detail = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert (detail["participation"], detail["participation_level"]) == ("opted_in", "annual")


def test_current_choice_is_the_latest_by_date(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/participation"
    world.post("vlo", url, {"status": "opted_out", "on": "2026-01-09"})
    world.post(
        "vlo", url, {"status": "opted_in", "on": "2026-01-07", "level": "annual"}
    )  # told us earlier
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["participation"] == "opted_out"


def test_repeated_choices_are_refused_clearly(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/participation"
    world.post("vlo", url, {"status": "opted_out", "on": "2026-01-06"})
    again = world.post("vlo", url, {"status": "opted_out", "on": "2026-01-07"})
    assert again.status_code == 409
    assert "already opted out" in again.json()["detail"]
    world.post("vlo", url, {"status": "opted_in", "on": "2026-01-08", "level": "annual"})
    assert (
        world.post(
            "vlo", url, {"status": "opted_in", "on": "2026-01-09", "level": "annual"}
        ).status_code
        == 409
    )
    assert run(ParticipationChange.count()) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "opted_in", "on": "2026-01-06"}, "level"),
        ({"status": "opted_out", "on": "2026-01-06", "level": "annual"}, "level"),
        ({"status": "maybe", "on": "2026-01-06"}, "status"),
        ({"status": "opted_out", "on": "2026-01-13"}, "on"),
        ({"status": "opted_out", "on": "2025-12-18"}, "on"),  # before the sentence
    ],
)
def test_bad_participation(world: World, body: dict[str, Any], field: str) -> None:
    response = world.post("vlo", f"/api/v1/cases/{_case(world)}/participation", body)
    assert 400 <= response.status_code < 500
    assert field in [e["field"] for e in response.json()["errors"]]


def test_no_response_can_still_become_opted_in(world: World) -> None:
    from vcs.core.tables import Case

    case_id = _case(world)
    run(Case.update({Case.participation: "no_response"}).where(Case.id == case_id))
    body = {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", body).status_code == 201


NOMINEE = {
    "name": "Sam Example",
    "relationship": "Sister",
    "address": {"line1": "4 Test Street", "town": "Leeds", "postcode": "LS1 1AA"},
    "phone": "07700 900456",
}


def test_nominated_contact_add_replace_remove(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    added = world.put("vlo", url, {**NOMINEE, "version": _version(world, case_id)})
    assert added.status_code == 200
    detail = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert detail["nominated_contact"]["name"] == "Sam Example"
    assert detail["victim"]["address"]["postcode"] == "E1 6AN"  # the victim's own details stay
    replaced = world.put(
        "vlo",
        url,
        {**NOMINEE, "name": "Jo Example"},
        headers={"If-Match": f'"{_version(world, case_id)}"'},
    )
    assert replaced.status_code == 200
    assert run(NominatedContact.count()) == 1
    removed = world.delete("vlo", url, params={"version": _version(world, case_id)})
    assert removed.status_code == 200
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["nominated_contact"] is None
    kinds = [
        e["kind"] for e in world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    ]
    assert kinds.count("nominated_contact_set") == 2 and "nominated_contact_removed" in kinds
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").text
    assert "LS1 1AA" not in timeline and "07700 900456" not in timeline


def test_the_version_is_optional_everywhere_alike(world: World) -> None:
    """api.md: every case change takes an optional version or If-Match, checked when sent and
    the change applied when it is absent; the nominated contact and preferences included."""
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    before = _version(world, case_id)
    added = world.put("vlo", url, NOMINEE)
    assert added.status_code == 200 and added.json()["version"] == before + 1
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["nominated_contact"]["name"] == (
        "Sam Example"
    )
    stale = world.put("vlo", url, {**NOMINEE, "name": "Jo Example", "version": before})
    assert stale.status_code == 412
    bad_header = world.put("vlo", url, NOMINEE, headers={"If-Match": '"soon"'})
    assert bad_header.status_code == 422
    assert bad_header.json()["errors"][0]["field"] == "If-Match"
    prefs = world.put("vlo", f"/api/v1/cases/{case_id}/preferences", {"channels": ["post"]})
    assert prefs.status_code == 200
    stale_delete = world.delete("vlo", url, params={"version": before})
    assert stale_delete.status_code == 412
    removed = world.delete("vlo", url)
    assert removed.status_code == 200
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["nominated_contact"] is None


def test_replacing_with_a_stale_version_is_refused(world: World) -> None:
    case_id = _case(world)
    version = _version(world, case_id)
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    assert world.put("vlo", url, {**NOMINEE, "version": version}).status_code == 200
    stale = world.put("vlo2", url, {**NOMINEE, "name": "Jo Example", "version": version})
    assert stale.status_code == 412
    assert (
        world.get("vlo", f"/api/v1/cases/{case_id}").json()["nominated_contact"]["name"]
        == "Sam Example"
    )


def test_preferences_default_then_recorded(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/preferences"
    assert world.get("vlo", url).json()["channels"] == ["post"]
    prefs = {
        "channels": ["email", "phone"],
        "language": "cy",
        "large_print": True,
        "easy_read": False,
        "interpreter_language": "",
        "safe_times_to_call": "Weekdays after 6pm",
        "no_post_to_home": True,
        "version": _version(world, case_id),
    }
    assert world.put("vlo", url, prefs).status_code == 200
    saved = world.get("vlo", f"/api/v1/cases/{case_id}").json()["preferences"]
    assert (
        saved["channels"] == ["email", "phone"]
        and saved["language"] == "cy"
        and saved["no_post_to_home"]
    )
    prefs["version"] = _version(world, case_id)
    prefs["channels"] = ["post"]
    world.put("vlo", url, prefs)
    assert run(Preference.count()) == 1
    changed = [
        e
        for e in world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
        if e["kind"] == "preferences_changed"
    ]
    assert changed[-1]["data"] == {"channels": {"before": ["email", "phone"], "after": ["post"]}}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channels": []}, "channels"),
        ({"channels": ["post", "post"]}, "channels"),
        ({"channels": ["fax"]}, "channels.0"),
        ({"language": "fr"}, "language"),
        ({"large_print": "yes"}, "large_print"),
    ],
)
def test_bad_preferences(world: World, change: dict[str, Any], field: str) -> None:
    case_id = _case(world)
    body = {"channels": ["post"], "version": _version(world, case_id), **change}
    response = world.put("vlo", f"/api/v1/cases/{case_id}/preferences", body)
    assert 400 <= response.status_code < 500
    assert field in [e["field"] for e in response.json()["errors"]]
