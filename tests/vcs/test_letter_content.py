"""The checks on what goes into a letter, without a database. All people are invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from letters import Template
from vcs.core.errors import InvalidInput, Refused
from vcs.correspondence.addressees import CorrespondenceFacts, Person
from vcs.correspondence.content import addressing_facts, merged_fields, requested_fields
from vcs.correspondence.schemas import LetterFields

VICTIM = Person("Alex Example", ("12 Sample Road", "London", "E1 6AN"), "", "")
NOMINEE = Person("Sam Example", ("4 Test Street", "Leeds", "LS1 1AA"), "", "")
FACTS = CorrespondenceFacts(
    victim=VICTIM,
    victim_date_of_birth=date(1990, 6, 15),
    victim_deceased=False,
    participation="opted_in",
    contact=NOMINEE,
    contact_kind="nominee",
    language="en",
    large_print=False,
    no_post_to_home=False,
)


def _fields(**values: Any) -> LetterFields:
    return LetterFields.model_validate(values)


def _problem_fields(template: Template, **values: Any) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        requested_fields(template, _fields(**values))
    return [p.field for p in raised.value.problems]


@pytest.mark.parametrize(
    "text",
    ["Moved to HMP Exampleton", "hmyoi example", "HM Prison Example", "his prison number is X"],
)
def test_free_text_naming_a_prison_is_refused(text: str) -> None:
    assert _problem_fields(Template.CASE_CLOSURE, closure_reason=text) == ["fields.closure_reason"]
    conditions = ["Not to contact Alex Example.", text]
    assert _problem_fields(
        Template.CONDITIONS_OUTCOME, conditions=conditions, conditions_end="2031-01-01"
    ) == ["fields.conditions.1"]


def test_ordinary_words_about_prison_are_allowed() -> None:
    given = _fields(closure_reason="the offender will not return to prison: the sentence ended.")
    assert requested_fields(Template.CASE_CLOSURE, given)["closure_reason"].startswith("the")


@pytest.mark.parametrize(("deadline", "ok"), [("2026-06-16", True), ("2026-06-17", False)])
def test_the_vps_is_asked_for_28_days_before_the_hearing(deadline: str, ok: bool) -> None:
    given = _fields(hearing_date="2026-07-14", vps_deadline=deadline)
    if ok:
        assert requested_fields(Template.KEY_STAGE_PAROLE_REVIEW, given)["vps_deadline"]
    else:
        assert _problem_fields(
            Template.KEY_STAGE_PAROLE_REVIEW, hearing_date="2026-07-14", vps_deadline=deadline
        ) == ["fields.vps_deadline"]


def test_every_unwanted_key_is_named_once() -> None:
    fields = _problem_fields(
        Template.INITIAL_OFFER,
        prison="HMP Example",
        **{"Release Address": "1 Example Way", "\x00odd": 1},
        recall_date="2026-01-05",
    )
    assert fields == ["fields.prison", "fields.Release Address", "fields", "fields.recall_date"]


def test_the_case_record_wins_and_a_contradiction_is_refused() -> None:
    assert merged_fields({"level": "annual"}, {"level": "annual"}) == {"level": "annual"}
    assert merged_fields({}, {"nominee_name": "Sam Example"}) == {"nominee_name": "Sam Example"}
    with pytest.raises(InvalidInput) as raised:
        merged_fields({"level": "key_stages"}, {"level": "annual"})
    assert [p.field for p in raised.value.problems] == ["fields.level"]


def test_the_nominee_confirmation_goes_to_the_victim() -> None:
    case = {"participation": "opted_in"}
    facts = addressing_facts(Template.NOMINATED_CONTACT_CONFIRMATION, case, FACTS)
    assert facts.contact is None
    assert addressing_facts(Template.ANNUAL_CONTACT, case, FACTS).contact == NOMINEE
    parent = replace(FACTS, contact_kind="parent_guardian")
    with pytest.raises(Refused, match="no nominated contact"):
        addressing_facts(Template.NOMINATED_CONTACT_CONFIRMATION, case, parent)


@pytest.mark.parametrize(
    ("template", "participation"),
    [
        (Template.OPT_IN_CONFIRMATION, "not_contacted"),
        (Template.OPT_IN_CONFIRMATION, "opted_out"),
        (Template.OPT_OUT_ACKNOWLEDGEMENT, "opted_in"),
    ],
)
def test_a_confirmation_needs_the_choice_it_confirms(
    template: Template, participation: str
) -> None:
    with pytest.raises(Refused):
        addressing_facts(template, {"participation": participation}, FACTS)
