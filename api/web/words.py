"""Free text the service wrote itself (a timeline entry, a rule set's name, a wording's version)
turned into people's words: dates as "6 December 2026", stored codes as their labels."""

from __future__ import annotations

import re
from datetime import date

from api.web.labels import LABELS, MONTHS, label, long_date

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
# Where one code has several labels, the words a timeline entry means by it.
PREFERRED = ("level", "outcome", "clock", "close_reason", "contact_outcome", "event")


def _code_words(code: str) -> str:
    for kind in (*PREFERRED, *LABELS):
        if code in LABELS.get(kind, {}):
            return LABELS[kind][code]
    return code.replace("_", " ")


def _long(match: re.Match[str]) -> str:
    try:
        return long_date(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return match[0]


def peoples_words(text: object) -> str:
    """The text with every ISO date written out and every stored code in words, so that entries
    written before a summary was worded well still read well."""
    return CODE.sub(lambda m: _code_words(m[0]), ISO_DATE.sub(_long, str(text or "")))


def rules_words(version: object) -> str:
    """A rule set's name ("dvcva-2004/2021-04-01") as the rules in force from a date."""
    text = str(version or "")
    found = ISO_DATE.search(text)
    return f"The rules in force from {_long(found)}" if found else peoples_words(text)


def wording_words(version: object) -> str:
    """A letter's wording ("initial_offer/2026-11") as its title and the month it was written."""
    template, _, month = str(version or "").partition("/")
    found = ISO_MONTH.fullmatch(month)
    if not found:
        return label(template, "letter")
    return f"{label(template, 'letter')}, wording of {MONTHS[int(found[2]) - 1]} {found[1]}"
