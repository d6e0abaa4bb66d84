"""Every letter in English and Welsh, and the print run's cover sheet, show people's words only:
no stored code, no ISO date, no template code (that is kept in the PDF's metadata); the unit's
own letterhead, in Welsh on a Welsh letter."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from letters import Language, Template, render_letter_pdf
from letters.batch import render_batch_pdf
from letters.model import TEMPLATE_VERSIONS, BatchCover
from tests.letters.factories import LETTER_DATE, full_letter_pdf, make_letter_data, make_letterhead
from tests.peoples_words import assert_peoples_words, pdf_text

EVERY_LETTER = [(t, lang) for t in Template for lang in Language]


@pytest.mark.parametrize(("template", "language"), EVERY_LETTER)
def test_every_letter_reads_in_peoples_words(template: Template, language: Language) -> None:
    pdf = full_letter_pdf(template, language)
    assert_peoples_words(pdf_text(pdf), f"the {language.value} {template.value} letter")
    assert TEMPLATE_VERSIONS[template] not in pdf_text(pdf)


@pytest.mark.parametrize("template", list(Template))
def test_the_wording_version_is_in_the_pdfs_metadata_not_on_the_page(template: Template) -> None:
    info = PdfReader(BytesIO(full_letter_pdf(template, Language.EN))).metadata
    assert info is not None
    assert info.get("/Keywords") == TEMPLATE_VERSIONS[template]
    assert info.get("/Subject") == TEMPLATE_VERSIONS[template]


WALES = make_letterhead(
    unit_name="Wales Victim Liaison Unit",
    welsh_name="Uned Cyswllt Dioddefwyr Cymru",
    address_lines=("Second floor, 17 Heol Tŷ Gwyn", "Cardiff", "CF10 9ZZ"),
    phone="029 2018 0002",
)


def test_a_welsh_letter_carries_the_units_welsh_name_and_an_english_one_its_english_name() -> None:
    data = make_letter_data(Template.INITIAL_OFFER, letterhead=WALES)
    welsh = pdf_text(render_letter_pdf(Template.INITIAL_OFFER, Language.CY, data))
    english = pdf_text(render_letter_pdf(Template.INITIAL_OFFER, Language.EN, data))
    assert "Uned Cyswllt Dioddefwyr Cymru" in welsh and "Wales Victim Liaison Unit" not in welsh
    assert "Wales Victim Liaison Unit" in english and "Uned Cyswllt" not in english
    for text in (welsh, english):
        assert "17 Heol Tŷ Gwyn" in text and "CF10 9ZZ" in text and "029 2018 0002" in text


def test_a_unit_without_a_welsh_name_signs_welsh_letters_with_its_own_name() -> None:
    data = make_letter_data(Template.INITIAL_OFFER, letterhead=replace(WALES, welsh_name=""))
    welsh = pdf_text(render_letter_pdf(Template.INITIAL_OFFER, Language.CY, data))
    assert "Wales Victim Liaison Unit" in welsh


def test_the_print_runs_cover_sheet_reads_in_peoples_words() -> None:
    letters = [
        ("VCS/VLU-LON/000001", "Alex Example", Template.KEY_STAGE_PAROLE_REVIEW.value),
        ("VCS/VLU-LON/000002", "Sam Sample", Template.OPT_OUT_ACKNOWLEDGEMENT.value),
    ]
    cover = BatchCover(
        unit_name="London Victim Liaison Unit", run_date=LETTER_DATE, letters=letters
    )
    pdf = render_batch_pdf(cover, [full_letter_pdf(Template.INITIAL_OFFER, Language.EN)] * 2)
    assert_peoples_words(pdf_text(pdf), "the print run's cover sheet")


def test_the_scan_finds_a_template_code_put_back_in_a_letter() -> None:
    text = pdf_text(full_letter_pdf(Template.INITIAL_OFFER, Language.EN))
    with pytest.raises(AssertionError, match="initial_offer"):
        assert_peoples_words(text + "\ninitial_offer/2026-11", "a letter with its code")
