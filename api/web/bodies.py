"""Limits on what a request body may be, checked before any handler reads it: at most
`MAX_BODY_BYTES` (routes that take a file set their own, larger, limit) and JSON nested at most
`MAX_JSON_DEPTH` deep. A body past either limit is refused with a 4xx problem, never decoded:
JSON nested a thousand deep would otherwise exhaust the decoder's recursion (a 500).
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from litestar import Request
from litestar.exceptions import ValidationException

MAX_BODY_BYTES = 2 * 1024 * 1024  # the largest JSON body (a detailed exclusion zone) is far less
MAX_JSON_DEPTH = 64
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def depth(body: bytes) -> int:
    """How deep JSON text nests arrays and objects (brackets inside strings ignored), counted
    without recursing, so that no depth of nesting can exhaust the stack."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _takes_json(request: Request[Any, Any, Any]) -> bool:
    if request.method not in BODY_METHODS:
        return False
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type not in FORM_TYPES


async def check_body(request: Request[Any, Any, Any]) -> None:
    """Before every handler: read the body within its size limit (413 beyond it) and refuse
    JSON nested too deep (400, naming the body). Form posts and uploads are not JSON."""
    if not _takes_json(request):
        return
    body = await request.body()
    if depth(body) > MAX_JSON_DEPTH:
        message = f"is nested too deeply: at most {MAX_JSON_DEPTH} levels of arrays and objects"
        raise ValidationException(
            detail="The request body could not be read",
            extra=[{"key": "body", "message": message}],
        )
