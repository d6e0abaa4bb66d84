"""Check before a licence-condition request is forwarded to the decision maker: the request as
it will go and to whom, a way back to change the answers, and nothing forwarded until the VLO
confirms (through the test client, no JavaScript)."""

from __future__ import annotations

from tests.api.test_conditions import case_and_offender, create
from tests.api.test_decision_maker_fit import _sentence
from tests.api.test_pages import error_summary, signed_in
from tests.api.test_pages_conditions import date_fields, requests_of, step
from tests.api.test_pages_referral_check import answers, hidden_fields
from tests.api.test_pinpoint_places import PINPOINT
from tests.fixtures import World

FORM = {"forward.decision_maker": "prison_governor", **date_fields("forward.on")}
LIFE = _sentence("life")  # the Parole Board decides: the prison governor must be explained


def test_forwarding_shows_the_request_and_the_answers_before_anything_is_sent(
    world: World,
) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    pages = signed_in(world, "vlo")
    check = step(pages, request_id, "forward", FORM)
    assert check.status_code == 200
    assert "Check before forwarding the request" in check.text
    shown = " | ".join(answers(check.text).values())
    assert "The prison governor" in shown and "12 January 2026" in shown
    assert "prison_governor" not in shown and "2026-01-12" not in check.text
    assert "Confirm and forward" in check.text and "_csrf_token" in check.text
    assert requests_of(case_id)[0]["status"] == "draft"

    back = step(
        pages, request_id, "forward", {**hidden_fields(check.text), "forward.action": "change"}
    )
    assert back.status_code == 200 and "Forward the request" in back.text
    assert 'value="prison_governor" checked' in back.text.replace("\n", " ").replace("  ", " ")
    assert requests_of(case_id)[0]["status"] == "draft"

    sent = step(
        pages, request_id, "forward", {**hidden_fields(check.text), "forward.action": "confirm"}
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("?done=forward")
    assert requests_of(case_id)[0]["status"] == "forwarded"


def test_a_confirmation_is_checked_again(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id).json()["id"])
    pages = signed_in(world, "vlo")
    check = step(pages, request_id, "forward", FORM)
    tampered = {
        **hidden_fields(check.text),
        "forward.decision_maker": "",
        "forward.action": "confirm",
    }
    refused = step(pages, request_id, "forward", tampered)
    assert refused.status_code == 400
    assert ("#forward-decision-maker", "Select the decision maker") in error_summary(refused.text)
    assert requests_of(case_id)[0]["status"] == "draft"


def test_a_refusal_shows_on_checking_before_anything_is_confirmed(world: World) -> None:
    case_id, _ = case_and_offender(world)
    request_id = int(create(world, case_id, zone=PINPOINT).json()["id"])
    pages = signed_in(world, "vlo")
    refused = step(pages, request_id, "forward", FORM)
    assert refused.status_code == 409
    assert "Check before forwarding the request" not in refused.text
    assert "Confirm and forward" not in refused.text
    [(_, text)] = error_summary(refused.text)
    assert "wider zone" in text
    assert requests_of(case_id)[0]["status"] == "draft"


def test_a_decision_maker_who_does_not_fit_is_asked_about_before_the_check(world: World) -> None:
    case_id, _ = case_and_offender(world, sentence=LIFE)
    made = create(world, case_id, type="no_contact", zone=None, names=["Alex Example"])
    request_id = int(made.json()["id"])
    pages = signed_in(world, "vlo")
    asked = step(pages, request_id, "forward", FORM)
    assert asked.status_code == 422
    assert "Check before forwarding the request" not in asked.text
    [(href, text)] = error_summary(asked.text)
    assert href == "#forward-decision-maker" and "say why" in text
    reason = {**FORM, "forward.decision_maker_reason": "Transferred from a hospital"}
    check = step(pages, request_id, "forward", reason)
    assert check.status_code == 200 and "Check before forwarding the request" in check.text
    assert requests_of(case_id)[0]["status"] == "draft"
