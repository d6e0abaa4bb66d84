"""The MAPPA meeting pack: the victims' views, their licence-condition requests and the
victim-safety section, printed for a level 2 or 3 meeting.

Pure: plain data in, PDF bytes out. The data is the pack as the service shows it in JSON (a
mapping with `reference`, `offender_name`, `level`, `on`, `views_due`, `produced_on`, `mappa`,
`victims` and `victim_safety`); it never holds a victim's contact details, so neither can the PDF.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from letters.dates import format_long_date
from letters.model import Language
from letters.render import ENVIRONMENT, render_pdf

__all__ = ["ZoneMap", "render_meeting_pack_html", "render_meeting_pack_pdf"]


@dataclass(frozen=True)
class ZoneMap:
    """The map of one request's zones: its heading, the picture (PNG) and notes beneath it."""

    title: str
    png: bytes = field(repr=False)
    notes: tuple[str, ...] = ()

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _long(day: date | None) -> str:
    return format_long_date(day, Language.EN) if day else ""


def _words(code: str) -> str:
    return code.replace("_", " ")


def render_meeting_pack_html(pack: Mapping[str, Any], maps: Sequence[ZoneMap] = ()) -> str:
    """The pack as HTML: every value escaped, nothing missing (StrictUndefined)."""
    return ENVIRONMENT.get_template("meeting_pack.html").render(
        p=pack, created=pack["produced_on"].isoformat(), long=_long, words=_words, maps=maps
    )


def render_meeting_pack_pdf(pack: Mapping[str, Any], maps: Sequence[ZoneMap] = ()) -> bytes:
    """The pack as an accessible PDF (PDF/UA-1) for the meeting.

    Rule: the meeting sees the victims' views without their contact details (MAPPA Guidance,
    victim liaison; domain.md section 6); the PDF prints only what the pack holds.
    """
    return render_pdf(render_meeting_pack_html(pack, maps))
