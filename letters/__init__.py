"""Letters of the Victim Contact Scheme: pure rendering from plain data to HTML and PDF.

Who a letter goes to is decided in `vcs`; this package prints what it is given, in English or
Welsh, and refuses to print with anything missing or with anything a victim must never be told.
"""

from letters.batch import render_batch_pdf
from letters.dates import format_long_date, format_month
from letters.fields import (
    FORBIDDEN_FIELDS,
    ForbiddenContent,
    MissingMergeFields,
    check_merge_fields,
    required_fields,
)
from letters.model import (
    TEMPLATE_VERSIONS,
    BatchCover,
    Language,
    LetterData,
    Letterhead,
    Template,
)
from letters.render import render_html, render_letter_pdf, render_pdf

__all__ = [
    "FORBIDDEN_FIELDS",
    "TEMPLATE_VERSIONS",
    "BatchCover",
    "ForbiddenContent",
    "Language",
    "LetterData",
    "Letterhead",
    "MissingMergeFields",
    "Template",
    "check_merge_fields",
    "format_long_date",
    "format_month",
    "render_batch_pdf",
    "render_html",
    "render_letter_pdf",
    "render_pdf",
    "required_fields",
]
