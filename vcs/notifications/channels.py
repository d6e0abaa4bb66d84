"""Which channels a message goes by: the person's choices in their order, each allowed by the
letters' addressee rules (vcs.correspondence.addressees), and for urgent news never one only."""

from __future__ import annotations

from datetime import date

from letters import Template
from vcs.core.errors import Refused
from vcs.correspondence.addressees import Addressee, CorrespondenceFacts, decide_addressee
from vcs.notifications.wording import URGENT_STAGES

# The person's choice of channel -> the Notify channel (a phone call is the VLO's to make).
NOTIFY_CHANNEL = {"sms": "sms", "email": "email", "post": "letter"}
# A Notify channel -> the addressee rules' channel.
ADDRESSEE_CHANNEL = {"sms": "sms", "email": "email", "letter": "post"}
LETTER_OF_STAGE = {"release": Template.KEY_STAGE_RELEASE, "recall": Template.KEY_STAGE_RECALL}
CHANNEL_WORDS = {"sms": "text message", "email": "email", "letter": "letter"}


def channel_order(choices: list[str]) -> list[str]:
    """The Notify channels in the order the person chose them."""
    return [NOTIFY_CHANNEL[c] for c in choices if c in NOTIFY_CHANNEL]


def reachable(
    facts: CorrespondenceFacts, stage: str, channels: list[str], today: date
) -> list[tuple[str, Addressee]]:
    """Each channel the addressee rules allow, in order (the rules refuse with the reason)."""
    found: list[tuple[str, Addressee]] = []
    refusal: Refused | None = None
    for channel in channels:
        try:
            found.append(
                (channel, decide_addressee(facts, stage, ADDRESSEE_CHANNEL[channel], today))
            )
        except Refused as exc:
            refusal = refusal or exc
    if not found:
        raise refusal or Refused("The victim chose no channel that a message can go by")
    return found


def plan_channels(stage: str, allowed: list[tuple[str, Addressee]]) -> list[tuple[str, Addressee]]:
    """The first channel allowed; for an urgent stage, a text or email and then a letter (or a
    second electronic channel where post is not allowed): never one channel only."""
    if stage not in URGENT_STAGES:
        return allowed[:1]
    electronic = [a for a in allowed if a[0] != "letter"]
    letter = [a for a in allowed if a[0] == "letter"]
    plan = electronic[:1] + (letter[:1] or electronic[1:2])
    if len(plan) < 2:
        raise Refused(
            "Urgent news is never sent by one channel only, and the victim can be reached by "
            "one channel only: phone or visit them"
        )
    return plan
