"""The exclusion zone of a licence-condition request, read from the GeoJSON file the VLO chose on
the request's form."""

from __future__ import annotations

import json
from typing import Any

from litestar.datastructures import UploadFile

from api.web.forms import FormErrors
from vcs.core.errors import InvalidInput

MAX_ZONE_BYTES = 1024 * 1024  # a GeoJSON file of 2,000 points is far smaller


def _geometry(document: Any) -> Any:
    """The geometry of a GeoJSON document: itself, a Feature's, or a one-Feature collection's."""
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features")
        if isinstance(features, list) and len(features) == 1:
            document = features[0]
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = document.get("geometry")
    return document


async def read_zone(upload: UploadFile, errors: FormErrors) -> dict[str, Any] | None:
    """The exclusion zone in the GeoJSON file chosen, or None with the problem added."""
    content = await upload.read(MAX_ZONE_BYTES + 1)
    if len(content) > MAX_ZONE_BYTES:
        errors.add("zone", "The exclusion zone file must be smaller than 1 MB")
        return None
    try:
        geometry = _geometry(json.loads(content.decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        errors.add("zone", "The exclusion zone file must be GeoJSON: it is not valid JSON")
        return None
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon") or "coordinates" not in geometry:
        errors.add(
            "zone",
            "The exclusion zone file must hold one Polygon or MultiPolygon"
            + (f" (it holds a {kind})" if isinstance(kind, str) and len(kind) < 40 else ""),
        )
        return None
    return {"type": kind, "coordinates": geometry["coordinates"]}


def zone_of_drawing(text: str, field: str) -> dict[str, Any]:
    """The zones drawn on the map (the page's script sends a GeoJSON FeatureCollection of
    Polygons, or one geometry): one Polygon, or a MultiPolygon of every polygon drawn."""
    if len(text) > MAX_ZONE_BYTES:
        raise InvalidInput.on(field, "The zones drawn are too detailed: draw fewer corners")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidInput.on(field, "The zones drawn could not be read: draw them again") from None
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features")
        geometries = (
            [f.get("geometry") if isinstance(f, dict) else None for f in features]
            if isinstance(features, list)
            else []
        )
    else:
        geometries = [_geometry(document)]
    polygons: list[Any] = []
    for geometry in geometries:
        if not isinstance(geometry, dict):
            raise InvalidInput.on(field, "Only areas can be drawn: draw each zone as a shape")
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons.append(geometry["coordinates"])
        elif kind == "MultiPolygon" and isinstance(geometry.get("coordinates"), list):
            polygons.extend(geometry["coordinates"])
        else:
            raise InvalidInput.on(field, "Only areas can be drawn: draw each zone as a shape")
    if not polygons:
        raise InvalidInput.on(field, "Draw at least one zone on the map, or type its corners")
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}
