"""MAPPA pages through the offender side's door: the meeting pack as a page (and as a PDF) for
the VLO and the offender manager; and, on the offender manager's page for one of their
offenders, the meetings, the victims' views for the next one and a form to arrange a meeting.

Victims never attend a MAPPA meeting: the VLO puts each opted-in victim's views to it. Nothing
here shows a victim's address, phone, email or date of birth: the door builds what is shown
from projections that hold none."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import FormErrors, domain_problems, form_values, read_date, schema_problems
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.core.schemas import MAX_ID
from vcs.offender_side import mappa, meeting_pack
from vcs.offender_side.schemas import MeetingIn

MEETING_FIELDS = ("level", "on")
MEETING_LABELS = {"level": "the level of the meeting", "on": "the date of the meeting"}
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
FromCase = Annotated[int | None, QueryParameter(name="case", ge=1, le=MAX_ID)]


class MeetingPackPages(Controller):
    """The meeting pack, for whoever the API's pack lets read it. Every read is audited."""

    path = "/mappa-meetings/{meeting_id:int}"
    include_in_schema = False
    guards = [allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER, door=True)]

    @get("/")
    async def pack(
        self, request: AuthedRequest, meeting_id: Id, from_case: FromCase = None
    ) -> Template:
        """The pack: each opted-in victim's views and requests, and the victim-safety points."""
        today = request.app.state.today()
        found = await meeting_pack.meeting_pack(request.user, meeting_id, today)
        if request.user.role is Role.OFFENDER_MANAGER:
            back = {"text": found.offender_name, "href": f"/offenders/{found.offender_id}"}
        elif from_case:
            back = {"text": f"Case {from_case}", "href": f"/cases/{from_case}"}
        else:
            back = {"text": "Caseload", "href": "/cases"}
        return page("mappa/pack.html", pack=found, back=back)

    @get("/pack.pdf", media_type="application/pdf")
    async def pack_pdf(self, request: AuthedRequest, meeting_id: Id) -> Response[bytes]:
        """The pack as a PDF for the meeting."""
        today = request.app.state.today()
        pdf = await meeting_pack.meeting_pack_pdf(request.user, meeting_id, today)
        name = f"mappa-meeting-{meeting_id}-pack.pdf"
        headers = {**PDF_HEADERS, "Content-Disposition": f'inline; filename="{name}"'}
        return Response(pdf, media_type="application/pdf", headers=headers)


class ArrangeMeetingPages(Controller):
    """The offender manager arranges a level 2 or 3 MAPPA meeting about their offender (the API
    lets VLU managers too; their pages do not show offenders)."""

    path = "/offenders/{offender_id:int}/mappa-meetings"
    include_in_schema = False
    guards = [allow(Role.OFFENDER_MANAGER, door=True)]

    @post("/")
    async def arrange(self, request: AuthedRequest, offender_id: Id) -> Template | Redirect:
        """Arrange the meeting; each opted-in victim's views fall due before it."""
        values = await form_values(request)
        errors, status = FormErrors(date_fields=frozenset({"on"})), 400
        on = read_date(values, "on", MEETING_LABELS["on"], errors, required=True)
        level = values.get("level", "")
        number = int(level) if level.isascii() and level.isdigit() and len(level) < 3 else None
        try:
            data = MeetingIn.model_validate(
                {
                    "offender_id": offender_id,
                    "level": level if number is None else number,
                    "on": on or "",
                }
            )
            made = await mappa.create_meeting(request.user, data, request.app.state.today())
            return Redirect(f"/offenders/{offender_id}?arranged={made.id}", status_code=303)
        except ValidationError as exc:
            # A date read_date could not read is already reported in its own words.
            schema_problems(exc, MEETING_LABELS, errors, choices=frozenset({"level"}))
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            if exc.problems:
                domain_problems(exc, MEETING_FIELDS, errors)
            else:  # another meeting that day
                errors.add("on", exc.message)
            status = status_of(exc)
        return page(
            "mappa/arrange.html",
            status_code=status,
            offender_id=offender_id,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(MEETING_FIELDS),
            views_working_days=mappa.VIEWS_WORKING_DAYS,
        )
