"""National views, through the door: release-policy changes (previewed, then applied) and the
Victims' Code reports.

A release-policy change moves the release dates of every unit's offenders, so it is a national
act (issue 15): a national manager (or the administrator) previews it, then applies it; a VLU
manager may preview what it would do in their own unit, never apply it. The preview is built
here from the door's projections: offenders by name, victims only counted, per unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from vcs.core import config
from vcs.core.actors import Actor, Role
from vcs.core.errors import PermissionDenied
from vcs.core.schemas import Page
from vcs.notifications import bulk
from vcs.offender_side import facts
from vcs.offender_side.schemas import BulkChangePreview, OffenderImpact, UnitImpact
from vcs.sentence import bulk_changes, release_rules
from vcs.sentence.key_stages import wants
from vcs.sentence.schemas import (
    BulkChangeIn,
    BulkChangeOut,
    KeyStageKind,
    ProgressionModelOut,
)

MOVED = KeyStageKind.RELEASE_DATE_CHANGED


@dataclass
class _Unit:
    code: str
    name: str
    offenders: set[int] = field(default_factory=set)
    victims: int = 0
    to_tell: int = 0


def _told(victim: facts.VictimFacts, brought_forward: bool) -> bool:
    level = {
        "participation": victim.participation,
        "participation_level": victim.participation_level,
    }
    return wants(level, MOVED, brought_forward=brought_forward)


def _impact(
    offender: facts.OffenderFacts, old: date, new: date, victims: list[facts.VictimFacts]
) -> OffenderImpact:
    return OffenderImpact(
        offender_id=offender.id,
        offender_name=offender.name,
        crn=offender.crn,
        release_date=old,
        new_release_date=new,
        victims=len(victims),
        victims_to_tell=sum(_told(v, new < old) for v in victims),
        unit_codes=sorted({v.unit_code for v in victims}),
    )


async def preview_bulk_change(
    actor: Actor, data: BulkChangeIn, today: date, limit: int, offset: int
) -> BulkChangePreview:
    """What the change would do: each offender whose release date would move (old and new
    date, how many victims and how many to tell) and, per unit, the offenders, victims and
    victims to tell. A national manager sees every unit, and their preview is recorded so the
    change may then be applied; a VLU manager sees their own unit's offenders."""
    state = await bulk_changes.record_preview(actor, data, today)
    params = bulk_changes.terms(data)
    own_unit = actor.unit_id if actor.role is Role.VLU_MANAGER else None
    impacts: list[OffenderImpact] = []
    units: dict[int, _Unit] = {}
    async for batch in bulk_changes.planned_moves(params):
        ids = [kd["offender"] for kd, _ in batch]
        victims: dict[int, list[facts.VictimFacts]] = defaultdict(list)
        for v in await facts.victims_of(ids):
            if own_unit is None or v.unit_id == own_unit:
                victims[v.offender_id].append(v)
        offenders = await facts.offenders(ids)
        for kd, new in batch:
            found = victims[kd["offender"]]
            if own_unit is not None and not found:
                continue
            impacts.append(_impact(offenders[kd["offender"]], kd["release_date"], new, found))
            for v in found:
                unit = units.setdefault(v.unit_id, _Unit(v.unit_code, v.unit_name))
                unit.offenders.add(v.offender_id)
                unit.victims += 1
                unit.to_tell += _told(v, new < kd["release_date"])
    impacts.sort(key=lambda i: (i.offender_name, i.offender_id))
    return BulkChangePreview(
        name=data.name,
        state=state,
        sentence_types=params["sentence_types"],
        release_fraction_from=params["fraction_from"],
        release_fraction_to=params["fraction_to"],
        effective_from=data.effective_from,
        offenders_affected=len(impacts),
        victims=sum(i.victims for i in impacts),
        victims_to_tell=sum(i.victims_to_tell for i in impacts),
        units=[
            UnitImpact(
                unit_code=u.code,
                unit_name=u.name,
                offenders=len(u.offenders),
                victims=u.victims,
                victims_to_tell=u.to_tell,
            )
            for u in sorted(units.values(), key=lambda u: u.code)
        ],
        offenders=Page[OffenderImpact](
            items=impacts[offset : offset + limit], total=len(impacts), limit=limit, offset=offset
        ),
        can_apply=actor.role in bulk_changes.APPLIERS,
    )


async def apply_bulk_change(actor: Actor, data: BulkChangeIn, today: date) -> BulkChangeOut:
    """Apply a previewed change (a national manager or the administrator): the release dates
    move and the victims who chose to hear of it get a task to be told; with Notify configured,
    their messages are queued, one batch for the change, each unit approving its own."""
    out = await bulk_changes.apply_bulk_change(actor, data, today)
    if config.settings.notify_on:
        bulk_id, told = await bulk_changes.victims_told(data.name)
        # Safe to run again: a victim whose message is already in the batch is skipped.
        await bulk.queue_bulk_change_messages(actor, bulk_id, told, today)
    return out


async def progression_model(actor: Actor, effective_from: date) -> ProgressionModelOut:
    """The progression model's release point as bulk date changes, and the sentences it
    excludes (`vcs.sentence.release_rules`): rules only, no offender or victim."""
    if actor.role not in bulk_changes.PREVIEWERS:
        raise PermissionDenied("Only a national or VLU manager can see release-policy changes")
    return release_rules.progression_model(effective_from)
