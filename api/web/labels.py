"""Words shown on the pages for the codes the service stores, and the colour of each state's tag.

Deadline tags follow the issue: overdue red, due soon yellow, met green.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from letters import Language
from letters.dates import MONTHS as LETTER_MONTHS
from letters.model import TEMPLATE_TITLES

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
        "mappa_views": "Victim's views for a MAPPA meeting",
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
        "national_manager": "National manager",
        "admin": "Administrator",
        "integration": "Service account (events)",
    },
    # What an HMPPS event means here (vcs/events/effects.toml).
    "event_effect": {
        "release": "Released from custody",
        "temporary_release": "Released on temporary licence",
        "recall": "Recalled to custody",
        "hospital_transfer": "Transferred to hospital",
        "return_to_custody": "Back in custody",
        "key_dates_changed": "Release dates recalculated",
        "mappa_registration": "Registered for MAPPA",
        "none": "Nothing to do here",
        "": "Not read yet",
    },
    "account": {"active": "Active", "deactivated": "Deactivated"},
    "letter": {t.value: title for t, title in TEMPLATE_TITLES.items()},
    "letter_status": {"draft": "Draft", "sent": "Sent", "cancelled": "Cancelled"},
    "letter_channel": {"post": "Post", "email": "Email"},
    "channel": {"post": "Post", "email": "Email", "phone": "Phone", "sms": "Text message"},
    "message_stage": {
        "release": "Release",
        "recall": "Recall to prison",
        "temporary_release_considered": "Temporary release",
        "release_date_changed": "Release date changed",
        "parole_review_started": "Parole review",
        "open_conditions": "Move to open conditions",
        "hospital_transfer": "Transfer to hospital",
        "licence_expiry": "Licence ends",
    },
    "message_channel": {"sms": "Text message", "email": "Email", "letter": "Letter by post"},
    "message_state": {
        "awaiting_approval": "Waiting for approval",
        "queued": "Waiting to be sent",
        "sending": "Being sent",
        "sent": "Sent",
        "delivered": "Delivered",
        "failed": "Not delivered",
        "cancelled": "Not sent",
    },
    "notify_status": {
        "created": "Accepted by Notify",
        "sending": "Sending",
        "pending": "Sending",
        "delivered": "Delivered",
        "permanent-failure": "Failed: the number or address is wrong or no longer used",
        "temporary-failure": "Failed for now: the phone or inbox could not take it",
        "technical-failure": "Failed: a problem at Notify",
        "accepted": "Accepted for printing",
        "received": "Posted",
        "validation-failed": "Failed: the letter could not be printed",
        "cancelled": "Cancelled",
    },
    "addressee_role": {
        "victim": "Victim",
        "nominee": "Nominated contact",
        "parent_guardian": "Parent or guardian",
    },
    # Casework: contact attempts, the victim's choice, closing a case.
    "contact_method": {
        "letter": "Letter",
        "phone": "Phone call",
        "email": "Email",
        "visit": "Visit",
        "sms": "Text message",
    },
    "contact_outcome": {
        "made_contact": "Spoke to or met the victim",
        "sent": "Letter, email or text sent",
        "no_reply": "No reply",
        "message_left": "Message left",
        "undeliverable": "Could not be delivered",
        "note": "Internal note (not contact)",
    },
    "choice": {
        "opted_in": "Opt in: they want to hear about the offender's sentence",
        "opted_out": "Opt out: they do not want to hear any more",
    },
    "close_reason": {
        "sentence_expired": "The sentence has expired",
        "victim_request": "The victim asked to leave the scheme",
        "victim_died": "The victim has died",
        "offender_died": "The offender has died",
        "transferred": "Transfer to another Victim Liaison Unit",
    },
    # MAPPA: a victim's views for a meeting, and the meeting's lead agency; timeline events.
    "event": {
        "mappa_meeting_arranged": "MAPPA meeting arranged",
        "mappa_views_submitted": "Views sent for a MAPPA meeting",
        "mappa_changed": "MAPPA category or level changed",
    },
    "views": {"submitted": "Sent", "awaited": "Awaited", "not_wanted": "Not asked for"},
    "lead_agency": {
        "police": "Police",
        "probation": "Probation",
        "prison": "Prison",
        "health": "Health",
        "youth_justice": "Youth justice",
    },
    # Each area's pages add their own groups of labels above this line.
}

TAG_COLOURS: dict[str, str] = {
    "delivered": "green",
    "failed": "red",
    "awaiting_approval": "yellow",
    "queued": "blue",
    "sending": "light-blue",
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
    "sent": "green",
    "cancelled": "grey",
    "submitted": "green",
    "awaited": "yellow",
    "not_wanted": "grey",
    "active": "green",
    "deactivated": "grey",
}

MONTHS = list(LETTER_MONTHS[Language.EN])  # the month names the letters print
LONDON = ZoneInfo("Europe/London")


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


def long_moment(value: datetime | None) -> str:
    """An instant as GOV.UK writes it, in England and Wales: 6 December 2026 at 14:05."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{long_date(local.date())} at {local:%H:%M}"
