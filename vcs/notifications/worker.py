"""The sending worker (`vcs notify send`): claims approved messages, checks the addressee again,
sends through GOV.UK Notify at the configured rate, and records what Notify said.

Several workers may run. On PostgreSQL a worker claims rows with `SELECT ... FOR UPDATE SKIP
LOCKED`, so two never claim the same; on SQLite the claim is one IMMEDIATE transaction (one
writer). A claim writes the attempt's client reference before the call to Notify; a worker that
dies after sending leaves its rows "sending", and the next claim of such a row (after a lease)
first asks Notify for that reference: if Notify has it, it is recorded, never sent again.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from limits import parse

from vcs.access import audit
from vcs.casework.tasks import add_task
from vcs.core import config
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Refused
from vcs.core.tables import Case
from vcs.correspondence import outbox
from vcs.correspondence.addressees import decide_addressee, facts_for
from vcs.notifications.channels import ADDRESSEE_CHANNEL
from vcs.notifications.claims import SLOT, claim_due, claim_stale
from vcs.notifications.client import NotifyClient, notify_client
from vcs.notifications.delivery import NOTIFY, apply_status, fall_back, release_letter
from vcs.notifications.tables import Notification, NotifySendingSlot

LATE = object()  # the slot's window closed before the call could start: take another


@dataclass
class Run:
    """What one run of the worker did."""

    sent: int = 0
    recovered: int = 0
    refused: int = 0
    failed: int = 0
    retried: int = 0
    polled: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Sent {self.sent}, found already sent {self.recovered}, not sent (addressee) "
            f"{self.refused}, refused by Notify {self.failed}, to try again {self.retried}, "
            f"statuses asked {self.polled}."
        )


class Sender:
    """One worker: a client, a rate, a name."""

    def __init__(self, client: NotifyClient, name: str, today: Callable[[], date]) -> None:
        self.client = client
        self.name = name
        self.today = today
        self.rate = parse(config.settings.notify_rate)
        self._pdf = b""

    async def run_once(self, batch: int = 50) -> Run:
        """Claim and send until nothing is due; then ask Notify about silent messages."""
        run = Run()
        while True:
            now = datetime.now(UTC)
            stale = await claim_stale(self.name, batch, now)
            for row in stale:
                await self.send(row, run, recovering=True)
            due = await claim_due(self.name, batch, now)
            for row in due:
                await self.send(row, run, recovering=False)
            if not stale and not due:
                break
        return run

    async def _wait_for_rate(self) -> float:
        """Take a slot in the current window, shared by every worker through the database;
        when the window is full, wait for the next one. Returns when the slot's window ends."""
        length = self.rate.get_expiry()
        while True:
            now = datetime.now(UTC).timestamp()
            window = int(now // length)
            async with write_transaction():
                await serialise_on("notify-sending-slots")
                taken = await NotifySendingSlot.raw(SLOT, window, self.rate.amount)
                if window % 60 == 0:
                    await NotifySendingSlot.delete().where(NotifySendingSlot.tick < window - 60)
            if taken:
                return (window + 1) * length
            await asyncio.sleep(max(0.01, (window + 1) * length - now))

    async def _still_mine(self, row_id: int) -> bool:
        """Inside a write transaction, renew this worker's claim just before sending; False if
        another worker took the row over (its lease ran out), which then sends or finds it."""
        renewed = (
            await Notification.update({Notification.claimed_at: datetime.now(UTC)})
            .where(
                (Notification.id == row_id)
                & (Notification.claimed_by == self.name)
                & (Notification.state == "sending")
            )
            .returning(Notification.id)
        )
        return bool(renewed)

    async def send(self, claimed: dict[str, Any], run: Run, recovering: bool) -> None:
        row = (
            await Notification.select()
            .output(load_json=True)
            .where(Notification.id == claimed["id"])
            .first()
        )
        assert row is not None
        client_reference = f"{row['reference']}-{row['attempt']}"
        if recovering:
            known = await asyncio.to_thread(
                self.client.get_all_notifications, reference=client_reference
            )
            found = (known or {}).get("notifications") or []
            if found:
                await self._sent(row, found[0]["id"], found[0].get("status", "created"))
                run.recovered += 1
                return
        try:
            async with write_transaction():
                if not await self._still_mine(int(row["id"])):
                    return
                recipient = await self._recipient(row)
        except Refused as exc:
            await self._refused(row, exc.message)
            run.refused += 1
            return
        try:
            response: Any = LATE
            while response is LATE:
                ends = await self._wait_for_rate()
                response = await asyncio.to_thread(
                    self._call, row, recipient, client_reference, ends
                )
        except Exception as exc:
            status = getattr(exc, "status_code", 0)
            if 400 <= status < 500 and status != 429:
                await apply_status(
                    "", client_reference, "permanent-failure", None, "send", self.today()
                )
                run.failed += 1
            else:  # unknown outcome: left "sending", asked about by reference after the lease
                run.errors.append(
                    f"Notify did not answer for message {row['id']} ({status or 'no reply'})"
                )
                run.retried += 1
            return
        await self._sent(row, str(response["id"]), "created")
        run.sent += 1

    def _call(self, row: dict[str, Any], recipient: str, client_reference: str, ends: float) -> Any:
        """The call to Notify, made only inside the window whose slot this worker holds: on a
        busy machine the slot may be taken just before its window closes, and a call that
        started after would count against the next window's rate."""
        if time.time() >= ends:
            return LATE
        personalisation = dict(row["personalisation"])
        if row["channel"] == "sms":
            return self.client.send_sms_notification(
                recipient, row["template_id"], personalisation, client_reference
            )
        if row["channel"] == "email":
            return self.client.send_email_notification(
                recipient, row["template_id"], personalisation, client_reference
            )
        return self.client.send_precompiled_letter_notification(
            client_reference, io.BytesIO(self._pdf)
        )

    async def _recipient(self, row: dict[str, Any]) -> str:
        """The addressee decided again at sending, as for letters; the details read are audited."""
        case = await Case.select(Case.state, Case.victim).where(Case.id == row["case"]).first()
        if case is None or case["state"] == "closed":
            raise Refused("The case is closed")
        facts = await facts_for(row["case"])
        now = decide_addressee(facts, row["stage"], ADDRESSEE_CHANNEL[row["channel"]], self.today())
        if (now.role, now.person.name) != (row["addressee_role"], row["addressee_name"]):
            raise Refused(f"Messages now go to {now.person.name}, not {row['addressee_name']}")
        await audit.record(
            NOTIFY, "read_victim_details", "victim", case["victim"], row["reference"]
        )
        if row["channel"] == "letter":
            self._pdf = await outbox.stored_pdf(row["letter"] or await self._draft(row))
            return ""
        return now.person.phone if row["channel"] == "sms" else now.person.email

    async def _draft(self, row: dict[str, Any]) -> int:
        """A bulk change's letter, drafted now that it is sent (in the approving VLO's name, with
        the release date as it stands) and kept on the message, so a retry sends the same one."""
        case = await Case.select().where(Case.id == row["case"]).first()
        letter_id = await release_letter(row, case, self.today()) if case else None
        if letter_id is None:
            raise Refused("The release letter could not be drafted: write to them by post")
        await Notification.update({Notification.letter: letter_id}).where(
            Notification.id == row["id"]
        )
        return letter_id

    async def _sent(self, row: dict[str, Any], notify_id: str, status: str) -> None:
        """Record the send and Notify's first status in one transaction."""
        async with write_transaction():
            await serialise_on(f"notification:{row['id']}")
            await Notification.update(
                {
                    Notification.state: "sent",
                    Notification.notify_id: notify_id,
                    Notification.updated_at: datetime.now(UTC),
                }
            ).where((Notification.id == row["id"]) & (Notification.state == "sending"))
            await apply_status(
                notify_id,
                f"{row['reference']}-{row['attempt']}",
                status,
                None,
                "send",
                self.today(),
            )

    async def _refused(self, row: dict[str, Any], why: str) -> None:
        async with write_transaction():
            await Notification.update(
                {
                    Notification.state: "cancelled",
                    Notification.failure: why,
                    Notification.updated_at: datetime.now(UTC),
                }
            ).where(Notification.id == row["id"])
            await add_task(
                row["case"],
                row["unit"],
                "message_not_sent",
                f"message_not_sent:{row['id']}",
                f"A message to {row['addressee_name']} was not sent: {why}",
                self.today(),
            )

    async def poll(self, older_than: timedelta, limit: int = 200) -> int:
        """Ask Notify the status of messages sent but silent for a while (a callback lost)."""
        cutoff = datetime.now(UTC) - older_than
        rows = (
            await Notification.select(
                Notification.id,
                Notification.notify_id,
                Notification.reference,
                Notification.attempt,
            )
            .where((Notification.state == "sent") & (Notification.updated_at < cutoff))
            .order_by(Notification.updated_at)
            .limit(limit)
        )
        for r in rows:
            answer = await asyncio.to_thread(self.client.get_notification_by_id, r["notify_id"])
            # Asked now: not asked again for another while, whatever the answer.
            await Notification.update({Notification.updated_at: datetime.now(UTC)}).where(
                (Notification.id == r["id"]) & (Notification.state == "sent")
            )
            await apply_status(
                r["notify_id"],
                f"{r['reference']}-{r['attempt']}",
                answer["status"],
                None,
                "poll",
                self.today(),
            )
        return len(rows)


__all__ = ["Run", "Sender", "claim_due", "claim_stale", "fall_back", "notify_client"]
