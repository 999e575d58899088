"""Fixture portals with URL shapes and page layouts the sample portals lack, each story behind variant URLs.

DotNetNuke `/tabid/56/ArticleId/789/Default.aspx` pages with 200+ sidebar links, an old portal with path-style
`/newsid/123/` ids, NukeViet `/news/<cat>/<slug>-<id>.html` with a print view (`/in-bai/1100.html`, rel=canonical),
Liferay `asset_publisher/…/content/<slug>` linked with and without `;jsessionid=`, ASP.NET `?ItemID=` pages (a long
article with many in-body links, a tracker variant, a "not found" status page answered 200), WordPress permalinks
with a trailing slash, reached without it (301) and as AMP. Each portal also has a listing and a login or status page.

`order="variants-first"` links the variants from the home page and the canonical pages from a category page one
level down, so the crawl meets every variant before its article; `order="canonical-first"` swaps the two.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from archive.demo import PortalHandler, RunningPortal
from tests.farm import Farm

ROOT = Path(__file__).resolve().parent.parent
STORIES = {s["id"]: s for s in yaml.safe_load((ROOT / "benchmarks" / "data" / "dedup_stories.yaml").read_text(encoding="utf-8"))["stories"]}
STORIES["tk-camle-2024"] = {
    "title": "Quận Cẩm Lệ tổng kết công tác quân sự, quốc phòng địa phương năm 2024",
    "published": "2024-12-20T14:00:00+07:00", "author": "Hồ Văn Dũng",
    "paragraphs": [
        "Chiều 20/12, Đảng ủy Quân sự quận Cẩm Lệ tổ chức hội nghị tổng kết công tác quân sự, quốc phòng địa phương năm"
        " 2024 và triển khai nhiệm vụ năm 2025. Dự hội nghị có đại diện Bộ Chỉ huy Quân sự thành phố Đà Nẵng, lãnh đạo Quận ủy,"
        " HĐND, UBND quận cùng Ban Chỉ huy Quân sự các phường.",
        "Năm 2024, lực lượng vũ trang quận duy trì nghiêm chế độ trực sẵn sàng chiến đấu, hoàn thành 100% chỉ tiêu giao quân;"
        " huấn luyện dân quân tự vệ và lực lượng dự bị động viên đạt yêu cầu, 85% khá, giỏi; tổ chức thành công diễn tập chiến"
        " đấu phòng thủ cho hai phường Hòa Phát và Hòa Thọ Đông.",
        "Công tác giáo dục quốc phòng và an ninh cho các đối tượng được triển khai nền nếp; quận đã bồi dưỡng kiến thức quốc"
        " phòng cho 312 đảng viên, chức sắc tôn giáo và người có uy tín trong cộng đồng dân cư.",
        "Hội nghị đã khen thưởng 12 tập thể và 25 cá nhân có thành tích xuất sắc trong thực hiện nhiệm vụ quân sự, quốc phòng"
        " địa phương năm 2024.",
    ],
}
HTML = "text/html; charset=utf-8"
DNN_ARTICLE = "/tin-tuc/tabid/56/ArticleId/789/Default.aspx"
DNN_ARTICLE_2 = "/tin-tuc/tabid/56/ArticleId/790/Default.aspx"
NEWSID = "/newsid/123/"
NUKE = "/news/quoc-phong-an-ninh/phuong-thach-ban-khai-mac-huan-luyen-dan-quan-nam-2024-1100.html"
NUKE_PRINT = "/in-bai/1100.html"
LIFERAY = "/web/phuong-ka-long/tin-tuc/-/asset_publisher/Xk3dQ9aB/content/dien-tap-chien-dau-phong-thu-phuong-ka-long-nam-2023"
LIFERAY_2 = "/web/phuong-ka-long/tin-tuc/-/asset_publisher/Xk3dQ9aB/content/thanh-khe-to-chuc-le-giao-nhan-quan-nam-2023"
JSESSION = ";jsessionid=4F1C2B9D7A3E6F5C8B1A2D3E4F5A6B7C"
ITEM = "/Pages/ChiTiet.aspx?ItemID=45"
ITEM_2 = "/Pages/ChiTiet.aspx?ItemID=46"
WP = "/2025/02/05/luc-nam-kham-suc-khoe-nghia-vu-quan-su/"
WP_2 = "/2025/02/26/huyen-luc-nam-to-chuc-le-giao-nhan-quan/"


@dataclass(frozen=True)
class Story:
    """One defense story on one portal: its canonical path, the variant paths that lead to it, its layout."""

    sid: str
    path: str
    variants: tuple[str, ...] = ()
    paragraphs: int | None = None  # keep only the first N paragraphs
    extra: str = ""  # more body HTML after the story (in-body links)


PORTALS: dict[str, dict[str, Any]] = {
    "dnn": {"name": "Cổng TTĐT phường Hòa An", "layout": "dnn", "listing": "/tin-tuc/tabid/56/Default.aspx",
            "login": "/tabid/120/ctl/Login/Default.aspx",
            "stories": [Story("hl-hoaan-2024", DNN_ARTICLE, (DNN_ARTICLE + "?utm_source=facebook&utm_medium=share",), 3),
                        Story("gnq-kienan-2024", DNN_ARTICLE_2, ("/tin-tuc/tabid/56/ArticleId/790/Default.aspx?mid=412",))]},
    "newsid": {"name": "Cổng TTĐT xã Tân Lập", "layout": "table", "listing": "/tin-tuc/",
               "status": "/newsid/999/",
               "stories": [Story("gnq-yenthe-2024", NEWSID, ("/newsid/123/?sid=a8f3c2d1e9",))]},
    "nukeviet": {"name": "Cổng TTĐT phường Thạch Bàn", "layout": "nukeviet", "listing": "/news/quoc-phong-an-ninh/",
                 "login": "/index.php?nv=users&op=login",
                 "stories": [Story("hl-thachban-2024", NUKE, (NUKE_PRINT,))]},
    "liferay": {"name": "Cổng TTĐT phường Ka Long", "layout": "liferay", "listing": "/web/phuong-ka-long/tin-tuc",
                "stories": [Story("dt-mongcai-2023", LIFERAY, (LIFERAY + JSESSION,)),
                            Story("gnq-thanhkhe-2023", LIFERAY_2)]},
    "aspnet": {"name": "Cổng TTĐT quận Cẩm Lệ", "layout": "aspnet", "listing": "/Pages/TinTuc.aspx?CatID=3",
               "status": "/Pages/ChiTiet.aspx?ItemID=999",
               "stories": [Story("tk-camle-2024", ITEM, (ITEM + "&utm_source=zalo&zarsrc=31",), extra="links"),
                           Story("gnq-lucnam-2024", ITEM_2, ("/Pages/ChiTiet.aspx?ItemID=46&Mobile=1",))]},
    "wordpress": {"name": "Cổng TTĐT huyện Lục Nam", "layout": "wordpress", "listing": "/category/quoc-phong/",
                  "login": "/dang-nhap-he-thong/",
                  "stories": [Story("kham-lucnam-2024", WP, (WP.rstrip("/"), WP + "amp/")),
                              Story("gnq-yenthe-2024", WP_2, (WP_2 + "?fbclid=IwAR3xYz",), 4)]},
}
REDIRECTS = {WP.rstrip("/"): WP}  # WordPress answers a permalink without its slash with a 301
PRINT_VIEWS = {NUKE_PRINT: NUKE}


def _date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"


def _story(portal: str, story: Story) -> dict[str, Any]:
    data = STORIES[story.sid]
    title = data["title"] if portal != "wordpress" or story.sid != "gnq-yenthe-2024" else "Lục Nam tiễn thanh niên lên đường nhập ngũ năm 2024"
    paragraphs = list(data["paragraphs"][: story.paragraphs] if story.paragraphs else data["paragraphs"])
    if portal == "wordpress" and story.sid == "gnq-yenthe-2024":  # a portal's own rewrite of another's story
        paragraphs = [p.replace("Yên Thế", "Lục Nam").replace("Phồn Xương", "Đồi Ngô") for p in paragraphs]
    return {"title": title, "published": data["published"], "author": data["author"], "paragraphs": paragraphs}


def _sidebar(count: int = 210) -> str:
    """A DNN sidebar of legal documents (PDFs, never crawled) and menus: far more links than the story has lines."""
    docs = "".join(f'<li><a href="/Portals/0/VanBan/2024/QD-{n:04d}.pdf">Quyết định số {n}/QĐ-UBND ngày {1 + n % 28:02d}/'
                   f'{1 + n % 12:02d}/2024 về việc ban hành kế hoạch thực hiện nhiệm vụ năm 2024</a></li>' for n in range(count))
    return f'<div class="DnnModule DnnModule-DNN_HTML sidebar"><h3>Văn bản chỉ đạo, điều hành</h3><ul>{docs}</ul></div>'


def _in_body_links(paths: list[str]) -> str:
    """A long closing section of an article with links inside the text, as portals write them."""
    rows = []
    for n in range(12):
        target = paths[n % len(paths)]
        rows.append(f'<p>Theo <a href="/Portals/0/VanBan/KH-{n}.pdf">Kế hoạch số {n + 10}/KH-UBND</a>, trong năm 2025 quận'
                    f' tiếp tục thực hiện nội dung thứ {n + 1} về công tác quốc phòng địa phương, gắn với việc <a href="{target}">'
                    f'xây dựng lực lượng dân quân tự vệ vững mạnh, rộng khắp</a> và bảo đảm chế độ, chính sách cho lực lượng.</p>')
    return "".join(rows)


def article_html(portal: str, spec: dict[str, Any], story: Story, served: str, canonical: str | None, others: list[str]) -> str:
    """The article page (or its print / AMP view) in the portal's layout."""
    s = _story(portal, story)
    body = "".join(f"<p>{p}</p>" for p in s["paragraphs"])
    if story.extra == "links":
        body += _in_body_links(others)
    head = f'<meta charset="utf-8"><title>{s["title"]} - {spec["name"]}</title>'
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    if served in PRINT_VIEWS:
        return (f'<html><head>{head}</head><body onload="window.print()"><div class="print-header">{spec["name"]}</div>'
                f'<h1>{s["title"]}</h1><div class="date">Ngày đăng: {_date(s["published"])}</div><div class="bodytext">{body}</div>'
                f'<div class="print-footer"><p>Tác giả: {s["author"]}</p><p>Địa chỉ bài viết: {canonical or served}</p>'
                f'<a href="javascript:window.close()">Đóng cửa sổ</a></div></body></html>')
    layout, date, author = spec["layout"], _date(s["published"]), f'<p style="text-align:right"><strong>{s["author"]}</strong></p>'
    menu = f'<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="{spec["listing"]}">Quốc phòng - An ninh</a></li></ul>'
    if layout == "dnn":
        main = (f'<div class="DnnModule DnnModule-EasyDNNnews"><div class="edn_article edn_articleDetails"><h1 class="edn_articleTitle">'
                f'{s["title"]}</h1><time class="edn_metaDetails">{date}</time><div class="edn_articleContent">{body}{author}</div>'
                f'</div></div>{_sidebar()}')
    elif layout == "liferay":
        main = (f'<div class="portlet-boundary portlet-asset-publisher"><div class="asset-full-content"><h3 class="header-title">'
                f'{s["title"]}</h3><div class="asset-metadata"><span class="metadata-publish-date">{date}</span></div>'
                f'<div class="journal-content-article">{body}{author}</div></div></div>')
    elif layout == "nukeviet":
        main = (f'<div class="news_column"><div class="panel-body"><h1 class="title">{s["title"]}</h1><span class="h-date">{date}'
                f'</span><div id="news-bodyhtml" class="bodytext">{body}</div><div class="text-right"><strong>{s["author"]}</strong>'
                f'</div></div></div>')
    elif layout == "wordpress":
        main = (f'<article class="post type-post"><h1 class="entry-title">{s["title"]}</h1><div class="entry-meta"><time class="entry-date'
                f' published" datetime="{s["published"]}">{date}</time></div><div class="entry-content">{body}{author}</div></article>')
        head += f'<meta name="generator" content="WordPress 6.4.3"><meta property="article:published_time" content="{s["published"]}">'
    elif layout == "aspnet":
        main = (f'<form id="aspnetForm" action="{served}"><div class="news-detail"><h2 class="news-title">{s["title"]}</h2>'
                f'<div class="news-date">Ngày đăng: {date}</div><div class="news-content">{body}{author}</div></div></form>')
    else:  # an old table layout
        main = (f'<table width="100%"><tr><td class="title_news"><h1>{s["title"]}</h1></td></tr><tr><td class="date">Cập nhật: {date}'
                f'</td></tr><tr><td class="content_news">{body}{author}</td></tr></table>')
    return (f'<html lang="vi"><head>{head}</head><body><div class="banner">{spec["name"]}</div>{menu}<div class="main">{main}</div>'
            f'<div class="footer">Bản quyền thuộc {spec["name"]}. Điện thoại: 0236.3xxx.xxx</div></body></html>')


