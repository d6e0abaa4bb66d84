"""The VLU managers' review queue of events matching none of our offenders (or several), and the
administrator's parked messages with "Play again"."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.forms import form_values
from api.web.params import AuthedRequest, Id, Offset
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.core.actors import Role
from vcs.core.errors import Conflict, DomainError, InvalidInput, NotFound
from vcs.events import review
from vcs.events.schemas import DismissIn, MatchIn

PAGE_SIZE = 20
Done = Annotated[Literal["", "matched", "dismissed", "replayed", "parked"], QueryParameter()]


async def _review_page(
    request: AuthedRequest, offset: int, done: str = "", problem: tuple[int, str, str] | None = None
) -> Template:
    listing = await review.list_messages(request.user, "unmatched", PAGE_SIZE, offset)
    return page(
        "events/review.html",
        status_code=400 if problem else 200,
        events=listing,
        offenders=await review.offenders_to_match(request.user),
        done=done,
        problem=problem,
        offset=offset,
        pagination=pagination(request, listing.total, PAGE_SIZE, offset, ("done",)),
    )


def _message(exc: ValidationError | DomainError) -> tuple[str, str]:
    """The field at fault and what to do, in words."""
    if isinstance(exc, DomainError):
        first = exc.problems[0] if exc.problems else None
        return (first.field if first else ""), (first.message if first else exc.message)
    field = str(exc.errors()[0]["loc"][0]) if exc.errors() else ""
    words = {
        "offender_id": "Choose the offender this event is about",
        "reason": "Say why this event concerns none of our offenders",
    }
    return field, words.get(field, "Check this and try again")


class ReviewPages(Controller):
    path = "/events/review"
    include_in_schema = False
    guards = [allow(Role.VLU_MANAGER)]

    @get("/")
    async def review_queue(
        self, request: AuthedRequest, done: Done = "", offset: Offset = 0
    ) -> Template:
        """Events waiting for a manager: match each to an offender, or dismiss it."""
        return await _review_page(request, offset, done)

    @post("/{event_id:int}/match")
    async def match(self, request: AuthedRequest, event_id: Id) -> Template | Redirect:
        """Match the event to the chosen offender; its effect is made at once."""
        chosen = (await form_values(request)).get("offender_id", "")
        try:
            data = MatchIn.model_validate(
                {"offender_id": int(chosen) if chosen.isdigit() and len(chosen) < 12 else None}
            )
            await review.match(request.user, event_id, data, request.app.state.now())
        except NotFound as exc:
            if exc.problems:  # an offender not of the unit: said on the form
                return await _review_page(request, 0, problem=(event_id, *_message(exc)))
            raise
        except (ValidationError, InvalidInput, Conflict) as exc:
            return await _review_page(request, 0, problem=(event_id, *_message(exc)))
        return Redirect("/events/review?done=matched", status_code=303)

    @post("/{event_id:int}/dismiss")
    async def dismiss(self, request: AuthedRequest, event_id: Id) -> Template | Redirect:
        """Dismiss the event, with the reason."""
        values = await form_values(request)
        try:
            data = DismissIn.model_validate({"reason": values.get("reason", "")})
            await review.dismiss(request.user, event_id, data, request.app.state.now())
        except (ValidationError, InvalidInput, Conflict) as exc:
            return await _review_page(request, 0, problem=(event_id, *_message(exc)))
        return Redirect("/events/review?done=dismissed", status_code=303)


class ParkedPages(Controller):
    path = "/admin/events"
    include_in_schema = False
    guards = [allow(Role.ADMIN)]

    @get("/")
    async def parked(self, request: AuthedRequest, done: Done = "", offset: Offset = 0) -> Template:
        """Messages that kept failing or could not be read, with their error."""
        listing = await review.list_messages(request.user, "parked", PAGE_SIZE, offset)
        return page(
            "events/parked.html",
            events=listing,
            done=done,
            pagination=pagination(request, listing.total, PAGE_SIZE, offset, ("done",)),
        )

    @post("/{event_id:int}/replay")
    async def replay(self, request: AuthedRequest, event_id: Id) -> Redirect:
        """Play the message again; back to the list saying what became of it."""
        receipt = await review.replay(request.user, event_id, request.app.state.now())
        done = "parked" if receipt.status == "parked" else "replayed"
        return Redirect(f"/admin/events?done={done}", status_code=303)
