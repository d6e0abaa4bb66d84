"""The letter pages, through the test client (no JavaScript): a case's letters on the case page,
drafting a letter (and the use case's refusals), a letter with its PDF, marking it sent or
cancelling it, and the unit's letters to print. Every person here is invented."""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.correspondence.case_letter_pages import DETAILS, WHEN_USED
from api.web.labels import LABELS
from letters import Template as LetterTemplate
from letters.fields import TEMPLATE_FIELDS
from tests.api.route_table import mint_tokens
from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.casework.tables import ContactAttempt
from vcs.correspondence.schemas import LetterFields
from vcs.correspondence.tables import Letter

VICTIM_DETAILS = ("12 Sample Road", "E1 6AN", "07700 900123", "alex.example@example.com")


@pytest.fixture(autouse=True)
def _tokens(world: World) -> None:
    """API tokens issued directly, for setting cases up (the pages sign in themselves)."""
    mint_tokens(world)


def _case(world: World, **referral: Any) -> int:
    return int(world.refer(**referral)["cases"][0]["id"])


def _version(world: World, case_id: int) -> int:
    return int(world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"])


def _api_letter(world: World, case_id: int, template: str = "initial_offer") -> int:
    made = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": template})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _letter(world: World, letter_id: int) -> dict[str, Any]:
    return dict(world.get("vlo", f"/api/v1/letters/{letter_id}").json())


def _draft_form(pages: Pages, case_id: int) -> dict[str, str]:
    """The hidden fields of the draft form, as the browser would post them."""
    html = pages.get(f"/cases/{case_id}/letters/new?template=initial_offer").text
    version = re.search(r'name="version" id="version" value="(\d+)"', html)
    assert version, html
    return {"version": version.group(1)}


def _letter_id(location: str) -> int:
    match = re.fullmatch(r"/letters/(\d+)\?done=drafted", location)
    assert match, location
    return int(match.group(1))


def _hrefs(html: str) -> list[str]:
    hrefs = [href for href, _ in error_summary(html)]
    assert all(h.lstrip("#") in ids_in(html) for h in hrefs), (hrefs, ids_in(html))
    return hrefs


# The draft form


def test_the_form_offers_every_letter_in_words_with_when_it_is_used(world: World) -> None:
    case_id = _case(world)
    html = signed_in(world, "vlo").get(f"/cases/{case_id}/letters/new").text
    assert "<h1" in html and html.count("<h1") == 1
    for template in LetterTemplate:
        assert f'value="{template.value}"' in html, template
        assert template.value in LABELS["letter"] and template.value in WHEN_USED
        assert LABELS["letter"][template.value].replace("'", "&#39;") in html
    assert 'method="get"' in html and 'name="language"' not in html  # the letter comes first
    html = signed_in(world, "vlo").get(f"/cases/{case_id}/letters/new?template=annual_contact").text
    for present in ('name="language"', 'name="channel"', 'name="version"', "csrf"):
        assert present in html
    for detail in VICTIM_DETAILS:
        assert detail not in html


def test_each_letter_asks_for_exactly_its_own_details() -> None:
    asked = {name.removeprefix("fields.") for names in DETAILS.values() for name in names}
    assert asked == set(LetterFields.model_fields)
    for template, names in DETAILS.items():
        own = TEMPLATE_FIELDS[LetterTemplate(template)]
        assert all(n.removeprefix("fields.") in own for n in names), template


def test_a_vlo_drafts_a_letter_and_sees_it_on_the_case(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    before = pages.get(f"/cases/{case_id}").text
    assert "No letters have been drafted" in before
    assert f'href="/cases/{case_id}/letters/new"' in before and "Draft a letter" in before
    done = pages.post(
        f"/cases/{case_id}/letters/new",
        {**_draft_form(pages, case_id), "template": "initial_offer"},
    )
    assert done.status_code == 303, done.text
    letter_id = _letter_id(done.headers["location"])
    shown = pages.get(done.headers["location"]).text
    assert "govuk-notification-banner--success" in shown and "&lt;p" not in shown
    assert '<p class="govuk-notification-banner__heading">The letter is drafted' in shown
    reference = f"VCS/VLU-LON/{case_id}/1"
    for words in (reference, "Offer of the Victim Contact Scheme", "English", "Alex Example"):
        assert words in shown, words
    assert f'href="/letters/{letter_id}/preview.pdf"' in shown
    assert "Mark as sent" in shown and "Cancel this letter" in shown
    for detail in VICTIM_DETAILS:
        assert detail not in shown
    case_page = pages.get(f"/cases/{case_id}").text
    section = case_page.split('id="letters"', 1)[1].split("</section>", 1)[0]
    assert f'href="/letters/{letter_id}"' in section and reference in section
    assert "Offer of the Victim Contact Scheme" in section and "Draft" in section
    manager = signed_in(world, "manager").get(f"/cases/{case_id}").text
    assert reference in manager


def test_a_letter_with_its_details_and_a_language_chosen(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = {
        **_draft_form(pages, case_id),
        "template": "conditions_outcome",
        "language": "cy",
        "channel": "email",
        "fields.conditions": "Not to contact Alex Example.\n\n Not to enter Example Road. \n",
        "fields.conditions_end-day": "20",
        "fields.conditions_end-month": "9",
        "fields.conditions_end-year": "2031",
        "fields.hearing_date-day": "99",  # another letter's detail: not read
    }
    done = pages.post(f"/cases/{case_id}/letters/new", form)
    assert done.status_code == 303, done.text
    letter = _letter(world, _letter_id(done.headers["location"]))
    assert (letter["template"], letter["language"], letter["channel"]) == (
        "conditions_outcome",
        "cy",
        "email",
    )
    assert "Welsh" in pages.get(f"/letters/{letter['id']}").text


def test_a_welsh_speaker_is_written_to_in_welsh_by_default(world: World) -> None:
    victim = {
        "name": "Alex Example",
        "relationship": "direct",
        "language": "cy",
        "address": {"line1": "12 Sample Road", "town": "Cardiff", "postcode": "CF10 1AA"},
    }
    case_id = _case(world, victims=[victim])
    pages = signed_in(world, "vlo")
    chosen = pages.get(f"/cases/{case_id}/letters/new?template=initial_offer").text
    assert "As the case says (Welsh)" in chosen
    done = pages.post(
        f"/cases/{case_id}/letters/new",
        {**_draft_form(pages, case_id), "template": "initial_offer"},
    )
    assert _letter(world, _letter_id(done.headers["location"]))["language"] == "cy"


def test_no_letter_chosen_is_a_400_naming_the_field(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    response = pages.post(f"/cases/{case_id}/letters/new", _draft_form(pages, case_id))
    assert response.status_code == 400
    assert _hrefs(response.text) == ["#template"]
    assert "Select which letter to draft" in response.text
    assert run(Letter.count()) == 0


def test_missing_and_impossible_details_are_shown_on_their_fields(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    url, base = f"/cases/{case_id}/letters/new", _draft_form(pages, case_id)
    missing = pages.post(url, {**base, "template": "key_stage_parole_review"})
    assert missing.status_code == 422, missing.text
    assert _hrefs(missing.text) == ["#fields-hearing-date-day", "#fields-vps-deadline-day"]
    impossible = pages.post(
        url,
        {
            **base,
            "template": "key_stage_recall",
            "fields.recall_date-day": "31",
            "fields.recall_date-month": "2",
            "fields.recall_date-year": "2026",
        },
    )
    assert impossible.status_code == 400
    assert _hrefs(impossible.text) == ["#fields-recall-date-day"]
    assert "The date of the recall must be a real date" in impossible.text
    prison = pages.post(
        url,
        {
            **base,
            "template": "conditions_outcome",
            "fields.conditions": "Not to contact Alex Example\nNot to write from HMP Exampleton",
            "fields.conditions_end-day": "20",
            "fields.conditions_end-month": "9",
            "fields.conditions_end-year": "2031",
        },
    )
    assert prison.status_code == 422, prison.text
    assert _hrefs(prison.text) == ["#fields-conditions"]
    assert "never names the offender&#39;s prison" in prison.text
    assert run(Letter.count()) == 0


@pytest.mark.parametrize("why", ["died", "opted_out"])
def test_a_letter_that_cannot_go_to_this_victim_is_refused_in_the_use_cases_words(
    world: World, why: str
) -> None:
    case_id = _case(world)
    if why == "died":
        body: dict[str, Any] = {"on": "2026-01-09"}
        assert world.post("vlo", f"/api/v1/cases/{case_id}/victim-death", body).status_code == 201
    else:
        body = {"status": "opted_out", "on": "2026-01-09"}
        made = world.post("vlo", f"/api/v1/cases/{case_id}/participation", body)
        assert made.status_code == 201, made.text
    pages = signed_in(world, "vlo")
    response = pages.post(
        f"/cases/{case_id}/letters/new",
        {**_draft_form(pages, case_id), "template": "annual_contact"},
    )
    assert response.status_code == 409
    summary = error_summary(response.text)
    assert len(summary) == 1 and summary[0][0] == "#template"
    assert ("died" if why == "died" else "opted out") in summary[0][1]
    assert run(Letter.count()) == 0


def test_a_stale_case_version_is_a_412_and_nothing_is_drafted(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = {**_draft_form(pages, case_id), "template": "initial_offer"}
    body = {"channels": ["post"], "version": _version(world, case_id)}
    changed = world.put("vlo", f"/api/v1/cases/{case_id}/preferences", body)
    assert changed.status_code == 200, changed.text
    response = pages.post(f"/cases/{case_id}/letters/new", form)
    assert response.status_code == 412
    assert "Someone else changed this case" in response.text
    assert _hrefs(response.text) == ["#template"]
    assert f'value="{_version(world, case_id)}"' in response.text  # the new version, to retry
    assert 'name="template" value="initial_offer"' in response.text
    assert run(Letter.count()) == 0


# The letter, its PDF, sending and cancelling


def test_the_preview_is_the_stored_pdf_inline_and_audited(world: World) -> None:
    case_id = _case(world)
    letter_id = _api_letter(world, case_id)
    response = signed_in(world, "manager").get(f"/letters/{letter_id}/preview.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    name = f"VCS-VLU-LON-{case_id}-1.pdf"
    assert response.headers["content-disposition"] == f'inline; filename="{name}"'
    assert response.content.startswith(b"%PDF")
    api_pdf = world.get("vlo", f"/api/v1/letters/{letter_id}/pdf").content
    assert response.content == api_pdf
    reads = run(AuditEntry.select(AuditEntry.actor).where(AuditEntry.action == "read_letter_pdf"))
    assert [r["actor"] for r in reads] == ["manager", "vlo"]


def test_marking_a_letter_sent(world: World) -> None:
    case_id = _case(world)
    letter_id = _api_letter(world, case_id)
    pages = signed_in(world, "vlo")
    url = f"/letters/{letter_id}/send"
    empty = pages.post(url, {})
    assert empty.status_code == 400
    assert _hrefs(empty.text) == ["#on-day"] and "Enter the date the letter was sent" in empty.text
    future = pages.post(url, {"on-day": "13", "on-month": "1", "on-year": "2026"})
    assert future.status_code == 422
    assert _hrefs(future.text) == ["#on-day"]
    assert run(ContactAttempt.count()) == 0 and _letter(world, letter_id)["status"] == "draft"
    done = pages.post(url, {"on-day": "12", "on-month": "1", "on-year": "2026"})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/letters/{letter_id}?done=sent"
    shown = pages.get(done.headers["location"]).text
    assert "The letter is marked as sent" in shown and "12 January 2026" in shown
    assert f'action="/letters/{letter_id}/send"' not in shown
    assert f'action="/letters/{letter_id}/cancel"' not in shown
    assert _letter(world, letter_id)["status"] == "sent"
    section = pages.get(f"/cases/{case_id}").text.split('id="letters"', 1)[1]
    assert "Sent" in section.split("</section>", 1)[0]
    again = pages.post(url, {"on-day": "12", "on-month": "1", "on-year": "2026"})
    assert again.status_code == 409 and "only a draft can be sent" in again.text
    assert _hrefs(again.text) == []  # no form to link to on a sent letter


def test_a_draft_is_not_sent_to_a_victim_who_died_since(world: World) -> None:
    case_id = _case(world)
    letter_id = _api_letter(world, case_id, "annual_contact")
    death = world.post("vlo", f"/api/v1/cases/{case_id}/victim-death", {"on": "2026-01-12"})
    assert death.status_code == 201
    response = signed_in(world, "vlo").post(
        f"/letters/{letter_id}/send", {"on-day": "12", "on-month": "1", "on-year": "2026"}
    )
    assert response.status_code == 409
    assert "can no longer be sent" in response.text and "died" in response.text
    assert _hrefs(response.text) == ["#on-day"]
    assert _letter(world, letter_id)["status"] == "draft"


def test_cancelling_a_letter(world: World) -> None:
    case_id = _case(world)
    letter_id = _api_letter(world, case_id)
    pages = signed_in(world, "vlo")
    too_long = pages.post(f"/letters/{letter_id}/cancel", {"reason": "x" * 3000})
    assert too_long.status_code == 400
    assert _hrefs(too_long.text) == ["#reason"]
    assert _letter(world, letter_id)["status"] == "draft"
    done = pages.post(f"/letters/{letter_id}/cancel", {"reason": "Wrong letter chosen"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/letters/{letter_id}?done=cancelled"
    shown = pages.get(done.headers["location"]).text
    assert "The letter is cancelled" in shown and "Mark as sent" not in shown
    assert _letter(world, letter_id)["status"] == "cancelled"
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    assert "Wrong letter chosen" in timeline[-1]["summary"]
    again = pages.post(f"/letters/{letter_id}/cancel", {})
    assert again.status_code == 409


# Letters to print


def test_the_units_letters_to_print_for_a_day(world: World) -> None:
    _api_letter(world, _case(world))
    pages = signed_in(world, "vlo")
    form = pages.get("/letters/print-run")
    assert form.status_code == 200 and 'href="/letters/print-run?date=2026-01-12"' in form.text
    for query in ("?date=2026-01-12", "?date-day=12&date-month=1&date-year=2026"):
        listed = pages.get("/letters/print-run" + query)
        assert listed.status_code == 200, listed.text
        assert "Alex Example" in listed.text and "1 letter." in listed.text
    pdf = pages.get("/letters/print-run/letters.pdf?date=2026-01-12")
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert 'filename="letters-2026-01-12.pdf"' in pdf.headers["content-disposition"]
    empty = pages.get("/letters/print-run?date=2026-01-05")
    assert empty.status_code == 404 and "drafted no letters on 5 January 2026" in empty.text
    assert _hrefs(empty.text) == ["#date-day"]
    bad = pages.get("/letters/print-run?date-day=31&date-month=2&date-year=2026")
    assert bad.status_code == 400 and _hrefs(bad.text) == ["#date-day"]


# Who reaches the letters


def _routes(case_id: int, letter_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/cases/{case_id}/letters/new"),
        ("POST", f"/cases/{case_id}/letters/new"),
        ("GET", f"/letters/{letter_id}"),
        ("GET", f"/letters/{letter_id}/preview.pdf"),
        ("POST", f"/letters/{letter_id}/send"),
        ("POST", f"/letters/{letter_id}/cancel"),
    ]


@pytest.mark.parametrize("user", ["om", "wcu", "vlo_other"])
def test_other_roles_and_other_units_reach_no_letter(world: World, user: str) -> None:
    case_id = _case(world)
    letter_id = _api_letter(world, case_id)
    pages = signed_in(world, user)
    for method, url in _routes(case_id, letter_id):
        if method == "GET":
            response = pages.get(url)
        else:
            response = pages.post(url, {"template": "initial_offer", "reason": "x"})
        assert response.status_code == 403, (user, url, response.status_code)
    assert _letter(world, letter_id)["status"] == "draft"
    assert run(Letter.count()) == 1
    run_page = pages.get("/letters/print-run?date=2026-01-12")
    assert run_page.status_code == (404 if user == "vlo_other" else 403)


def test_a_letter_that_does_not_exist_is_404(world: World) -> None:
    pages = signed_in(world, "vlo")
    assert pages.get("/letters/999999").status_code == 404
    assert pages.get("/letters/999999/preview.pdf").status_code == 404
    assert pages.get("/cases/999999/letters/new").status_code == 404


def test_a_garbled_version_is_a_400_linked_to_the_first_field(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = {"template": "initial_offer", "version": "7" * 5000}
    response = pages.post(f"/cases/{case_id}/letters/new", form)
    assert response.status_code == 400
    assert _hrefs(response.text) == ["#template"]
    assert "out of date" in response.text
    assert run(Letter.count()) == 0
