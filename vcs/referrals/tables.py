"""Piccolo tables: the service's persistent record.

Victims' personal details live only in `Victim` (and `NominatedContact`), never beside the
offender: the 2006 probation rule that victim details are not stored with offender records.
Instants are UTC `Timestamptz`; legal dates and deadlines are `Date`.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    ForeignKey,
    OnDelete,
    Serial,
    Varchar,
)
from piccolo.table import Table

from vcs.core.tables import Referral


class Offence(Table):
    id = Serial(primary_key=True)
    referral = ForeignKey(references=Referral, on_delete=OnDelete.cascade, index=True)
    description = Varchar(length=500)
    category = Varchar(length=16)
    against_child = Boolean(default=False)
    code = Varchar(length=32, default="")
