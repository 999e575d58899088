"""Generated portals for the nightly-crawl tests and the farm benchmark: pages made on the fly, real HTTP on loopback.

Each portal has a home page, categories paginated newest first, article pages, an RSS feed, a sitemap and a
robots.txt announcing it. Every response carries an ETag and a Last-Modified header and honours
If-None-Match / If-Modified-Since with 304. Requests are counted per path; an artificial latency is optional.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from archive.demo import RunningPortal, stop_portals

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = [("quoc-phong-quan-su", "Quốc phòng - quân sự"), ("tin-hoat-dong", "Tin hoạt động"),
              ("tin-dia-phuong", "Tin địa phương")]
WARDS = ["Hòa An", "Hòa Phát", "Thanh Khê Tây", "An Khê", "Chính Gián", "Tam Thuận", "Xuân Hà", "Hòa Khê"]
DEFENSE = [
    ("Dân quân tự vệ phường {ward} ra quân huấn luyện đợt {n}",
     "Sáng {d}/{m}, Ban Chỉ huy Quân sự phường {ward} tổ chức lễ ra quân huấn luyện dân quân tự vệ đợt {n}. "
     "Tham dự có đại diện Ban CHQS quận, lãnh đạo Đảng ủy, UBND phường cùng {k} đồng chí dân quân thường trực và cơ động."),
    ("Phường {ward} giao quân đợt {n}: {k} thanh niên lên đường nhập ngũ",
     "Ngày {d}/{m}, Hội đồng nghĩa vụ quân sự phường {ward} tổ chức lễ giao quân đợt {n}. "
     "{k} thanh niên ưu tú lên đường nhập ngũ, thực hiện nghĩa vụ quân sự bảo vệ Tổ quốc."),
    ("Diễn tập khu vực phòng thủ phường {ward} năm {y}, lần {n}",
     "Ngày {d}/{m}, phường {ward} tổ chức diễn tập chiến đấu phòng thủ lần {n} với sự tham gia của {k} đồng chí "
     "dân quân tự vệ, lực lượng dự bị động viên và Ban CHQS phường."),
]
CIVIL = ("Phường {ward} ra mắt mô hình chợ văn minh số {n}",
         "Ngày {d}/{m}, UBND phường {ward} ra mắt mô hình chợ văn minh thương mại số {n} với {k} tiểu thương tham gia, "
         "thanh toán không dùng tiền mặt và bảo đảm vệ sinh an toàn thực phẩm.")
# Neutral words for the body: every article gets its own random paragraphs, so no two stories are near-duplicates.
WORDS = ("người dân khu phố tổ dân phố cán bộ công chức nhân dân địa phương phường xã quận huyện tỉnh thành phố "
         "kế hoạch nhiệm vụ công tác kết quả chất lượng hiệu quả tích cực chủ động nghiêm túc kịp thời đầy đủ "
         "triển khai thực hiện tổ chức phối hợp kiểm tra đánh giá tổng kết rút kinh nghiệm đề ra giải pháp "
         "năm tháng tuần ngày sáng chiều tối hội trường trụ sở nhà văn hóa sân vận động trường học bệnh viện "
         "tuyên truyền vận động hướng dẫn hỗ trợ giúp đỡ chăm lo đời sống gia đình chính sách người có công "
         "an toàn trật tự vệ sinh môi trường cảnh quan đô thị giao thông xây dựng sửa chữa nâng cấp bảo đảm "
         "đồng chí lãnh đạo chỉ đạo phát biểu nhấn mạnh yêu cầu đề nghị ghi nhận biểu dương khen thưởng").split()


@dataclass
class Site:
    """One generated portal's content: article ids per category, newest last."""

    index: int
    articles: int
    per_page: int = 10
    civil_every: int = 5
    hubs: bool = True  # False: no feed, no sitemap (articles are reachable through the listings only)
    sidebar: int = 0  # realistic article pages: this many sidebar links to other stories, and 12-40 paragraphs
    ids: dict[str, list[int]] = field(default_factory=dict)
    version: int = 0

    def __post_init__(self) -> None:
        for n in range(1, self.articles + 1):
            self.ids.setdefault(CATEGORIES[n % len(CATEGORIES)][0], []).append(n)

    def add_article(self, category: str = CATEGORIES[0][0]) -> str:
        """Publish a new article at the top of *category*; return its path."""
        new = max(i for ids in self.ids.values() for i in ids) + 1
        self.ids[category].append(new)
        self.version += 1
        return self.article_path(new)

    def article_path(self, n: int) -> str:
        """Path of article *n*."""
        return f"/tin/bai-viet-so-{n}-cua-cong-{self.index}-{10000 + n}.html"

    def all_ids(self) -> list[int]:
        """Every article id, newest first."""
        return sorted((i for ids in self.ids.values() for i in ids), reverse=True)

    def _article(self, n: int) -> str:
        ward = WARDS[(self.index + n) % len(WARDS)]
        title_t, lead_t = CIVIL if n % self.civil_every == 0 else DEFENSE[n % len(DEFENSE)]
        values = {"ward": ward, "n": n, "k": 10 + (n * 7 + self.index) % 90, "d": 1 + n % 28, "m": 1 + n % 12,
                  "y": 2020 + n % 5}
        title = title_t.format(**values) + f" (cổng {self.index})"
        rng = random.Random(self.index * 1_000_003 + n)
        filler = [" ".join(rng.choice(WORDS) for _ in range(70)).capitalize() + "."
                  for _ in range(rng.randint(12, 40) if self.sidebar else 3)]
        body = "".join(f"<p>{t}</p>" for t in (lead_t.format(**values), *filler))
        date = f"{values['y']}-{values['m']:02d}-{values['d']:02d}T08:00:00+07:00"
        return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{title}</title>"
                f"<meta property='og:type' content='article'><meta property='article:published_time' content='{date}'>"
                f"</head><body>{self._menu()}<article><h1>{title}</h1><p class='date'>Ngày đăng {values['d']:02d}/"
                f"{values['m']:02d}/{values['y']}</p>{body}<p>Tin, ảnh: Phóng viên {self.index}</p></article>{self._sidebar(rng)}"
                f"</body></html>")

    def _sidebar(self, rng: random.Random) -> str:
        """A portal's 'other news' column: *sidebar* links to other stories (none for the test portals)."""
        ids = self.all_ids()
        if not self.sidebar or not ids:
            return ""
        chosen = [rng.choice(ids) for _ in range(self.sidebar)]
        return ("<aside class='tin-khac'><h3>Các tin khác</h3><ul>" + "".join(
            f"<li><a href='{self.article_path(i)}' title='Tin bài số {i}'>Tin bài số {i} của cổng thông tin điện tử "
            f"{self.index}</a> <span class='date'>({1 + i % 28:02d}/{1 + i % 12:02d})</span></li>" for i in chosen)
            + "</ul></aside>")

    def _menu(self) -> str:
        return "<nav>" + "".join(f"<a href='/chuyen-muc/{c}'>{name}</a> " for c, name in CATEGORIES) + "</nav>"

    def _links(self, ids: list[int]) -> str:
        return "<ul>" + "".join(f"<li><a href='{self.article_path(i)}'>Tin bài số {i} cổng {self.index}</a></li>" for i in ids) + "</ul>"

    def page(self, path: str, host: str) -> tuple[int, str, str] | None:
        """(status, content type, body) for a request path, None for 404."""
        html = "text/html; charset=utf-8"
        if path in ("/sitemap.xml", "/rss.xml") and not self.hubs:
            return None
        if path == "/":
            feed = "<link rel='alternate' type='application/rss+xml' href='/rss.xml'>" if self.hubs else ""
            return 200, html, f"<html><head><meta charset='utf-8'>{feed}<title>Cổng {self.index}</title></head><body>{self._menu()}{self._links(self.all_ids()[:8])}</body></html>"
        if path == "/robots.txt":
            sitemap = f"Sitemap: http://{host}/sitemap.xml\n" if self.hubs else ""
            return 200, "text/plain", f"User-agent: *\nAllow: /\n{sitemap}"
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>http://{host}{self.article_path(i)}</loc></url>" for i in self.all_ids())
            return 200, "application/xml", f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        if path == "/rss.xml":
            items = "".join(f"<item><title>Tin {i}</title><link>http://{host}{self.article_path(i)}</link></item>" for i in self.all_ids()[:20])
            return 200, "application/rss+xml", f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Cổng {self.index}</title>{items}</channel></rss>"
        if path.startswith("/chuyen-muc/"):
            name, _, query = path[len("/chuyen-muc/"):].partition("?page=")
            if name not in self.ids or (query and not query.isdigit()):
                return None
            number = int(query or 1)
            ids = sorted(self.ids[name], reverse=True)
            chunk = ids[(number - 1) * self.per_page: number * self.per_page]
            if not chunk:
                return None
            more = f"<a class='next' href='/chuyen-muc/{name}?page={number + 1}'>Trang sau</a>" if len(ids) > number * self.per_page else ""
            return 200, html, f"<html><head><meta charset='utf-8'><title>{name} trang {number}</title></head><body>{self._menu()}{self._links(chunk)}{more}</body></html>"
        if path.startswith("/tin/"):
            for i in self.all_ids():
                if path == self.article_path(i):
                    return 200, html, self._article(i)
        return None


