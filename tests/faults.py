"""A portal that fails in every way a government server can, plus one whose robots.txt disallows everything."""

from __future__ import annotations

import socket
import struct
import threading
import time
import unicodedata
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.portals import write_sources
from tests.farm import GOOD_ARTICLE

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>"""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def article(ward: str) -> str:
    """A distinct defense article (the seed story moved to another ward)."""
    return GOOD_ARTICLE.replace("Hòa An", ward).replace('<div class="other-news"><h3>Các tin khác</h3><a href="/tin/500-loi-may-chu">Tin lỗi</a></div>', "")


TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese editors wrote it: base letters it has, tone marks as combining characters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def malformed(ward: str) -> str:
    """The article with unclosed and stray tags and no closing body/html."""
    html = article(ward).replace("</p>", "").replace("</h1>", "<h1>").replace("</body></html>", "</div></div></span>")
    return html.replace('<div class="content">', '<div class="content"><table><tr><td>')


# path -> (status, headers, body bytes); dynamic faults are handled in FaultHandler.do_GET.
STATIC: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\nSitemap: /sitemap-bom.xml\n"),
    "/sitemap-bom.xml": (200, {"Content-Type": "application/xml"}, BOMB.encode()),
    "/tin/loi-503-20001": (503, {"Content-Type": "text/html"}, b"<html><body>Service Unavailable</body></html>"),
    "/tin/qua-tai-lau-20003": (429, {"Content-Type": "text/html", "Retry-After": "259200"}, b"<html><body>Too many</body></html>"),
    "/tin/vong-lap-a-20007": (302, {"Location": "/tin/vong-lap-b-20008"}, b""),
    "/tin/vong-lap-b-20008": (302, {"Location": "/tin/vong-lap-a-20007"}, b""),
    "/tin/chuyen-huong-20018": (301, {"Location": "/tin/bai-moi-20019.html"}, b""),
    "/tin/bai-moi-20019.html": (200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Hiệp Bắc").encode()),
    "/tin/cat-ngang-20009": (200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Bắc").encode()[:700]),
    "/tin/html-hong-20010": (200, {"Content-Type": "text/html; charset=utf-8"}, malformed("Hòa Cường").encode()),
    "/tin/tep-pdf-20011": (200, {"Content-Type": "text/html"}, PDF),
    "/tin/tep-anh-20012": (200, {"Content-Type": "text/html; charset=utf-8"}, PNG),
    "/tin/qua-lon-20013": (200, {"Content-Type": "text/html; charset=utf-8"},
                           article("Hòa Hải").replace("</body>", "<!--" + "x" * 300_000 + "--></body>").encode()),
    "/tin/sai-charset-20014": (200, {"Content-Type": "text/html; charset=iso-8859-1"}, article("Hòa Minh").encode()),
    "/tin/thieu-charset-20015": (200, {"Content-Type": "text/html"},
                                 article("Hòa Quý").replace('<meta charset="utf-8">', "").encode()),
    "/tin/windows-1258-20016": (200, {"Content-Type": "text/html; charset=windows-1258"},
                                cp1258(article("Hòa Thuận").replace('<meta charset="utf-8">', ""))),
}
DYNAMIC = ["/tin/qua-tai-20002", "/tin/cham-20004", "/tin/het-gio-20005", "/tin/ngat-ket-noi-20006", "/tin/bi-go-20017"]
SLOW, HANG = 0.4, 4.0


class FaultHandler(BaseHTTPRequestHandler):
    """Serve the faults; `hits` counts requests per path, `gone` turns an archived article into a 404."""

    hits: Counter[str]
    gone: bool = False
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """One fault per path."""
        self.hits[self.path] += 1
        if self.path == "/":
            links = "".join(f'<li><a href="{p}">Bài {p}</a></li>' for p in sorted({*STATIC, *DYNAMIC}) if p.startswith("/tin/"))
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"},
                              f"<html><body><h1>Cổng thông tin lỗi</h1><ul>{links}</ul></body></html>".encode())
        if self.path == "/tin/qua-tai-20002" and self.hits[self.path] == 1:
            return self._send(429, {"Content-Type": "text/html", "Retry-After": "1"}, b"<html><body>Too many</body></html>")
        if self.path == "/tin/qua-tai-20002":
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Khánh").encode())
        if self.path == "/tin/cham-20004":
            time.sleep(SLOW)
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Liên").encode())
        if self.path == "/tin/het-gio-20005":
            time.sleep(HANG)
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Ninh").encode())
        if self.path == "/tin/ngat-ket-noi-20006":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()  # RST, no response at all
            return None
        if self.path == "/tin/bi-go-20017":
            if self.gone:
                return self._send(404, {"Content-Type": "text/html"}, "<html><body>Không tìm thấy</body></html>".encode())
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Phong").encode())
        status, headers, body = STATIC.get(self.path, (404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>"))
        return self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the crawler gave up (timeout): nothing to do

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server API)
        """Quiet."""


class BlockedHandler(FaultHandler):
    """A portal whose robots.txt disallows everything."""

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """robots.txt says no; everything else is a normal page (never requested by a polite crawler)."""
        self.hits[self.path] += 1
        if self.path == "/robots.txt":
            return self._send(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
        return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, article("Hòa Xuân").encode())


class FaultFarm:
    """The faulty portal and the robots-blocked portal on loopback."""

    def __init__(self) -> None:
        self.hits: dict[str, Counter[str]] = {"faulty": Counter(), "blocked": Counter()}
        self.faulty = type("F", (FaultHandler,), {"hits": self.hits["faulty"]})
        blocked = type("B", (BlockedHandler,), {"hits": self.hits["blocked"]})
        self.servers = {name: ThreadingHTTPServer((f"127.0.95.{i + 1}", 0), h)
                        for i, (name, h) in enumerate((("faulty", self.faulty), ("blocked", blocked)))}
        for server in self.servers.values():
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        """Root URL of a portal."""
        host, port = self.servers[name].server_address[:2]
        return f"http://{host}:{port}/"

    def write_config(self, path: Path) -> Path:
        """Sources YAML with small timeouts, a small size cap and short Retry-After waits."""
        sources = [{"id": name, "name": f"Cổng {name}", "level": "ward", "start_urls": [self.url(name)]} for name in self.servers]
        return write_sources(path, sources, DOWNLOAD_TIMEOUT=1.5, DOWNLOAD_MAXSIZE=100_000, DOWNLOAD_WARNSIZE=50_000,
                             REDIRECT_MAX_TIMES=3, QPDP_RETRY_AFTER_MAX=2, CONCURRENT_REQUESTS_PER_DOMAIN=8)

    def close(self) -> None:
        """Stop both servers."""
        for server in self.servers.values():
            server.shutdown()
            server.server_close()
