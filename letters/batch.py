"""A print run: one cover sheet listing the letters, then each stored letter PDF unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from pypdf import PdfReader, PdfWriter

from letters.dates import format_long_date
from letters.model import TEMPLATE_TITLES, BatchCover, Language, Template
from letters.render import ENVIRONMENT, render_pdf


def _title(template: str) -> str:
    """What the letter is, in words (the template's code only if it is not one of ours)."""
    known = template in {t.value for t in Template}
    return TEMPLATE_TITLES[Template(template)] if known else template.replace("_", " ")


def render_batch_pdf(cover: BatchCover, letter_pdfs: Sequence[bytes]) -> bytes:
    """One PDF for the printer: a cover sheet, then every letter exactly as it was stored.

    The cover lists each letter's reference, addressee and template with its page count, large
    print flagged, so the run can be checked before posting. Row i of the cover describes
    letter_pdfs[i]; a cover and a list of PDFs of different lengths are refused (ValueError)
    rather than mismatched.
    """
    if len(cover.letters) != len(letter_pdfs):
        raise ValueError(
            f"The cover sheet lists {len(cover.letters)} letters but {len(letter_pdfs)} PDFs "
            "were given."
        )
    readers = [PdfReader(BytesIO(pdf)) for pdf in letter_pdfs]
    large = list(cover.large_print) or [False] * len(readers)
    rows = [
        {
            "reference": ref,
            "addressee": name,
            "template": _title(template),
            "pages": len(reader.pages),
            "large_print": flag,
        }
        for (ref, name, template), reader, flag in zip(cover.letters, readers, large, strict=True)
    ]
    html = ENVIRONMENT.get_template("batch_cover.html").render(
        unit_name=cover.unit_name,
        run_date=format_long_date(cover.run_date, Language.EN),
        created=cover.run_date.strftime("%Y-%m-%d"),
        rows=rows,
        total_pages=sum(row["pages"] for row in rows),
        large_print=sum(1 for row in rows if row["large_print"]),
    )
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(render_pdf(html))))
    for reader in readers:
        writer.append(reader)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
