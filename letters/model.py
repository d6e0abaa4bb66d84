"""The plain data a letter is made from: languages, templates and the merge data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

FieldValue = str | date | Sequence[str]


class Language(StrEnum):
    """The language a letter is written in. Welsh speakers are served in Welsh."""

    EN = "en"
    CY = "cy"


class Template(StrEnum):
    """Every letter the Victim Contact Scheme sends, one Jinja template per language."""

    INITIAL_OFFER = "initial_offer"
    FOLLOW_UP = "follow_up"
    OPT_IN_CONFIRMATION = "opt_in_confirmation"
    OPT_OUT_ACKNOWLEDGEMENT = "opt_out_acknowledgement"
    NOMINATED_CONTACT_CONFIRMATION = "nominated_contact_confirmation"
    KEY_STAGE_PAROLE_REVIEW = "key_stage_parole_review"
    KEY_STAGE_RELEASE = "key_stage_release"
    KEY_STAGE_RECALL = "key_stage_recall"
    CONDITIONS_OUTCOME = "conditions_outcome"
    ANNUAL_CONTACT = "annual_contact"
    CASE_CLOSURE = "case_closure"


TEMPLATE_VERSIONS: Mapping[Template, str] = MappingProxyType(
    {template: f"{template.value}/2026-12" for template in Template}
)
"""The version of each template's wording, kept in the PDF's metadata (its keywords and subject,
never printed) and worth storing with every letter sent, so it is always known which wording a
victim received."""


TEMPLATE_TITLES: Mapping[Template, str] = MappingProxyType(
    {
        Template.INITIAL_OFFER: "Offer of the Victim Contact Scheme",
        Template.FOLLOW_UP: "Follow-up to the offer",
        Template.OPT_IN_CONFIRMATION: "Confirmation of opting in",
        Template.OPT_OUT_ACKNOWLEDGEMENT: "Acknowledgement of opting out",
        Template.NOMINATED_CONTACT_CONFIRMATION: "Confirmation of a nominated contact",
        Template.KEY_STAGE_PAROLE_REVIEW: "Key stage: parole review",
        Template.KEY_STAGE_RELEASE: "Key stage: release",
        Template.KEY_STAGE_RECALL: "Key stage: recall to prison",
        Template.CONDITIONS_OUTCOME: "Outcome of licence-condition requests",
        Template.ANNUAL_CONTACT: "Annual letter",
        Template.CASE_CLOSURE: "Closure of the case",
    }
)
"""What each letter is, in the words of the print run's cover sheet (and the pages' labels)."""


@dataclass(frozen=True)
class Letterhead:
    """The Victim Liaison Unit's name and how to reach it, printed top right. A Welsh letter
    prints the unit's Welsh name where it has one."""

    unit_name: str
    address_lines: tuple[str, ...]
    phone: str
    email: str = ""
    welsh_name: str = ""

    def name_in(self, language: Language) -> str:
        """The unit's name in the letter's language."""
        welsh = self.welsh_name.strip()
        return welsh if language is Language.CY and welsh else self.unit_name.strip()


@dataclass(frozen=True)
class LetterData:
    """Everything one letter prints. Who the letter goes to is decided before this is built.

    `victim_name` is printed only when it differs from `addressee_name` (a nominee, a parent or
    guardian, a bereaved relative). `addressee_role` words the letter to a parent, guardian or
    nominee as such. `fields` holds the template's own merge fields; a template
    prints only the keys it names, and the keys in FORBIDDEN_FIELDS are refused outright.
    """

    letterhead: Letterhead
    reference: str
    letter_date: date
    addressee_name: str
    address_lines: tuple[str, ...]
    vlo_name: str
    offender_name: str
    victim_name: str = ""
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    # Who the letter is to: the victim, a parent or guardian, or the person the victim
    # nominated; a letter to someone else is worded to them, not as if they were the victim.
    addressee_role: str = "victim"


@dataclass(frozen=True)
class BatchCover:
    """The cover sheet of a print run: one (reference, addressee_name, template) row per letter."""

    unit_name: str
    run_date: date
    letters: Sequence[tuple[str, str, str]]
    # Row i is in large print when large_print[i] is true (none flagged when left empty).
    large_print: Sequence[bool] = ()
