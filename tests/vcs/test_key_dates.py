"""The sentence's key dates and bulk date changes: the release point worked out from the
sentence, key dates kept with their history, and a release-policy change, a national act,
previewed then applied once (through the API and the command line), safely re-run after a
crash. All people are invented."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from api import cli
from api.access.cli import cli_actor
from tests.api.test_key_stages import choose, co_victims
from tests.fixtures import TODAY, World, run
from vcs.core.tables import Case, Task
from vcs.sentence import bulk_changes, key_dates
from vcs.sentence.schemas import BulkChangeIn
from vcs.sentence.tables import BulkDateChange, KeyDateChange, KeyStage

BULK = "/api/v1/key-dates/bulk-changes"
PREVIEW = f"{BULK}/preview"
SDS40 = {
    "name": "SDS40 tranche 1",
    "sentence_types": ["imprisonment"],
    "release_fraction_from": 0.5,
    "release_fraction_to": 0.4,
    "effective_from": "2026-11-01",
}


@pytest.mark.parametrize(
    ("sentenced_on", "months", "fraction", "expected"),
    [
        (date(2025, 12, 19), 36, "0.5", date(2027, 6, 20)),  # 1096 days: 548
        (date(2025, 12, 19), 36, "0.4", date(2027, 3, 3)),  # 438.4 days, rounded up
        (date(2025, 12, 19), 24, "0.5", date(2026, 12, 19)),
        (date(2025, 12, 19), 24, "0.4", date(2026, 10, 7)),
        (date(2024, 1, 31), 1, "1", date(2024, 2, 29)),  # to the end of a leap February
        (date(2023, 1, 31), 1, "1", date(2023, 2, 28)),
        (date(2024, 2, 29), 12, "1", date(2025, 2, 28)),
        (date(2026, 3, 1), 12, "0.5", date(2026, 8, 31)),  # 365 days: 182.5, rounded up
    ],
)
def test_the_release_point_is_a_share_of_the_sentence_in_days(
    sentenced_on: date, months: int, fraction: str, expected: date
) -> None:
    assert bulk_changes.release_on(sentenced_on, months, Decimal(fraction)) == expected


def test_fractions_are_kept_in_one_form() -> None:
    assert [key_dates.fraction_text(Decimal(f)) for f in ("0.50", "0.4", "1", "0.3333")] == [
        "0.5",
        "0.4",
        "1",
        "0.3333",
    ]


def _offender(world: World, crn: str, sentence: dict[str, Any], level: str | None) -> int:
    """An offender with one victim at `level` (None: opted out)."""
    name = f"Victim {crn}"
    referral = world.refer(
        offender={"name": f"Offender {crn}", "date_of_birth": "1980-01-01", "crn": crn},
        sentence={"date": "2025-12-19", "court": "Cardiff Crown Court", **sentence},
        victims=[{"name": name, "relationship": "direct"}],
    )
    case_id = referral["cases"][0]["id"]
    choose(world, case_id, level)
    return int(run(Case.select(Case.offender).where(Case.id == case_id).first())["offender"])


def _dates(world: World, offender_id: int, **body: Any) -> Any:
    return world.put("vlo", f"/api/v1/offenders/{offender_id}/key-dates", body)


def _release(world: World, offender_id: int) -> str:
    return str(
        world.get("vlo", f"/api/v1/offenders/{offender_id}/key-dates").json()["release_date"]
    )


def _policy_world(world: World) -> dict[str, int]:
    """Four sentences: two under the old rule (one of them after the change takes effect), one
    of another type, one with a release date set by hand."""
    main, _ = co_victims(world, ["release_month", "annual", "key_stages"])
    assert (
        _dates(world, main, release_date="2027-06-20", release_kind="conditional").status_code
        == 200
    )
    extended = _offender(world, "Z111111", {"type": "extended", "length_months": 60}, "key_stages")
    assert _dates(world, extended, release_date="2028-06-19").status_code == 200
    by_hand = _offender(
        world, "Z222222", {"type": "imprisonment", "length_months": 24}, "key_stages"
    )
    assert _dates(world, by_hand, release_date="2026-11-30").status_code == 200
    early = _offender(world, "Z333333", {"type": "imprisonment", "length_months": 24}, None)
    body = {"release_date": "2026-12-19", "release_fraction": 0.5}
    assert _dates(world, early, **body).status_code == 200
    return {"main": main, "extended": extended, "by_hand": by_hand, "early": early}


def _told_of_changes() -> list[int]:
    rows = run(Task.select(Task.case).where(Task.kind == "tell_release_date_changed"))
    return sorted(r["case"] for r in rows)


def _previewed(world: World, body: dict[str, Any], user: str = "national") -> Any:
    """The change previewed by the user, then applied by them."""
    preview = world.post(user, PREVIEW, body)
    assert preview.status_code == 200, preview.text
    return world.post(user, BULK, body)


def test_a_bulk_change_moves_release_dates_and_tasks_once(world: World) -> None:
    offenders = _policy_world(world)
    first = _previewed(world, SDS40)
    assert first.status_code == 201, first.text
    assert first.json() | {"already_applied": False} == {
        "name": "SDS40 tranche 1",
        "state": "done",
        "effective_from": "2026-11-01",
        "offenders_changed": 2,
        "tasks_created": 3,  # earlier: the release-month, annual and every-stage victims
        "already_applied": False,
    }
    assert _release(world, offenders["main"]) == "2027-03-03"
    assert _release(world, offenders["early"]) == "2026-11-01"  # not before the change
    assert _release(world, offenders["extended"]) == "2028-06-19"
    assert _release(world, offenders["by_hand"]) == "2026-11-30"
    told = _told_of_changes()
    main_cases = run(
        Case.select(Case.id).where(Case.offender == offenders["main"]).order_by(Case.id)
    )
    assert told == [main_cases[0]["id"], main_cases[1]["id"], main_cases[2]["id"]]
    history = world.get("vlo", f"/api/v1/offenders/{offenders['main']}/key-dates").json()
    assert history["history"]["items"][0]["source"] == "bulk change: SDS40 tranche 1"
    changes, stages = run(KeyDateChange.count()), run(KeyStage.count())

    second = world.post("national", BULK, SDS40)
    assert second.status_code == 200, second.text
    assert second.json()["already_applied"] is True
    assert (second.json()["offenders_changed"], second.json()["tasks_created"]) == (2, 3)
    assert _told_of_changes() == told
    assert (run(KeyDateChange.count()), run(KeyStage.count())) == (changes, stages)
    assert _release(world, offenders["main"]) == "2027-03-03"


def test_the_command_line_applies_the_same_change_once(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    offenders = _policy_world(world)
    argv = [
        "key-dates",
        "apply",
        "--name",
        "SDS40 tranche 1",
        "--sentence-types",
        "imprisonment",
        "--from",
        "0.5",
        "--to",
        "0.4",
        "--effective-from",
        "2026-11-01",
        "--date",
        "2026-01-12",
    ]
    assert cli.main(argv) == 0
    said = capsys.readouterr().out
    assert "SDS40 tranche 1: 2 release dates to move; 3 of 4 victims to tell." in said
    assert "VLU-LON (London Victim Liaison Unit): 2 offenders, 4 victims, 3 to tell" in said
    assert "2 release dates moved; 3 victims to tell" in said
    assert _release(world, offenders["main"]) == "2027-03-03"
    assert cli.main(argv) == 0
    assert "applied before: nothing changed" in capsys.readouterr().out
    assert world.post("national", BULK, SDS40).json()["already_applied"] is True
    assert len(_told_of_changes()) == 3
    assert cli.main([*argv[:-6], "--to", "1.5", "--effective-from", "2026-11-01"]) == 2
    assert "release_fraction_to" in capsys.readouterr().err


def test_a_run_stopped_half_way_is_finished_by_running_it_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    offenders = _policy_world(world)
    moved: list[int] = []
    real_move = bulk_changes._move_releases

    async def crash_on_the_second(moves: list[Any], *args: Any) -> None:
        if moved:
            raise RuntimeError("the server stopped")
        moved.extend(m.offender for m in moves)
        await real_move(moves, *args)

    monkeypatch.setattr(bulk_changes, "CHUNK", 1)
    monkeypatch.setattr(bulk_changes, "_move_releases", crash_on_the_second)
    data = BulkChangeIn.model_validate(SDS40)
    run(bulk_changes.record_preview(cli_actor(), data, TODAY))
    with pytest.raises(RuntimeError):
        run(bulk_changes.apply_bulk_change(cli_actor(), data, TODAY))
    assert run(BulkDateChange.select(BulkDateChange.state).first())["state"] == "running"
    assert _release(world, offenders["main"]) == "2027-03-03"  # the first chunk stands
    assert _release(world, offenders["early"]) == "2026-12-19"
    monkeypatch.setattr(bulk_changes, "_move_releases", real_move)
    again = world.post("national", BULK, SDS40)
    assert again.status_code == 201, again.text
    assert (again.json()["offenders_changed"], again.json()["tasks_created"]) == (2, 3)
    assert _release(world, offenders["early"]) == "2026-11-01"
    assert len(_told_of_changes()) == 3


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"release_fraction_to": 1.5}, 400, "release_fraction_to"),
        ({"release_fraction_to": 0}, 400, "release_fraction_to"),
        ({"release_fraction_to": 0.5}, 422, "release_fraction_to"),
        ({"sentence_types": []}, 400, "sentence_types"),
        ({"name": "x\x00y"}, 400, "name"),
        ({"effective_from": "2026-13-01"}, 400, "effective_from"),
    ],
)
def test_bad_bulk_changes_are_refused_naming_the_field(
    world: World, body: dict[str, Any], status: int, field: str
) -> None:
    for url in (PREVIEW, BULK):
        response = world.post("national", url, {**SDS40, **body})
        assert response.status_code == status, response.text
        assert field in [e["field"] for e in response.json()["errors"]]


def test_a_name_is_one_change_and_only_national_managers_apply_changes(world: World) -> None:
    assert _previewed(world, SDS40).status_code == 201
    clash = world.post("national", BULK, {**SDS40, "release_fraction_to": 0.45})
    assert clash.status_code == 409
    assert (
        world.post("national", PREVIEW, {**SDS40, "release_fraction_to": 0.45}).status_code == 409
    )
    for user in ("vlo", "om", "wcu", "manager", "manager_other"):
        assert world.post(user, BULK, SDS40).status_code == 403, user
    for user in ("vlo", "om", "wcu"):
        assert world.post(user, PREVIEW, SDS40).status_code == 403, user
    assert _previewed(world, {**SDS40, "name": "SDS40 by the admin"}, "admin").status_code == 201


def test_a_wales_vlu_manager_cannot_move_a_london_release_date(world: World) -> None:
    """Issue 15, finding 5: the selection has no unit scope, so applying is national."""
    offenders = _policy_world(world)  # London offenders and victims
    refused = world.post("manager_other", BULK, SDS40)
    assert refused.status_code == 403, refused.text
    assert _release(world, offenders["main"]) == "2027-06-20"
    assert _told_of_changes() == []
    assert run(KeyStage.count().where(KeyStage.kind == "release_date_changed")) == 0


def test_a_change_is_previewed_before_it_is_applied(world: World) -> None:
    offenders = _policy_world(world)
    unseen = world.post("national", BULK, SDS40)
    assert unseen.status_code == 409, unseen.text
    assert "Preview this change first" in unseen.json()["detail"]
    assert _release(world, offenders["main"]) == "2027-06-20"
    # A VLU manager's preview is a look, not the step before applying.
    assert world.post("manager", PREVIEW, SDS40).status_code == 200
    assert world.post("national", BULK, SDS40).status_code == 409
    assert (
        world.post("national", PREVIEW, {**SDS40, "release_fraction_to": 0.45}).status_code == 200
    )
    assert world.post("national", BULK, SDS40).status_code == 409  # previewed with other terms
    assert _previewed(world, SDS40).status_code == 201


def test_the_preview_lists_offenders_and_victims_per_unit_without_naming_victims(
    world: World,
) -> None:
    offenders = _policy_world(world)
    wales = world.refer(
        "wcu_other",
        unit_code="VLU-WAL",
        offender={"name": "Offender Z444444", "date_of_birth": "1980-01-01", "crn": "Z444444"},
        sentence={
            "date": "2025-12-19",
            "court": "Cardiff Crown Court",
            "type": "imprisonment",
            "length_months": 24,
        },
        victims=[{"name": "Victim Wales", "relationship": "direct"}],
    )
    choose(world, wales["cases"][0]["id"], "key_stages", user="vlo_other")
    wales_offender = run(
        Case.select(Case.offender).where(Case.id == wales["cases"][0]["id"]).first()
    )["offender"]
    assert (
        world.put(
            "vlo_other",
            f"/api/v1/offenders/{wales_offender}/key-dates",
            {"release_date": "2026-12-19"},
        ).status_code
        == 200
    )

    national = world.post("national", PREVIEW, SDS40)
    assert national.status_code == 200, national.text
    body = national.json()
    assert (body["state"], body["can_apply"], body["offenders_affected"]) == ("previewed", True, 3)
    assert body["units"] == [
        {
            "unit_code": "VLU-LON",
            "unit_name": "London Victim Liaison Unit",
            "offenders": 2,
            "victims": 4,
            "victims_to_tell": 3,  # brought forward: the annual victim too
        },
        {
            "unit_code": "VLU-WAL",
            "unit_name": "Wales Victim Liaison Unit",
            "offenders": 1,
            "victims": 1,
            "victims_to_tell": 1,
        },
    ]
    items = {i["offender_id"]: i for i in body["offenders"]["items"]}
    assert set(items) == {offenders["main"], offenders["early"], wales_offender}
    assert (
        items[offenders["main"]]["release_date"],
        items[offenders["main"]]["new_release_date"],
    ) == (
        "2027-06-20",
        "2027-03-03",
    )
    assert items[offenders["early"]]["new_release_date"] == "2026-11-01"
    assert items[wales_offender]["unit_codes"] == ["VLU-WAL"]
    for name in ("Alex", "Sam", "Robin", "Victim Z", "Victim Wales"):
        assert name not in national.text, name
    assert _release(world, offenders["main"]) == "2027-06-20"  # a preview moves nothing

    own = world.post("manager", PREVIEW, SDS40, params={"limit": 1}).json()
    assert (own["can_apply"], own["offenders_affected"]) == (False, 2)
    assert [u["unit_code"] for u in own["units"]] == ["VLU-LON"]
    assert own["offenders"]["total"] == 2 and len(own["offenders"]["items"]) == 1
    assert wales_offender not in {i["offender_id"] for i in own["offenders"]["items"]}


def test_key_dates_keep_their_history_and_a_moved_release_tells_victims(world: World) -> None:
    offender_id, (release_month, _) = co_victims(world, ["release_month", "annual"])
    url = f"/api/v1/offenders/{offender_id}/key-dates"
    empty = world.get("vlo", url).json()
    assert (empty["release_date"], empty["version"], empty["sentence_type"]) == (
        None,
        1,
        "imprisonment",
    )
    body = {"release_date": "2027-06-20", "licence_expiry": "2028-12-19", "version": 1}
    first = world.put("manager", url, body)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    assert _told_of_changes() == []  # a first release date is not a change
    assert world.put("vlo", url, body).status_code == 412
    moved = world.put("vlo", url, {**body, "release_date": "2027-05-01", "version": 2})
    assert moved.status_code == 200, moved.text
    assert [h["field"] for h in moved.json()["history"]["items"]] == [
        "release_date",
        "licence_expiry",
        "release_date",
    ]
    assert _told_of_changes() == [release_month]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"release_date": "2027-06-20", "licence_expiry": "2027-01-01"}, "licence_expiry"),
        ({"licence_expiry": "2028-01-01", "sentence_expiry": "2027-01-01"}, "sentence_expiry"),
        ({"tariff_expiry": "2025-01-01"}, "tariff_expiry"),  # before the sentence
        ({"release_kind": "automatic"}, "release_kind"),
    ],
)
def test_key_dates_that_cannot_be_are_refused(
    world: World, body: dict[str, Any], field: str
) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    response = _dates(world, offender_id, **body)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_key_dates_are_for_the_offenders_own_people(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    url = f"/api/v1/offenders/{offender_id}/key-dates"
    for user in ("vlo_other", "om", "wcu"):
        assert world.get(user, url).status_code == 403, user
    assert world.put("om_other", url, {}).status_code == 403


@pytest.mark.parametrize(
    ("level", "later", "earlier"),
    [
        ("annual", False, True),
        ("release_month", True, True),
        ("key_stages", True, True),
    ],
)
def test_an_earlier_release_is_news_at_every_level_that_hears_of_release(
    level: str, later: bool, earlier: bool
) -> None:
    from vcs.sentence.key_stages import wants
    from vcs.sentence.schemas import KeyStageKind

    case = {"participation": "opted_in", "participation_level": level}
    moved = KeyStageKind.RELEASE_DATE_CHANGED
    assert wants(case, moved) is later
    assert wants(case, moved, brought_forward=True) is earlier
    assert not wants({**case, "participation": "opted_out"}, moved, brought_forward=True)
