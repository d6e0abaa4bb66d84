"""Letters to a parent, guardian or nominee are worded to them: they say why the reader is
receiving the letter, and never speak to them as if they were the victim."""

from __future__ import annotations

import re

import pytest

from letters import Language, Template, render_html
from tests.letters.factories import make_letter_data

TO_SOMEONE_ELSE = {"addressee_name": "Siân Enghraifft", "victim_name": "Jamie Example"}
ROLE_LINES = {
    ("parent_guardian", Language.EN): "You are receiving this letter as the parent or guardian "
    "of Jamie Example.",
    ("nominee", Language.EN): "You are receiving this letter as the person Jamie Example asked "
    "us to contact on their behalf.",
    ("parent_guardian", Language.CY): "Rydych yn cael y llythyr hwn fel rhiant neu warcheidwad "
    "Jamie Example.",
    ("nominee", Language.CY): "Rydych yn cael y llythyr hwn fel y person y gofynnodd Jamie "
    "Example i ni gysylltu ag ef neu â hi ar ran Jamie Example.",
}
# Words that speak to the reader as the victim: a letter to someone else never holds them.
AS_IF_THE_VICTIM = {
    Language.EN: (
        "what you have been through",
        "Thank you for joining",
        "Thank you for telling us that you would like",
        "you do not want to be in",
        "If you would rather not hear from us yourself",
        "you were the victim",
    ),
    Language.CY: (
        "yr hyn rydych wedi bod drwyddo",
        "Diolch am ymuno",
        "Diolch am ddweud wrthym yr hoffech i",
        "nad ydych am fod yn rhan",
        "Os byddai'n well gennych beidio â chlywed gennym eich hun",
    ),
}


def _text(template: Template, language: Language, **overrides: object) -> str:
    html = render_html(template, language, make_letter_data(template, **overrides))
    body = html.split("<body", 1)[1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    return text.replace("&#39;", "'")


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("role", ["parent_guardian", "nominee"])
@pytest.mark.parametrize("template", list(Template))
def test_a_letter_to_someone_else_says_why_and_is_not_worded_to_the_victim(
    template: Template, role: str, language: Language
) -> None:
    text = _text(template, language, addressee_role=role, **TO_SOMEONE_ELSE)
    assert ROLE_LINES[(role, language)] in text
    for words in AS_IF_THE_VICTIM[language]:
        assert words not in text, words


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("template", list(Template))
def test_a_letter_to_the_victim_has_no_role_line(template: Template, language: Language) -> None:
    text = _text(template, language)
    assert "You are receiving this letter as" not in text
    assert "Rydych yn cael y llythyr hwn fel" not in text


def test_the_parents_letters_speak_of_the_young_person_by_name() -> None:
    offer = _text(
        Template.INITIAL_OFFER, Language.EN, addressee_role="parent_guardian", **TO_SOMEONE_ELSE
    )
    assert "I am sorry for what Jamie Example has been through." in offer
    assert "We will never give your contact details, or those of Jamie Example" in offer
    joined = _text(
        Template.OPT_IN_CONFIRMATION,
        Language.EN,
        addressee_role="parent_guardian",
        **TO_SOMEONE_ELSE,
    )
    assert "Jamie Example is joining the Victim Contact Scheme" in joined
    nominee = _text(
        Template.NOMINATED_CONTACT_CONFIRMATION,
        Language.EN,
        addressee_role="nominee",
        **TO_SOMEONE_ELSE,
    )
    assert "Jamie Example has asked us to send information" in nominee
    assert "Thank you for telling us" not in nominee
    parent = _text(
        Template.NOMINATED_CONTACT_CONFIRMATION,
        Language.CY,
        addressee_role="parent_guardian",
        **TO_SOMEONE_ELSE,
    )
    assert "fel rhiant neu warcheidwad Jamie Example, nes bydd Jamie Example yn 18 oed" in parent


def test_a_letter_to_the_victim_keeps_its_wording() -> None:
    offer = _text(Template.INITIAL_OFFER, Language.EN)
    assert "I am sorry for what you have been through." in offer
    assert "you can name a friend or family member" in offer
