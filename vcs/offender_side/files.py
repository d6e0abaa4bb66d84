"""Files rebuilt for the offender side: a map is re-rendered, never passed on. Pure: bytes in,
bytes out; no database.

A map a victim supplies (PNG, JPEG or PDF) can carry far more than its picture: a photo's EXIF
holds the GPS position where it was taken and free-text fields (description, artist, comment),
XMP packets and ICC profiles carry text, PNG text chunks carry anything, and a PDF carries its
document information (/Author, /Subject...), XMP metadata, JavaScript, forms and attached files.
Before anyone outside the Victim Liaison Unit (offender manager, decision maker, MAPPA meeting)
can have a map, it is rebuilt from its pixels alone:

- an image is decoded, turned upright by its EXIF orientation, brought to sRGB if it carries a
  colour profile, copied pixel by pixel into a new image (which has no metadata at all) and
  encoded afresh: PNG as PNG, JPEG as JPEG, with no EXIF, XMP, comment, ICC profile or text chunk;
- a PDF is rasterised page by page (pdfium, through pypdfium2, without running JavaScript or
  drawing form fields), each page rebuilt as above, and the pages written as a new PDF of images
  with no document information, metadata stream, JavaScript, actions, forms or attachments.

What is drawn on the map (a label, a pin) stays: the VLO checks the picture itself with the
victim. The original stays in the Victim Liaison Unit only.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium
from PIL import Image, ImageCms, ImageOps
from pypdf import PdfReader, PdfWriter

from vcs.core.errors import InvalidInput

MAX_PIXELS = 40_000_000  # about 6,300 x 6,300: a map, not a decompression bomb
MAX_PAGES = 20
PDF_DPI = 150
MAX_PAGE_PIXELS = 12_000_000  # an A0 sheet is drawn smaller rather than enormous
JPEG_QUALITY = 90
TOO_LARGE = "The map's picture is too large: make it smaller"
UNREADABLE = (
    "The map could not be read to make the copy the offender manager and the decision maker "
    "receive: save it again as a PDF, PNG or JPEG and attach that"
)


@dataclass(frozen=True)
class RebuiltFile:
    media_type: str
    content: bytes


def _clean(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """A new image holding only the pixels: upright, in sRGB, with no metadata whatever."""
    image = ImageOps.exif_transpose(image) or image
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(profile))
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            srgb = ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image, source, srgb, outputMode=output) or image
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are kept as they are
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if keep_alpha and has_alpha else "L" if image.mode in ("1", "L") else "RGB"
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


def _open(content: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(content))
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput.on("file", TOO_LARGE)
            image.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise InvalidInput.on("file", UNREADABLE) from None
        except Image.DecompressionBombWarning:
            raise InvalidInput.on(
                "file", "The map's picture is too large: make it smaller"
            ) from None
    return image


def _encode(image: Image.Image, kind: str) -> bytes:
    out = BytesIO()
    if kind == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def _rebuild_image(content: bytes, media_type: str) -> RebuiltFile:
    kind = "JPEG" if media_type == "image/jpeg" else "PNG"
    image = _clean(_open(content), keep_alpha=kind == "PNG")
    return RebuiltFile(media_type, _encode(image, kind))


def _pages(content: bytes) -> list[Image.Image]:
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        raise InvalidInput.on("file", UNREADABLE) from None
    try:
        if len(document) > MAX_PAGES:
            raise InvalidInput.on("file", f"The map has more than {MAX_PAGES} pages")
        pages = []
        for page in document:
            width, height = page.get_size()
            scale = PDF_DPI / 72
            if width * height * scale * scale > MAX_PAGE_PIXELS:
                scale = (MAX_PAGE_PIXELS / (width * height)) ** 0.5
            bitmap = page.render(scale=scale, may_draw_forms=False)
            pages.append(_clean(bitmap.to_pil(), keep_alpha=False))
        return pages
    finally:
        document.close()


def _rebuild_pdf(content: bytes) -> RebuiltFile:
    pages = _pages(content)
    drawn = BytesIO()
    pages[0].save(drawn, "PDF", save_all=True, append_images=pages[1:], resolution=PDF_DPI)
    writer = PdfWriter()
    for page in PdfReader(BytesIO(drawn.getvalue())).pages:
        writer.add_page(page)
    writer.metadata = None  # no document information at all, not even the producer
    out = BytesIO()
    writer.write(out)
    return RebuiltFile("application/pdf", out.getvalue())


def rebuild_map(media_type: str, content: bytes) -> RebuiltFile:
    """The map rebuilt from its picture alone (same type: PDF, PNG or JPEG), or InvalidInput on
    `file` when it cannot be read."""
    if media_type == "application/pdf":
        return _rebuild_pdf(content)
    if media_type in ("image/png", "image/jpeg"):
        return _rebuild_image(content, media_type)
    raise InvalidInput.on("file", UNREADABLE)
