"""Field types shared by the shapes going in and out, strict where leniency would hurt.

Litestar validates pydantic models leniently (it would read "false" as False and 0 as
1970-01-01), so dates, flags and numbers carry validators that accept only the real thing.
Every text field refuses NUL and other control characters, which PostgreSQL would reject.
Also the shape of a clock as the API shows it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


EARLIEST_DATE = date(1900, 1, 1)


LATEST_DATE = date(2199, 12, 31)


MAX_ID = 2**31 - 1


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real date") from None
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise ValueError("is outside the years 1900 to 2199")
    return parsed


def _real_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _real_int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def text(max_length: int, *, min_length: int = 1) -> Any:
    """A trimmed single-purpose text field with length limits and no control characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


StrictBool = Annotated[bool, BeforeValidator(_real_bool)]


StrictInt = Annotated[int, BeforeValidator(_real_int)]


RecordId = Annotated[int, BeforeValidator(_real_int), Field(ge=1, le=MAX_ID)]


_Trimmed = (AfterValidator(_no_control_characters),)


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), *_Trimmed
]


Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), *_Trimmed
]


ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), *_Trimmed
]


LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), *_Trimmed
]


Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), *_Trimmed]


RequiredReason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), *_Trimmed
]


OptionalLabel = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), *_Trimmed]


OptionalLine = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), *_Trimmed]


OptionalShort = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), *_Trimmed]


OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), *_Trimmed]


Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32), *_Trimmed]


Postcode = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_upper=True,
        pattern=r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$",
    ),
]


Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()-]{5,19}$")
]


Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=254,
        pattern=r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$",
    ),
]


class Input(BaseModel):
    """Base of every request body: unknown fields are refused and input is never echoed back
    in an error (it may hold a victim's details)."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


T = TypeVar("T")


class Page(Output, Generic[T]):
    """One page of a list, in a stable order."""

    items: list[T]
    total: int
    limit: int
    offset: int


class DeadlineOut(Output):
    """`{due, state, met_on, policy}` as in the public contract, plus which clock it is."""

    clock: str
    due: date
    state: str
    met_on: date | None = None
    policy: str
    late_reason: str = ""
