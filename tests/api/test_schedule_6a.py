"""The Victims and Courts Act 2026: Schedule 6A to the 2004 Act as a dated rule set driven by an
offence schedule held as data, off until its commencement date is configured; a victim outside
every scheme is signposted to the helpline."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from tests.api.test_pages import signed_in
from tests.fixtures import BASE_REFERRAL, World, run
from vcs.core import config
from vcs.core.config import load_settings
from vcs.core.tables import Referral
from vcs.referrals.eligibility import (
    HELPLINE_OUTCOME,
    OffenceFacts,
    SentenceFacts,
    decide_eligibility,
)
from vcs.referrals.eligibility_rules import (
    DATA,
    RULE_SETS_FILE,
    OffenceCategory,
    SentenceType,
    parse_rule_sets,
)

STALKING = {"description": "Stalking", "category": "other", "code": "PHA97-2A"}
DAMAGE = {"description": "Criminal damage", "category": "other", "code": "CDA71-1"}


def _refer(world: World, offence: dict[str, Any], kind: str, months: int | None) -> Any:
    sentence = {**BASE_REFERRAL["sentence"], "type": kind, "length_months": months}
    response = world.post(
        "wcu", "/api/v1/referrals", {**BASE_REFERRAL, "offences": [offence], "sentence": sentence}
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    """Schedule 6A commenced on 1 December 2025 (the sentence date is 19 December 2025)."""
    monkeypatch.setattr(
        config, "settings", dataclasses.replace(config.settings, schedule_6a_from=date(2025, 12, 1))
    )


def test_off_until_its_commencement_date_is_set(world: World) -> None:
    body = _refer(world, STALKING, "suspended", 12)
    assert body["eligibility"]["status"] == "ineligible"
    assert body["eligibility"]["rules_version"] == "dvcva-2004/2021-04-01"
    assert body["eligibility"]["outcome"] is None


def test_an_offence_with_no_threshold_qualifies_whatever_the_sentence(
    world: World, in_force: None
) -> None:
    body = _refer(world, STALKING, "suspended", 12)
    eligibility = body["eligibility"]
    assert (eligibility["status"], eligibility["rules_version"]) == (
        "statutory",
        "vca-2026/schedule-6a",
    )
    assert any("Schedule 6A, Part 2" in r for r in eligibility["reasons"])
    assert len(body["cases"]) == 1
    assert all("_" not in r for r in eligibility["reasons"])


def test_below_the_threshold_the_victim_is_signposted_to_the_helpline(
    world: World, in_force: None
) -> None:
    short = _refer(world, DAMAGE, "imprisonment", 6)
    assert short["eligibility"]["status"] == "ineligible"
    assert short["eligibility"]["outcome"] == HELPLINE_OUTCOME == "signposted to the helpline"
    assert short["cases"] == []
    read = world.get("wcu", f"/api/v1/referrals/{short['id']}").json()
    assert read["eligibility"]["outcome"] == "signposted to the helpline"
    assert read["eligibility"]["rules_version"] == "vca-2026/schedule-6a"
    # The outcome is a field of its own, stored on the referral, not a line among the reasons.
    assert not any("helpline" in r for r in read["eligibility"]["reasons"])
    stored = run(Referral.select(Referral.outcome).where(Referral.id == short["id"]).first())
    assert stored == {"outcome": "signposted to the helpline"}
    page = unescape(signed_in(world, "wcu").get(f"/referrals/{short['id']}").text)
    assert "Outcome" in page and "Signposted to the helpline: the victims are outside" in page
    other = {**BASE_REFERRAL["offender"], "name": "Robin Testperson", "crn": "X654321"}
    sentence = {**BASE_REFERRAL["sentence"], "length_months": 14, "type": "imprisonment"}
    long = world.post(
        "wcu",
        "/api/v1/referrals",
        {**BASE_REFERRAL, "offender": other, "offences": [DAMAGE], "sentence": sentence},
    ).json()
    assert long["eligibility"]["status"] == "statutory"
    assert long["eligibility"]["outcome"] is None
    assert "Signposted" not in signed_in(world, "wcu").get(f"/referrals/{long['id']}").text


def test_the_offence_schedule_is_data_that_drives_the_decision(tmp_path: Path) -> None:
    data = tomllib.loads(RULE_SETS_FILE.read_text(encoding="utf-8"))
    (tmp_path / "schedule_6a.csv").write_text(
        "code,description,part,threshold_months\nNEW-1,An offence added later,Part 3,24\n",
        encoding="utf-8",
    )
    sets = parse_rule_sets(data, date(2025, 12, 1), tmp_path)
    assert [r.version for r in sets] == ["dvcva-2004/2021-04-01", "vca-2026/schedule-6a"]
    assert parse_rule_sets(data, None, DATA)[-1].version == "dvcva-2004/2021-04-01"
    offence = [OffenceFacts(OffenceCategory.OTHER, code="NEW-1", description="New")]

    def decided(months: int) -> str:
        sentence = SentenceFacts(SentenceType.IMPRISONMENT, date(2026, 1, 5), months)
        return decide_eligibility(offence, sentence, rule_sets=sets).status.value

    assert (decided(23), decided(24)) == ("ineligible", "statutory")
    stalking = [OffenceFacts(OffenceCategory.OTHER, code="PHA97-2A")]
    sentence = SentenceFacts(SentenceType.SUSPENDED, date(2026, 1, 5), 6)
    assert decide_eligibility(stalking, sentence, rule_sets=sets).status.value == "ineligible"


def test_the_commencement_date_is_checked_at_start() -> None:
    assert load_settings({"VCS_SCHEDULE_6A_FROM": "2027-04-01"}).schedule_6a_from == date(
        2027, 4, 1
    )
    assert load_settings({}).schedule_6a_from is None
    with pytest.raises(ValueError, match="VCS_SCHEDULE_6A_FROM"):
        load_settings({"VCS_SCHEDULE_6A_FROM": "next spring"})
