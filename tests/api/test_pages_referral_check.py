"""Check your answers before a referral is sent, and every problem of the referral form shown
at once, through the test client (no JavaScript)."""

from __future__ import annotations

import re
from html import unescape

from tests.api.test_pages import error_summary, signed_in
from tests.api.test_pages_referrals import referral_form
from tests.fixtures import World, run
from vcs.core.tables import Case, Referral


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden fields of the page's form, as the browser would post them back."""
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    return {unescape(name): unescape(value) for name, value in found}


def answers(html: str) -> dict[str, str]:
    """Each summary list key with its value, in the words shown."""
    rows = re.findall(
        r'summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
        html,
        re.S,
    )
    return {
        unescape(k.strip()) + ":" + str(i): unescape(re.sub(r"\s+|<br>", " ", v).strip())
        for i, (k, v) in enumerate(rows)
    }


def test_continue_shows_the_answers_in_words_and_writes_nothing(world: World) -> None:
    pages = signed_in(world, "wcu")
    response = pages.post("/referrals/new", referral_form(action="refer"))
    assert response.status_code == 200, response.text
    assert "Check your answers before sending the referral" in response.text
    shown = " | ".join(answers(response.text).values())
    for words in (
        "London Victim Liaison Unit",
        "2 April 1980",
        "19 December 2025",
        "Wounding with intent (Violent)",
        "Imprisonment",
        "36 months",
        "12 Sample Road London E1 6AN",
        "English",
    ):
        assert words in shown, (words, shown)
    assert "VLU-LON" not in shown and "2025-12-19" not in response.text
    assert "Confirm and send" in response.text and "_csrf_token" in response.text
    assert run(Referral.count()) == 0 and run(Case.count()) == 0


def test_the_answers_travel_in_the_posted_form_not_the_address(world: World) -> None:
    pages = signed_in(world, "wcu")
    html = pages.post("/referrals/new", referral_form(action="refer")).text
    carried = hidden_fields(html)
    assert carried["victims[0].phone"] == "07700 900123"
    assert carried["victims[0].address.postcode"] == "E1 6AN"
    assert "07700" not in "".join(re.findall(r'(?:href|formaction)="([^"]*)"', html))
    assert 'method="post"' in html


def test_change_returns_to_the_form_with_every_answer(world: World) -> None:
    pages = signed_in(world, "wcu")
    html = pages.post("/referrals/new", referral_form(action="refer")).text
    assert 'formaction="/referrals/new#victims-0-phone"' in html
    back = pages.post("/referrals/new", {**hidden_fields(html), "action": "change"})
    assert back.status_code == 200
    assert "Refer a case" in back.text and "govuk-error-summary" not in back.text
    assert 'value="07700 900123"' in back.text and 'value="Morgan Testperson"' in back.text
    assert run(Referral.count()) == 0


def test_confirm_sends_the_referral_once_checked_again(world: World) -> None:
    pages = signed_in(world, "wcu")
    html = pages.post("/referrals/new", referral_form(action="refer")).text
    sent = pages.post("/referrals/new", {**hidden_fields(html), "action": "confirm"})
    assert sent.status_code == 303 and "sent=1" in sent.headers["location"]
    assert run(Referral.count()) == 1 and run(Case.count()) == 1


def test_a_tampered_confirmation_is_checked_again_and_writes_nothing(world: World) -> None:
    pages = signed_in(world, "wcu")
    html = pages.post("/referrals/new", referral_form(action="refer")).text
    tampered = {**hidden_fields(html), "victims[0].name": "", "action": "confirm"}
    response = pages.post("/referrals/new", tampered)
    assert response.status_code == 400
    assert ("#victims-0-name", "Enter the victim's full name") in error_summary(response.text)
    assert run(Referral.count()) == 0


def test_a_confirmation_without_its_csrf_token_is_refused(world: World) -> None:
    pages = signed_in(world, "wcu")
    html = pages.post("/referrals/new", referral_form(action="refer")).text
    form = {**hidden_fields(html), "action": "confirm"}
    response = world.client.post("/referrals/new", data=form, follow_redirects=False)
    assert response.status_code == 403
    assert run(Referral.count()) == 0


def test_every_problem_is_named_on_the_first_submit(world: World) -> None:
    """Missing answers, a wrong postcode and impossible dates, all in one error summary."""
    form = referral_form(
        action="refer",
        **{
            "offender.name": "",
            "sentence.date-year": "2999",
            "victims[0].date_of_birth-day": "1",
            "victims[0].date_of_birth-month": "1",
            "victims[0].date_of_birth-year": "2998",
            "victims[0].address.postcode": "not a postcode",
            "sentence.type": "",
        },
    )
    response = signed_in(world, "wcu").post("/referrals/new", form)
    assert response.status_code == 400
    summary = dict(error_summary(response.text))
    assert summary["#offender-name"] == "Enter the offender's full name"
    assert "on or before" in summary["#sentence-date-day"]
    assert summary["#sentence-type"] == "Select the type of sentence"
    assert "cannot be in the future" in summary["#victims-0-date-of-birth-day"]
    assert "real" in summary["#victims-0-address-postcode"]
    assert "not a postcode" not in str(summary)
    assert run(Referral.count()) == 0


def test_the_same_victim_twice_is_named_before_the_check(world: World) -> None:
    form = referral_form(
        action="refer",
        victim_count="2",
        **{"victims[1].name": "Alex Example", "victims[1].relationship": "direct"},
    )
    response = signed_in(world, "wcu").post("/referrals/new", form)
    assert response.status_code == 400
    assert ("#victims-1-name", "The same victim as victim 1") in error_summary(response.text)


def test_a_victim_already_referred_is_named_before_the_confirmation(world: World) -> None:
    pages = signed_in(world, "wcu")
    html = pages.post("/referrals/new", referral_form(action="refer")).text
    sent = pages.post("/referrals/new", {**hidden_fields(html), "action": "confirm"})
    assert sent.status_code == 303
    case_id = run(Case.select(Case.id).first())["id"]
    again = pages.post("/referrals/new", referral_form(action="refer"))
    assert again.status_code == 409
    assert "Check your answers before sending the referral" not in again.text
    assert "Confirm and send" not in again.text
    summary = error_summary(again.text)
    assert any(f"Already referred as case {case_id}" in text for _, text in summary), summary
    assert run(Referral.count()) == 1 and run(Case.count()) == 1
