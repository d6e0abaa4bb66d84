"""Retention (issue 8, item 9): `vcs retention --dry-run` lists what would go and why;
without it, closed cases past their period go with everything about the victim, each removal
audited, the audit trail kept whole."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.api.route_table import mint_tokens
from tests.api.test_audit import vcs_command
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.casework.tables import ContactAttempt, NominatedContact
from vcs.core.config import load_settings
from vcs.core.tables import Case, CaseEvent, Victim
from vcs.correspondence.tables import Letter
from vcs.records import retention

OLD = "2018-03-01"  # closed more than 7 years before "today" (2026-01-12)


def _case(world: World, name: str) -> int:
    victim = {
        "name": name,
        "relationship": "direct",
        "date_of_birth": "1991-07-08",
        "address": {"line1": "3 Retention Row", "town": "London", "postcode": "E2 7AA"},
        "email": "kept.example@example.com",
        "phone": "07700 900456",
    }
    return int(world.refer(victims=[victim])["cases"][0]["id"])


def _fill_and_close(world: World, case_id: int, on: str) -> None:
    contact = {"on": "2026-01-09", "method": "phone", "outcome": "made_contact"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/contacts", contact).status_code == 201
    version = run(Case.select(Case.version).where(Case.id == case_id).first())["version"]
    nominee = {"name": "Sam Example", "relationship": "sister", "version": version}
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    assert world.put("vlo", url, nominee).status_code < 300
    body = {"reason": "victim_request", "on": "2026-01-10"}
    response = world.post("vlo", f"/api/v1/cases/{case_id}/close", body)
    assert response.status_code < 300, response.text
    # as if closed long ago: the API refuses a closure before the referral
    run(Case.update({Case.closed_on: date.fromisoformat(on)}).where(Case.id == case_id))


def _held(case_id: int, victim_id: int) -> dict[str, Any]:
    return {
        "case": run(Case.exists().where(Case.id == case_id)),
        "victim": run(Victim.exists().where(Victim.id == victim_id)),
        "events": run(CaseEvent.count().where(CaseEvent.case == case_id)),
        "contacts": run(ContactAttempt.count().where(ContactAttempt.case == case_id)),
        "nominee": run(NominatedContact.count().where(NominatedContact.case == case_id)),
    }


def _victim(case_id: int) -> int:
    return int(run(Case.select(Case.victim).where(Case.id == case_id).first())["victim"])


def _world(world: World) -> tuple[int, int, int]:
    mint_tokens(world, ["wcu", "vlo"])
    old, recent, still_open = (_case(world, n) for n in ("Old Example", "New Example", "Open Ex"))
    _fill_and_close(world, old, OLD)
    _fill_and_close(world, recent, "2025-12-01")
    return old, recent, still_open


def test_dry_run_lists_what_would_go_and_why_and_changes_nothing(world: World) -> None:
    old, recent, still_open = _world(world)
    before = run(AuditEntry.count())
    result = vcs_command("retention", "--dry-run", "--date", "2026-01-12")
    assert result.returncode == 0, result.stderr
    assert f"Would remove: case {old}, case (1 record(s)): case closed on {OLD}, kept 7 years" in (
        result.stdout
    )
    assert f"case {recent}," not in result.stdout and f"case {still_open}," not in result.stdout
    assert "Nothing was changed." in result.stdout
    for detail in ("Old Example", "Retention Row", "E2 7AA", "07700 900456", "@example.com"):
        assert detail not in result.stdout + result.stderr
    assert _held(old, _victim(old))["case"]
    assert run(AuditEntry.count()) == before


def test_removal_takes_everything_about_the_victim_and_is_audited(world: World) -> None:
    old, recent, _ = _world(world)
    old_victim, recent_victim = _victim(old), _victim(recent)
    result = vcs_command("retention", "--date", "2026-01-12")
    assert result.returncode == 0, result.stderr
    assert f"Removed: case {old}, case" in result.stdout
    assert _held(old, old_victim) == {
        "case": False,
        "victim": False,
        "events": 0,
        "contacts": 0,
        "nominee": 0,
    }
    assert _held(recent, recent_victim)["case"] and _held(recent, recent_victim)["contacts"] == 1
    entry = run(AuditEntry.select().where(AuditEntry.action == "retention_removed").first())
    assert entry["record_type"] == "case" and entry["record_id"] == old
    assert "Old Example" not in entry["detail"] and "E2 7AA" not in entry["detail"]
    assert vcs_command("audit", "verify").returncode == 0
    again = vcs_command("retention", "--date", "2026-01-12")
    assert "Removed 0 case(s)" in again.stdout


def test_each_kind_has_its_own_configurable_period(world: World) -> None:
    _, recent, _ = _world(world)
    config = load_settings({"VCS_RETENTION_YEARS_CONTACTS": "0", "VCS_RETENTION_YEARS_CASE": "1"})
    assert config.retention_years_case == 1 and load_settings({}).retention_years_case == 7
    found = run(retention.due_for_removal(date(2026, 1, 12), config))
    kinds = {(r.case_id, r.kind) for r in found}
    assert (recent, "contacts") in kinds and (recent, "case") not in kinds
    assert retention.expires(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert run(Letter.count()) == 0