def listing_html(spec: dict[str, Any], title: str, links: list[tuple[str, str]]) -> str:
    """A listing page: teasers with headline links."""
    items = "".join(f'<li class="news-item"><a href="{href}">{text}</a><p>Tin tức hoạt động quốc phòng, quân sự địa phương.</p></li>'
                    for href, text in links)
    return (f'<html><head><meta charset="utf-8"><title>{title} - {spec["name"]}</title></head><body><div class="banner">{spec["name"]}'
            f'</div><h1>{title}</h1><ul class="news-list">{items}</ul><a href="{spec["listing"]}">Xem thêm</a></body></html>')


LOGIN = ('<html><head><meta charset="utf-8"><title>Đăng nhập hệ thống</title></head><body><h1>Đăng nhập</h1><form method="post">'
         '<label>Tên đăng nhập</label><input name="user"><label>Mật khẩu</label><input type="password" name="pass">'
         '<button>Đăng nhập</button></form><p>Quên mật khẩu? Liên hệ quản trị hệ thống để được cấp lại.</p></body></html>')
STATUS = ('<html><head><meta charset="utf-8"><title>Thông báo</title></head><body><div class="banner">Cổng thông tin điện tử</div>'
          '<div class="content"><h2>Thông báo</h2><p>Tin bài bạn yêu cầu không tồn tại hoặc đã bị gỡ bỏ khỏi hệ thống.</p>'
          '<p><a href="/">Quay về trang chủ</a></p></div></body></html>')


