"""Synthetic letter data for the letters tests. Every name, address and number here is invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from letters import Language, LetterData, Letterhead, Template, render_letter_pdf

LETTER_DATE = date(2026, 3, 3)

FULL_FIELDS: dict[Template, dict[str, Any]] = {
    Template.INITIAL_OFFER: {},
    Template.FOLLOW_UP: {},
    Template.OPT_IN_CONFIRMATION: {"level": "key_stages", "contact_method": "post"},
    Template.OPT_OUT_ACKNOWLEDGEMENT: {},
    Template.NOMINATED_CONTACT_CONFIRMATION: {"nominee_name": "Rhys Enghraifft"},
    Template.KEY_STAGE_PAROLE_REVIEW: {
        "hearing_date": date(2026, 7, 14),
        "vps_deadline": date(2026, 6, 16),
    },
    Template.KEY_STAGE_RELEASE: {"release_date": date(2026, 9, 21)},
    Template.KEY_STAGE_RECALL: {"recall_date": date(2026, 2, 27)},
    Template.CONDITIONS_OUTCOME: {
        "conditions": [
            "Not to seek to approach or communicate with Alex Example without the prior "
            "approval of your supervising officer.",
            "Not to enter the area as defined by the attached map without the prior approval "
            "of your supervising officer.",
        ],
        "conditions_end": date(2031, 9, 20),
    },
    Template.ANNUAL_CONTACT: {},
    Template.CASE_CLOSURE: {"closure_reason": "the sentence has come to an end."},
}


def make_letterhead(**overrides: Any) -> Letterhead:
    values: dict[str, Any] = {
        "unit_name": "Victim Liaison Unit (Example Region)",
        "address_lines": ("Probation Service", "1 Example Street", "Exampletown", "XX1 1XX"),
        "phone": "020 7946 0123",
        "email": "vlu@example.org",
    }
    values.update(overrides)
    return Letterhead(**values)


def make_letter_data(template: Template = Template.INITIAL_OFFER, **overrides: Any) -> LetterData:
    """Full, valid data for `template`; keyword arguments replace any attribute."""
    data = LetterData(
        letterhead=make_letterhead(),
        reference="VCS/VLU-EXA/000123",
        letter_date=LETTER_DATE,
        addressee_name="Alex Example",
        address_lines=("Flat 2", "10 Sample Road", "Sampleton", "XX2 2XX"),
        vlo_name="Morgan Officer",
        offender_name="Jordan Sample",
        fields=dict(FULL_FIELDS[template]),
    )
    return replace(data, **overrides)


def with_fields(data: LetterData, **fields: Any) -> LetterData:
    """`data` with some fields replaced (a value of None removes the key)."""
    merged = {**data.fields, **fields}
    return replace(data, fields={k: v for k, v in merged.items() if v is not None})


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


@cache
def full_letter_pdf(template: Template, language: Language, large_print: bool = False) -> bytes:
    """Each full letter is rendered once per test session."""
    return render_letter_pdf(
        template, language, make_letter_data(template), large_print=large_print
    )
