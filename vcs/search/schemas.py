"""What a search returns: enough to tell two people of the same name apart, and no more."""

from __future__ import annotations

from pydantic import Field

from vcs.core.schemas import Output


class SearchHit(Output):
    """One case found, by what matched: the victim's name (`victim`), the offender's name or
    identifier (`offender`) or the case number (`case`)."""

    kind: str = Field(
        description="victim, offender or case: what the search matched; referral for a "
        "Witness Care officer"
    )
    id: int = Field(description="The matched victim's, offender's or case's number")
    case_id: int | None = Field(description="The case's number (none for a referral)")
    label: str = Field(description="The victim's name (a referral: its number and the victim)")
    detail: str = Field(description="What tells this case apart, in one line")
    case_state: str
    offender: str
    offences: list[str]
    unit_code: str
    unit_name: str = Field(default="", description="The unit's name, for people to read")
    vlo: str | None = Field(description="The allocated VLO's name, if any")
    year_of_birth: int | None
    postcode_district: str = Field(description="The first half of the victim's postcode")
