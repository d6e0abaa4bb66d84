"""The map for the decision maker: one PDF per request, to attach to the licence as "the
attached map" (HMPPS Create and Vary a Licence takes the map of an exclusion or restriction
zone as a PDF). It shows every zone over the basemap, a scale bar, a north arrow, each zone's
label, its corners as National Grid references, the standard wording and the condition's code.

Clean: the PDF carries a title and nothing else about itself (no author, producer, dates or
metadata stream), since it is attached as it stands to the offender's licence. Pure: plain data
in, PDF bytes out.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader, PdfWriter

from letters.render import ENVIRONMENT, render_pdf

__all__ = ["ZoneMapDocument", "ZoneSummary", "clean_pdf", "render_zone_map_pdf"]


@dataclass(frozen=True)
class ZoneSummary:
    """A zone as listed beside the map: its label, its size and its corners."""

    label: str
    area_km2: float
    corners: tuple[str, ...]  # grid references, such as "TQ 30080 80760"


@dataclass(frozen=True)
class ZoneMapDocument:
    title: str
    reference: str
    offender_name: str
    condition_title: str
    cvl_code: str | None
    policy_versions: tuple[str, ...]
    wording: str
    map_png: bytes
    zones: Sequence[ZoneSummary]
    basemap_note: str


def clean_pdf(pdf: bytes, title: str) -> bytes:
    """The same pages with a title and no other document information or metadata."""
    writer = PdfWriter()
    for page in PdfReader(BytesIO(pdf)).pages:
        writer.add_page(page)
    writer.metadata = {"/Title": title}
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render_zone_map_html(d: ZoneMapDocument) -> str:
    image = "data:image/png;base64," + base64.b64encode(d.map_png).decode("ascii")
    return ENVIRONMENT.get_template("zone_map.html").render(d=d, map_image=image)


def render_zone_map_pdf(d: ZoneMapDocument) -> bytes:
    """The decision maker's map as a clean PDF (title only)."""
    return clean_pdf(render_pdf(render_zone_map_html(d)), d.title)
