"""The words people read: no stored code (a snake_case value such as "parole_hearing", a unit's
code such as "VLU-LON") and no ISO date ("2026-12-06") may reach a page, a PDF, a timeline entry or an error message.

Call `assert_peoples_words(text, where)` from any test with the visible text of what a person
reads: `visible_text(html)` for a page read without a browser, `document.body.innerText` in the
browser, `pdf_text(pdf)` for a letter, a meeting pack or any other PDF.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader

SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A unit's code ("VLU-LON") where its name belongs; a letter's reference ("VCS/VLU-LON/12/1")
# carries it on purpose, to be quoted back.
UNIT_CODE = re.compile(r"(?<![/\w-])(?:VLU|WCU|PDU)-[A-Z0-9]+\b")
# Words people genuinely type that look like codes. Keep it small: a stored code belongs in
# api/web/labels.py, not here. The sentencing list's column names are typed by the court's staff
# at the head of the file they upload, so its page names them as they must be written.
ALLOWED: frozenset[str] = frozenset(
    {"date_of_birth", "offence_codes", "sentence_type", "sentence_length_months", "sentence_date"}
)


def internal_words(text: str) -> list[str]:
    """Every snake_case token and ISO date in the text, in order, each once."""
    found = [m.group(0) for m in SNAKE_CASE.finditer(text)] + ISO_DATE.findall(text)
    found += UNIT_CODE.findall(text)
    return [word for word in dict.fromkeys(found) if word not in ALLOWED]


def assert_peoples_words(text: str, where: str) -> None:
    """Fail, naming the page or document and the words, if the text shows an internal word."""
    words = internal_words(text)
    if words:
        lines = [line.strip() for line in text.splitlines() if any(w in line for w in words)]
        raise AssertionError(f"internal words on {where}: {words}\n" + "\n".join(lines[:20]))


class _Visible(HTMLParser):
    """The text a page shows (and reads aloud): everything but scripts, styles and the head."""

    HIDDEN = frozenset({"script", "style", "head", "template", "noscript", "title"})
    VOID = frozenset(
        {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area", "base"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag not in self.VOID:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        else:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The visible text of an HTML page, one element's text a line."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF, as pypdf extracts it."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
