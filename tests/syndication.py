"""Fixture portals for dedup: one story reached through many URL variants, syndicated and copied across portals."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from archive.demo import PortalHandler, RunningPortal
from tests.farm import Farm

ROOT = Path(__file__).resolve().parent.parent
STORIES = {s["id"]: s for s in yaml.safe_load((ROOT / "benchmarks" / "data" / "dedup_stories.yaml").read_text(encoding="utf-8"))["stories"]}

GNQ = "/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html"
KHAM = "/tin-tuc/kham-suc-khoe-nghia-vu-quan-su-nam-2024-1180.html"
SYNDICATED = "/tin-tuc/luc-nam-245-thanh-nien-len-duong-nhap-ngu-5678.html"
YENTHE = "/tin-tuc/yen-the-long-trong-to-chuc-le-giao-nhan-quan-nam-2024-2201.html"
COPY = "/tin-tuc/le-giao-nhan-quan-huyen-yen-the-nam-2024-88.html"
# Links to the one Lục Nam story as portals scatter them: session id, trackers, print view, legacy redirect, listing query.
GNQ_VARIANTS = [
    GNQ + ";jsessionid=8F3A2C1D9E7B6A5F4C3D2E1F0A9B8C7D",
    GNQ + "?utm_source=zalo&utm_medium=social&utm_campaign=giao-quan-2024",
    GNQ + "?view=print",
    "/Default.aspx?tabid=55&newsid=1234",
    GNQ + "?catid=12&from=home",
]
HTML = "text/html; charset=utf-8"
REDIRECTS = {"/Default.aspx?tabid=55&newsid=1234": GNQ}


def _date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"


def article_page(portal: str, title: str, published: str, author: str | None, paragraphs: list[str], views: int = 0,
                 print_view: bool = False) -> str:
    """A DNN-style article page (or its print view) with the junk real portals carry around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    byline = f'<p style="text-align:right"><strong>{author}</strong></p>' if author else ""
    story = (f'<h1 class="news-title">{title}</h1><div class="news-date">Ngày đăng: {_date(published)}</div>'
             f'<div class="news-content">{body}{byline}</div>')
    if print_view:
        return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body onload="window.print()">'
                f'<div class="print-header">{portal}</div>{story}<a href="javascript:window.close()">Đóng cửa sổ</a></body></html>')
    return f"""<html><head><meta charset="utf-8"><title>{title} - {portal}</title>
<meta property="og:type" content="article"></head><body>
<div class="banner">{portal} — Thứ Năm, 13/06/2024</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc/quoc-phong-an-ninh.html">Quốc phòng - An ninh</a></li></ul>
<div class="article">{story}
<div class="tools">Lượt xem: {views} | Chia sẻ | <a href="?print=1">In bài viết</a> | Cỡ chữ A A A</div></div>
<div class="other-news"><h3>Các tin khác</h3><ul><li><a href="/">Hội nghị sơ kết công tác tuyển quân</a></li></ul></div>
<div class="footer">Bản quyền thuộc {portal}. Địa chỉ: Trung tâm huyện. Điện thoại: 0204.3884.xxx</div></body></html>"""


def listing(portal: str, links: list[tuple[str, str]]) -> str:
    """A home page listing the given (href, text) links."""
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f'<html><head><meta charset="utf-8"><title>{portal}</title></head><body><h1>{portal}</h1>'
            f'<div class="news-list"><h2>Tin tức - Sự kiện</h2><ul>{items}</ul></div></body></html>')


def _story(sid: str, **changes: Any) -> dict[str, Any]:
    return {**STORIES[sid], **changes}


