"""Drawing a request's zones on a map: the VLO draws and edits them with the mouse or the
keyboard (Leaflet and Leaflet-Geoman, from our own assets), or types their corners as grid
references or latitudes and longitudes (the way that needs no script), and the basemap's tiles,
which the browser fetches through the service so that the tile source's key never reaches it.

Without JavaScript the page is a form: its corners box and the GeoJSON upload on the request's
own form both work. With JavaScript the map fills a hidden field with the drawing as GeoJSON,
and shows each zone's area and any warning as it is drawn (`/zones/check`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.conditions.form_pages import add_problems
from api.conditions.routes import VLO
from api.conditions.zone_file import zone_of_drawing
from api.web.error_pages import status_of
from api.web.errors import EXCEPTION_HANDLERS
from api.web.forms import FormErrors, form_values, read_version
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.conditions import requests as conditions
from vcs.conditions import tiles
from vcs.conditions.catalogue import ZONE_TYPES
from vcs.conditions.gridrefs import grid_lines, zone_from_corners
from vcs.conditions.schemas import ConditionRequestOut, ConditionRequestUpdate
from vcs.conditions.zone_maps import zone_summaries
from vcs.conditions.zones import ENGLAND_AND_WALES, check_zone
from vcs.core.actors import Role
from vcs.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied

MAX_FORM_BYTES = 2 * 1024 * 1024
TILE_READERS = allow(Role.VLO, Role.VLU_MANAGER)
TileNumber = Annotated[int, PathParameter(ge=0, le=2**tiles.MAX_ZOOM)]
TileName = Annotated[str, PathParameter(max_length=12)]
Longitude = Annotated[float, QueryParameter(ge=-180, le=180, description="Degrees east")]
Latitude = Annotated[float, QueryParameter(ge=-85, le=85, description="Degrees north")]


def _outline() -> str:
    """England and Wales as GeoJSON, drawn when no basemap is configured: a simplified outline
    drawn for this service (`vcs.conditions.zones.ENGLAND_AND_WALES`, the same one every zone
    is checked against), not a surveyed or published boundary."""
    return json.dumps(ENGLAND_AND_WALES.__geo_interface__)


async def _draft(request: AuthedRequest, request_id: int) -> ConditionRequestOut:
    found = await conditions.get_request(request.user, request_id, request.app.state.today())
    if not isinstance(found, ConditionRequestOut):
        raise PermissionDenied("Only the case's Victim Liaison Unit can draw its zones")
    return found


def _page(
    r: ConditionRequestOut, values: dict[str, str], errors: FormErrors, status: int
) -> Template:
    return page(
        "conditions/zones.html",
        status,
        r=r,
        values=values,
        errors=errors.messages,
        error_list=errors.summary(["zones", "corners"]),
        basemap=tiles.configured(),
        attribution=tiles.attribution(),
        outline=_outline(),
        drawn=json.dumps(r.zone.geojson) if r.zone else "",
    )


def _zone_from(values: dict[str, str]) -> dict[str, Any]:
    """The zones typed as corners if any were typed, else as drawn on the map."""
    if values.get("corners", "").strip():
        return zone_from_corners(values["corners"], "corners")
    if values.get("zones", "").strip():
        return zone_of_drawing(values["zones"], "zones")
    raise InvalidInput.on("corners", "Draw at least one zone on the map, or type its corners")


class ZonePages(Controller):
    path = "/condition-requests/{request_id:int}/zones"
    include_in_schema = False
    guards = [VLO]

    @get("/")
    async def show(self, request: AuthedRequest, request_id: Id) -> Template:
        """The map to draw the request's zones on, and the corners form."""
        draft = await _draft(request, request_id)
        return _page(draft, {"version": str(draft.version)}, FormErrors(), 200)

    @post("/", request_max_body_size=MAX_FORM_BYTES)
    async def save(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Save the zones drawn or typed as the request's zone (a draft only)."""
        draft = await _draft(request, request_id)
        values = await form_values(request)
        errors = FormErrors()
        status = 400
        if draft.type not in ZONE_TYPES:
            errors.add("corners", "This type of condition has no zone: change its type first")
            return _page(draft, values, errors, 409)
        try:
            zone = _zone_from(values)
            version = read_version(values, errors, "corners")
            data = ConditionRequestUpdate.model_validate({"zone": zone, "version": version})
            if not errors:
                today = request.app.state.today()
                await conditions.update_request(request.user, request_id, data, today)
                return Redirect(f"/condition-requests/{request_id}?done=changed", status_code=303)
        except ValidationError as exc:
            add_problems(exc, errors)
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            status = status_of(exc)
            for problem in exc.problems or []:
                where = "corners" if problem.field == "corners" else "zones"
                errors.add(where, problem.message)
            if not exc.problems:
                errors.add("corners", exc.message)
        return _page(draft, values, errors, status)

    @post("/check", status_code=200)
    async def check(self, request: AuthedRequest, request_id: Id) -> dict[str, Any]:
        """Each zone's area and the warnings, as the VLO draws (the map's script asks)."""
        await _draft(request, request_id)
        values = await form_values(request)
        try:
            zone = zone_of_drawing(values.get("zones", ""), "zones")
            checked = check_zone(zone["type"], zone["coordinates"])
        except DomainError as exc:
            return {"problem": exc.problems[0].message if exc.problems else exc.message}
        return {
            "zones": [
                {"label": z.label, "area_km2": round(z.area_km2, 3)}
                for z in zone_summaries(checked.geojson)
            ],
            "warnings": [w.message for w in checked.warnings],
        }


class MapTiles(Controller):
    """The basemap's tiles, fetched by the service (the tile source's key stays here)."""

    path = "/map-tiles"
    include_in_schema = False
    guards = [TILE_READERS]

    @get("/{z:int}/{x:int}/{tile:str}", media_type="image/png")
    async def tile(self, z: TileNumber, x: TileNumber, tile: TileName) -> Response[bytes]:
        """One tile (`/map-tiles/{z}/{x}/{y}.png`), cached for a day in the browser."""
        y = tile.removesuffix(".png")
        if not y.isdigit() or len(y) > 7:
            raise NotFound("There is no such map tile")
        content = await tiles.fetch_tile_async(z, x, int(y))
        media_type = "image/jpeg" if content[:3] == b"\xff\xd8\xff" else "image/png"
        headers = {"Cache-Control": "private, max-age=86400"}
        return Response(content, media_type=media_type, headers=headers)


class MapGrid(Controller):
    """The 1 km National Grid drawn on the map when no basemap is configured: its lines across
    the map's visible box, computed here (the projection is the service's), so the grid the VLO
    draws on is the one on the printed maps."""

    path = "/map-grid"
    include_in_schema = False
    guards = [TILE_READERS]
    # Fetched by the map's script, not read as a page: problems come back as problem details.
    exception_handlers = EXCEPTION_HANDLERS

    @get("/", sync_to_thread=False)
    def lines(
        self, west: Longitude, south: Latitude, east: Longitude, north: Latitude
    ) -> dict[str, Any]:
        """The grid's lines across the box (`/map-grid?west=&south=&east=&north=`), as a GeoJSON
        MultiLineString; a box wider than about 50 km is refused (400)."""
        return grid_lines(west, south, east, north)
