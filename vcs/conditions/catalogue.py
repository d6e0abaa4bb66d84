"""The catalogue of victim-related licence conditions, in HMPPS licence-policy wording.

Each type has a stable code (the request's `type`), the inputs it needs and its standard wording,
and, where HMPPS Create and Vary a Licence has the same condition, that service's condition code
(a stable identifier) and the licence-policy versions in which the condition exists with this
wording (from its published policy definitions, versions 1.0 to 4.0). The catalogue as a whole
has a policy version, stored on every request so that a later change of
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
ALL_POLICIES = ("1.0", "2.0", "2.1", "3.0", "4.0")


@dataclass(frozen=True)
class ConditionType:
    code: str
    title: str
    template: str  # standard wording; {names} or {premises} filled from the request
    needs: str  # names | zone | premises | wording: the input the wording is built from
    needs_ppcs_approval: bool = False
    cvl_code: str | None = None  # Create and Vary a Licence's code; None for a bespoke condition
    policy_versions: tuple[str, ...] = ()  # the licence-policy versions that have it
    also_needs: tuple[str, ...] = ()  # a second input (the event's name, given as `wording`)


CATALOGUE: Mapping[str, ConditionType] = MappingProxyType(
    {
        "no_contact": ConditionType(
            "no_contact",
            "No contact with the named victim and/or family members",
            "Not to seek to approach or communicate with {names} " + APPROVAL + ".",
            "names",
            cvl_code="4858cd8b-bca6-4f11-b6ee-439e27216d7d",
            policy_versions=ALL_POLICIES,
        ),
        "exclusion_zone": ConditionType(
            "exclusion_zone",
            "Not to enter the area defined by the attached map (exclusion zone)",
            "Not to enter the area as defined by the attached map " + APPROVAL + ".",
            "zone",
            cvl_code="0f9a20f4-35c7-4c77-8af8-f200f153fa11",
            policy_versions=ALL_POLICIES,
        ),
        "restriction_zone": ConditionType(
            "restriction_zone",
            "Not to leave the area defined by the attached map (restriction zone)",
            "Not to leave the area as defined by the attached map " + APPROVAL + ".",
            "zone",
            cvl_code="005d70e4-a247-4f82-b8b3-6d294a0f5051",
            policy_versions=("4.0",),
        ),
        "event_exclusion": ConditionType(
            "event_exclusion",
            "Not to enter the area defined by the attached map while an event takes place",
            "Not to enter the area as defined by the attached map, during the period that "
            "{wording} takes place, including all occasions that the event takes place, without "
            "the prior permission of your supervising officer.",
            "zone",
            cvl_code="99195049-f355-46fb-b7d8-aef87a1b19c5",
            policy_versions=("3.0", "4.0"),
            also_needs=("wording",),
        ),
        "non_association": ConditionType(
            "non_association",
            "Not to contact or associate with named individuals",
            "Not to contact or associate with {names} " + APPROVAL + ".",
            "names",
            cvl_code="355700a9-6184-40c0-9759-0dfed1994e1e",
            policy_versions=ALL_POLICIES,
        ),
        "premises": ConditionType(
            "premises",
            "Not to enter named premises, addresses or roads",
            "Not to enter {premises} " + APPROVAL + ".",
            "premises",
            cvl_code="42f71b40-84cd-446d-8647-f00bbb6c079c",
            policy_versions=ALL_POLICIES,
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

ZONE_TYPES = frozenset(code for code, kind in CATALOGUE.items() if kind.needs == "zone")

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


def given_wording(code: str, wording: str) -> str | None:
    """The `wording` input a stored request was drafted from: a bespoke condition's wording, or
    the event's name read back out of an event exclusion's standard wording."""
    kind = CATALOGUE[code]
    if kind.needs == "wording":
        return wording
    if "wording" not in kind.also_needs:
        return None
    before, _, after = kind.template.partition("{wording}")
    return wording.removeprefix(before).removesuffix(after)


def condition_types(limit: int, offset: int) -> ConditionTypeList:
    """The catalogue, in a stable order, with its policy version and the decision makers."""
    items = [
        ConditionTypeOut(
            code=kind.code,
            title=kind.title,
            standard_wording=kind.template.format(
                names="[names]",
                premises="[premises]",
                wording="[name of the event]" if kind.also_needs else "[bespoke wording]",
            ),
            needs=kind.needs,
            needs_ppcs_approval=kind.needs_ppcs_approval,
            cvl_code=kind.cvl_code,
            policy_versions=list(kind.policy_versions),
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
