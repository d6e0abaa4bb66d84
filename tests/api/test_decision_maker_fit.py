"""The decision maker must fit the sentence: checked when a request is forwarded, through the
API and the request's page, with the rules read from their data file."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_conditions import REQUESTS, case_and_offender, create
from tests.api.test_pages import error_summary, signed_in
from tests.fixtures import BASE_REFERRAL, World, run
from vcs.conditions.decision_maker_fit import RULES_FILE, check_fit, loaded_rules, parse_rules
from vcs.conditions.tables import ConditionRequest
from vcs.core.errors import InvalidInput
from vcs.core.tables import CaseEvent


def _sentence(kind: str, months: int | None = None) -> dict[str, Any]:
    return {**BASE_REFERRAL["sentence"], "type": kind, "length_months": months}


def _draft(world: World, kind: str, months: int | None = None) -> int:
    case_id, _ = case_and_offender(world, sentence=_sentence(kind, months))
    made = create(world, case_id, type="no_contact", zone=None, names=["Alex Example"])
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _forward(world: World, rid: int, maker: str, reason: str | None = None) -> Any:
    body: dict[str, Any] = {"decision_maker": maker, "on": "2026-01-12"}
    if reason is not None:
        body["decision_maker_reason"] = reason
    return world.post("vlo", f"{REQUESTS}/{rid}/forward", body)


@pytest.mark.parametrize(
    ("kind", "months", "maker"),
    [
        ("life", None, "prison_governor"),
        ("ipp", None, "public_protection_casework"),
        ("imprisonment", 36, "parole_board"),
        ("hospital_order_restricted", None, "parole_board"),
        ("hospital_order_restricted", None, "prison_governor"),
    ],
)
def test_a_decision_maker_that_does_not_fit_is_refused_and_nothing_written(
    world: World, kind: str, months: int | None, maker: str
) -> None:
    rid = _draft(world, kind, months)
    refused = _forward(world, rid, maker)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert [e["field"] for e in problem["errors"]] == ["decision_maker"]
    assert "say why" in problem["errors"][0]["message"]
    assert "_" not in problem["errors"][0]["message"]
    assert run(ConditionRequest.select().where(ConditionRequest.id == rid).first())["status"] == (
        "draft"
    )


@pytest.mark.parametrize(
    ("kind", "months", "maker"),
    [
        ("life", None, "parole_board"),
        ("extended", 120, "parole_board"),
        ("imprisonment", 36, "prison_governor"),
        ("imprisonment", 36, "public_protection_casework"),
        ("hospital_order_restricted", None, "mental_health_casework_section"),
        ("hospital_direction", None, "tribunal"),
    ],
)
def test_a_decision_maker_that_fits_is_accepted(
    world: World, kind: str, months: int | None, maker: str
) -> None:
    rid = _draft(world, kind, months)
    sent = _forward(world, rid, maker)
    assert sent.status_code == 200, sent.text
    assert sent.json()["forwarded"]["decision_maker"] == maker


def test_a_different_decision_maker_goes_with_the_reason_on_the_timeline(world: World) -> None:
    rid = _draft(world, "imprisonment", 36)
    sent = _forward(world, rid, "parole_board", "Recalled: the Parole Board reviews the recall")
    assert sent.status_code == 200, sent.text
    assert sent.json()["forwarded"]["decision_maker"] == "parole_board"
    event = run(
        CaseEvent.select(CaseEvent.summary)
        .where(CaseEvent.kind == "condition_request_forwarded")
        .first()
    )
    assert "Recalled: the Parole Board reviews the recall" in event["summary"]
    assert "not the usual decision maker" in event["summary"]


def test_the_request_page_asks_why_and_names_the_field(world: World) -> None:
    rid = _draft(world, "life")
    pages = signed_in(world, "vlo")
    form = {
        "forward.action": "confirm",
        "forward.decision_maker": "prison_governor",
        "forward.on-day": "12",
        "forward.on-month": "1",
        "forward.on-year": "2026",
    }
    shown = pages.post(f"/condition-requests/{rid}/forward", form)
    assert shown.status_code == 422
    summary = error_summary(shown.text)
    assert len(summary) == 1 and summary[0][0] == "#forward-decision-maker"
    assert "say why" in summary[0][1]
    done = pages.post(
        f"/condition-requests/{rid}/forward",
        {**form, "forward.decision_maker_reason": "Transferred from a hospital"},
    )
    assert done.status_code == 303, done.text


def test_the_rules_are_read_from_their_data_file() -> None:
    """The file drives the check: the loaded rules are the file's, and a changed file changes
    who fits."""
    import tomllib

    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert {r.name for r in loaded_rules()} == {r["name"] for r in data["rule"]}
    names = {"parole_board": "The Parole Board", "prison_governor": "The prison governor"}
    with pytest.raises(InvalidInput):
        check_fit("life", "prison_governor", None, names)
    data["rule"][1]["decision_makers"].append("prison_governor")
    changed = parse_rules(
        data,
        [
            "prison_governor",
            "parole_board",
            "public_protection_casework",
            "mental_health_casework_section",
            "tribunal",
            "hospital_managers",
        ],
    )
    assert check_fit("life", "prison_governor", None, names, changed) is None
    with pytest.raises(ValueError, match="unknown decision makers"):
        parse_rules({"rule": [{**data["rule"][0], "decision_makers": ["the_king"]}]}, ["x"])
