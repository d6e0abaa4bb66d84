"""The rules deciding who a letter goes to, or why it must not be sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcs.core.errors import Refused
from vcs.correspondence.addressees import CorrespondenceFacts, Person, decide_addressee, is_under_18

TODAY = date(2026, 3, 3)
VICTIM = Person(
    "Alex Example", ("12 Sample Road", "London", "E1 6AN"), "alex@example.com", "07700 900123"
)
NOMINEE = Person("Sam Example", ("4 Test Street", "Leeds", "LS1 1AA"), "", "")
FACTS = CorrespondenceFacts(
    victim=VICTIM,
    victim_date_of_birth=date(1990, 6, 15),
    victim_deceased=False,
    participation="opted_in",
    contact=None,
    contact_kind=None,
    language="cy",
    large_print=True,
    no_post_to_home=False,
)


def test_the_victim_by_default_in_their_language() -> None:
    addressee = decide_addressee(FACTS, "initial_offer", "post", TODAY)
    assert (addressee.person, addressee.role, addressee.language, addressee.large_print) == (
        VICTIM,
        "victim",
        "cy",
        True,
    )


def test_nominated_contact_receives_correspondence() -> None:
    facts = replace(FACTS, contact=NOMINEE, contact_kind="nominee")
    assert decide_addressee(facts, "annual_contact", "post", TODAY).person == NOMINEE


@pytest.mark.parametrize("template", ["initial_offer", "annual_contact", "key_stage_release"])
def test_opted_out_victim_gets_nothing_but_the_acknowledgement(template: str) -> None:
    facts = replace(FACTS, participation="opted_out")
    with pytest.raises(Refused, match="opted out"):
        decide_addressee(facts, template, "post", TODAY)
    assert decide_addressee(facts, "opt_out_acknowledgement", "post", TODAY).person == VICTIM


def test_nothing_is_addressed_to_a_deceased_victim() -> None:
    facts = replace(FACTS, victim_deceased=True)
    with pytest.raises(Refused, match="died"):
        decide_addressee(facts, "annual_contact", "post", TODAY)
    with pytest.raises(Refused, match="died"):
        decide_addressee(facts, "opt_out_acknowledgement", "email", TODAY)
    bereaved = replace(facts, contact=NOMINEE, contact_kind="nominee")
    assert decide_addressee(bereaved, "annual_contact", "post", TODAY).person == NOMINEE


def test_a_child_is_written_to_through_a_parent_or_guardian() -> None:
    child = replace(FACTS, victim_date_of_birth=date(2010, 3, 4))  # 18 tomorrow
    with pytest.raises(Refused, match="under 18"):
        decide_addressee(child, "initial_offer", "post", TODAY)
    parent = replace(child, contact=NOMINEE, contact_kind="parent_guardian")
    assert decide_addressee(parent, "initial_offer", "post", TODAY).role == "parent_guardian"
    assert decide_addressee(child, "initial_offer", "post", date(2028, 3, 4)).role == "victim"


def test_no_post_to_home_blocks_post_to_the_victim_only() -> None:
    facts = replace(FACTS, no_post_to_home=True)
    with pytest.raises(Refused, match="home address"):
        decide_addressee(facts, "initial_offer", "post", TODAY)
    assert decide_addressee(facts, "initial_offer", "email", TODAY).channel == "email"
    assert (
        decide_addressee(
            replace(facts, contact=NOMINEE, contact_kind="nominee"), "initial_offer", "post", TODAY
        ).person
        == NOMINEE
    )


def test_missing_address_or_email_is_refused_with_the_name() -> None:
    with pytest.raises(Refused, match="no email address for Sam Example"):
        decide_addressee(
            replace(FACTS, contact=NOMINEE, contact_kind="nominee"), "initial_offer", "email", TODAY
        )
    with pytest.raises(Refused, match="no postal address"):
        decide_addressee(
            replace(FACTS, victim=replace(VICTIM, address_lines=())), "initial_offer", "post", TODAY
        )


@pytest.mark.parametrize(
    ("born", "today", "under"),
    [
        (date(2008, 3, 3), date(2026, 3, 3), False),  # 18th birthday today
        (date(2008, 3, 4), date(2026, 3, 3), True),
        (date(2008, 2, 29), date(2026, 2, 28), True),  # leap-day birthday: 18 on 1 March
        (date(2008, 2, 29), date(2026, 3, 1), False),
        (None, date(2026, 3, 3), False),
    ],
)
def test_under_18(born: date | None, today: date, under: bool) -> None:
    assert is_under_18(born, today) is under


@given(st.sampled_from(["opted_in", "opted_out", "awaiting_reply"]), st.booleans(), st.booleans())
def test_never_to_a_deceased_or_opted_out_victim(
    participation: str, deceased: bool, nominee: bool
) -> None:
    facts = replace(
        FACTS,
        participation=participation,
        victim_deceased=deceased,
        contact=NOMINEE if nominee else None,
        contact_kind="nominee" if nominee else None,
    )
    try:
        addressee = decide_addressee(facts, "annual_contact", "post", TODAY)
    except Refused:
        return
    assert participation != "opted_out"
    assert not (deceased and addressee.role == "victim")
