"""The Witness Care referral form: its fields, "add another" without JavaScript, and the
translation of the posted fields into a `ReferralCreate` (the same shape the API takes)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from api.web.forms import (
    FormErrors,
    compact,
    domain_problems,
    optional,
    read_date,
    schema_problems,
    which,
)
from vcs.core.errors import InvalidInput
from vcs.referrals.checks import check_referral_dates, date_problems
from vcs.referrals.schemas import ReferralCreate

MAX_VICTIMS = 20
MAX_OFFENCES = 10
LABELS = {
    "unit_code": "the Victim Liaison Unit",
    "offender.name": "the offender's full name",
    "offender.date_of_birth": "the offender's date of birth",
    "offender.crn": "CRN, like X123456",
    "offender.prison_number": "prison number, like A1234BC",
    "offender.pnc": "PNC number, like 2021/1234567A",
    "offences[].description": "a description of the offence",
    "offences[].category": "the offence category",
    "offences[].code": "the offence code",
    "sentence.date": "the sentence date",
    "sentence.court": "the court",
    "sentence.type": "the type of sentence",
    "sentence.length_months": "the sentence length in months",
    "victims[].name": "the victim's full name",
    "victims[].relationship": "who this person is",
    "victims[].date_of_birth": "the victim's date of birth",
    "victims[].address.line1": "the first line of the address",
    "victims[].address.line2": "the second line of the address",
    "victims[].address.town": "the town or city",
    "victims[].address.postcode": "postcode, like E1 6AN",
    "victims[].email": "email address, like name@example.com",
    "victims[].phone": "phone number, like 07700 900123",
    "victims[].language": "the language for letters",
    "discretionary_reason": "the reason for a discretionary referral",
}
CHOICES = frozenset({"unit_code", "offences[].category", "sentence.type", "victims[].relationship"})
DATES = frozenset({"offender.date_of_birth", "sentence.date", "victims[].date_of_birth"})
OFFENCE_FIELDS = ("description", "category", "against_child")
VICTIM_FIELDS = (
    "name",
    "relationship",
    "date_of_birth",
    "address.line1",
    "address.line2",
    "address.town",
    "address.postcode",
    "email",
    "phone",
    "language",
)


def _count(values: Mapping[str, str], name: str, most: int) -> int:
    raw = values.get(name, "1")
    return min(max(int(raw), 1), most) if raw.isascii() and raw.isdigit() else 1


def counts(values: Mapping[str, str]) -> tuple[int, int]:
    """How many offence and victim fieldsets the form shows."""
    return _count(values, "offence_count", MAX_OFFENCES), _count(
        values, "victim_count", MAX_VICTIMS
    )


def field_order(offences: int, victims: int) -> list[str]:
    """Every field's name in page order, for the error summary."""
    names = ["unit_code", "offender.name", "offender.date_of_birth", "offender.crn"]
    names += ["offender.prison_number", "offender.pnc"]
    names += [f"offences[{i}].{f}" for i in range(offences) for f in OFFENCE_FIELDS]
    names += ["sentence.date", "sentence.court", "sentence.type", "sentence.length_months"]
    names += [f"victims[{i}].{f}" for i in range(victims) for f in VICTIM_FIELDS]
    return [*names, "discretionary_reason"]


def apply_action(values: dict[str, str], action: str) -> dict[str, str]:
    """Add or remove an offence or a victim fieldset, keeping what was typed."""
    offences, victims = counts(values)
    if action == "add-offence":
        values["offence_count"] = str(min(offences + 1, MAX_OFFENCES))
    elif action == "add-victim":
        values["victim_count"] = str(min(victims + 1, MAX_VICTIMS))
    for group, total in (("offence", offences), ("victim", victims)):
        prefix = f"remove-{group}-"
        if action.startswith(prefix) and action[len(prefix) :].isdigit() and total > 1:
            values = _without(values, f"{group}s", int(action[len(prefix) :]), total)
            values[f"{group}_count"] = str(total - 1)
    return values


