"""The Witness Care officer's pages: the referral form and the unit's referrals."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, get, post
from litestar.params import MultipartBody, QueryParameter
from litestar.response import Redirect, Template

from api.referrals import check_answers
from api.referrals import form_pages as referral_form
from api.referrals.routes import MAX_LIST_BYTES, ListForm, read_list_file
from api.web.error_pages import status_of
from api.web.forms import FormErrors, domain_problems, form_values
from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.referrals import intake as referrals
from vcs.referrals import reads as referral_reads
from vcs.referrals import sentencing_list
from vcs.referrals.schemas import ReferralCreate

Sent = Annotated[Literal["", "1"], QueryParameter()]
NEW_FORM = {"offence_count": "1", "victim_count": "1", "victims[0].language": "en"}


async def _form(values: dict[str, str], errors: FormErrors, status_code: int = 200) -> Template:
    offences, victims = referral_form.counts(values)
    return page(
        "referrals/new.html",
        status_code=status_code,
        values=values,
        errors=errors.messages,
        error_list=errors.summary(referral_form.field_order(offences, victims)),
        offences=offences,
        victims=victims,
        units=await referrals.victim_liaison_units(),
    )


def _errors() -> FormErrors:
    return FormErrors(referral_form.DATES)


async def _read(
    request: AuthedRequest, values: dict[str, str], errors: FormErrors
) -> tuple[ReferralCreate | None, str]:
    """The referral the form describes and its unit's name, with every problem in `errors`."""
    units = {u.code: u.name for u in await referrals.victim_liaison_units()}
    data = referral_form.read_referral(values, errors, request.app.state.today())
    code = values.get("unit_code", "").strip()
    if code and code not in units:
        errors.add("unit_code", f"No Victim Liaison Unit has the code {code}")
    return (None if errors else data), units.get(code, "")


async def _check(request: AuthedRequest, values: dict[str, str]) -> Template:
    """Check your answers: nothing is sent until the officer confirms."""
    errors = _errors()
    data, unit_name = await _read(request, values, errors)
    if data is None:
        return await _form(values, errors, 400)
    try:  # a refusal shows now, on the form, before the officer confirms
        await referrals.check_referral(request.user, data, request.app.state.today())
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        domain_problems(exc, referral_form.field_order(*referral_form.counts(values)), errors)
        return await _form(values, errors, status_of(exc))
    found = check_answers.sections(data, unit_name)
    return page("referrals/check.html", values=values, sections=found)


async def _refer(request: AuthedRequest, values: dict[str, str]) -> Template | Redirect:
    """Send the confirmed referral, checked again, or show the form again with every problem."""
    errors = _errors()
    data, _ = await _read(request, values, errors)
    if data is None:
        return await _form(values, errors, 400)
    try:
        made = await referrals.create_referral(request.user, data, request.app.state.today())
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        domain_problems(exc, referral_form.field_order(*referral_form.counts(values)), errors)
        return await _form(values, errors, status_of(exc))
    return Redirect(f"/referrals/{made.id}?sent=1", status_code=303)


LIST_CHECKERS = allow(Role.WCU, Role.VLO, Role.VLU_MANAGER)


class ReferralPages(Controller):
    path = "/referrals"
    include_in_schema = False

    @get("/", guards=[allow(Role.WCU)])
    async def index(self, request: AuthedRequest, limit: Limit = 25, offset: Offset = 0) -> Any:
        """This Witness Care Unit's referrals, newest first, and whether each was accepted."""
        found = await referral_reads.list_referrals(
            request.user, request.app.state.today(), limit, offset
        )
        more = pagination(request, found.total, limit, offset)
        return page("referrals/list.html", referrals=found, pagination=more)

    @get("/new", guards=[allow(Role.WCU)])
    async def new(self) -> Template:
        """An empty referral form with one offence and one victim."""
        return await _form(dict(NEW_FORM), _errors())

    @post("/new", guards=[allow(Role.WCU)])
    async def create(self, request: AuthedRequest) -> Template | Redirect:
        """Add or remove a victim or an offence, or change an answer (the form comes back);
        check the answers; or send the referral once they are confirmed."""
        values = await form_values(request)
        action = values.pop("action", "refer")
        if action in ("refer", "confirm"):
            return await (_check if action == "refer" else _refer)(request, values)
        return await _form(referral_form.apply_action(values, action), _errors())

    @get("/sentencing-list", guards=[LIST_CHECKERS])
    async def sentencing_list_form(self) -> Template:
        """A form to upload a court's sentencing list."""
        return page("referrals/sentencing_list.html", errors={}, result=None)

    @post(
        "/sentencing-list",
        guards=[LIST_CHECKERS],
        request_max_body_size=MAX_LIST_BYTES + 64 * 1024,
    )
    async def sentencing_list(
        self, request: AuthedRequest, data: MultipartBody[ListForm]
    ) -> Template:
        """The eligible sentences of the list with no referral yet, or the list's problems."""
        try:
            text = await read_list_file(data)
            result = await sentencing_list.unreferred_sentences(
                request.user, text, request.app.state.today()
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            problems = [
                f"{p.field.replace('_', ' ').capitalize()}: {p.message}" for p in exc.problems
            ] or [exc.message]
            summary = [{"text": t, "href": "#file"} for t in problems]
            return page(
                "referrals/sentencing_list.html",
                status_of(exc),
                errors={"file": exc.message},
                error_list=summary,
                result=None,
            )
        return page("referrals/sentencing_list.html", errors={}, result=result)

    @get("/{referral_id:int}", guards=[allow(Role.WCU, Role.VLO, Role.VLU_MANAGER)])
    async def show(
        self, request: AuthedRequest, referral_id: Id, sent: Sent = "", corrected: Sent = ""
    ) -> Template:
        """A referral and whether it was accepted (a confirmation just after sending it, or
        after correcting it)."""
        found = await referral_reads.get_referral(
            request.user, referral_id, request.app.state.today()
        )
        return page(
            "referrals/show.html", referral=found, sent=sent == "1", corrected=corrected == "1"
        )
