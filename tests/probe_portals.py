"""Loopback portals that each deserve a different probe verdict, and the real Krông Nô snapshot when present."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REAL_SITES = Path(__file__).resolve().parent.parent.parent / "shared" / "real-sites"
_BODY = ("Sáng 05/3, Ban Chỉ huy Quân sự xã Hòa Bắc tổ chức lễ ra quân huấn luyện dân quân tự vệ năm 2024 với sự tham gia "
         "của 45 đồng chí dân quân thường trực và cơ động, bảo đảm an toàn tuyệt đối về người và vũ khí. ") * 4
_HTML = "text/html; charset=utf-8"
Routes = dict[str, tuple[int, str, str]]

# A single-page app: the article text comes as JSON for a script to render, so the extractor sees an empty page.
SPA: Routes = {
    "/": (200, _HTML, '<html><head><title>Cổng TTĐT xã Hòa Bắc</title><link rel="alternate" type="application/rss+xml" '
          'href="/rss-cu.xml"><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body><div id="app"></div><script src="/app.js"></script></body></html>'),
    "/rss.xml": (200, "application/rss+xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title>'
                 '<link>http://HOST/</link>' + "".join(f"<item><title>Tin {i}</title><link>http://HOST/tin/dan-quan-{i}</link></item>"
                                                      for i in range(1, 4)) + "</channel></rss>"),
    **{f"/tin/dan-quan-{i}": (200, _HTML, '<html><head><title>Dân quân xã Hòa Bắc</title><meta property="og:type" '
                              f'content="article"></head><body><div id="app"></div><script>window.__DATA__={{"body": "{_BODY}"}}'
                              "</script></body></html>") for i in range(1, 4)},
}
# A portal with nothing but a notice and a contact page.
EMPTY: Routes = {
    "/": (200, _HTML, '<html><head><title>Trang đang xây dựng</title></head><body><h1>Cổng thông tin đang được xây dựng'
          '</h1><a href="/gioi-thieu">Giới thiệu</a> <a href="/lien-he">Liên hệ</a></body></html>'),
    "/gioi-thieu": (200, _HTML, "<html><body><h1>Giới thiệu</h1><p>Xã Hòa Bắc.</p></body></html>"),
    "/lien-he": (200, _HTML, "<html><body><h1>Liên hệ</h1><p>Điện thoại: 0236 000 000.</p></body></html>"),
}
BLOCKED: Routes = {"/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /\n"), **EMPTY}
BROKEN: Routes = {"/": (500, _HTML, "<html><body>Lỗi máy chủ</body></html>")}
FIXTURES = {"spa": SPA, "empty": EMPTY, "blocked": BLOCKED, "broken": BROKEN}


class _Handler(BaseHTTPRequestHandler):
    routes: Routes = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """The route's answer (HOST replaced by the served host), else 404."""
        status, ctype, body = self.routes.get(self.path, (404, _HTML, "<html><body>Không tìm thấy</body></html>"))
        data = body.replace("HOST", self.headers.get("Host", "")).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


@contextmanager
def fixture_portals() -> Iterator[dict[str, str]]:
    """Serve every fixture portal on its own loopback port; yields name -> start URL."""
    servers = {}
    for name, routes in FIXTURES.items():
        server = ThreadingHTTPServer(("127.0.0.1", 0), type(f"H_{name}", (_Handler,), {"routes": routes}))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[name] = server
    try:
        yield {name: f"http://127.0.0.1:{s.server_address[1]}/" for name, s in servers.items()}
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@contextmanager
def real_site(tmp: Path, port: int) -> Iterator[str | None]:
    """The Krông Nô snapshot served on loopback (its README's recipe); None when ../shared/real-sites is absent."""
    archive = REAL_SITES / "krongno" / "www.tar.gz"
    if not archive.exists():
        yield None
        return
    base = f"http://127.0.0.1:{port}"
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    (tmp / "krongno").mkdir()
    shutil.move(str(tmp / "www"), str(tmp / "krongno" / "www"))
    subprocess.run([sys.executable, str(REAL_SITES / "rewrite_local.py"), str(tmp / "krongno"), base], check=True,
                   capture_output=True)
    proc = subprocess.Popen([sys.executable, str(REAL_SITES / "serve_site.py"), str(tmp / "krongno" / "www_local"),
                             "--host", "127.0.0.1", "--port", str(port), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base + "/"
    finally:
        proc.terminate()
        proc.wait(10)
