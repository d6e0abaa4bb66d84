"""Dates as the letters print them, in English or Welsh."""

from __future__ import annotations

from datetime import date

from letters.model import Language

MONTHS: dict[Language, tuple[str, ...]] = {
    Language.EN: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    Language.CY: (
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ),
}


def format_long_date(d: date, language: Language) -> str:
    """A date in long form, "3 March 2026" or "3 Mawrth 2026": never ambiguous, never numeric."""
    return f"{d.day} {MONTHS[language][d.month - 1]} {d.year}"


def format_month(d: date, language: Language) -> str:
    """The month and year only, "March 2026" or "Mawrth 2026".

    Release letters use this: victims are told the month of release, never the day or the place.
    """
    return f"{MONTHS[language][d.month - 1]} {d.year}"
