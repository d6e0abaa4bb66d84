"""The catalogue of victim-related licence conditions, in HMPPS licence-policy wording.

Each type has a stable code (the request's `type`), the inputs it needs and its standard wording;
the catalogue as a whole has a policy version, stored on every request so that a later change of
wording never rewrites what a victim asked for. Wording after the HMPPS licence conditions policy
framework (standard victim-related additional conditions); a bespoke condition needs the approval
of HMPPS Public Protection Casework Section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from vcs.conditions.schemas import ConditionTypeList, ConditionTypeOut, DecisionMakerOut

POLICY_VERSION = "hmpps-licence-conditions/victim-2026-11"
APPROVAL = "without the prior approval of your supervising officer"


@dataclass(frozen=True)
class ConditionType:
    code: str
    title: str
    template: str  # standard wording; {names} or {premises} filled from the request
    needs: str  # names | zone | premises | wording: the input the wording is built from
    needs_ppcs_approval: bool = False


CATALOGUE: Mapping[str, ConditionType] = MappingProxyType(
    {
        "no_contact": ConditionType(
            "no_contact",
            "No contact with the named victim and/or family members",
            "Not to seek to approach or communicate with {names} " + APPROVAL + ".",
            "names",
        ),
        "exclusion_zone": ConditionType(
            "exclusion_zone",
            "Not to enter the area defined by the attached map (exclusion zone)",
            "Not to enter the area as defined by the attached map " + APPROVAL + ".",
            "zone",
        ),
        "non_association": ConditionType(
            "non_association",
            "Not to contact or associate with named individuals",
            "Not to contact or associate with {names} " + APPROVAL + ".",
            "names",
        ),
        "premises": ConditionType(
            "premises",
            "Not to enter named premises, addresses or roads",
            "Not to enter {premises} " + APPROVAL + ".",
            "premises",
        ),
        "other": ConditionType(
            "other",
            "A bespoke condition (needs Public Protection Casework approval)",
            "{wording}",
            "wording",
            needs_ppcs_approval=True,
        ),
    }
)

DECISION_MAKERS: Mapping[str, str] = MappingProxyType(
    {
        "prison_governor": "The prison governor (automatic release)",
        "parole_board": "The Parole Board",
        "public_protection_casework": "HMPPS Public Protection Casework Section",
        "mental_health_casework_section": (
            "The Secretary of State (Mental Health Casework Section, HMPPS)"
        ),
        "tribunal": "The First-tier Tribunal (Mental Health) or Mental Health Review Tribunal "
        "for Wales",
        "hospital_managers": "The hospital managers",
    }
)

NEEDED_FOR: Mapping[str, str] = MappingProxyType(
    {
        "release": "Release",
        "temporary_release": "Release on temporary licence",
        "parole_hearing": "Parole hearing",
    }
)


def join_words(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def standard_wording(
    code: str, names: Sequence[str], premises: Sequence[str], wording: str | None
) -> str:
    """The condition as the licence would say it, from the type's standard wording."""
    kind = CATALOGUE[code]
    return kind.template.format(
        names=join_words(names), premises=join_words(premises), wording=wording or ""
    )


def condition_types(limit: int, offset: int) -> ConditionTypeList:
    """The catalogue, in a stable order, with its policy version and the decision makers."""
    items = [
        ConditionTypeOut(
            code=kind.code,
            title=kind.title,
            standard_wording=kind.template.format(
                names="[names]", premises="[premises]", wording="[bespoke wording]"
            ),
            needs=kind.needs,
            needs_ppcs_approval=kind.needs_ppcs_approval,
        )
        for kind in CATALOGUE.values()
    ]
    return ConditionTypeList(
        items=items[offset : offset + limit],
        total=len(items),
        limit=limit,
        offset=offset,
        policy_version=POLICY_VERSION,
        decision_makers=[DecisionMakerOut(code=c, name=n) for c, n in DECISION_MAKERS.items()],
    )
