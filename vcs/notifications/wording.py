"""What a text message or email to a victim may say.

The same rules as letters (vcs.correspondence.content; Victims' Code, domain.md 4.7): a message
never names the offender's prison, never gives where the offender lives or will live, and never
gives a release date more exactly than its month. Urgent key stages (release, recall, temporary
release) are never told by text or email alone: the message only asks the person to contact
their Victim Liaison Officer, and a letter follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from letters import Language, format_month
from vcs.core.errors import Refused
from vcs.correspondence.content import PRISON_WORDS

URGENT_STAGES = frozenset({"release", "recall", "temporary_release_considered"})
TEMPLATE_VERSION = "vcs-message/2026-12"

_CONTACT = {
    Language.EN: (
        "There is news about the offender in your case. Please contact your Victim Liaison "
        "Officer, {officer}, at {unit}. A letter will follow."
    ),
    Language.CY: (
        "Mae newyddion am y troseddwr yn eich achos. Cysylltwch â'ch Swyddog Cyswllt "
        "Dioddefwyr, {officer}, yn {unit}. Bydd llythyr yn dilyn."
    ),
}
_RELEASE_MONTH = {
    Language.EN: (
        "The offender in your case is now expected to be released in {month}. Your Victim "
        "Liaison Officer, {officer}, at {unit}, can tell you more."
    ),
    Language.CY: (
        "Disgwylir nawr i'r troseddwr yn eich achos gael ei ryddhau ym mis {month}. Gall eich "
        "Swyddog Cyswllt Dioddefwyr, {officer}, yn {unit}, ddweud mwy wrthych."
    ),
}
_GENERAL = {
    Language.EN: (
        "There is an update about the offender in your case. Your Victim Liaison Officer, "
        "{officer}, at {unit}, will be in touch."
    ),
    Language.CY: (
        "Mae diweddariad am y troseddwr yn eich achos. Bydd eich Swyddog Cyswllt Dioddefwyr, "
        "{officer}, yn {unit}, yn cysylltu â chi."
    ),
}

# An exact day in any usual writing: 6 December 2026, 6th Dec, 06/12/2026, 2026-12-06.
_DAY = re.compile(
    r"\b\d{1,2}(st|nd|rd|th)?\s+(of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"ion|chwe|maw|ebr|mai|meh|gor|aws|med|hyd|tach|rhag)[a-z]*\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
_STREET = re.compile(
    r"\b\d+[A-Za-z]?\s+[A-Z][a-z]+\s+(Street|Road|Avenue|Lane|Close|Drive|Way|Court|Place|"
    r"Crescent|Terrace|Heol|Stryd|Ffordd)\b"
)


@dataclass(frozen=True)
class MessageFacts:
    """What a message may draw on: the stage, a month if it has one, who to contact."""

    stage: str
    language: Language
    officer: str
    unit: str
    month_of: date | None = None


def message_text(facts: MessageFacts) -> str:
    """The words of the message, checked against the rules before they are stored."""
    lang = facts.language
    values = {"officer": facts.officer or "the duty officer", "unit": facts.unit}
    if lang is Language.CY and not facts.officer:
        values["officer"] = "y swyddog ar ddyletswydd"
    if facts.stage in URGENT_STAGES:
        text = _CONTACT[lang].format(**values)
    elif facts.stage == "release_date_changed" and facts.month_of is not None:
        text = _RELEASE_MONTH[lang].format(month=format_month(facts.month_of, lang), **values)
    else:
        text = _GENERAL[lang].format(**values)
    check_wording(text)
    return text


def check_wording(text: str, offender_places: tuple[str, ...] = ()) -> None:
    """Refuse words a message to a victim must never hold: a prison, an address, an exact day."""
    if PRISON_WORDS.search(text):
        raise Refused("A message never names the offender's prison")
    if _POSTCODE.search(text) or _STREET.search(text):
        raise Refused("A message never gives an address")
    lowered = text.lower()
    if any(place.strip() and place.strip().lower() in lowered for place in offender_places):
        raise Refused("A message never says where the offender lives or will live")
    if _DAY.search(text):
        raise Refused("A message gives a release or other date by its month only, never the day")