def _without(values: dict[str, str], group: str, index: int, total: int) -> dict[str, str]:
    """The values with fieldset `index` of `group` removed and the later ones moved up."""
    kept = {k: v for k, v in values.items() if not k.startswith(f"{group}[")}
    for i in range(total):
        if i == index:
            continue
        new = i - 1 if i > index else i
        for key, value in values.items():
            if key.startswith(f"{group}[{i}]"):
                kept[f"{group}[{new}]" + key[len(f"{group}[{i}]") :]] = value
    return kept


def _months(values: Mapping[str, str], errors: FormErrors) -> int | None:
    raw = values.get("sentence.length_months", "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 5:
        return int(raw)
    errors.add("sentence.length_months", "Sentence length must be a whole number of months")
    return None


def _victim(values: Mapping[str, str], i: int, errors: FormErrors) -> dict[str, Any]:
    p = f"victims[{i}]."
    address = {f: optional(values, f"{p}address.{f}") for f in ("line1", "line2", "town")}
    address["postcode"] = optional(values, f"{p}address.postcode")
    what = "the victim's date of birth" + which(p)
    when = read_date(values, f"{p}date_of_birth", what, errors, required=False)
    return compact(
        {
            "name": optional(values, f"{p}name"),
            "relationship": optional(values, f"{p}relationship"),
            "date_of_birth": when,
            "address": compact(address) or None,
            "email": optional(values, f"{p}email"),
            "phone": optional(values, f"{p}phone"),
            "language": optional(values, f"{p}language"),
        }
    )


def _offence(values: Mapping[str, str], i: int) -> dict[str, Any]:
    p = f"offences[{i}]."
    return compact(
        {
            "description": optional(values, f"{p}description"),
            "category": optional(values, f"{p}category"),
            "against_child": values.get(f"{p}against_child") == "yes",
        }
    )


def _day(iso: Any) -> date | None:
    return date.fromisoformat(iso) if isinstance(iso, str) else None


def _check_dates(data: dict[str, Any], errors: FormErrors, today: date) -> None:
    """Add the dates' problems whatever else is wrong, so every problem shows at once."""
    victims = [_day(v.get("date_of_birth")) for v in data["victims"]]
    born, sentenced = (
        _day(data["offender"].get("date_of_birth")),
        _day(data["sentence"].get("date")),
    )
    for problem in date_problems(born, sentenced, victims, today, today):
        errors.add(problem.field, problem.message)


def read_referral(
    values: Mapping[str, str], errors: FormErrors, today: date
) -> ReferralCreate | None:
    """The referral the form describes, or None with every problem added to `errors`: the
    missing and invalid answers and the impossible dates, all at once."""
    offences, victims = counts(values)
    data = compact(
        {
            "unit_code": optional(values, "unit_code"),
            "offender": compact(
                {
                    "name": optional(values, "offender.name"),
                    "date_of_birth": read_date(
                        values,
                        "offender.date_of_birth",
                        LABELS["offender.date_of_birth"],
                        errors,
                        required=True,
                    ),
                    "crn": optional(values, "offender.crn"),
                    "prison_number": optional(values, "offender.prison_number"),
                    "pnc": optional(values, "offender.pnc"),
                }
            ),
            "offences": [_offence(values, i) for i in range(offences)],
            "sentence": compact(
                {
                    "date": read_date(
                        values, "sentence.date", LABELS["sentence.date"], errors, required=True
                    ),
                    "court": optional(values, "sentence.court"),
                    "type": optional(values, "sentence.type"),
                    "length_months": _months(values, errors),
                }
            ),
            "victims": [_victim(values, i, errors) for i in range(victims)],
            "discretionary_reason": optional(values, "discretionary_reason"),
        }
    )
    _check_dates(data, errors, today)
    try:
        referral = ReferralCreate.model_validate(data)
    except ValidationError as exc:
        schema_problems(exc, LABELS, errors, CHOICES)
        return None
    try:
        check_referral_dates(referral, today)
    except InvalidInput as exc:
        domain_problems(exc, field_order(offences, victims), errors)
    return None if errors else referral
