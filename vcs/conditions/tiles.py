"""The basemap's tiles, fetched by the service from the configured tile source and cached.

`VCS_MAP_TILES_URL` is an XYZ template ({z}/{x}/{y}) or a WMTS template in Web Mercator
({TileMatrix}/{TileCol}/{TileRow}), often carrying a key (the Ordnance Survey Maps API's): the
browser asks the service for a tile (`/map-tiles/{z}/{x}/{y}.png`) and never sees the source, and
the maps printed for the decision maker are drawn from the same tiles. Tiles are kept in memory
(the most recent MAX_CACHED) so that a page and its PDF do not fetch the same ground twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import httpx

from vcs.core.config import settings
from vcs.core.errors import InvalidInput, NotFound

MAX_ZOOM = 20
MAX_CACHED = 2000
MAX_TILE_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 10.0

_client = httpx.Client(timeout=TIMEOUT_SECONDS)  # kept open: a map needs a few dozen tiles
_cache: OrderedDict[tuple[str, int, int, int], bytes] = OrderedDict()
_lock = threading.Lock()


def configured() -> bool:
    """Whether a basemap is configured (VCS_MAP_TILES_URL)."""
    return settings.map_tiles_url is not None


def attribution() -> str:
    return settings.map_attribution


def tile_url(template: str, z: int, x: int, y: int) -> str:
    """The source's address of one tile, from an XYZ or a WMTS template."""
    for names in (("{z}", "{x}", "{y}"), ("{TileMatrix}", "{TileCol}", "{TileRow}")):
        for name, value in zip(names, (z, x, y), strict=True):
            template = template.replace(name, str(value))
    return template


def _check(z: int, x: int, y: int) -> None:
    if not (0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z):
        raise InvalidInput.on("tile", "There is no such map tile")


def _cached(key: tuple[str, int, int, int]) -> bytes | None:
    with _lock:
        content = _cache.get(key)
        if content is not None:
            _cache.move_to_end(key)
        return content


def _keep(key: tuple[str, int, int, int], content: bytes) -> bytes:
    with _lock:
        _cache[key] = content
        while len(_cache) > MAX_CACHED:
            _cache.popitem(last=False)
    return content


def _accepted(response: httpx.Response) -> bytes:
    if response.status_code != 200 or len(response.content) > MAX_TILE_BYTES:
        raise NotFound("The basemap has no tile here")
    return response.content


def fetch_tile(z: int, x: int, y: int, template: str | None = None) -> bytes:
    """One tile's image, from the cache or the tile source (blocking: for drawing PDFs in a
    worker thread). Raises NotFound when no basemap is configured or the source has none."""
    template = template or settings.map_tiles_url
    if template is None:
        raise NotFound("No basemap is configured")
    _check(z, x, y)
    key = (template, z, x, y)
    content = _cached(key)
    if content is None:
        try:
            response = _client.get(tile_url(template, z, x, y))
        except httpx.HTTPError:
            raise NotFound("The basemap could not be reached") from None
        content = _keep(key, _accepted(response))
    return content


async def fetch_tile_async(z: int, x: int, y: int) -> bytes:
    """One tile's image for the browser's map, from the cache or the tile source."""
    template = settings.map_tiles_url
    if template is None:
        raise NotFound("No basemap is configured")
    _check(z, x, y)
    key = (template, z, x, y)
    content = _cached(key)
    if content is None:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                response = await client.get(tile_url(template, z, x, y))
        except httpx.HTTPError:
            raise NotFound("The basemap could not be reached") from None
        content = _keep(key, _accepted(response))
    return content
