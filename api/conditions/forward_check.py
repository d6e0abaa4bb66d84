"""Check before forwarding: the VLO sees the request as it will go and to whom, since a
forwarded request's wording is frozen and it cannot be called back. Nothing is forwarded until
the VLO confirms; the answers travel in the page's hidden fields."""

from __future__ import annotations

from litestar.response import Template

from api.web.labels import long_date
from api.web.params import AuthedRequest
from api.web.templating import page
from vcs.conditions import requests as conditions
from vcs.conditions.catalogue import DECISION_MAKERS
from vcs.conditions.schemas import ForwardIn


async def check_forward(
    request: AuthedRequest, request_id: int, values: dict[str, str], data: ForwardIn
) -> Template:
    """The check page: the request's wording, the decision maker and the date, each of the
    VLO's answers with a way back to change it, and "Confirm and forward"."""
    found = await conditions.get_request(request.user, request_id, request.app.state.today())
    maker = DECISION_MAKERS.get(data.decision_maker.value, data.decision_maker.value)
    answers = [
        ("Who decides", maker, "forward.decision_maker", "who decides"),
        ("Forwarded on", long_date(data.on), "forward.on", "the date it was forwarded"),
        (
            "Why this decision maker",
            data.decision_maker_reason or "The usual decision maker for this sentence",
            "forward.decision_maker_reason",
            "why it goes to this decision maker",
        ),
    ]
    kept = {k: v for k, v in values.items() if k.startswith("forward.") and k != "forward.action"}
    return page("conditions/check_forward.html", r=found, answers=answers, values=kept)
