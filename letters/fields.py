"""Merge-field rules: what each template needs, and what no letter may ever contain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from types import MappingProxyType

from letters.dates import format_long_date, format_month
from letters.model import FieldValue, Language, LetterData, Template


class Kind(Enum):
    """How a merge field is checked and printed."""

    TEXT = "text"  # non-blank text, printed as given
    DATE = "date"  # a date, printed in long form
    MONTH = "month"  # a date of which only the month and year are printed
    LIST = "list"  # a list of non-blank texts, printed as bullet points
    CHOICE = "choice"  # one of a fixed set of codes, printed as words


@dataclass(frozen=True)
class FieldSpec:
    """One template-specific merge field: its kind, its meaning in plain words, its choices."""

    kind: Kind
    words: str
    required: bool = True
    choices: Mapping[str, Mapping[Language, str]] = field(default_factory=dict)


LEVELS: Mapping[str, Mapping[Language, str]] = MappingProxyType(
    {
        "release_month": {
            Language.EN: "news of the month of release only",
            Language.CY: "newyddion am fis rhyddhau'r troseddwr yn unig",
        },
        "annual": {
            Language.EN: "a letter once a year",
            Language.CY: "llythyr unwaith y flwyddyn",
        },
        "key_stages": {
            Language.EN: "news of every key stage of the sentence",
            Language.CY: "newyddion am bob cam pwysig yn y ddedfryd",
        },
    }
)

CONTACT_METHODS: Mapping[str, Mapping[Language, str]] = MappingProxyType(
    {
        "post": {Language.EN: "by post", Language.CY: "drwy'r post"},
        "email": {Language.EN: "by email", Language.CY: "drwy e-bost"},
        "phone": {Language.EN: "by phone", Language.CY: "dros y ffôn"},
    }
)

TEMPLATE_FIELDS: Mapping[Template, Mapping[str, FieldSpec]] = MappingProxyType(
    {
        Template.INITIAL_OFFER: {},
        Template.FOLLOW_UP: {},
        Template.OPT_IN_CONFIRMATION: {
            "level": FieldSpec(
                Kind.CHOICE,
                "how much the victim chose to hear (release_month, annual or key_stages)",
                choices=LEVELS,
            ),
            "contact_method": FieldSpec(
                Kind.CHOICE,
                "how the victim chose to be contacted (post, email or phone)",
                required=False,
                choices=CONTACT_METHODS,
            ),
        },
        Template.OPT_OUT_ACKNOWLEDGEMENT: {},
        Template.NOMINATED_CONTACT_CONFIRMATION: {
            "nominee_name": FieldSpec(Kind.TEXT, "the nominated contact's name"),
        },
        Template.KEY_STAGE_PAROLE_REVIEW: {
            "hearing_date": FieldSpec(Kind.DATE, "the parole hearing date"),
            "vps_deadline": FieldSpec(
                Kind.DATE, "the date by which the Victim Personal Statement is needed"
            ),
        },
        Template.KEY_STAGE_RELEASE: {
            "release_date": FieldSpec(Kind.MONTH, "the release date (only its month is printed)"),
        },
        Template.KEY_STAGE_RECALL: {
            "recall_date": FieldSpec(Kind.DATE, "the date of the recall to prison"),
        },
        Template.CONDITIONS_OUTCOME: {
            "conditions": FieldSpec(Kind.LIST, "the licence conditions that relate to the victim"),
            "conditions_end": FieldSpec(Kind.DATE, "the date the licence conditions end"),
        },
        Template.ANNUAL_CONTACT: {},
        Template.CASE_CLOSURE: {
            "closure_reason": FieldSpec(Kind.TEXT, "the reason the case is closing"),
        },
    }
)

COMMON_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "letterhead.unit_name": "the unit's name in the letterhead",
        "letterhead.address_lines": "the unit's address in the letterhead",
        "letterhead.phone": "the unit's phone number in the letterhead",
        "reference": "our reference",
        "letter_date": "the date of the letter",
        "addressee_name": "the name of the person the letter is to",
        "vlo_name": "the Victim Liaison Officer's name",
        "offender_name": "the offender's name",
    }
)

FORBIDDEN_FIELDS: frozenset[str] = frozenset(
    {"prison", "prison_name", "establishment", "offender_address", "release_address"}
)
"""Keys refused in LetterData.fields: victims are never told which prison holds the offender or
where the offender lives or will live (Victims' Code; domain primer section 4)."""


class MissingMergeFields(ValueError):
    """A letter cannot be made: one or more required details are missing, blank or unusable."""

    def __init__(self, missing: tuple[str, ...], words: tuple[str, ...]) -> None:
        self.missing = missing
        listed = "; ".join(f"{w} ({name})" for name, w in zip(missing, words, strict=True))
        super().__init__(
            f"This letter cannot be made because {len(missing)} detail"
            f"{'s are' if len(missing) > 1 else ' is'} missing or not usable: {listed}."
        )


class ForbiddenContent(ValueError):
    """A letter was given details it must never print, such as the offender's prison."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        super().__init__(
            "This letter cannot be made because it was given details a victim must never be "
            f"sent (a prison or an offender's address): {', '.join(fields)}."
        )


def required_fields(template: Template) -> frozenset[str]:
    """The details that must be present and non-blank for `template`.

    Names are LetterData attributes ("offender_name"), letterhead attributes written with a dot
    ("letterhead.phone"), or keys of LetterData.fields ("hearing_date").
    """
    own = {name for name, spec in TEMPLATE_FIELDS[template].items() if spec.required}
    return frozenset(COMMON_WORDS) | own


def _normalised(key: str) -> str:
    return key.strip().lower().replace("-", "_").replace(" ", "_")


def _blank_text(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def _common_problems(data: LetterData) -> list[str]:
    head = data.letterhead
    values: dict[str, object] = {
        "letterhead.unit_name": head.unit_name,
        "letterhead.phone": head.phone,
        "reference": data.reference,
        "addressee_name": data.addressee_name,
        "vlo_name": data.vlo_name,
        "offender_name": data.offender_name,
    }
    problems = [name for name, value in values.items() if _blank_text(value)]
    if not any(isinstance(line, str) and line.strip() for line in head.address_lines):
        problems.append("letterhead.address_lines")
    if not isinstance(data.letter_date, date):
        problems.append("letter_date")
    return problems


def _unusable(spec: FieldSpec, value: FieldValue | None) -> bool:
    if spec.kind in (Kind.DATE, Kind.MONTH):
        return not isinstance(value, date)
    if spec.kind is Kind.LIST:
        if isinstance(value, str | date) or value is None or len(value) == 0:
            return True
        return any(_blank_text(item) for item in value)
    if spec.kind is Kind.CHOICE:
        return not isinstance(value, str) or value.strip() not in spec.choices
    return _blank_text(value)


def check_merge_fields(template: Template, data: LetterData) -> None:
    """Refuse to make a letter with anything forbidden, missing or blank.

    Raises ForbiddenContent if any key of data.fields names a prison or an offender's address,
    then MissingMergeFields listing every required detail that is missing, blank or of the wrong
    kind (so no letter ever says "Dear ," or prints an empty date).
    """
    forbidden = tuple(sorted(k for k in data.fields if _normalised(k) in FORBIDDEN_FIELDS))
    if forbidden:
        raise ForbiddenContent(forbidden)
    missing = _common_problems(data)
    for name, spec in TEMPLATE_FIELDS[template].items():
        value = data.fields.get(name)
        if value is None and not spec.required:
            continue
        if _unusable(spec, value):
            missing.append(name)
    if missing:
        specs = TEMPLATE_FIELDS[template]
        words = tuple(COMMON_WORDS[n] if n in COMMON_WORDS else specs[n].words for n in missing)
        raise MissingMergeFields(tuple(missing), words)


def printable_fields(
    template: Template, language: Language, data: LetterData
) -> dict[str, str | list[str]]:
    """The template's own fields, ready to print; keys the template does not name are dropped.

    Call only after check_merge_fields. Optional fields that were not given are "".
    """
    printable: dict[str, str | list[str]] = {}
    for name, spec in TEMPLATE_FIELDS[template].items():
        value = data.fields.get(name)
        if value is None:
            printable[name] = ""
        elif spec.kind is Kind.DATE and isinstance(value, date):
            printable[name] = format_long_date(value, language)
        elif spec.kind is Kind.MONTH and isinstance(value, date):
            printable[name] = format_month(value, language)
        elif spec.kind is Kind.CHOICE and isinstance(value, str):
            printable[name] = spec.choices[value.strip()][language]
        elif spec.kind is Kind.LIST and not isinstance(value, str | date):
            printable[name] = [item.strip() for item in value]
        elif isinstance(value, str):
            printable[name] = value.strip()
    return printable
