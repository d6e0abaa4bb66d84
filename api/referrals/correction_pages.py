"""The Witness Care officer's page to correct a victim's details on a referral their unit made.

The form starts empty and only what is filled in is corrected, so the page never shows the
victim's details again. The rule is said on the page: corrections are possible until the
Victim Liaison Unit allocates the case or works on it; after that, the unit corrects them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.forms import (
    FormErrors,
    compact,
    form_values,
    optional,
    read_date,
    refusal,
    schema_problems,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.core.errors import DomainError, FieldProblem, NotFound
from vcs.referrals import corrections
from vcs.referrals import reads as referral_reads
from vcs.referrals.correction_schemas import ReferralCorrection, VictimCorrection
from vcs.referrals.schemas import ReferralOut

LABELS = {
    "name": "the victim's full name",
    "date_of_birth": "the date of birth",
    "address.line1": "the first line of the address",
    "address.line2": "the second line of the address",
    "address.town": "the town or city",
    "address.postcode": "postcode, like E1 6AN",
    "email": "email address, like name@example.com",
    "phone": "phone number, like 07700 900123",
    "language": "the language the victim wants",
    "reason": "what was wrong",
}
FIELDS = list(LABELS)
PARTS = ("line1", "line2", "town", "postcode")


def read_correction(
    values: Mapping[str, str], victim_id: int, errors: FormErrors
) -> ReferralCorrection | None:
    """The correction the form describes, or None with every problem in `errors` at once."""
    born = read_date(values, "date_of_birth", "the date of birth", errors, required=False)
    address = compact({p: optional(values, f"address.{p}") for p in PARTS})
    victim: dict[str, Any] = compact(
        {
            "victim_id": victim_id,
            "name": optional(values, "name"),
            "date_of_birth": born,
            "address": address or None,
            "email": optional(values, "email"),
            "phone": optional(values, "phone"),
            "language": optional(values, "language"),
        }
    )
    fix = None
    try:
        fix = VictimCorrection.model_validate(victim)
    except ValidationError as exc:
        schema_problems(exc, LABELS, errors, frozenset({"language"}))
    if fix is not None and len(victim) == 1 and "date_of_birth" not in errors.messages:
        errors.add("name", "Fill in at least one detail to correct")
    reason = optional(values, "reason") or ""
    if not reason:
        errors.add("reason", "Enter what was wrong")
    if errors or fix is None:
        return None
    return ReferralCorrection(victims=[fix], reason=reason)


def _victim_name(referral: ReferralOut, victim_id: int) -> str:
    for case in referral.cases:
        if case.victim_id == victim_id:
            return case.victim_name
    raise NotFound("There is no such victim on this referral")


async def _form(
    request: AuthedRequest,
    referral_id: int,
    victim_id: int,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Template:
    referral = await referral_reads.get_referral(
        request.user, referral_id, request.app.state.today()
    )
    return page(
        "referrals/correct.html",
        status_code=status,
        referral=referral,
        victim_id=victim_id,
        victim_name=_victim_name(referral, victim_id),
        values=values or {},
        errors=errors.messages if errors else {},
        error_list=errors.summary(["form", *FIELDS]) if errors else None,
    )


def _without_prefix(exc: DomainError) -> DomainError:
    """The use case names a victim's field as `victims[0].x`; the form's field is `x`."""
    exc.problems = [
        FieldProblem(p.field.removeprefix("victims[0].").removeprefix("victims"), p.message)
        for p in exc.problems
    ]
    return exc


class ReferralCorrectionPages(Controller):
    path = "/referrals/{referral_id:int}/victims/{victim_id:int}/correct"
    include_in_schema = False
    guards = [allow(Role.WCU)]

    @get("/")
    async def correction_form(
        self, request: AuthedRequest, referral_id: Id, victim_id: Id
    ) -> Template:
        """The form to correct a victim's details sent on the referral."""
        return await _form(request, referral_id, victim_id)

    @post("/")
    async def correct(
        self, request: AuthedRequest, referral_id: Id, victim_id: Id
    ) -> Template | Redirect:
        """Correct what was filled in, or show the form again with every problem."""
        values = await form_values(request)
        errors, status = FormErrors(date_fields=frozenset({"date_of_birth"})), 400
        correction = read_correction(values, victim_id, errors)
        if correction is not None:
            try:
                await corrections.correct_referral(
                    request.user, referral_id, correction, request.app.state.today()
                )
                return Redirect(f"/referrals/{referral_id}?corrected=1", status_code=303)
            except DomainError as exc:
                status = refusal(_without_prefix(exc), FIELDS, errors)
        return await _form(request, referral_id, victim_id, status, values, errors)
