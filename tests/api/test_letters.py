"""Letters end to end through the API: drafted to the right person in the right language, never
with a blank or a forbidden fact, sent as a contact attempt, kept byte for byte, printed in a
run per unit and day. Every person here is invented."""

from __future__ import annotations

import hashlib
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from tests.api.route_table import mint_tokens
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.casework.tables import ContactAttempt
from vcs.correspondence.tables import Letter

MARCH = date(2026, 3, 3)
LONG_DATE = {"en": "3 March 2026", "cy": "3 Mawrth 2026"}
FULL_FIELDS: dict[str, dict[str, Any]] = {
    "initial_offer": {},
    "follow_up": {},
    "opt_in_confirmation": {},
    "opt_out_acknowledgement": {},
    "nominated_contact_confirmation": {},
    "key_stage_parole_review": {"hearing_date": "2026-07-14", "vps_deadline": "2026-06-09"},
    "key_stage_release": {"release_date": "2026-09-21"},
    "key_stage_recall": {"recall_date": "2026-02-27"},
    "conditions_outcome": {
        "conditions": [
            "Not to seek to approach or communicate with Alex Example without the prior "
            "approval of your supervising officer.",
        ],
        "conditions_end": "2031-09-20",
    },
    "annual_contact": {},
    "case_closure": {},
}
PRISON_NUMBER = "A1234BC"
NOMINEE = {
    "name": "Sam Example",
    "relationship": "sister",
    "address": {"line1": "4 Test Street", "town": "Leeds", "postcode": "LS1 1AA"},
    "email": "sam.example@example.com",
}


@pytest.fixture(autouse=True)
def _signed_in(world: World) -> None:
    """Tokens issued directly: signing in (argon2, slow on purpose) is tested elsewhere."""
    mint_tokens(world)


def _case(world: World, **referral: Any) -> int:
    return int(world.refer(**referral)["cases"][0]["id"])


