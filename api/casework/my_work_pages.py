"""The start page of VLOs and VLU managers: what is overdue, due today and due this week on
their cases, then the recent activity; a manager also sees the unallocated cases and everything
overdue in the unit."""

from __future__ import annotations

import re
from datetime import date

from litestar import Controller, get
from litestar.response import Template

from api.web.labels import long_date
from api.web.params import AuthedRequest
from api.web.security import allow
from api.web.templating import page
from vcs.casework import caseload, my_work
from vcs.casework.work_schemas import WorkItem
from vcs.core.actors import Role

SHOWN = 200  # more than a week's work for any one VLO


def when(item: WorkItem) -> str:
    """The item's urgency in words: "Overdue by 3 working days", "Due today", "Due 9 December
    2026"."""
    if item.state == "overdue":
        days = item.working_days_overdue
        return f"Overdue by {days} working {'day' if days == 1 else 'days'}"
    return "Due today" if item.state == "due_today" else f"Due {long_date(item.due)}"


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def in_words(text: str) -> str:
    """Dates written into a timeline entry or a task as 2026-02-03, as 3 February 2026."""

    def spoken(found: re.Match[str]) -> str:
        try:
            return long_date(date(*(int(part) for part in found.groups())))
        except ValueError:
            return found.group(0)

    return _ISO_DATE.sub(spoken, text)


def _worded(item: WorkItem) -> WorkItem:
    return item.model_copy(update={"title": in_words(item.title)})


class MyWorkPages(Controller):
    path = "/my-work"
    include_in_schema = False
    guards = [allow(Role.VLO, Role.VLU_MANAGER)]

    @get("/")
    async def start(self, request: AuthedRequest) -> Template:
        """Where VLU staff land after signing in."""
        today, actor = request.app.state.today(), request.user
        mine = await my_work.my_work(actor, today, SHOWN, 0)
        manager = actor.role is Role.VLU_MANAGER
        return page(
            "casework/my_work.html",
            today=today,
            groups=[
                (state, heading, [(_worded(i), when(i)) for i in mine.items if i.state == state])
                for state, heading in (
                    ("overdue", "Overdue"),
                    ("due_today", "Due today"),
                    ("due_this_week", "Due in the next 7 days"),
                )
            ],
            more=mine.total - len(mine.items),
            activity=[
                a.model_copy(update={"summary": in_words(a.summary)})
                for a in await my_work.recent_activity(actor, 10)
            ],
            unallocated=await caseload.list_cases(
                actor, caseload.CaseFilter(state="open", unallocated=True), today, 10, 0
            )
            if manager
            else None,
            unit_overdue=await my_work.unit_overdue(actor, today, SHOWN, 0) if manager else None,
            when=when,
            worded=_worded,
        )
