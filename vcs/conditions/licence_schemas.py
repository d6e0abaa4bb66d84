"""Licence conditions as a licence system takes them (HMPPS Create and Vary a Licence): one per
zone for a zone condition, with the condition's code and the policy versions that have it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from vcs.core.schemas import Output


class LicenceConditionOut(Output):
    """One condition as a licence system takes it (HMPPS Create and Vary a Licence)."""

    code: str | None = Field(description="Create and Vary a Licence condition code")
    type: str = Field(description="This service's condition type")
    text: str = Field(description="The condition's wording")
    policy_versions: list[str] = Field(description="Licence-policy versions that have it")
    zone: str | None = Field(description="The zone's label on the map, for a zone condition")
    zone_geojson: dict[str, Any] | None = Field(description="The zone (WGS84 GeoJSON Polygon)")
    map_url: str | None = Field(description="The PDF map to attach, for a zone condition")
    needs_ppcs_approval: bool


class LicenceConditionsOut(Output):
    """A request as the licence conditions it asks for: one per zone for a zone condition."""

    request_id: int
    status: str
    catalogue_version: str
    conditions: list[LicenceConditionOut]