def _portals() -> dict[str, dict[str, Any]]:
    gnq = _story("gnq-lucnam-2024", author=f"Tin, ảnh: {STORIES['gnq-lucnam-2024']['author']}")
    yenthe = _story("gnq-yenthe-2024", author=f"{STORIES['gnq-yenthe-2024']['author']} - Trung tâm VH-TT huyện")
    syndicated = _story(
        "gnq-lucnam-2024", title="Lục Nam: 245 thanh niên lên đường nhập ngũ", published="2024-02-27T10:05:00+07:00",
        author="Tin, ảnh: Thanh Hà (Theo Cổng TTĐT huyện Lục Nam)",
        paragraphs=["(BGĐT) - Ngày 26/2, trong không khí phấn khởi, huyện Lục Nam tiễn 245 thanh niên ưu tú lên đường"
                    " làm nghĩa vụ bảo vệ Tổ quốc; buổi lễ được tổ chức trang trọng, nhanh gọn, an toàn.",
                    *gnq["paragraphs"][1:-1]],
    )
    return {
        "lucnam": {"name": "Cổng TTĐT huyện Lục Nam", "level": "district",
                   "canonical": {"drop_params": ["catid", "from"]},
                   "home": [(v, gnq["title"]) for v in GNQ_VARIANTS] + [(KHAM, STORIES["kham-lucnam-2024"]["title"])],
                   "pages": {GNQ: gnq, KHAM: STORIES["kham-lucnam-2024"]}},
        "yenthe": {"name": "Cổng TTĐT huyện Yên Thế", "level": "district",
                   "home": [(YENTHE, yenthe["title"])], "pages": {YENTHE: yenthe}},
        "bacgiang": {"name": "Cổng TTĐT tỉnh Bắc Giang", "level": "province",
                     "home": [(SYNDICATED, syndicated["title"])], "pages": {SYNDICATED: syndicated}},
        "phonxuong": {"name": "Cổng TTĐT thị trấn Phồn Xương", "level": "ward",
                      "home": [(COPY, yenthe["title"])], "pages": {COPY: yenthe}},
    }


class SyndicationHandler(PortalHandler):
    """One fixture portal: its home listing, its stories under every URL variant, a legacy redirect."""

    portal: dict[str, Any]
    hits: Counter[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """Serve home, robots, redirects, article pages (print view for ?view=print), else 404."""
        self.hits[self.path] += 1
        parts = urlsplit(self.path)
        path = parts.path.split(";", 1)[0]
        if self.path in REDIRECTS:
            self.send_response(301)
            self.send_header("Location", REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/robots.txt":
            return self._send(200, "text/plain", b"User-agent: *\nAllow: /\n")
        if path == "/":
            return self._send(200, HTML, listing(self.portal["name"], self.portal["home"]).encode())
        story = self.portal["pages"].get(path)
        if story is None:
            return self._send(404, HTML, "<html><body><h1>404 Không tìm thấy trang</h1></body></html>".encode())
        page = article_page(self.portal["name"], story["title"], story["published"], story.get("author"),
                            story["paragraphs"], views=300 + sum(self.hits.values()), print_view="view=print" in parts.query)
        self._send(200, HTML, page.encode())


class SyndicationFarm(Farm):
    """The four portals, each on its own loopback address and an ephemeral port (served and stopped as Farm's)."""

    def __init__(self, host_base: int = 61) -> None:  # noqa: D107 (no sample portals: only these four)
        self.portals: list[RunningPortal] = []
        self.hits: dict[str, Counter[str]] = {}
        self.spec = _portals()
        for offset, (pid, portal) in enumerate(self.spec.items()):
            self.hits[pid] = Counter()
            handler = type(f"S_{pid}", (SyndicationHandler,), {"portal": portal, "hits": self.hits[pid]})
            self.portals.append(self._serve(pid, handler, host_base + offset))

    def url(self, pid: str, path: str = "/") -> str:  # type: ignore[override]
        """Absolute URL of *path* on portal *pid*."""
        return next(p.url for p in self.portals if p.id == pid).rstrip("/") + path

    def write_config(self, path: Path, **settings: object) -> Path:
        """A sources YAML for the four portals with test-speed settings."""
        sources = []
        for p in self.portals:
            spec = self.spec[p.id]
            entry = {"id": p.id, "name": spec["name"], "level": spec["level"], "province": "Bắc Giang", "start_urls": [p.url]}
            if "canonical" in spec:
                entry["canonical"] = spec["canonical"]
            sources.append(entry)
        data = {"settings": {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 10, **settings},
                "topics": str(ROOT / "config" / "topics.yaml"), "sources": sources}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path
