"""Documents served as files (a map, a zone drawn as SVG, a representation PDF): never cached,
never sniffed, under their own strict content policy."""

from __future__ import annotations

from litestar import Response

DOCUMENT_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


def document(content: bytes | str, media_type: str, name: str) -> Response[bytes]:
    """The content as an inline file named `name`."""
    body = content.encode() if isinstance(content, str) else content
    headers = {**DOCUMENT_HEADERS, "Content-Disposition": f'inline; filename="{name}"'}
    return Response(body, media_type=media_type, headers=headers)
