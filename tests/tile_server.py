"""A local tile server for the maps' tests: it draws each XYZ tile it is asked for with Pillow
(a pale green square with a dark grid line on its edges) on a free port, and counts requests.
No tile source outside the machine is ever reached."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image, ImageDraw

TILE_RGB = (198, 226, 200)
EDGE_RGB = (40, 90, 40)


def tile_png(z: int, x: int, y: int) -> bytes:
    image = Image.new("RGB", (256, 256), TILE_RGB)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 255, 255], outline=EDGE_RGB)
    draw.text((8, 8), f"{z}/{x}/{y}", fill=EDGE_RGB)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@dataclass
class TileServer:
    url: str  # the XYZ template, as VCS_MAP_TILES_URL takes it
    requests: list[str] = field(default_factory=list)


def _handler(server: TileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append(self.path)
            parts = self.path.split("?", 1)[0].strip("/").removesuffix(".png").split("/")
            if len(parts) != 4 or parts[0] != "tiles" or not all(p.isdigit() for p in parts[1:]):
                self.send_error(404)
                return
            body = tile_png(*(int(p) for p in parts[1:]))
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serving_tiles() -> Iterator[TileServer]:
    """A tile server on 127.0.0.1 and a port chosen by the system, stopped at the end."""
    found = TileServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    found.url = (
        f"http://127.0.0.1:{httpd.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png?key=secret-key"
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def tile_server() -> Iterator[TileServer]:
    """A tile server for one test."""
    with serving_tiles() as found:
        yield found
