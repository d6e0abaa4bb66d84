"""Tables of licence-condition representations: the victim's request, its frozen forwarded copy,
its exclusion zone and map, the offender manager's alternatives and the decision.

A request never holds a victim's address, phone, email or date of birth: it is shown to the
offender manager and sent to the decision maker.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Bytea,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from vcs.core.tables import Case, Deadline, Offender, Unit


class ConditionRequest(Table):
    """A victim's request for a licence condition. Its wording may change only while a draft.

    `status`: draft | forwarded | decided | victim_informed | withdrawn.
    """

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.restrict, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict)
    type = Varchar(length=32)
    policy_version = Varchar(length=64)
    wording = Text()
    details = Text()  # the victim's own words
    justification = Text()
    names = JSON(default="[]")
    premises = JSON(default="[]")
    # [{code, message}]: premises naming the road of a victim's or a nominee's address, found by
    # the screen (vcs.offender_side.screening); shown to the Victim Liaison Unit only.
    place_warnings = JSON(default="[]")
    needed_by = Date(null=True, default=None)
    needed_for = Varchar(length=24, default="release")
    status = Varchar(length=24, default="draft")
    deadline = ForeignKey(references=Deadline, null=True, on_delete=OnDelete.set_null)
    withdrawn_on = Date(null=True, default=None)
    withdrawal_reason = Text(default="")
    victim_informed_on = Date(null=True, default=None)
    created_on = Date()
    created_by = Varchar(length=64)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ConditionZone(Table):
    """The exclusion zone of a request: GeoJSON (WGS84) as checked, and its size."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, unique=True)
    geojson = JSON()
    area_m2 = DoublePrecision()
    warnings = JSON(default="[]")  # [{code, message}]: a zone small enough to pinpoint a home


class ConditionMap(Table):
    """A map file supplied with a request (PDF, PNG or JPEG, type read from the content).

    The file's name is not kept: it could name a victim's street.
    """

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, unique=True)
    media_type = Varchar(length=32)
    content = Bytea()
    size_bytes = Integer()
    sha256 = Varchar(length=64)
    uploaded_by = Varchar(length=64)
    uploaded_at = Timestamptz(default=TimestamptzNow())


class ConditionMapCopy(Table):
    """The map rebuilt from its picture alone (vcs.offender_side.files): the only copy anyone
    outside the Victim Liaison Unit receives. `source_sha256` is the digest of the original."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, unique=True)
    media_type = Varchar(length=32)
    content = Bytea()
    size_bytes = Integer()
    sha256 = Varchar(length=64)
    source_sha256 = Varchar(length=64)
    made_at = Timestamptz(default=TimestamptzNow())


class ForwardingApproval(Table):
    """A VLU manager's decision that a zone or premises which could point to a home may be
    forwarded as drawn, with the reason. `sha256` is the digest of the zone and premises
    approved: once they change, the approval no longer holds."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, unique=True)
    approved_by = Varchar(length=64)
    approved_by_name = Varchar(length=200)
    approved_on = Date()
    reason = Text()
    sha256 = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class ForwardedCopy(Table):
    """The exact request sent to the decision maker, kept apart and never changed.

    `content` is the request as forwarded (type, wording, names, premises, zone, the victim's
    words, the justification, the map's digest); `sha256` is the digest of that content.
    """

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, unique=True)
    decision_maker = Varchar(length=48)
    forwarded_on = Date()
    forwarded_by = Varchar(length=64)
    content = JSON()
    sha256 = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class ConditionAlternative(Table):
    """An offender manager's alternative proposal: shown beside the request, never in its place."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, index=True)
    text = Text()
    reason = Text()
    proposed_by = Varchar(length=64)
    proposed_by_name = Varchar(length=200)
    proposed_on = Date()
    recorded_at = Timestamptz(default=TimestamptzNow())


class ConditionDecision(Table):
    """The decision maker's decision on a request."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=ConditionRequest, on_delete=OnDelete.cascade, unique=True)
    outcome = Varchar(length=24)  # granted | granted_varied | refused
    decided_on = Date()
    final_wording = Text(default="")
    reason = Text(default="")
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())
