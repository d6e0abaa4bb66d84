"""Path and query parameters shared by the controllers, bounded so no id overflows a column."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.params import PathParameter, QueryParameter

from vcs.core.actors import Actor
from vcs.core.schemas import MAX_ID

Id = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="Record number")]
Limit = Annotated[int, QueryParameter(ge=1, le=200, description="Page size")]
Offset = Annotated[int, QueryParameter(ge=0, le=10_000_000, description="Rows to skip")]
AuthedRequest = Request[Actor, str, Any]
# What a search box sent; the use case checks it and names the field when empty or too long.
SearchQuery = Annotated[
    str, QueryParameter(name="q", max_length=1000, description="What to look for")
]