class ShapesHandler(PortalHandler):
    """One shapes portal: home, listing, login/status pages, stories under canonical and variant URLs, redirects."""

    pid: str
    order: str
    hits: Counter[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        """Serve by path; canonical pages name themselves, variants name their article (relative hrefs: the bytes are the
        same on every farm)."""
        self.hits[self.path] += 1
        spec = PORTALS[self.pid]
        if self.path in REDIRECTS:
            self.send_response(301)
            self.send_header("Location", REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = urlsplit(self.path).path
        if path == "/robots.txt":
            return self._send(200, "text/plain", b"User-agent: *\nAllow: /\n")
        stories: list[Story] = spec["stories"]
        variants = [(v, _story(self.pid, s)["title"]) for s in stories for v in s.variants if v not in REDIRECTS]
        canonical = [(s.path, _story(self.pid, s)["title"]) for s in stories]
        near, far = (variants, canonical) if self.order == "variants-first" else (canonical, variants)
        if self.path == "/":
            extra = [(p, "Đăng nhập") for p in (spec.get("login"),) if p] + [(p, "Tin cũ") for p in (spec.get("status"),) if p]
            return self._send(200, HTML, listing_html(spec, "Trang chủ", near + extra + [(spec["listing"], "Quốc phòng - An ninh")]).encode())
        if self.path == spec["listing"]:
            redirected = [(v, t) for s in stories for v in s.variants if v in REDIRECTS for t in [_story(self.pid, s)["title"]]]
            return self._send(200, HTML, listing_html(spec, "Quốc phòng - An ninh", far + redirected).encode())
        if self.path in (spec.get("login"),):
            return self._send(200, HTML, LOGIN.encode())
        if self.path in (spec.get("status"),):
            return self._send(200, HTML, STATUS.encode())
        for story in stories:
            served = self.path if self.path == story.path or self.path in story.variants else None
            if served is None and path.split(";", 1)[0] == story.path and ";" in self.path:
                served = self.path
            if served:
                named = story.path if (served != story.path or self.pid in ("liferay", "wordpress", "nukeviet")) else None
                others = [s.path for s in stories if s is not story] or [spec["listing"]]
                return self._send(200, HTML, article_html(self.pid, spec, story, served, named, others).encode())
        self._send(404, HTML, "<html><body><h1>404 Không tìm thấy trang</h1></body></html>".encode())


class ShapesFarm(Farm):
    """The shapes portals, each on its own loopback address (served and stopped as Farm's)."""

    def __init__(self, host_base: int = 131, order: str = "variants-first") -> None:  # noqa: D107
        self.portals: list[RunningPortal] = []
        self.hits: dict[str, Counter[str]] = {}
        for offset, pid in enumerate(PORTALS):
            self.hits[pid] = Counter()
            handler = type(f"Shapes_{pid}", (ShapesHandler,), {"pid": pid, "order": order, "hits": self.hits[pid]})
            self.portals.append(self._serve(pid, handler, host_base + offset))

    def url(self, pid: str, path: str = "/") -> str:  # type: ignore[override]
        """Absolute URL of *path* on portal *pid*."""
        return next(p.url for p in self.portals if p.id == pid).rstrip("/") + path

    def write_config(self, path: Path, **settings: object) -> Path:
        """A sources YAML for the shapes portals with test-speed settings."""
        sources = [{"id": p.id, "name": PORTALS[p.id]["name"], "level": "ward", "province": "Đà Nẵng", "start_urls": [p.url]}
                   for p in self.portals]
        data = {"settings": {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 10, **settings},
                "topics": str(ROOT / "config" / "topics.yaml"), "sources": sources}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """Per portal: each defense story's canonical URL, title and date, and the variant URLs that lead to it."""
        return {pid: [{"url": self.url(pid, s.path), "variants": [self.url(pid, v) for v in s.variants], **_story(pid, s)}
                      for s in spec["stories"]] for pid, spec in PORTALS.items()}

    def non_articles(self) -> list[str]:
        """Listing, login and status pages that must never become articles."""
        return [self.url(pid, p) for pid, spec in PORTALS.items() for p in ("/", spec["listing"], spec.get("login"), spec.get("status")) if p]