def _version(world: World, case_id: int) -> int:
    return int(world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"])


def _ok(response: Any, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


def _participate(world: World, case_id: int, status: str, **extra: Any) -> None:
    body = {"status": status, "on": "2026-01-09", **extra}
    _ok(world.post("vlo", f"/api/v1/cases/{case_id}/participation", body))


def _nominate(world: World, case_id: int, **overrides: Any) -> None:
    body = {**NOMINEE, **overrides, "version": _version(world, case_id)}
    _ok(world.put("vlo", f"/api/v1/cases/{case_id}/nominated-contact", body), 200)


def _preferences(world: World, case_id: int, **values: Any) -> None:
    body = {"channels": ["post"], **values, "version": _version(world, case_id)}
    _ok(world.put("vlo", f"/api/v1/cases/{case_id}/preferences", body), 200)


def _draft(world: World, case_id: int, template: str, user: str = "vlo", **body: Any) -> Any:
    return world.post(user, f"/api/v1/cases/{case_id}/letters", {"template": template, **body})


def _pdf(world: World, letter_id: int, user: str = "vlo") -> bytes:
    response = world.get(user, f"/api/v1/letters/{letter_id}/pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return bytes(response.content)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _prepare(world: World, case_id: int, template: str) -> None:
    """Put the case in the state the template is written for."""
    if template == "opt_in_confirmation":
        _participate(world, case_id, "opted_in", level="key_stages")
    elif template == "opt_out_acknowledgement":
        _participate(world, case_id, "opted_out")
    elif template == "nominated_contact_confirmation":
        _nominate(world, case_id)
    elif template == "case_closure":
        _ok(
            world.post(
                "vlo",
                f"/api/v1/cases/{case_id}/close",
                {"reason": "sentence_expired", "on": "2026-03-02"},
            ),
        )


def _errors(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors") or []]


def _clock(world: World, case_id: int) -> dict[str, Any]:
    deadlines = world.get("vlo", f"/api/v1/cases/{case_id}").json()["deadlines"]
    return next(d for d in deadlines if d["clock"] == "first_contact")


def _events(world: World, case_id: int) -> list[str]:
    items = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    return [e["kind"] for e in items]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("template", list(FULL_FIELDS))
def test_every_template_drafts_in_both_languages_from_full_data(
    world: World, template: str, language: str
) -> None:
    world.set_today(MARCH)
    offender = {
        "name": "Morgan Testperson",
        "date_of_birth": "1980-04-02",
        "prison_number": PRISON_NUMBER,
    }
    case_id = _case(world, offender=offender)
    _prepare(world, case_id, template)
    letter = _ok(_draft(world, case_id, template, language=language, fields=FULL_FIELDS[template]))
    assert (letter["template"], letter["language"], letter["status"]) == (
        template,
        language,
        "draft",
    )
    assert letter["addressed_to"] == "Alex Example"
    assert letter["reference"] == f"VCS/VLU-LON/{case_id}/1"
    assert letter["template_version"].startswith(template)
    text = _text(_pdf(world, letter["id"]))
    assert "Alex Example" in text
    assert letter["reference"] in text
    assert LONG_DATE[language] in text
    assert "12 Sample Road" in text  # posted: the addressee's own address
    for leftover in ("{{", "}}", "{%", "None", "Dear ,", "Annwyl ,"):
        assert leftover not in text
    if language == "cy":
        assert "Annwyl Alex Example" in text and "Dear" not in text and "March" not in text
    else:
        assert "Dear Alex Example" in text
    for forbidden in (PRISON_NUMBER, "HMP", "Prison:", "Snaresbrook"):
        assert forbidden not in text
    if template == "nominated_contact_confirmation":
        assert "Sam Example" in text and "4 Test Street" not in text
    if template == "case_closure":
        ending = {"en": "the sentence has come to an end", "cy": "mae'r ddedfryd wedi dod i ben"}
        assert ending[language] in text


def test_a_welsh_speaker_is_written_to_in_welsh_without_asking(world: World) -> None:
    world.set_today(MARCH)
    victim = {
        "name": "Alex Example",
        "relationship": "direct",
        "date_of_birth": "1990-06-15",
        "language": "cy",
        "address": {"line1": "12 Sample Road", "town": "Cardiff", "postcode": "CF10 1AA"},
    }
    case_id = _case(world, victims=[victim])
    letter = _ok(_draft(world, case_id, "initial_offer"))
    assert letter["language"] == "cy"
    assert "3 Mawrth 2026" in _text(_pdf(world, letter["id"]))


def test_large_print_and_channel_come_from_the_preferences(world: World) -> None:
    case_id = _case(world)
    _preferences(world, case_id, channels=["phone", "email", "post"], large_print=True)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    assert (letter["channel"], letter["large_print"]) == ("email", True)
    text = _text(_pdf(world, letter["id"]))
    assert "Alex Example" in text and "12 Sample Road" not in text  # no home address on an email
    posted = _ok(_draft(world, case_id, "follow_up", channel="post"))
    assert posted["channel"] == "post" and posted["reference"].endswith("/2")
    _preferences(world, case_id, channels=["phone"])
    assert _errors(_draft(world, case_id, "initial_offer")) == ["channel"]


def test_the_nominated_contact_receives_the_letter(world: World) -> None:
    case_id = _case(world)
    _nominate(world, case_id)
    letter = _ok(_draft(world, case_id, "annual_contact"))
    assert (letter["addressed_to"], letter["addressee_role"]) == ("Sam Example", "nominee")
    text = _text(_pdf(world, letter["id"]))
    assert "Dear Sam Example" in text and "4 Test Street" in text
    assert "Alex Example" in text  # named as the victim the letter is about
    assert "12 Sample Road" not in text


def test_a_child_is_written_to_through_a_parent_or_guardian(world: World) -> None:
    child = {
        "name": "Jamie Example",
        "relationship": "direct",
        "date_of_birth": "2012-05-01",
        "address": {"line1": "12 Sample Road", "town": "London", "postcode": "E1 6AN"},
    }
    case_id = _case(world, victims=[child])
    refused = _draft(world, case_id, "initial_offer")
    assert refused.status_code == 409 and "under 18" in refused.json()["detail"]
    _nominate(world, case_id, name="Robin Example", relationship="mother", kind="parent_guardian")
    letter = _ok(_draft(world, case_id, "initial_offer"))
    assert (letter["addressed_to"], letter["addressee_role"]) == (
        "Robin Example",
        "parent_guardian",
    )
    assert "Dear Robin Example" in _text(_pdf(world, letter["id"]))


def test_nothing_is_addressed_to_a_deceased_victim(world: World) -> None:
    case_id = _case(world)
    _ok(world.post("vlo", f"/api/v1/cases/{case_id}/victim-death", {"on": "2026-01-09"}), 201)
    refused = _draft(world, case_id, "initial_offer")
    assert refused.status_code == 409
    assert "died" in refused.json()["detail"]
    assert run(Letter.count()) == 0
    _nominate(world, case_id, name="Sam Example", relationship="bereaved sister")
    assert _ok(_draft(world, case_id, "initial_offer"))["addressed_to"] == "Sam Example"


def test_an_opted_out_victim_gets_only_the_acknowledgement(world: World) -> None:
    case_id = _case(world)
    _participate(world, case_id, "opted_out")
    for template in ("annual_contact", "initial_offer", "key_stage_release"):
        refused = _draft(world, case_id, template, fields=FULL_FIELDS[template])
        assert refused.status_code == 409, template
        assert "opted out" in refused.json()["detail"]
    assert _ok(_draft(world, case_id, "opt_out_acknowledgement"))["addressed_to"] == "Alex Example"


def test_no_post_to_the_home_address_is_refused_clearly(world: World) -> None:
    case_id = _case(world)
    _preferences(world, case_id, channels=["post", "email"], no_post_to_home=True)
    refused = _draft(world, case_id, "initial_offer")
    assert refused.status_code == 409
    assert "home address" in refused.json()["detail"]
    assert "12 Sample Road" not in refused.text
    assert _ok(_draft(world, case_id, "initial_offer", channel="email"))["channel"] == "email"


def test_a_missing_merge_field_is_refused_naming_every_one(world: World) -> None:
    case_id = _case(world)
    response = _draft(world, case_id, "key_stage_parole_review")
    assert response.status_code == 422
    assert _errors(response) == ["fields.hearing_date", "fields.vps_deadline"]
    assert "hearing" in response.json()["detail"]
    partial = _draft(
        world,
        case_id,
        "conditions_outcome",
        fields={"conditions": ["Not to contact Alex Example."]},
    )
    assert _errors(partial) == ["fields.conditions_end"]
    assert _errors(_draft(world, case_id, "case_closure")) == [
        "fields.closure_reason"
    ]  # still open
    assert run(Letter.count()) == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"prison_name": "HMP Exampleton"}, "fields.prison_name"),
        ({"release_address": "1 Hostel Road"}, "fields.release_address"),
        ({"Offender-Address": "2 Example Way"}, "fields.Offender-Address"),
        ({"closure_reason": "The offender moved to HMP Exampleton"}, "fields.closure_reason"),
        ({"recall_date": "2026-01-05"}, "fields.recall_date"),  # not a detail of this letter
        ({"favourite_colour": "blue"}, "fields.favourite_colour"),
    ],
)
def test_forbidden_or_unknown_details_are_refused_and_never_printed(
    world: World, fields: dict[str, Any], field: str
) -> None:
    case_id = _case(world)
    response = _draft(world, case_id, "case_closure", fields=fields)
    assert response.status_code == 422, response.text
    assert field in _errors(response)
    assert "Exampleton" not in response.text and "Hostel" not in response.text
    assert run(Letter.count()) == 0


