"""The subject-access export as a PDF: everything held about one victim, record by record.

Pure: plain data in (the export as the service gives it in JSON: `case_id`, `produced_on`,
`victim`, `case`, `records`), PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letters.render import ENVIRONMENT, render_pdf

__all__ = ["render_subject_access_html", "render_subject_access_pdf"]


def _heading(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def render_subject_access_html(export: Mapping[str, Any]) -> str:
    """The export as HTML: every value escaped, nothing missing (StrictUndefined)."""
    return ENVIRONMENT.get_template("subject_access.html").render(
        e=export,
        created=export["produced_on"].isoformat(),
        heading=_heading,
        value=_value,
    )


def render_subject_access_pdf(export: Mapping[str, Any]) -> bytes:
    """The export as an accessible PDF (PDF/UA-1), for a subject access request (UK GDPR
    Article 15: a copy of the personal data held)."""
    return render_pdf(render_subject_access_html(export))
