"""The letters a Victim Liaison Unit writes: each one as drafted, to whom, and when it was sent.

The PDF is stored exactly as rendered when the letter was drafted, so what the victim received
can always be printed again byte for byte. A letter holds the addressee's name but never their
address, phone or email: those stay in `Victim` and `NominatedContact`.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    OnDelete,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from vcs.core.tables import Case, Unit


class Letter(Table):
    """One letter of a case. `status`: draft | sent | cancelled; only a draft changes."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict)  # the unit that drafted it
    reference = Varchar(length=64, unique=True)  # VCS/<unit code>/<case id>/<n>
    template = Varchar(length=48)
    template_version = Varchar(length=64)
    language = Varchar(length=2)  # en | cy
    channel = Varchar(length=8)  # post | email
    large_print = Boolean(default=False)
    addressee_role = Varchar(length=16)  # victim | nominee | parent_guardian
    addressee_name = Varchar(length=200)
    status = Varchar(length=16, default="draft")
    drafted_on = Date(index=True)
    sent_on = Date(null=True, default=None)
    pdf = Bytea()
    pdf_sha256 = Varchar(length=64)
    created_by = Varchar(length=64)
    sent_by = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow())
