"""The Sentencing Act 2026: a 56-day fixed-term recall is a key stage with its re-release date;
the progression model's release point is a set of bulk date changes like the 40% one, with the
sentences it excludes. Both read from a rules file."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal

import pytest

from tests.api.test_key_stages import co_victims, stage, tasks_of
from tests.fixtures import World
from vcs.sentence.release_rules import RULES_FILE, loaded_rules, parse_rules, re_release_on

BULK = "/api/v1/key-dates/bulk-changes"


def _release(world: World, offender_id: int) -> str:
    body = world.get("vlo", f"/api/v1/offenders/{offender_id}/key-dates").json()
    return str(body["release_date"])


def test_a_fixed_term_recall_is_a_key_stage_with_its_re_release_date(world: World) -> None:
    offender, (release_month, annual, every) = co_victims(
        world, ["release_month", "annual", "key_stages"]
    )
    recalled = stage(world, offender, kind="fixed_term_recall", on="2026-01-12")
    assert recalled.status_code == 201, recalled.text
    assert recalled.json()["new_release_date"] == "2026-03-09"  # 56 days later
    assert _release(world, offender) == "2026-03-09"
    assert [t["kind"] for t in tasks_of(release_month)] == ["tell_fixed_term_recall"]
    assert [t["kind"] for t in tasks_of(every)] == ["tell_fixed_term_recall"]
    assert tasks_of(annual) == []
    given = stage(
        world, offender, kind="fixed_term_recall", on="2026-01-12", new_release_date="2026-03-20"
    )
    assert given.status_code == 201 and given.json()["new_release_date"] == "2026-03-20"
    before = stage(
        world, offender, kind="fixed_term_recall", on="2026-01-12", new_release_date="2026-01-10"
    )
    assert before.status_code == 422
    assert [e["field"] for e in before.json()["errors"]] == ["new_release_date"]


def test_the_progression_model_is_bulk_changes_with_the_sentences_it_excludes(
    world: World,
) -> None:
    offender, _ = co_victims(world, ["key_stages"])
    body = {"release_date": "2027-06-20", "release_fraction": 0.5}
    assert world.put("vlo", f"/api/v1/offenders/{offender}/key-dates", body).status_code == 200
    model = world.get(
        "national", "/api/v1/key-dates/progression-model", params={"effective_from": "2026-11-01"}
    )
    assert model.status_code == 200, model.text
    shown = model.json()
    moves = {(c["release_fraction_from"], c["release_fraction_to"]) for c in shown["changes"]}
    assert moves == {("0.5", "0.3333"), ("0.4", "0.3333"), ("0.6667", "0.5")}
    excluded = {t for e in shown["excluded"] for t in e["sentence_types"]}
    assert {"extended", "life", "ipp"} <= excluded
    assert all("_" not in e["words"] for e in shown["excluded"])
    half = next(c for c in shown["changes"] if c["release_fraction_from"] == "0.5")
    assert half["name"].endswith("from 1 November 2026: half-way point to one-third point")
    change = {k: half[k] for k in ("name", "sentence_types", "effective_from")}
    change |= {"release_fraction_from": 0.5, "release_fraction_to": 0.3333}
    assert world.post("national", f"{BULK}/preview", change).status_code == 200
    applied = world.post("national", BULK, change)
    assert applied.status_code == 201, applied.text
    assert applied.json()["offenders_changed"] == 1
    assert _release(world, offender) == "2026-12-20"  # 1096 days x 0.3333, rounded up
    assert world.get("om", "/api/v1/key-dates/progression-model").status_code in (400, 403)


def test_the_rules_are_read_from_their_data_file() -> None:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert loaded_rules().recall_days == data["fixed_term_recall"]["days"] == 56
    assert re_release_on(date(2026, 1, 12)) == date(2026, 3, 9)
    data["fixed_term_recall"]["days"] = 28
    changed = parse_rules(data)
    assert re_release_on(date(2026, 1, 12), changed) == date(2026, 2, 9)
    assert changed.moves[0].fraction_to == Decimal("0.3333")
    data["progression_model"]["excluded"].append({"sentence_types": ["imprisonment"], "words": "x"})
    with pytest.raises(ValueError, match="both moved and excluded"):
        parse_rules(data)
