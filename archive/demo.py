"""Serve the bundled sample portals on loopback: one static HTTP server per portal host."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from archive.config import PROJECT_ROOT

PORTALS_DIR = PROJECT_ROOT / "demo" / "portals"
TYPES = {".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".jpg": "image/jpeg",
         ".png": "image/png", ".css": "text/css", ".js": "application/javascript", ".pdf": "application/pdf"}


def resolve(root: Path, target: str) -> Path | None:
    """The file for a request target: dirs serve index.html, '?query' maps to '@query', '_' files are private."""
    parts = urlsplit(target)
    rel = unquote(parts.path).lstrip("/")
    if parts.query:
        rel += "@" + unquote(parts.query)
    path = (root / rel).resolve()
    if root.resolve() not in (path, *path.parents) or any(p.startswith("_") for p in Path(rel).parts):
        return None
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


class PortalHandler(BaseHTTPRequestHandler):
    """Static files of one portal; PORTAL_HOST in XML and text is replaced by the served host:port."""

    root: Path
    server_version = "PortalFixture/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """Serve one file or a 404 page."""
        path = resolve(self.root, self.path)
        if path is None:
            self._send(404, "text/html; charset=utf-8", "<html><body><h1>404 Không tìm thấy trang</h1></body></html>".encode())
            return
        body = path.read_bytes()
        ctype = TYPES.get(path.suffix.lower(), "text/html; charset=utf-8")
        if path.suffix.lower() in (".xml", ".txt"):
            body = body.replace(b"PORTAL_HOST", self.headers.get("Host", "localhost").encode("ascii", "replace"))
        self._send(200, ctype, body)

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server API)
        """Quiet: the crawler's fetch log is the record."""


@dataclass
class RunningPortal:
    """A portal being served."""

    id: str
    url: str
    server: ThreadingHTTPServer


def serve_portals(ids: list[str], host_base: int = 11, port: int = 0, root: Path = PORTALS_DIR) -> list[RunningPortal]:
    """Serve each portal on its own loopback address 127.0.0.<host_base+i> (port 0 = any free port)."""
    running = []
    for offset, portal_id in enumerate(ids):
        handler = type(f"Handler_{portal_id}", (PortalHandler,), {"root": root / portal_id})
        server = ThreadingHTTPServer((f"127.0.0.{host_base + offset}", port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True, name=f"portal-{portal_id}").start()
        host, bound = server.server_address[:2]
        running.append(RunningPortal(portal_id, f"http://{host}:{bound}/", server))
    return running


def stop_portals(running: list[RunningPortal]) -> None:
    """Shut the servers down."""
    for portal in running:
        portal.server.shutdown()
        portal.server.server_close()
