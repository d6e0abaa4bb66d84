"""Reading a message from the queue: the SNS envelope opened, the HMPPS event checked against its
schema (naming each field at fault, never its value), and the event's own identity, whatever
message carried it."""

from __future__ import annotations

import hashlib
import json

from pydantic import ValidationError

from vcs.events.matching import Unreadable
from vcs.events.schemas import HmppsEvent


def unwrap(text: str, message_id: str) -> tuple[str, str]:
    """The SNS envelope's message id and the event inside it (a queue subscribed with raw
    delivery gives the event itself, under the queue's message id)."""
    try:
        outer = json.loads(text)
    except ValueError:
        raise Unreadable("The message is not JSON") from None
    if isinstance(outer, dict) and outer.get("Type") == "Notification":
        inner = outer.get("Message")
        if not isinstance(inner, str):
            raise Unreadable("The SNS notification carries no message")
        return str(outer.get("MessageId") or message_id)[:128], inner
    return message_id, text


def read_event(text: str) -> HmppsEvent:
    """The event, or Unreadable naming each field at fault (never its value)."""
    try:
        return HmppsEvent.model_validate_json(text)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'the event'}: {e['msg']}" for e in exc.errors()
        )
        raise Unreadable(f"The event does not fit the HMPPS event schema ({problems})") from None


def event_key(event: HmppsEvent) -> str:
    """The event's own identity, whatever message carried it: its type, time, person and facts."""
    identity = {
        "type": event.event_type,
        "at": event.occurred_at.isoformat(),
        "who": sorted(
            (i.type.upper(), i.value.strip().upper())
            for i in (event.person_reference.identifiers if event.person_reference else [])
        ),
        "info": event.additional_information or {},
    }
    text = json.dumps(identity, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
