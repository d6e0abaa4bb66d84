"""The caseload's filters carried to a case and back, so that going back from a case returns to
the list as it was left. Only the caseload's own filters travel, each checked, so the link can
only ever lead to the caseload."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

KEPT = {
    "assigned_to": re.compile(r"^(-|[a-z0-9][a-z0-9._-]{1,63})?$"),
    "state": re.compile(r"^(open|closed|all)$"),
    "deadline": re.compile(r"^(overdue|due_soon)?$"),
    "limit": re.compile(r"^\d{1,3}$"),
    "offset": re.compile(r"^\d{1,8}$"),
}


def list_query(filters: dict[str, str | int]) -> str:
    """The caseload's filters as a query string (empty values kept: "anyone" is a choice)."""
    return urlencode([(k, str(v)) for k, v in filters.items() if k in KEPT])


def back_to_caseload(carried: str) -> str:
    """The caseload's address with the filters a case page was opened from."""
    kept = [
        (key, value)
        for key, value in parse_qsl(carried, keep_blank_values=True)
        if key in KEPT and KEPT[key].match(value)
    ]
    return f"/cases?{urlencode(kept)}" if kept else "/cases"
