"""Key stages through the API: every co-victim who chose to hear of a stage gets a task to be
told, all at once; the case, the offender and the unit's dashboard show who has been told and
who not yet. All people are invented."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.api.test_conditions import assign_om
from tests.fixtures import World, referral_payload, run
from vcs.core.tables import Case, CaseEvent, Task

ALEX = referral_payload()["victims"][0]
SAM = {
    "name": "Sam Example",
    "relationship": "bereaved_family",
    "date_of_birth": "1975-11-03",
    "address": {"line1": "7 Specimen Close", "town": "Cardiff", "postcode": "CF10 1AA"},
    "email": "sam.example@example.com",
    "phone": "07700 900456",
}
ROBIN = {
    "name": "Robin Example",
    "relationship": "direct",
    "date_of_birth": "1988-02-29",
    "address": {"line1": "3 Placeholder Way", "town": "London", "postcode": "N1 9GU"},
    "email": "robin.example@example.com",
    "phone": "07700 900789",
}


def choose(world: World, case_id: int, level: str | None, user: str = "vlo") -> None:
    """Opt the victim in at `level`, or out (None)."""
    body: dict[str, Any] = {"status": "opted_out", "on": "2026-01-06"}
    if level:
        body = {"status": "opted_in", "on": "2026-01-06", "level": level}
    response = world.post(user, f"/api/v1/cases/{case_id}/participation", body)
    assert response.status_code == 201, response.text


def co_victims(world: World, levels: list[str | None]) -> tuple[int, list[int]]:
    """One offender with a victim per level (None: opted out); their offender and case ids."""
    victims = [ALEX, SAM, ROBIN][: len(levels)]
    case_ids = [c["id"] for c in world.refer(victims=victims)["cases"]]
    for case_id, level in zip(case_ids, levels, strict=True):
        choose(world, case_id, level)
    offender = run(Case.select(Case.offender).where(Case.id == case_ids[0]).first())["offender"]
    return int(offender), case_ids


def stage(world: World, offender_id: int, user: str = "vlo", **body: Any) -> Any:
    return world.post(user, f"/api/v1/offenders/{offender_id}/key-stages", body)


def tasks_of(case_id: int) -> list[dict[str, Any]]:
    return list(run(Task.select().where(Task.case == case_id).order_by(Task.id)))


def test_a_parole_decision_tasks_exactly_the_victims_who_chose_every_key_stage(
    world: World,
) -> None:
    offender_id, (opted_out, release_month, every_stage) = co_victims(
        world, [None, "release_month", "key_stages"]
    )
    response = stage(world, offender_id, kind="parole_decision", on="2026-01-12")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["to_tell"], body["told"], body["state"]) == (1, 0, "not_told")
    assert body["reconsideration_until"] == "2026-02-02"  # 21 days after the decision
    assert [v["case_id"] for v in body["victims"]] == [every_stage]
    assert tasks_of(opted_out) == [] and tasks_of(release_month) == []
    [task] = tasks_of(every_stage)
    assert (task["kind"], task["due"]) == ("tell_parole_decision", date(2026, 1, 19))
    listed = world.get("vlo", "/api/v1/tasks").json()["items"]
    assert [(t["case_id"], t["kind"]) for t in listed] == [(every_stage, "tell_parole_decision")]
    events = run(CaseEvent.select().where(CaseEvent.kind == "key_stage").order_by(CaseEvent.id))
    assert [e["case"] for e in events] == [opted_out, release_month, every_stage]
    assert "not to be told: opted out" in events[0]["summary"]


def test_release_tells_every_level_that_wants_it_and_recall_not_the_annual(
    world: World,
) -> None:
    offender_id, (annual, release_month, every_stage) = co_victims(
        world, ["annual", "release_month", "key_stages"]
    )
    assert stage(world, offender_id, kind="release", on="2026-01-09").json()["to_tell"] == 3
    recall = stage(world, offender_id, kind="recall", on="2026-01-12").json()
    assert sorted(v["case_id"] for v in recall["victims"]) == [release_month, every_stage]
    death = stage(world, offender_id, kind="death", on="2026-01-12").json()
    assert sorted(v["case_id"] for v in death["victims"]) == [annual, every_stage]
    assert [len(tasks_of(c)) for c in (annual, release_month, every_stage)] == [2, 2, 3]


def test_no_response_and_not_contacted_victims_get_no_task(world: World) -> None:
    offender_id, (case_id,) = co_victims(world, ["key_stages"])
    run(Case.update({Case.participation: "no_response"}).where(Case.id == case_id))
    body = stage(world, offender_id, kind="release", on="2026-01-12").json()
    assert (body["to_tell"], body["state"], body["told_together"]) == (0, "nobody_to_tell", False)
    assert tasks_of(case_id) == []


def _done(world: World, case_id: int, on: str, user: str = "vlo") -> None:
    [task] = [t for t in tasks_of(case_id) if t["done_on"] is None]
    response = world.post(user, f"/api/v1/tasks/{task['id']}/done", {"on": on})
    assert response.status_code == 201, response.text


def test_the_dashboard_filters_by_state_newest_first_and_pages(world: World) -> None:
    offender_id, (first, second) = co_victims(world, ["key_stages", "key_stages"])
    older = stage(world, offender_id, kind="release", on="2026-01-08").json()["id"]
    newer = stage(world, offender_id, kind="recall", on="2026-01-09").json()["id"]

    def ids(state: str | None = None, **page: int) -> tuple[list[int], int]:
        query = {**({"state": state} if state else {}), **page}
        body = world.get("vlo", "/api/v1/key-stages", params=query).json()
        return [s["id"] for s in body["items"]], body["total"]

    assert ids() == ([newer, older], 2)
    assert ids("not_told") == ([newer, older], 2)
    assert ids(limit=1, offset=1) == ([older], 2)
    for case_id in (first, second):
        [task] = [t for t in tasks_of(case_id) if t["key"] == f"key_stage:{older}:{case_id}"]
        done = world.post("vlo", f"/api/v1/tasks/{task['id']}/done", {"on": "2026-01-12"})
        assert done.status_code == 201, done.text
    assert ids("told") == ([older], 1)
    assert ids("not_told") == ([newer], 1)
    assert ids("partially_told") == ([], 0)
    assert world.get("vlo_other", "/api/v1/key-stages").json()["total"] == 0


def test_the_dashboard_and_the_case_show_co_victims_told_apart(world: World) -> None:
    offender_id, (first, second) = co_victims(world, ["release_month", "key_stages"])
    stage_id = stage(world, offender_id, kind="release", on="2026-01-09").json()["id"]
    url = f"/api/v1/offenders/{offender_id}/key-stages/{stage_id}"
    _done(world, first, "2026-01-12")
    partial = world.get("manager", "/api/v1/key-stages", params={"state": "partially_told"})
    assert [s["id"] for s in partial.json()["items"]] == [stage_id]
    assert world.get("vlo", "/api/v1/key-stages", params={"state": "told"}).json()["total"] == 0
    view = world.get("vlo", url).json()
    assert (view["state"], view["told"], view["to_tell"]) == ("partially_told", 1, 2)
    assert [v["told_on"] for v in view["victims"]] == ["2026-01-12", None]
    on_case = world.get("vlo", f"/api/v1/cases/{second}/key-stages").json()["items"][0]
    assert on_case["state"] == "partially_told"
    assert on_case["this_victim"]["told_on"] is None
    world.set_today(date(2026, 1, 13))
    _done(world, second, "2026-01-13")
    told = world.get("vlo", url).json()
    assert (told["state"], told["told_together"]) == ("told", False)  # on different days


def test_co_victims_told_the_same_day_are_told_together(world: World) -> None:
    offender_id, (first, second) = co_victims(world, ["key_stages", "key_stages"])
    stage_id = stage(world, offender_id, kind="open_conditions", on="2026-01-12").json()["id"]
    _done(world, first, "2026-01-12")
    _done(world, second, "2026-01-12")
    view = world.get("vlo", f"/api/v1/offenders/{offender_id}/key-stages/{stage_id}").json()
    assert (view["state"], view["told_together"]) == ("told", True)
    listed = world.get("vlo", f"/api/v1/offenders/{offender_id}/key-stages").json()
    assert [s["id"] for s in listed["items"]] == [stage_id] and listed["total"] == 1


def test_a_co_victim_in_another_unit_is_told_too_but_not_named(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    wales = dict(referral_payload(victims=[SAM]), unit_code="VLU-WAL")
    wales_case = world.refer("wcu_other", **wales)["cases"][0]["id"]
    choose(world, wales_case, "key_stages", user="vlo_other")
    body = stage(world, offender_id, kind="hospital_transfer", on="2026-01-12").json()
    assert body["to_tell"] == 2
    theirs = next(v for v in body["victims"] if v["unit_code"] == "VLU-WAL")
    assert (theirs["case_id"], theirs["victim_name"], theirs["task_id"]) == (None, None, None)
    assert run(Task.count().where(Task.case == wales_case)) == 1
    assert world.get("vlo_other", "/api/v1/tasks").json()["total"] == 1


def test_the_offender_manager_records_a_stage_and_sees_no_victims(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    assert stage(world, offender_id, "om", kind="release", on="2026-01-12").status_code == 403
    assign_om(world, offender_id)
    response = stage(world, offender_id, "om", kind="parole_review_started", on="2026-01-12")
    assert response.status_code == 201, response.text
    assert response.json()["victims"] is None and response.json()["to_tell"] == 1
    for user in ("om_other", "vlo_other", "manager_other"):
        assert stage(world, offender_id, user, kind="release", on="2026-01-12").status_code == 403
    assert stage(world, offender_id, "wcu", kind="release", on="2026-01-12").status_code == 403
    assert world.get("om", "/api/v1/key-stages").status_code == 403


def test_a_release_date_changed_moves_the_key_dates(world: World) -> None:
    offender_id, (case_id,) = co_victims(world, ["release_month"])
    body = {"kind": "release_date_changed", "on": "2026-01-12", "new_release_date": "2026-06-01"}
    assert stage(world, offender_id, **body).json()["to_tell"] == 1
    dates = world.get("vlo", f"/api/v1/offenders/{offender_id}/key-dates").json()
    assert dates["release_date"] == "2026-06-01"
    assert [(h["field"], h["new_value"]) for h in dates["history"]["items"]] == [
        ("release_date", "2026-06-01")
    ]
    assert [t["kind"] for t in tasks_of(case_id)] == ["tell_release_date_changed"]


def test_a_hearing_date_is_kept_with_its_stage(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    body = {"kind": "hearing_date_set", "on": "2026-01-12", "hearing_date": "2026-04-20"}
    created = stage(world, offender_id, **body).json()
    assert (created["hearing_date"], created["reconsideration_until"]) == ("2026-04-20", None)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "hearing_date_set", "on": "2026-01-12"}, 422, "hearing_date"),
        (
            {"kind": "parole_decision", "on": "2026-01-12", "new_release_date": "2026-05-01"},
            422,
            "new_release_date",
        ),
        (
            {"kind": "hearing_date_set", "on": "2026-01-12", "hearing_date": "2026-01-02"},
            422,
            "hearing_date",
        ),
        ({"kind": "release", "on": "2026-01-13"}, 422, "on"),
        ({"kind": "escape", "on": "2026-01-12"}, 400, "kind"),
        ({"kind": "release", "on": 0}, 400, "on"),
        ({"kind": "release", "on": "2026-01-12", "details": "a\x00b"}, 400, "details"),
        ({"kind": "release", "on": "2026-01-12", "surprise": 1}, 400, "surprise"),
    ],
)
def test_bad_key_stages_are_refused_naming_the_field(
    world: World, body: dict[str, Any], status: int, field: str
) -> None:
    offender_id, (case_id,) = co_victims(world, ["key_stages"])
    response = stage(world, offender_id, **body)
    assert response.status_code == status, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert tasks_of(case_id) == []


def test_ids_out_of_range_or_unknown_are_refused(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    body = {"kind": "release", "on": "2026-01-12"}
    assert world.post("vlo", f"/api/v1/offenders/{2**31}/key-stages", body).status_code == 400
    assert world.post("vlo", "/api/v1/offenders/999999/key-stages", body).status_code == 404
    url = f"/api/v1/offenders/{offender_id}/key-stages/999999"
    assert world.get("vlo", url).status_code == 404
    assert world.get("vlo", "/api/v1/key-stages", params={"state": "maybe"}).status_code == 400
