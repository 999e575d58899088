"""Fixture portals for tests: the bundled sample portals plus a faulty one, all real HTTP on loopback."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from archive.demo import PortalHandler, RunningPortal, serve_portals
from benchmarks.portals import write_sources

GOOD_ARTICLE = """<html><head><meta charset="utf-8"><title>Dân quân tự vệ phường Hòa An ra quân huấn luyện năm 2024</title></head>
<body><div class="header">Cổng thông tin điện tử phường Hòa An — Thứ Hai, 01/01/2024</div>
<div class="content"><h1>Dân quân tự vệ phường Hòa An ra quân huấn luyện năm 2024</h1>
<p class="date">Ngày đăng 05/03/2024 | 08:15</p>
<p>Sáng 05/3, Ban Chỉ huy Quân sự phường Hòa An tổ chức lễ ra quân huấn luyện dân quân tự vệ năm 2024.
Tham dự có đại diện Ban CHQS quận, lãnh đạo Đảng ủy, UBND phường cùng 45 đồng chí dân quân thường trực và cơ động.</p>
<p>Năm 2024, lực lượng dân quân tự vệ phường tập trung huấn luyện điều lệnh, kỹ thuật bắn súng, chiến thuật
từng người trong chiến đấu, phòng chống thiên tai và tìm kiếm cứu nạn, bảo đảm an toàn tuyệt đối về người và vũ khí.</p>
<p>Phát biểu tại buổi lễ, đồng chí Chỉ huy trưởng Ban CHQS phường yêu cầu các đồng chí dân quân chấp hành nghiêm
kỷ luật, huấn luyện sát thực tế, nâng cao khả năng sẵn sàng chiến đấu, góp phần xây dựng khu vực phòng thủ vững chắc.</p>
<p>Tin, ảnh: Lê Thị Hoa</p></div>
<div class="other-news"><h3>Các tin khác</h3><a href="/tin/500-loi-may-chu">Tin lỗi</a></div></body></html>"""

FAULTS = {
    "/": (200, "text/html; charset=utf-8", "<html><body><h1>Cổng thông tin phường Hòa An</h1><ul>"
          + "".join(f'<li><a href="{p}">Bài viết {i}</a></li>' for i, p in enumerate(
              ["/tin/500-loi-may-chu-12345", "/tin/404-khong-ton-tai-12346", "/tin/cat-ngang-trang-12347",
               "/tin/than-rong-12348", "/tin/tep-pdf-12349", "/tin/dan-quan-ra-quan-huan-luyen-12350",
               "/tin/mat-du-lieu-12351"])) + "</ul></body></html>"),
    "/robots.txt": (200, "text/plain", "User-agent: *\nAllow: /\n"),
    "/tin/500-loi-may-chu-12345": (500, "text/html", "<html><body>Lỗi máy chủ</body></html>"),
    "/tin/cat-ngang-trang-12347": (200, "text/html; charset=utf-8", GOOD_ARTICLE[: len(GOOD_ARTICLE) // 3]),
    "/tin/than-rong-12348": (200, "text/html; charset=utf-8", ""),
    "/tin/tep-pdf-12349": (200, "text/html", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"),
    "/tin/dan-quan-ra-quan-huan-luyen-12350": (200, "text/html; charset=utf-8", GOOD_ARTICLE),
}


class FaultyHandler(BaseHTTPRequestHandler):
    """A portal whose pages fail in the ways real portals do."""

    hits: Counter[str]

    def do_GET(self) -> None:  # noqa: N802
        """Serve the fault for the path, a 404 otherwise; a data-loss page lies about its length."""
        self.hits[self.path] += 1
        if self.path == "/tin/mat-du-lieu-12351":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(GOOD_ARTICLE.encode()[:500])
            self.close_connection = True
            return
        status, ctype, body = FAULTS.get(self.path, (404, "text/html", "<html><body>Không tìm thấy</body></html>"))
        data = body.encode("utf-8") if "PDF" not in body else body.encode("latin-1")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


class CountingPortalHandler(PortalHandler):
    """Sample-portal handler that counts requests per path."""

    hits: Counter[str]

    def do_GET(self) -> None:  # noqa: N802
        """Count, then serve."""
        self.hits[self.path] += 1
        super().do_GET()


class Farm:
    """Sample portals (counting hits) plus the faulty portal, each on its own loopback address."""

    SAMPLE = ["thachban", "mongcai", "thanhkhetay", "kienan", "danvan", "quangninh"]

    def __init__(self, host_base: int = 41) -> None:
        self.hits: dict[str, Counter[str]] = {}
        self.portals: list[RunningPortal] = []
        for offset, pid in enumerate(self.SAMPLE):
            self.hits[pid] = Counter()
            handler = type(f"H_{pid}", (CountingPortalHandler,), {"root": Path(__file__).parent.parent / "demo" / "portals" / pid, "hits": self.hits[pid]})
            self.portals.append(self._serve(pid, handler, host_base + offset))
        self.hits["faulty"] = Counter()
        faulty = type("H_faulty", (FaultyHandler,), {"hits": self.hits["faulty"]})
        self.portals.append(self._serve("faulty", faulty, host_base + len(self.SAMPLE)))

    @staticmethod
    def _serve(pid: str, handler: type, host_octet: int) -> RunningPortal:
        server = ThreadingHTTPServer((f"127.0.0.{host_octet}", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        return RunningPortal(pid, f"http://{host}:{port}/", server)

    def url(self, pid: str) -> str:
        """Root URL of a portal."""
        return next(p.url for p in self.portals if p.id == pid)

    def write_config(self, path: Path, **settings: object) -> Path:
        """A sources YAML for the farm with test-speed settings."""
        levels = {"thachban": "ward", "mongcai": "city", "thanhkhetay": "ward", "kienan": "district",
                  "danvan": "central", "quangninh": "province", "faulty": "ward"}
        sources = [{"id": p.id, "name": f"Cổng {p.id}", "level": levels[p.id], "province": "Đà Nẵng",
                    "start_urls": [p.url]} for p in self.portals]
        return write_sources(path, sources, **settings)

    def close(self) -> None:
        """Stop every server."""
        for p in self.portals:
            p.server.shutdown()
            p.server.server_close()