def test_letters_that_do_not_fit_the_case_are_refused(world: World) -> None:
    case_id = _case(world)
    assert _draft(world, case_id, "opt_in_confirmation").status_code == 409  # not opted in
    assert _draft(world, case_id, "opt_out_acknowledgement").status_code == 409
    assert _draft(world, case_id, "nominated_contact_confirmation").status_code == 409
    _participate(world, case_id, "opted_in", level="annual")
    clash = _draft(world, case_id, "opt_in_confirmation", fields={"level": "key_stages"})
    assert _errors(clash) == ["fields.level"]
    assert _ok(_draft(world, case_id, "opt_in_confirmation", fields={"level": "annual"}))


def test_a_closed_case_gets_only_its_closure_letter(world: World) -> None:
    case_id = _case(world)
    _ok(
        world.post(
            "vlo",
            f"/api/v1/cases/{case_id}/close",
            {"reason": "victim_request", "on": "2026-01-09"},
        )
    )
    assert _draft(world, case_id, "annual_contact").status_code == 409
    letter = _ok(_draft(world, case_id, "case_closure"))
    assert "you asked us to close it" in _text(_pdf(world, letter["id"]))
    assert (
        _ok(world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"}), 200)[
            "status"
        ]
        == "sent"
    )


def test_sending_is_contact_and_meets_the_first_contact_clock(world: World) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    assert _clock(world, case_id)["state"] == "pending"
    sent = _ok(world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"}), 200)
    assert (sent["status"], sent["sent_on"], sent["sent_by"]) == ("sent", "2026-01-12", "vlo")
    clock = _clock(world, case_id)
    assert (clock["state"], clock["met_on"]) == ("met", "2026-01-12")
    contacts = world.get("vlo", f"/api/v1/cases/{case_id}/contacts").json()["items"]
    assert [(c["method"], c["outcome"], c["follow_up"]) for c in contacts] == [
        ("letter", "sent", False)
    ]
    assert letter["reference"] in contacts[0]["notes"]
    assert _events(world, case_id)[-3:] == ["letter_drafted", "contact_attempt", "letter_sent"]
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["participation"] == "awaiting_reply"
    again = world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"})
    assert again.status_code == 409


def test_a_follow_up_email_is_logged_as_a_follow_up(world: World) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "follow_up", channel="email"))
    _ok(world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"}), 200)
    contacts = world.get("vlo", f"/api/v1/cases/{case_id}/contacts").json()["items"]
    assert [(c["method"], c["outcome"], c["follow_up"]) for c in contacts] == [
        ("email", "sent", True)
    ]


def test_a_late_send_needs_a_reason_and_writes_nothing_without_one(world: World) -> None:
    world.set_today(MARCH)
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    refused = world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-03-03"})
    assert refused.status_code == 422
    assert _errors(refused) == ["late_reason"]
    assert world.get("vlo", f"/api/v1/letters/{letter['id']}").json()["status"] == "draft"
    assert run(ContactAttempt.count()) == 0
    body = {"on": "2026-03-03", "late_reason": "The referral reached us without an address"}
    _ok(world.post("vlo", f"/api/v1/letters/{letter['id']}/send", body), 200)
    assert _clock(world, case_id)["state"] == "met_late"


@pytest.mark.parametrize(
    ("on", "field"), [("2026-01-13", "on"), ("2026-01-11", "on"), ("12/01/2026", "on")]
)
def test_bad_send_dates_are_refused(world: World, on: str, field: str) -> None:
    letter = _ok(_draft(world, _case(world), "initial_offer"))  # drafted 2026-01-12
    response = world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": on})
    assert 400 <= response.status_code < 500 and field in _errors(response)


def test_a_draft_is_not_sent_to_someone_who_died_or_opted_out_since(world: World) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "annual_contact"))
    _ok(world.post("vlo", f"/api/v1/cases/{case_id}/victim-death", {"on": "2026-01-12"}), 201)
    refused = world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"})
    assert refused.status_code == 409 and "died" in refused.json()["detail"]
    other = _case(
        world,
        victims=[
            {
                "name": "Casey Example",
                "relationship": "direct",
                "address": {"line1": "7 Test Lane", "town": "London", "postcode": "E2 7AA"},
            }
        ],
    )
    draft = _ok(_draft(world, other, "annual_contact"))
    _nominate(world, other)
    changed = world.post("vlo", f"/api/v1/letters/{draft['id']}/send", {"on": "2026-01-12"})
    assert changed.status_code == 409 and "nominee" in changed.json()["detail"]


