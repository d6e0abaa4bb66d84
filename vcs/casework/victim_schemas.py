"""Shapes for changing the victim's own details, and the history of those changes.

The history says who changed which details, when and why, never the values: it is read by the
Victim Liaison Unit only, and must not become a second copy of the victim's details.
"""

from __future__ import annotations

from datetime import date, datetime

from vcs.casework.schemas import Version
from vcs.core.schemas import Email, Input, IsoDate, Name, Output, Phone, RequiredReason
from vcs.referrals.schemas import AddressIn, Language

# The details a VLO may change, in the order the service lists them, with their words.
DETAIL_WORDS = {
    "name": "name",
    "address": "address",
    "phone": "phone number",
    "email": "email address",
    "date_of_birth": "date of birth",
    "language": "language",
}


class VictimDetailsChange(Input):
    """Only the fields sent are changed; `null` removes an address, phone, email or date of
    birth. The reason is required and kept in the case's history."""

    name: Name | None = None
    address: AddressIn | None = None
    phone: Phone | None = None
    email: Email | None = None
    date_of_birth: IsoDate | None = None
    language: Language | None = None
    reason: RequiredReason
    version: Version = None


class VictimDetailsChangeOut(Output):
    """One change to the victim's details: who, when, which details and why (no values)."""

    on: date
    recorded_at: datetime
    changed_by: str
    fields: list[str]
    reason: str
