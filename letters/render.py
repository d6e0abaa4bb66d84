"""Render letters: Jinja2 HTML (English or Welsh) and weasyprint PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import HTML

from letters.dates import format_long_date
from letters.fields import check_merge_fields, printable_fields
from letters.model import TEMPLATE_VERSIONS, Language, LetterData, Template

TEMPLATE_DIR = Path(__file__).parent / "templates"

LABELS: dict[Language, dict[str, str]] = {
    Language.EN: {
        "our_reference": "Our reference",
        "victim": "Victim's name",
        "phone": "Phone",
        "email": "Email",
        "dear": "Dear",
        "yours": "Yours sincerely,",
        "role": "Victim Liaison Officer",
        "page": "Page",
        "of": "of",
    },
    Language.CY: {
        "our_reference": "Ein cyfeirnod",
        "victim": "Enw'r dioddefwr",
        "phone": "Ffôn",
        "email": "E-bost",
        "dear": "Annwyl",
        "yours": "Yn gywir,",
        "role": "Swyddog Cyswllt Dioddefwyr",
        "page": "Tudalen",
        "of": "o",
    },
}

# Why someone other than the victim receives the letter, said first under its title.
ROLE_LINES: dict[Language, dict[str, str]] = {
    Language.EN: {
        "parent_guardian": "You are receiving this letter as the parent or guardian of {victim}.",
        "nominee": (
            "You are receiving this letter as the person {victim} asked us to contact on their "
            "behalf."
        ),
    },
    Language.CY: {
        "parent_guardian": ("Rydych yn cael y llythyr hwn fel rhiant neu warcheidwad {victim}."),
        "nominee": (
            "Rydych yn cael y llythyr hwn fel y person y gofynnodd {victim} i ni gysylltu ag "
            "ef neu â hi ar ran {victim}."
        ),
    },
}

ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _letter_context(
    template: Template, language: Language, data: LetterData, large_print: bool
) -> dict[str, Any]:
    head = data.letterhead
    victim = data.victim_name.strip()
    if victim.casefold() == data.addressee_name.strip().casefold():
        victim = ""
    return {
        "lang": language.value,
        "large_print": large_print,
        "labels": LABELS[language],
        "version": TEMPLATE_VERSIONS[template],
        "unit_name": head.name_in(language),
        "unit_address": [line.strip() for line in head.address_lines if line.strip()],
        "unit_phone": head.phone.strip(),
        "unit_email": head.email.strip(),
        "reference": data.reference.strip(),
        "letter_date": format_long_date(data.letter_date, language),
        "created": data.letter_date.strftime("%Y-%m-%d"),
        "addressee_name": data.addressee_name.strip(),
        "address_lines": [line.strip() for line in data.address_lines if line.strip()],
        "vlo_name": data.vlo_name.strip(),
        "offender_name": data.offender_name.strip(),
        "victim_name": victim,
        "role": data.addressee_role,
        "for_someone": bool(victim) and data.addressee_role in ROLE_LINES[language],
        "role_line": ROLE_LINES[language].get(data.addressee_role, "").format(victim=victim)
        if victim
        else "",
        "f": printable_fields(template, language, data),
    }


def render_html(
    template: Template, language: Language, data: LetterData, *, large_print: bool = False
) -> str:
    """The letter as HTML, after check_merge_fields has passed.

    Every value is HTML-escaped and a template naming anything not given fails (StrictUndefined):
    a letter is never printed with a blank where a name or date should be. `large_print` sets the
    body text to 18pt with wider line spacing (RNIB clear print guidance: 16pt or more).
    """
    check_merge_fields(template, data)
    jinja_template = ENVIRONMENT.get_template(f"{language.value}/{template.value}.html")
    return jinja_template.render(_letter_context(template, language, data, large_print))


def render_pdf(html: str) -> bytes:
    """HTML to a tagged, accessible PDF (PDF/UA-1). Page size, margins and fonts are in the CSS.

    The PDF's creation date comes from the HTML's dcterms.created meta, never from the clock, so
    the same letter always gives the same bytes.
    """
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def render_letter_pdf(
    template: Template, language: Language, data: LetterData, *, large_print: bool = False
) -> bytes:
    """Check the merge fields, render the HTML and make the PDF of one letter."""
    return render_pdf(render_html(template, language, data, large_print=large_print))
