"""The "representation to the decision maker": a victim's licence-condition request as forwarded.

Probation must pass the victim's request direct to whoever decides (the prison governor, the
Parole Board, Public Protection Casework, the Mental Health Casework Section, a tribunal or the
hospital managers), unchanged. This prints the frozen copy of that request, with a map of any
the zones drawn over the basemap and any map the victim supplied. Pure: plain data in, PDF
bytes out; the same representation always gives the same bytes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from pypdf import PdfReader, PdfWriter

from letters.dates import format_long_date
from letters.model import Language
from letters.render import ENVIRONMENT, render_pdf

__all__ = ["MapFile", "Representation", "render_representation_pdf"]

IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


@dataclass(frozen=True)
class MapFile:
    """A map supplied with the request: a PDF (appended) or a PNG or JPEG image (printed)."""

    media_type: str
    content: bytes


@dataclass(frozen=True)
class Representation:
    """Everything the representation prints. It never holds a victim's contact details."""

    reference: str
    unit_name: str
    vlo_name: str
    decision_maker: str
    forwarded_on: date
    offender_name: str
    condition_code: str
    condition_title: str
    wording: str
    policy_version: str
    victim_words: str
    justification: str
    offender_identifiers: tuple[tuple[str, str], ...] = ()
    names: tuple[str, ...] = ()
    premises: tuple[str, ...] = ()
    needs_ppcs_approval: bool = False
    needed_by: date | None = None
    needed_for: str = "Release"
    cvl_code: str | None = None
    licence_policies: tuple[str, ...] = ()
    zone_png: bytes | None = field(default=None, repr=False)  # every zone over the basemap
    zone_notes: tuple[str, ...] = ()
    map_file: MapFile | None = field(default=None, repr=False)


def _data_uri(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def render_representation_html(r: Representation) -> str:
    """The representation as HTML: every value escaped, nothing missing (StrictUndefined)."""
    image = r.map_file if r.map_file and r.map_file.media_type in IMAGE_TYPES else None
    return ENVIRONMENT.get_template("representation.html").render(
        r=r,
        created=r.forwarded_on.isoformat(),
        forwarded_on=format_long_date(r.forwarded_on, Language.EN),
        needed_by=format_long_date(r.needed_by, Language.EN) if r.needed_by else "",
        zone_image=_data_uri("image/png", r.zone_png) if r.zone_png else "",
        map_image=_data_uri(image.media_type, image.content) if image else "",
        map_pages=bool(r.map_file and r.map_file.media_type == "application/pdf"),
    )


def render_representation_pdf(r: Representation) -> bytes:
    """The representation as an accessible PDF, with a supplied PDF map appended after it.

    Rule: the victim's request goes to the decision maker exactly as forwarded (Victims' Code;
    HMPPS licence conditions policy), so this is drawn only from the frozen copy given.
    """
    pdf = render_pdf(render_representation_html(r))
    if r.map_file is None or r.map_file.media_type != "application/pdf":
        return pdf
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(pdf)))
    writer.append(PdfReader(BytesIO(r.map_file.content)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
