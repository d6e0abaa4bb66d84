"""Form handling for the pages: read a posted form, turn day-month-year fields into dates, and
turn the schema's and the domain's field problems into the GOV.UK error summary and the inline
error messages.

Form fields are named like the schema's paths (`offender.name`, `victims[0].address.postcode`),
so a problem reported by pydantic or by a use case lands on the field that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from litestar import Request
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.templating import field_id
from vcs.core.errors import DomainError, FieldProblem, NotFound, PermissionDenied, StaleVersion
from vcs.core.schemas import MAX_ID

MAX_FIELD_LENGTH = 10_000


async def form_values(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted fields as text (the last value of a repeated field); files are ignored."""
    form = await request.form()
    return {
        key[:200]: value[:MAX_FIELD_LENGTH]
        for key, value in form.items()
        if isinstance(key, str) and isinstance(value, str) and key != "_csrf_token"
    }


@dataclass
class FormErrors:
    """Problems with a form, at most one per field, in the order the fields appear."""

    date_fields: frozenset[str] = frozenset()  # their errors link to the day box
    messages: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str, anchor: str | None = None) -> None:
        if name not in self.messages:
            self.messages[name] = message
            day = field_id(f"{name}-day") if generic(name) in self.date_fields else None
            self.anchors[name] = anchor or day or field_id(name)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def summary(self, order: Iterable[str] = ()) -> list[dict[str, str]]:
        """The GOV.UK error summary's list: each message links to its field."""
        rank = {name: i for i, name in enumerate(order)}
        names = sorted(self.messages, key=lambda n: rank.get(n, len(rank)))
        return [{"text": self.messages[n], "href": "#" + self.anchors[n]} for n in names]


def location(loc: Iterable[Any]) -> str:
    """A pydantic error location as a field name: ('victims', 0, 'name') -> victims[0].name."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name


def schema_problems(
    exc: ValidationError,
    labels: Mapping[str, str],
    errors: FormErrors,
    choices: frozenset[str] = frozenset(),
    prefix: str = "",
) -> None:
    """Add pydantic's problems in words a person understands, naming the field's label; the
    form's field is named `prefix` + the schema's path."""
    for item in exc.errors():
        path = location(item["loc"])
        what, name = labels.get(generic(path), path), prefix + path
        kind = item["type"]
        if kind in ("enum", "literal_error") or (kind == "missing" and generic(name) in choices):
            message = f"Select {what}"
        elif kind in ("missing", "string_too_short") or (kind == "value_error" and not _has(item)):
            message = f"Enter {what}"
        elif kind == "string_too_long":
            limit = (item.get("ctx") or {}).get("max_length")
            message = f"{first_upper(what)} must be {limit} characters or fewer"
        elif kind == "string_pattern_mismatch":
            message = f"Enter a real {what}"
        else:
            text = str(item["msg"]).removeprefix("Value error, ")
            message = f"{first_upper(what)} {text}"
        errors.add(name, message + which(path))


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def which(name: str) -> str:
    """Which of several fieldsets a field is in, after the first: ` (victim 2)`."""
    group, bracket, rest = name.partition("[")
    number = rest.partition("]")[0]
    if not bracket or not number.isdigit() or int(number) == 0:
        return ""
    return f" ({group.removesuffix('s')} {int(number) + 1})"


def _has(item: Any) -> bool:
    return item.get("input") not in (None, "")


def domain_problems(exc: DomainError, known: Iterable[str], errors: FormErrors) -> None:
    """Add a use case's problems; one naming a group (`victims[1]`) links to its first field."""
    names = list(known)
    problems = exc.problems or [FieldProblem("", exc.message)]
    for problem in problems:
        if problem.field in names:
            errors.add(problem.field, problem.message)
            continue
        first = next((n for n in names if n.startswith(problem.field + ".")), names[0])
        errors.add(problem.field or "form", problem.message, field_id(first))


def generic(name: str) -> str:
    """`victims[3].name` -> `victims[].name`, to look up a label shared by every victim."""
    out, skipping = "", False
    for ch in name:
        if ch == "[":
            out, skipping = out + "[", True
        elif ch == "]":
            out, skipping = out + "]", False
        elif not skipping:
            out += ch
    return out


def read_date(
    values: Mapping[str, str], name: str, what: str, errors: FormErrors, *, required: bool
) -> str | None:
    """A GOV.UK date input (`name-day`, `name-month`, `name-year`) as an ISO date, or None.

    A missing or impossible date is added to `errors` in the Design System's words."""
    parts = {p: values.get(f"{name}-{p}", "").strip() for p in ("day", "month", "year")}
    anchor = field_id(f"{name}-day")
    if not any(parts.values()):
        if required:
            errors.add(name, f"Enter {what}", anchor)
        return None
    for part in ("day", "month", "year"):
        if not parts[part]:
            errors.add(
                name, f"{first_upper(what)} must include a {part}", field_id(f"{name}-{part}")
            )
            return None
    if (
        not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts.values())
        or len(parts["year"]) != 4
    ):
        errors.add(name, f"{first_upper(what)} must be a real date", anchor)
        return None
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])).isoformat()
    except ValueError:
        errors.add(name, f"{first_upper(what)} must be a real date", anchor)
        return None


OUT_OF_DATE = "This form is out of date. Go back to the case, open the form again and save."
STALE_CASE = (
    "Someone else changed this case since you opened this form, so nothing was saved. "
    "Check what is saved now, then save your change again."
)


def read_version(values: Mapping[str, str], errors: FormErrors, anchor: str) -> int | None:
    """The case version the form was opened at (a hidden field); a missing or garbled one is a
    problem linked to `anchor` (the form's first field), since nothing can be saved safely."""
    raw = values.get("version", "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_ID:
        return int(raw)
    errors.add("version", OUT_OF_DATE, anchor)
    return None


def version_to_show(values: Mapping[str, str], status: int, current: int) -> str:
    """The version a re-shown form carries: the newer one after a clash (the VLO has now seen
    what is saved), else the one the VLO read, so a clash meanwhile is still caught."""
    posted = values.get("version", "")
    if status == 412 or not (posted.isascii() and posted.isdigit() and len(posted) <= 10):
        return str(current)
    return posted


def refusal(
    exc: DomainError, fields: list[str], errors: FormErrors, anchor: str | None = None
) -> int:
    """Add a use case's refusal to the form's problems and return its status. A record out of
    reach is an error page, not a form problem; a case someone else saved first is a 412 linked
    to `anchor` (by default the form's first field)."""
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    if isinstance(exc, StaleVersion):
        errors.add("form", STALE_CASE, anchor or field_id(fields[0]))
        return 412
    domain_problems(exc, fields, errors)
    return status_of(exc)


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty answers so the schema reports a required one as missing."""
    return {k: v for k, v in data.items() if v is not None}


def optional(values: Mapping[str, str], name: str) -> str | None:
    """A text field's value, or None when left empty."""
    value = values.get(name, "").strip()
    return value or None


CONFIRM = "confirm_not_victim_details"


def confirmed(values: Mapping[str, str], prefix: str = "") -> bool:
    """Whether the form's "not a victim's contact details" box was ticked."""
    return values.get(prefix + CONFIRM) == "yes"


def asks_confirmation(exc: DomainError) -> bool:
    """Whether the use case held words back until the writer confirms they are not a victim's
    contact details (the form then shows the box to tick)."""
    return exc.extra.get("confirm_with") == CONFIRM
