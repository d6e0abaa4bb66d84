"""The synthetic national dataset (`vcs demo --victims N`, bulk-loaded) holds what a national
service holds: each sentence's key dates under the release rules, MAPPA levels and meetings,
key stages with the tasks to tell victims, letters sent, messages in their final states and the
events received; a national release-policy change finds the sentences it moves; and the pages
read all of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.api.test_pages import Pages
from tests.fixtures import PASSWORD_HASH, TODAY, World, run
from vcs.core.piccolo_conf import DB
from vcs.core.tables import User
from vcs.sentence import bulk_changes
from vcs.sentence.release_rules import progression_model
from vcs.synthetic.national_load import load_national

VLO = "vlo.nlon1"


def _rows(sql: str) -> list[dict[str, Any]]:
    return list(run(DB.run_ddl(sql)))


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def test_every_custody_sentence_has_key_dates_under_the_release_rules(world: World) -> None:
    run(load_national(2000, TODAY, seed=11))
    rows = _rows(
        "SELECT s.type, s.sentenced_on, s.length_months, k.release_date, k.release_fraction, "
        "k.parole_eligibility, k.tariff_expiry, k.licence_expiry FROM sentence s "
        "LEFT JOIN key_dates k ON k.sentence = s.id"
    )
    assert rows
    by_rule = 0
    for r in rows:
        if r["type"] == "imprisonment":
            assert r["release_date"] is not None and r["licence_expiry"] is not None
            if r["release_fraction"] is not None:
                share = Decimal(r["release_fraction"])
                start = _day(r["sentenced_on"])
                expected = bulk_changes.release_on(start, r["length_months"], share)
                assert _day(r["release_date"]) == expected
                by_rule += 1
        elif r["type"] == "extended":
            assert r["parole_eligibility"] is not None and r["release_date"] is not None
        elif r["type"] == "life":
            assert r["tariff_expiry"] is not None
    assert by_rule > len(rows) // 2
    # Released on licence with victims still in the scheme: their release was a key stage.
    released = _rows(
        "SELECT DISTINCT k.offender FROM key_dates k JOIN sentence s ON s.id = k.sentence "
        "JOIN vcs_case c ON c.offender = k.offender AND c.state = 'open' "
        f"WHERE s.type = 'imprisonment' AND k.release_date < '{TODAY}'"
    )
    stages = {r["offender"] for r in _rows("SELECT offender FROM key_stage WHERE kind = 'release'")}
    assert released and {r["offender"] for r in released} == stages
    # The progression model finds the standard sentences still in custody at one half.
    change = progression_model(TODAY).changes[0]
    params = {
        "sentence_types": change.sentence_types,
        "fraction_from": "0.5",
        "fraction_to": "0.3333",
        "effective_from": TODAY,
    }

    async def planned() -> int:
        return sum([len(batch) async for batch in bulk_changes.planned_moves(params)])

    assert run(planned()) > 50


def test_cases_have_mappa_key_stages_letters_messages_and_events(world: World) -> None:
    run(load_national(2000, TODAY, seed=12))

    def count(sql: str) -> int:
        return int(_rows(sql)[0]["n"])

    assert count("SELECT COUNT(*) AS n FROM mappa_status") > 100
    assert count("SELECT COUNT(*) AS n FROM mappa_meeting") > 10
    assert count("SELECT COUNT(*) AS n FROM meeting_victim_view") > 10
    tasks = count("SELECT COUNT(*) AS n FROM task WHERE kind LIKE 'tell_%'")
    assert tasks > 20
    assert count("SELECT COUNT(*) AS n FROM key_stage_notice WHERE task IS NOT NULL") == tasks
    stages_on_timelines = count("SELECT COUNT(*) AS n FROM case_event WHERE kind = 'key_stage'")
    assert stages_on_timelines >= tasks
    letters = _rows("SELECT status, pdf FROM letter")
    assert len(letters) > 1000
    assert {r["status"] for r in letters} == {"sent"}
    assert all(bytes(r["pdf"]).startswith(b"%PDF") for r in letters[:50])
    states = {r["state"] for r in _rows("SELECT DISTINCT state FROM notification")}
    assert states and states <= {"delivered", "failed"}
    assert count("SELECT COUNT(*) AS n FROM notification") == count(
        "SELECT COUNT(*) AS n FROM notification_status"
    )
    inbox = {r["status"] for r in _rows("SELECT DISTINCT status FROM inbox_message")}
    assert inbox == {"processed", "ignored"}


def test_the_pages_and_my_work_read_the_national_data(world: World) -> None:
    run(load_national(2000, TODAY, seed=13))
    run(User.update({User.password_hash: PASSWORD_HASH}).where(User.username == VLO))
    [case] = _rows(
        "SELECT c.id, c.offender FROM vcs_case c JOIN app_user u ON u.id = c.assigned_to "
        f"JOIN key_stage_notice n ON n.\"case\" = c.id WHERE u.username = '{VLO}' "
        "ORDER BY c.id LIMIT 1"
    )
    case_id, offender = case["id"], case["offender"]
    for url in (
        "/api/v1/my-work",
        "/api/v1/tasks",
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/timeline",
        f"/api/v1/cases/{case_id}/letters",
        f"/api/v1/cases/{case_id}/key-stages",
        f"/api/v1/offenders/{offender}/key-dates",
        f"/api/v1/offenders/{offender}/key-stages",
        f"/api/v1/offenders/{offender}/mappa",
    ):
        response = world.get(VLO, url)
        assert response.status_code == 200, (url, response.text)
    assert world.get(VLO, "/api/v1/my-work").json()["items"]
    letters = world.get(VLO, f"/api/v1/cases/{case_id}/letters").json()["items"]
    assert letters and letters[0]["status"] == "sent"
    pdf = world.get(VLO, f"/api/v1/letters/{letters[0]['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pages = Pages(world).sign_in(VLO)
    for url in ("/my-work", f"/cases/{case_id}", f"/offenders/{offender}/key-dates"):
        response = pages.get(url)
        assert response.status_code == 200, (url, response.text[-2000:])
