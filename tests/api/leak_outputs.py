"""Everything a response says, as text to search: JSON, CSV and pages as they are (entities
decoded); PDFs through their text, their document information, XMP, scripts, form fields,
attachments and embedded JPEG images; images through their text chunks, comments, EXIF (GPS
included) and XMP. Also what metadata an image still carries at all."""

from __future__ import annotations

import html
from io import BytesIO
from typing import Any

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    StreamObject,
    TextStringObject,
)

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
GPS_IFD = 0x8825


def image_text(content: bytes) -> str:
    """An image's metadata, written out: text chunks, comments, EXIF tags and GPS, XMP."""
    with Image.open(BytesIO(content)) as image:
        parts = [repr(image.info)]
        exif = image.getexif()
        parts += [f"{tag}={value!r}" for tag, value in exif.items()]
        parts += [f"gps {tag}={value!r}" for tag, value in exif.get_ifd(GPS_IFD).items()]
        parts += [f"{k}={v!r}" for k, v in getattr(image, "text", {}).items()]
    return "\n".join(parts)


def image_metadata(content: bytes) -> list[str]:
    """What metadata the image still carries: GPS, EXIF, text chunks, comments, XMP, profiles."""
    with Image.open(BytesIO(content)) as image:
        exif = image.getexif()
        found = [f"gps {t}" for t in exif.get_ifd(GPS_IFD)] + [f"exif {t}" for t in exif]
        info = {k for k in image.info if k not in ("dpi", "jfif", "jfif_version", "jfif_unit")}
        found += sorted(f"info {k}" for k in info if k not in ("jfif_density", "progressive"))
    return found


def _stream(obj: StreamObject, key: str) -> str:
    if obj.get("/Subtype") == "/Image":
        data = obj._data if obj.get("/Filter") == "/DCTDecode" else b""
        return image_text(data) if data.startswith(JPEG) else ""
    if key in ("/Contents", "/FontFile", "/FontFile2", "/FontFile3", "/ToUnicode"):
        return ""  # page drawing and fonts: their words come out through extract_text
    try:
        return obj.get_data().decode("latin-1")
    except Exception:  # a stream pypdf cannot decode holds nothing readable
        return ""


def _walk(obj: Any, key: str, seen: set[int], out: list[str]) -> None:
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, StreamObject):
        out.append(_stream(obj, key))
    if isinstance(obj, DictionaryObject):
        for k, v in obj.items():
            if k not in ("/Parent", "/P"):
                _walk(v, str(k), seen, out)
    elif isinstance(obj, ArrayObject):
        for v in obj:
            _walk(v, key, seen, out)
    elif isinstance(obj, TextStringObject | bytes | str):
        out.append(str(obj) if not isinstance(obj, bytes) else obj.decode("latin-1"))


def pdf_text(content: bytes) -> str:
    """A PDF's words, its document information and every string, script, XMP packet,
    attachment and embedded JPEG's metadata reachable from its catalogue."""
    reader = PdfReader(BytesIO(content))
    out = [page.extract_text() or "" for page in reader.pages]
    out.append(repr(dict(reader.metadata or {})))
    _walk(reader.trailer, "", set(), out)
    return "\n".join(out)


def readable(content: bytes, text: str) -> str:
    """All a response says, as text."""
    if content.startswith(b"%PDF"):
        return pdf_text(content)
    if content.startswith((PNG, JPEG)):
        return image_text(content)
    return html.unescape(text)