def test_the_pdf_is_kept_byte_for_byte_and_every_download_is_audited(world: World) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    before = _pdf(world, letter["id"])
    assert hashlib.sha256(before).hexdigest() == letter["pdf_sha256"]
    _ok(world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"}), 200)
    world.set_today(MARCH)
    assert _pdf(world, letter["id"], user="manager") == before
    audits = run(
        AuditEntry.select(AuditEntry.action, AuditEntry.actor, AuditEntry.record_id).where(
            AuditEntry.record_type == "letter"
        )
    )
    assert [(a["action"], a["actor"]) for a in audits] == [
        ("produce_letter", "vlo"),
        ("read_letter_pdf", "vlo"),
        ("read_letter_pdf", "manager"),
    ]
    assert {a["record_id"] for a in audits} == {letter["id"]}


def test_a_draft_can_be_cancelled_and_then_neither_sent_nor_cancelled(world: World) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    cancelled = _ok(
        world.post("vlo", f"/api/v1/letters/{letter['id']}/cancel", {"reason": "Wrong template"}),
        200,
    )
    assert cancelled["status"] == "cancelled"
    assert (
        world.post("vlo", f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"}).status_code
        == 409
    )
    assert world.post("vlo", f"/api/v1/letters/{letter['id']}/cancel", {}).status_code == 409
    assert "letter_cancelled" in _events(world, case_id)
    listed = world.get("vlo", f"/api/v1/cases/{case_id}/letters").json()
    assert (listed["total"], listed["items"][0]["status"]) == (1, "cancelled")
    assert "pdf" not in listed["items"][0]


def test_the_print_run_has_a_cover_sheet_and_the_units_letters_of_the_day(world: World) -> None:
    first = _case(world)
    second = _case(world, offender={"name": "Jordan Sample", "date_of_birth": "1979-01-01"})
    wales = _case(
        world,
        user="wcu_other",
        unit_code="VLU-WAL",
        victims=[
            {
                "name": "Casey Example",
                "relationship": "direct",
                "address": {"line1": "7 Test Lane", "town": "Cardiff", "postcode": "CF10 1AA"},
            }
        ],
    )
    kept = [
        _ok(_draft(world, first, "initial_offer")),
        _ok(_draft(world, second, "initial_offer", language="cy")),
    ]
    dropped = _ok(_draft(world, first, "follow_up"))
    _ok(world.post("vlo", f"/api/v1/letters/{dropped['id']}/cancel", {}), 200)
    theirs = _ok(_draft(world, wales, "initial_offer", user="vlo_other"))
    world.set_today(date(2026, 1, 13))
    _ok(_draft(world, second, "follow_up"))  # another day
    response = world.get("manager", "/api/v1/letters/batch.pdf", params={"date": "2026-01-12"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    cover = reader.pages[0].extract_text()
    assert "Print run" in cover and "London Victim Liaison Unit" in cover
    letter_pages = sum(len(PdfReader(BytesIO(_pdf(world, k["id"]))).pages) for k in kept)
    assert len(reader.pages) == 1 + letter_pages
    text = _text(response.content)
    for letter in kept:
        assert letter["reference"] in cover and letter["reference"] in text
    assert dropped["reference"] not in text and theirs["reference"] not in text
    assert "Casey Example" not in text
    printed = run(AuditEntry.count().where(AuditEntry.action == "print_letter"))
    assert printed == 2


def test_an_empty_day_has_no_print_run(world: World) -> None:
    response = world.get("vlo", "/api/v1/letters/batch.pdf", params={"date": "2026-01-10"})
    assert response.status_code == 404
    assert "10 January 2026" in response.json()["detail"]
    assert (
        world.get("vlo", "/api/v1/letters/batch.pdf", params={"date": "tomorrow"}).status_code
        == 400
    )
    assert world.get("vlo", "/api/v1/letters/batch.pdf").status_code == 400


@pytest.mark.parametrize("user", ["om", "wcu", "admin", "om_other"])
def test_other_roles_reach_no_letter(world: World, user: str) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    for url in (
        f"/api/v1/letters/{letter['id']}",
        f"/api/v1/letters/{letter['id']}/pdf",
        f"/api/v1/cases/{case_id}/letters",
        "/api/v1/letters/batch.pdf?date=2026-01-12",
    ):
        assert world.get(user, url).status_code == 403, url
    assert _draft(world, case_id, "initial_offer", user=user).status_code == 403
    assert (
        world.post(user, f"/api/v1/letters/{letter['id']}/send", {"on": "2026-01-12"}).status_code
        == 403
    )


def test_another_unit_reaches_no_letter(world: World) -> None:
    case_id = _case(world)
    letter = _ok(_draft(world, case_id, "initial_offer"))
    for user in ("vlo_other", "manager_other"):
        assert world.get(user, f"/api/v1/letters/{letter['id']}").status_code == 403
        assert world.get(user, f"/api/v1/letters/{letter['id']}/pdf").status_code == 403
        assert _draft(world, case_id, "initial_offer", user=user).status_code == 403
        assert world.post(user, f"/api/v1/letters/{letter['id']}/cancel", {}).status_code == 403
        batch = world.get(user, "/api/v1/letters/batch.pdf", params={"date": "2026-01-12"})
        assert batch.status_code == 404
    assert world.get("vlo", "/api/v1/letters/999999").status_code == 404


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/cases/1/letters", {"template": "love_letter"}),
        ("/api/v1/cases/1/letters", {"template": "initial_offer", "language": "fr"}),
        ("/api/v1/cases/1/letters", {"template": "initial_offer", "channel": "pigeon"}),
        ("/api/v1/cases/1/letters", {"template": "initial_offer", "surprise": 1}),
        (
            "/api/v1/cases/1/letters",
            {"template": "key_stage_recall", "fields": {"recall_date": "2026-02-30"}},
        ),
        (
            "/api/v1/cases/1/letters",
            {"template": "case_closure", "fields": {"closure_reason": "a\x00b"}},
        ),
        ("/api/v1/cases/2147483648/letters", {"template": "initial_offer"}),
        ("/api/v1/letters/2147483648/send", {"on": "2026-01-12"}),
        ("/api/v1/letters/1/send", {"on": "2026-01-12", "late_reason": "x" * 1001}),
    ],
)
def test_bad_input_is_a_4xx_naming_the_problem(
    world: World, url: str, body: dict[str, Any]
) -> None:
    _case(world)
    response = world.post("vlo", url, body)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert run(Letter.count()) == 0


def test_the_conditions_outcome_letter_is_filled_from_the_decisions(world: World) -> None:
    """The granted conditions are printed in the decided words; a refused one is not; the VLO's
    own wording, when given, is used instead."""
    case_id = _case(world)
    requests = "/api/v1/condition-requests"
    decisions = [
        ("granted_varied", "Not to enter the area of Exampleton shown on the map.", "Smaller"),
        ("refused", "", "Not necessary"),
    ]
    for outcome, wording, reason in decisions:
        body = {
            "type": "no_contact",
            "details": "I do not want him to contact me.",
            "justification": "He contacted the victim during the trial.",
            "names": ["Jo Example"],
        }
        rid = _ok(world.post("vlo", f"/api/v1/cases/{case_id}/condition-requests", body))["id"]
        forward = {"decision_maker": "prison_governor", "on": "2026-01-12"}
        _ok(world.post("vlo", f"{requests}/{rid}/forward", forward), 200)
        decision = {"outcome": outcome, "on": "2026-01-12", "reason": reason}
        decision |= {"final_wording": wording} if wording else {}
        _ok(world.post("vlo", f"{requests}/{rid}/decision", decision), 200)

    drafted = _ok(
        _draft(world, case_id, "conditions_outcome", fields={"conditions_end": "2031-09-20"})
    )
    text = " ".join(_text(_pdf(world, drafted["id"])).split())
    assert "Not to enter the area of Exampleton shown on the map." in text
    assert "Not to contact Jo Example" not in text

    own = {"conditions": ["Not to approach Alex Example."], "conditions_end": "2031-09-20"}
    worded = _ok(_draft(world, case_id, "conditions_outcome", fields=own))
    text = " ".join(_text(_pdf(world, worded["id"])).split())
    assert "Not to approach Alex Example." in text and "Exampleton" not in text
