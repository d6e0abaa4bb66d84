"""Shapes of a Witness Care officer's correction to a referral's victims."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from vcs.core.schemas import Email, Input, IsoDate, Name, Phone, RecordId, RequiredReason
from vcs.referrals.schemas import AddressIn, Language


class VictimCorrection(Input):
    """One victim's details as they should have been sent; the fields left out stay as sent."""

    victim_id: RecordId
    name: Name | None = None
    date_of_birth: IsoDate | None = None
    address: AddressIn | None = None
    email: Email | None = None
    phone: Phone | None = None
    language: Language | None = None


class ReferralCorrection(Input):
    victims: Annotated[list[VictimCorrection], Field(min_length=1, max_length=50)]
    reason: RequiredReason
