from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from letters import Language, Template, render_html, render_letter_pdf, render_pdf
from tests.letters.factories import full_letter_pdf, make_letter_data, pdf_text, with_fields

ALL = [(t, lang) for t in Template for lang in Language]
LONG_DATE = {Language.EN: "3 March 2026", Language.CY: "3 Mawrth 2026"}


@pytest.mark.parametrize(("template", "language"), ALL)
def test_every_letter_renders_to_a_complete_pdf(template: Template, language: Language) -> None:
    text = pdf_text(full_letter_pdf(template, language))
    assert "Alex Example" in text
    assert "VCS/VLU-EXA/000123" in text
    assert LONG_DATE[language] in text
    assert "Morgan Officer" in text
    for leftover in ("{{", "}}", "{%", "None", "Dear ,", "Annwyl ,"):
        assert leftover not in text
    if language is Language.CY:
        assert "Annwyl Alex Example" in text
        assert "Yn gywir" in text
        assert "Swyddog Cyswllt Dioddefwyr" in text
        assert "Dear" not in text
        assert "3 March 2026" not in text
    else:
        assert "Dear Alex Example" in text
        assert "Yours sincerely" in text
        assert "Victim Liaison Officer" in text


@pytest.mark.parametrize("language", list(Language))
def test_the_pdf_is_a4_tagged_titled_and_in_the_letters_language(language: Language) -> None:
    reader = PdfReader(BytesIO(full_letter_pdf(Template.INITIAL_OFFER, language)))
    for page in reader.pages:
        assert round(float(page.mediabox.width)) == 595  # 210mm
        assert round(float(page.mediabox.height)) == 842  # 297mm
    root = reader.root_object
    assert str(root["/Lang"]) == language.value
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject)
    assert bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None
    assert reader.metadata.title is not None
    assert reader.metadata.title.endswith("VCS/VLU-EXA/000123")
    expected = {Language.EN: "offer of contact", Language.CY: "cynnig cyswllt"}[language]
    assert expected in reader.metadata.title


def test_every_page_carries_the_reference_and_page_number() -> None:
    reader = PdfReader(BytesIO(full_letter_pdf(Template.INITIAL_OFFER, Language.CY)))
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "VCS/VLU-EXA/000123" in text
        assert f"Tudalen {number} o {pages}" in text


def test_the_same_letter_gives_the_same_bytes() -> None:
    data = make_letter_data(Template.FOLLOW_UP)
    first = render_letter_pdf(Template.FOLLOW_UP, Language.EN, data)
    assert render_letter_pdf(Template.FOLLOW_UP, Language.EN, data) == first


@pytest.mark.parametrize("language", list(Language))
def test_release_pdf_prints_the_month_only(language: Language) -> None:
    text = pdf_text(full_letter_pdf(Template.KEY_STAGE_RELEASE, language))
    month = {Language.EN: "September 2026", Language.CY: "Medi 2026"}[language]
    assert month in text
    assert "21 " + month not in text


@pytest.mark.parametrize("language", list(Language))
def test_large_print_still_renders_and_is_no_shorter(language: Language) -> None:
    large = full_letter_pdf(Template.KEY_STAGE_PAROLE_REVIEW, language, large_print=True)
    standard = full_letter_pdf(Template.KEY_STAGE_PAROLE_REVIEW, language)
    text = pdf_text(large)
    assert "Alex Example" in text and LONG_DATE[language] in text
    assert len(PdfReader(BytesIO(large)).pages) >= len(PdfReader(BytesIO(standard)).pages)
    assert large != standard


def test_an_escaped_name_reads_correctly_in_the_pdf() -> None:
    name = "Siân O'Brien <b>"
    data = make_letter_data(Template.OPT_OUT_ACKNOWLEDGEMENT, addressee_name=name)
    for language in Language:
        text = pdf_text(render_letter_pdf(Template.OPT_OUT_ACKNOWLEDGEMENT, language, data))
        assert name in text
        assert "&#39;" not in text and "&lt;" not in text


def test_a_prison_smuggled_in_another_field_is_not_in_the_pdf() -> None:
    data = with_fields(make_letter_data(Template.KEY_STAGE_RELEASE), note="HMP Smuggled")
    text = pdf_text(render_letter_pdf(Template.KEY_STAGE_RELEASE, Language.EN, data))
    assert "HMP Smuggled" not in text


def test_an_email_letter_without_a_postal_address_renders() -> None:
    data = make_letter_data(Template.ANNUAL_CONTACT, address_lines=())
    text = pdf_text(render_letter_pdf(Template.ANNUAL_CONTACT, Language.EN, data))
    assert "Dear Alex Example" in text
    assert "Sample Road" not in text


def test_render_pdf_takes_any_html() -> None:
    html = render_html(Template.CASE_CLOSURE, Language.CY, make_letter_data(Template.CASE_CLOSURE))
    assert render_pdf(html).startswith(b"%PDF-")
