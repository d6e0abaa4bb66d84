"""Files people upload: the type is read from the content, never from the name, and the size is
capped. Only what the service can print is taken: PDF, PNG and JPEG."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from vcs.core.errors import DomainError, FieldProblem, InvalidInput

MAX_MAP_BYTES = 10 * 1024 * 1024  # 10 MB
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


class FileTooLarge(DomainError):
    """The file is bigger than the service takes."""


class UnsupportedFileType(DomainError):
    """The file's content is not of a type the service takes (whatever its name says)."""


def sniff_media_type(content: bytes) -> str | None:
    """The media type the first bytes of the file show, if it is one the service takes."""
    return next((kind for magic, kind in SIGNATURES if content.startswith(magic)), None)


def _check_pdf(content: bytes) -> None:
    try:
        reader = PdfReader(BytesIO(content))
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception:  # pypdf raises many kinds for a damaged file
        raise InvalidInput.on("file", "The PDF could not be read: it may be damaged") from None
    if encrypted:
        raise InvalidInput.on("file", "The PDF is password-protected: send it without a password")
    if pages == 0:
        raise InvalidInput.on("file", "The PDF has no pages")


def check_map_file(content: bytes, max_bytes: int = MAX_MAP_BYTES) -> str:
    """Return the file's media type (PDF, PNG or JPEG, from its content), or refuse it.

    The name and the declared type are ignored: a file called map.png that is not a PNG is
    refused. A PDF must open and have pages, as it is printed after the representation.
    """
    if not content:
        raise InvalidInput.on("file", "The file is empty")
    if len(content) > max_bytes:
        message = (
            f"The file is {len(content) / 1024 / 1024:.1f} MB; "
            f"the most is {max_bytes / 1024 / 1024:g} MB"
        )
        raise FileTooLarge(message, [FieldProblem("file", message)])
    media_type = sniff_media_type(content)
    if media_type is None:
        message = "The file must be a PDF, PNG or JPEG (checked from its content, not its name)"
        raise UnsupportedFileType(message, [FieldProblem("file", message)])
    if media_type == "application/pdf":
        _check_pdf(content)
    return media_type