class GeneratedHandler(BaseHTTPRequestHandler):
    """Serve a Site with validators and 304s, counting hits; `overrides` maps a path to (status, type, body)."""

    site: Site
    hits: Counter[str]
    latency: float = 0.0
    overrides: dict[str, tuple[int, str, str]]
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """One page, a 304 when the validators match, or a 404."""
        self.hits[self.path] += 1
        if self.latency:
            time.sleep(self.latency)
        found = self.overrides.get(self.path) or self.site.page(self.path, self.headers.get("Host", "localhost"))
        if found is None:
            found = (404, "text/html; charset=utf-8", "<html><body><h1>404 Không tìm thấy trang</h1></body></html>")
        status, ctype, text = found
        body = text.encode("utf-8")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = formatdate(1_700_000_000 + self.site.version * 3600, usegmt=True)
        if status == 200 and (self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == modified)):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status == 200:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server API)
        """Quiet."""


@dataclass
class Portal(RunningPortal):
    """A running generated portal."""

    site: Site
    hits: Counter[str]
    overrides: dict[str, tuple[int, str, str]]


def write_sources(path: Path, sources: list[dict[str, Any]], **settings: Any) -> Path:
    """A sources YAML with fast, test-friendly crawl settings (overridable)."""
    data = {
        "settings": {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 10,
                     "LOG_LEVEL": "INFO", **settings},
        "topics": str(ROOT / "config" / "topics.yaml"),
        "sources": sources,
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class GeneratedFarm:
    """*hosts* generated portals on 127.0.<third>.<n>, each with *articles* articles."""

    def __init__(self, hosts: int, articles: int, latency: float = 0.0, third_octet: int = 90, prefix: str = "gen",
                 hubs: bool = True, sidebar: int = 0) -> None:
        self.portals: list[Portal] = []
        for i in range(hosts):
            site, hits, overrides = Site(i, articles, hubs=hubs, sidebar=sidebar), Counter(), {}
            handler = type(f"Gen{i}", (GeneratedHandler,), {"site": site, "hits": hits, "latency": latency, "overrides": overrides})
            server = ThreadingHTTPServer((f"127.0.{third_octet + i // 250}.{1 + i % 250}", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            host, port = server.server_address[:2]
            self.portals.append(Portal(f"{prefix}-{i}", f"http://{host}:{port}/", server, site, hits, overrides))

    def requests(self) -> int:
        """Requests served so far, all portals."""
        return sum(sum(p.hits.values()) for p in self.portals)

    def article_hits(self) -> int:
        """Requests for article pages so far."""
        return sum(n for p in self.portals for path, n in p.hits.items() if path.startswith("/tin/"))

    def pages(self) -> int:
        """Distinct pages the farm serves (home, robots, sitemap, feed, listing pages, articles)."""
        total = 0
        for p in self.portals:
            listing_pages = sum(-(-len(ids) // p.site.per_page) for ids in p.site.ids.values())
            total += 4 + listing_pages + len(p.site.all_ids())
        return total

    def article_kb(self) -> str:
        """The size range of a sample of article pages, in KB ('35-48')."""
        sizes = [len(p.site._article(i).encode("utf-8")) / 1024 for p in self.portals[:3] for i in p.site.all_ids()[:20]]
        return f"{min(sizes):.0f}-{max(sizes):.0f}" if sizes else "-"

    def write_config(self, path: Path, **settings: Any) -> Path:
        """A sources YAML for the farm with fast, test-friendly settings."""
        sources = [{"id": p.id, "name": f"Cổng {p.id}", "level": "ward", "province": "Đà Nẵng", "start_urls": [p.url]}
                   for p in self.portals]
        return write_sources(path, sources, **settings)

    def close(self) -> None:
        """Stop every server."""
        stop_portals(list(self.portals))
