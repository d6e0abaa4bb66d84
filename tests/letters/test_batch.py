from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from letters import BatchCover, Language, Template, render_batch_pdf, render_letter_pdf
from letters.model import TEMPLATE_TITLES
from tests.letters.factories import full_letter_pdf, make_letter_data, page_count

RUN_DATE = date(2026, 3, 4)


def three_letters() -> tuple[BatchCover, list[bytes]]:
    people = [
        ("VCS/VLU-EXA/000101", "Alex Example", Template.INITIAL_OFFER, Language.EN, False),
        ("VCS/VLU-EXA/000102", "Siân Enghraifft", Template.KEY_STAGE_RELEASE, Language.CY, False),
        ("VCS/VLU-EXA/000103", "Sam Sample", Template.ANNUAL_CONTACT, Language.EN, True),
    ]
    pdfs = [
        render_letter_pdf(
            template,
            language,
            make_letter_data(template, reference=reference, addressee_name=name),
            large_print=large,
        )
        for reference, name, template, language, large in people
    ]
    rows = [(reference, name, template.value) for reference, name, template, _, _ in people]
    return BatchCover("Victim Liaison Unit (Example Region)", RUN_DATE, rows), pdfs


def test_batch_is_the_cover_then_every_letter_unchanged() -> None:
    cover, pdfs = three_letters()
    batch = PdfReader(BytesIO(render_batch_pdf(cover, pdfs)))
    letter_pages = [page_count(pdf) for pdf in pdfs]
    cover_pages = len(batch.pages) - sum(letter_pages)
    assert cover_pages >= 1
    # Words as read: a name or title may wrap inside its cell.
    cover_text = " ".join(" ".join(p.extract_text().split()) for p in batch.pages[:cover_pages])
    assert "Print run: Victim Liaison Unit (Example Region)" in cover_text
    assert "4 March 2026" in cover_text
    for reference, name, template in cover.letters:
        assert reference in cover_text
        assert name in cover_text
        assert TEMPLATE_TITLES[Template(template)] in cover_text
        assert template not in cover_text
    start = cover_pages
    for pdf, pages in zip(pdfs, letter_pages, strict=True):
        original = PdfReader(BytesIO(pdf))
        for offset in range(pages):
            copied, given = batch.pages[start + offset], original.pages[offset]
            copied_stream, given_stream = copied.get_contents(), given.get_contents()
            assert copied_stream is not None and given_stream is not None
            assert copied_stream.get_data() == given_stream.get_data()
            assert copied.extract_text() == given.extract_text()
        start += pages
    assert start == len(batch.pages)


def test_cover_sheet_lists_page_counts_and_is_marked_not_for_posting() -> None:
    cover, pdfs = three_letters()
    cover_text = PdfReader(BytesIO(render_batch_pdf(cover, pdfs))).pages[0].extract_text()
    assert f"Pages after this cover sheet: {sum(page_count(p) for p in pdfs)}" in cover_text
    assert "Do not post" in cover_text


def test_cover_and_letters_must_match_in_number() -> None:
    cover, pdfs = three_letters()
    with pytest.raises(ValueError, match="3 letters but 2 PDFs"):
        render_batch_pdf(cover, pdfs[:2])


def test_a_long_run_spills_the_cover_onto_more_pages() -> None:
    pdf = full_letter_pdf(Template.FOLLOW_UP, Language.EN)
    rows = [(f"VCS/VLU-EXA/{n:06d}", "Alex Example", "follow_up") for n in range(60)]
    batch = PdfReader(BytesIO(render_batch_pdf(BatchCover("VLU", RUN_DATE, rows), [pdf] * 60)))
    cover_pages = len(batch.pages) - 60 * page_count(pdf)
    assert cover_pages >= 2
    cover_text = "\n".join(p.extract_text() for p in batch.pages[:cover_pages])
    assert all(reference in cover_text for reference, _, _ in rows)


def test_an_empty_run_is_just_a_cover() -> None:
    batch = PdfReader(BytesIO(render_batch_pdf(BatchCover("VLU", RUN_DATE, []), [])))
    assert len(batch.pages) == 1
    assert "Letters: 0" in batch.pages[0].extract_text()
