"""Words shown on the pages for the codes the service stores, and the colour of each state's tag.

Deadline tags follow the issue: overdue red, due soon yellow, met green.
"""

from __future__ import annotations

from datetime import date

from letters import Language
from letters.dates import MONTHS as LETTER_MONTHS

LABELS: dict[str, dict[str, str]] = {
    "deadline": {
        "pending": "Pending",
        "due_soon": "Due soon",
        "overdue": "Overdue",
        "met": "Met",
        "met_late": "Met late",
        "none": "No clock running",
    },
    "clock": {
        "referral": "Referral by Witness Care",
        "first_contact": "First contact",
    },
    "eligibility": {
        "statutory": "Statutory",
        "discretionary": "Discretionary",
        "ineligible": "Not eligible",
    },
    "referral_status": {
        "statutory": "Accepted",
        "discretionary": "Accepted at discretion",
        "ineligible": "Not eligible",
    },
    "participation": {
        "not_contacted": "Not yet contacted",
        "awaiting_reply": "Awaiting reply",
        "no_response": "No response",
        "opted_in": "Opted in",
        "opted_out": "Opted out",
    },
    "relationship": {
        "direct": "Direct victim",
        "bereaved_family": "Bereaved family",
        "parent_guardian": "Parent or guardian",
        "representative": "Representative",
    },
    "category": {
        "murder": "Murder",
        "violent": "Violent",
        "sexual": "Sexual",
        "terrorism": "Terrorism",
        "other": "Other",
    },
    "sentence": {
        "imprisonment": "Imprisonment",
        "youth_detention": "Youth detention",
        "dto": "Detention and training order",
        "hmp": "Detention at His Majesty's pleasure",
        "life": "Life imprisonment",
        "ipp": "Imprisonment for public protection",
        "extended": "Extended sentence",
        "hospital_order": "Hospital order",
        "hospital_order_restricted": "Hospital order with a restriction order",
        "hospital_direction": "Hospital direction with a limitation direction",
        "suspended": "Suspended sentence",
        "community": "Community order",
        "other": "Other",
    },
    "level": {
        "release_month": "The release month only",
        "annual": "An annual letter",
        "key_stages": "Every key stage",
    },
    "request": {
        "draft": "Draft",
        "forwarded": "Forwarded",
        "decided": "Decided",
        "victim_informed": "Victim told",
        "withdrawn": "Withdrawn",
    },
    "outcome": {
        "granted": "Granted",
        "granted_varied": "Granted with changes",
        "refused": "Refused",
    },
    "language": {"en": "English", "cy": "Welsh"},
    "state": {"open": "Open", "closed": "Closed"},
    "role": {
        "wcu": "Witness Care officer",
        "vlo": "Victim Liaison Officer",
        "vlu_manager": "VLU manager",
        "offender_manager": "Offender manager",
        "admin": "Administrator",
    },
    # Each area's pages add their own groups of labels above this line.
}

TAG_COLOURS: dict[str, str] = {
    "overdue": "red",
    "due_soon": "yellow",
    "met": "green",
    "met_late": "orange",
    "pending": "blue",
    "none": "grey",
    "statutory": "green",
    "discretionary": "turquoise",
    "ineligible": "grey",
    "opted_in": "green",
    "opted_out": "grey",
    "awaiting_reply": "light-blue",
    "forwarded": "blue",
    "decided": "green",
    "victim_informed": "green",
    "withdrawn": "grey",
    "no_response": "orange",
    "open": "blue",
    "closed": "grey",
}

MONTHS = list(LETTER_MONTHS[Language.EN])  # the month names the letters print


def label(value: object, kind: str) -> str:
    """The words for a stored code; an unknown code is shown as plain words, never hidden."""
    text = str(value or "")
    return LABELS.get(kind, {}).get(text) or text.replace("_", " ").capitalize()


def tag_colour(value: object) -> str:
    return TAG_COLOURS.get(str(value), "grey")


def long_date(value: date | None) -> str:
    """A date as GOV.UK writes it: 5 January 2026."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
