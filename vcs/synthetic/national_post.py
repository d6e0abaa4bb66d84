"""What the synthetic national dataset's cases sent and received: letters (each row holding one
small shared PDF, not a rendering per letter), messages through GOV.UK Notify in their final
states with the status Notify reported, and the HMPPS events received about the offenders, as
the inbox records them once handled."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta

from piccolo.table import Table

from letters.model import TEMPLATE_VERSIONS, Template
from vcs.core.tables import Task
from vcs.correspondence.tables import Letter
from vcs.events.tables import InboxMessage
from vcs.mappa.tables import MappaMeeting, MappaStatus, MeetingVictimView
from vcs.notifications.tables import Notification, NotificationStatus
from vcs.notifications.wording import TEMPLATE_VERSION
from vcs.sentence.tables import KeyDates, KeyStage, KeyStageNotice
from vcs.synthetic.national import COLUMNS, Batch
from vcs.synthetic.national_sentence import CaseFacts, SentenceFacts, SentenceSide


def _shared_pdf() -> bytes:
    """One small PDF every generated letter holds (the dataset measures the rows, not the
    documents): a page saying the letter is kept elsewhere."""
    text = b"BT /F1 12 Tf 72 720 Td (Generated letter: its text is not kept in this dataset) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF = _shared_pdf()
PDF_SHA256 = hashlib.sha256(PDF).hexdigest()
CHANNELS = ("email", "sms")


class PostSide(SentenceSide):
    """Mixed into the generator: letters, messages and events; needs the region codes."""

    unit_codes: dict[int, str]

    def _letter(self, batch: Batch, c: CaseFacts, template: Template, on: date) -> int:
        c.letters += 1
        letter = self._id("letter")
        batch.add(
            "letter",
            (
                letter,
                c.id,
                c.unit,
                f"VCS/{self.unit_codes[c.unit]}/{c.id}/{c.letters}",
                template.value,
                TEMPLATE_VERSIONS[template],
                c.language,
                "post",
                False,
                "victim",
                c.victim_name,
                "sent",
                on,
                on,
                PDF,
                PDF_SHA256,
                c.actor,
                c.actor,
                self.now,
            ),
        )
        return letter

    def _released(self, batch: Batch, s: SentenceFacts, on: date, told: list[CaseFacts]) -> None:
        """The release event received, and each told victim's letter or message."""
        self._inbox(batch, s, "released", "RELEASED", on, "release")
        for c in told:
            if self.rng.random() < 0.5:
                self._letter(batch, c, Template.KEY_STAGE_RELEASE, on + timedelta(days=2))
            else:
                self._message(batch, c, on)

    def _message(self, batch: Batch, c: CaseFacts, on: date) -> None:
        rng = self.rng
        sent = datetime.combine(on + timedelta(days=1), time(10), tzinfo=self.now.tzinfo)
        failed = rng.random() < 0.04
        state = "failed" if failed else "delivered"
        channel = rng.choice(CHANNELS)
        message = self._id("notification")
        batch.add(
            "notification",
            (
                message,
                c.id,
                c.unit,
                f"vcs-gen-{message}",
                f"release-{on.isoformat()}",
                "release",
                True,
                channel,
                "",
                TEMPLATE_VERSION,
                c.language,
                json.dumps({"name": c.victim_name, "message": "The offender has been released."}),
                None,
                "victim",
                c.victim_name,
                state,
                1,
                sent,
                None,
                "",
                f"gen-{message}",
                "permanent-failure" if failed else "delivered",
                "Notify could not deliver the message" if failed else "",
                None,
                c.actor,
                c.actor,
                sent,
                sent,
                sent,
            ),
        )
        status = "permanent-failure" if failed else "delivered"
        batch.add(
            "notification_status",
            (
                self._id("notification_status"),
                message,
                f"{message}:1:{status}",
                1,
                status,
                "callback",
                sent,
                sent,
            ),
        )
        if failed:  # the letter that followed the failed message
            self._letter(batch, c, Template.KEY_STAGE_RELEASE, on + timedelta(days=3))

    def _received(self, batch: Batch, s: SentenceFacts) -> None:
        """The admission event, for offenders received into custody in the last three years."""
        if (self.today - s.sentenced).days < 1100:
            self._inbox(batch, s, "received", "ADMISSION", s.sentenced, "none")

    def _inbox(
        self, batch: Batch, s: SentenceFacts, event: str, reason: str, on: date, effect: str
    ) -> None:
        message = self._id("inbox_message")
        at = datetime.combine(on, time(9), tzinfo=self.now.tzinfo)
        event_type = f"prison-offender-events.prisoner.{event}"
        body = (
            f'{{"eventType": "{event_type}", "occurredAt": "{at.isoformat()}", '
            f'"additionalInformation": {{"reason": "{reason}"}}, '
            f'"personReference": {{"identifiers": [{{"type": "CRN", "value": "{s.crn}"}}]}}}}'
        )
        batch.add(
            "inbox_message",
            (
                message,
                f"gen-{message}",
                None,
                "queue",
                event_type,
                at,
                None,
                s.crn,
                body,
                "processed" if effect != "none" else "ignored",
                1,
                "",
                effect,
                s.offender,
                "",
                "",
                at,
                at,
            ),
        )


def _columns(table: type[Table]) -> tuple[str, ...]:
    return tuple(c._meta.db_column_name for c in table._meta.columns)


# Loaded after the cases, in an order that keeps every foreign key satisfied.
SENT_AND_RECEIVED = (
    KeyDates,
    MappaStatus,
    MappaMeeting,
    KeyStage,
    Task,
    KeyStageNotice,
    MeetingVictimView,
    Letter,
    Notification,
    NotificationStatus,
    InboxMessage,
)
ALL_COLUMNS = {**COLUMNS, **{t._meta.tablename: _columns(t) for t in SENT_AND_RECEIVED}}
ALL_TABLES = list(ALL_COLUMNS)
