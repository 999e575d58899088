"""One parse per page (crawler/pagework.py): the links it gives are those the spider used to extract itself, and a
worker process answers exactly as the in-process analysis does.

Pages: the bundled gold pages of real portals (tests/data) and generated realistic pages (sidebars, listings).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor

from archive.config import Source
from archive.dedup.urls import Rules, names_canonical
from archive.extract.topics import Taxonomy
from benchmarks.portals import Site
from crawler.pagekind import url_kind
from crawler.pagework import DEFAULT_DENY, FEED_TYPES, Analyser, Page, frame, read_frame

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "data").rglob("*.html"))
SITE = Site(3, 40, sidebar=60)


def _pages() -> list[tuple[str, bytes]]:
    """(url, body) of the gold pages (each on its own made-up portal) and of generated article and listing pages."""
    found = [(f"http://{path.parent.name}.example.vn/tin/{path.stem}.html", path.read_bytes()) for path in GOLD]
    found += [(f"http://gen.example.vn{SITE.article_path(i)}", SITE.page(SITE.article_path(i), "gen.example.vn")[2].encode())
              for i in (1, 7, 20)]
    found += [(f"http://gen.example.vn{path}", SITE.page(path, "gen.example.vn")[2].encode())
              for path in ("/", "/chuyen-muc/tin-hoat-dong", "/chuyen-muc/tin-hoat-dong?page=2")]
    hrefs = ["/tin/a.html", " /tin/b.html\n", "//tricky.example.vn/tin/c.html", "HTTP://tricky.example.vn/tin/d.html",
             "https://tricky.example.vn/tin/e.html", "http:tin/f.html", "http:///tin/g.html", "../tin/h.html", "i.html",
             "?page=2", "#top", "", "javascript:void(0)", "mailto:a@b.vn", "/tin/tiếng-việt đẹp.html", "/tin/a.html#x",
             "http://[bad", "/lien-he", "/tin/a.html", "http://other.vn/x", "/files/a.pdf", "/tin/%7Ea.html?b=1&c=2"]
    links = "".join(f'<a href="{h}">{n}</a><area href="{h}">' for n, h in enumerate(hrefs))
    for url, base in (("http://tricky.example.vn/chuyen-muc/x/trang.html", ""),
                      ("https://tricky.example.vn/chuyen-muc/y/", ""),
                      ("http://tricky.example.vn/a/b/c.aspx?id=3", '<base href="http://tricky.example.vn/goc/">')):
        found.append((url, f"<html><head>{base}</head><body><p>{links}</p></body></html>".encode()))
    return found


PAGES = _pages()


def _source(url: str) -> Source:
    host = urlsplit(url).hostname or ""
    return Source.model_validate({"id": _id(url), "name": host, "level": "ward", "start_urls": [f"http://{host}/"],
                                  "deny": [r"/lien-he"]})


def _id(url: str) -> str:
    return (urlsplit(url).hostname or "").split(".")[0]


def _response(url: str, body: bytes) -> HtmlResponse:
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})


def spider_links(response: HtmlResponse, source: Source) -> list[tuple[str, str, int]]:
    """The requests PortalSpider.parse_page built before the shared parse (its code, kept here as the reference)."""
    def follow(url: str, via: str = "link") -> tuple[str, str, int] | None:
        if not source.allows(url) or any(re.search(p, url) for p in (*DEFAULT_DENY, *source.deny)):
            return None
        kind = url_kind(url, source)
        return url, kind if kind != "unknown" else via, 5 if kind == "article" else 0

    found = []
    canonical = response.xpath("//link[@rel='canonical']/@href").get()
    if canonical and (named := names_canonical(response.url, response.urljoin(canonical.strip()), Rules.for_source(source))):
        if follow(named, via="article"):
            found.append((named, "article", 15))
    for feed in response.xpath("//link[@rel='alternate']"):
        if feed.attrib.get("type") in FEED_TYPES and feed.attrib.get("href"):
            found.append((response.urljoin(feed.attrib["href"]), "feed", 20))
    extractor = LinkExtractor(deny=[*DEFAULT_DENY, *source.deny], deny_extensions=[*IGNORED_EXTENSIONS, "xml", "rss", "json"],
                              unique=True)
    for link in extractor.extract_links(response):
        if followed := follow(link.url):
            found.append(followed)
    return found


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    sources = {_source(url).id: _source(url) for url, _ in PAGES}
    return Analyser(list(sources.values()), Taxonomy.load(ROOT / "config" / "topics.yaml"))


def test_the_pages_have_links() -> None:
    assert len(GOLD) >= 20
    assert sum(len(spider_links(_response(u, b), _source(u))) for u, b in PAGES) > 300


@pytest.mark.parametrize("url,body", PAGES, ids=[u for u, _ in PAGES])
def test_links_are_those_the_spider_extracted(analyser: Analyser, url: str, body: bytes) -> None:
    for _ in range(2):  # the second time from the link extractor's per-URL memory
        analysis = analyser.analyse(Page(HtmlResponse, url, 200, [(b"Content-Type", b"text/html; charset=utf-8")], body,
                                         _id(url), "article"))
        assert analysis.links == spider_links(_response(url, body), _source(url))


def test_a_worker_process_answers_as_the_crawl_process(analyser: Analyser) -> None:
    pages = [Page(HtmlResponse, u, 200, [(b"Content-Type", b"text/html; charset=utf-8")], b, _id(u),
                  "start" if i == 0 else "article") for i, (u, b) in enumerate(PAGES)]
    sources = [s.model_dump(mode="json") for s in analyser.sources.values()]
    data = frame((sources, str(ROOT / "config" / "topics.yaml"))) + b"".join(frame(p) for p in pages)
    done = subprocess.run([sys.executable, "-m", "crawler.pagework"], input=data, capture_output=True, cwd=ROOT, timeout=300,
                          check=True)
    stream = io.BytesIO(done.stdout)
    for page in pages:
        remote, local = read_frame(stream), analyser.analyse(page)
        assert (remote.hint, remote.links, remote.kept, repr(remote.verdict)) == \
            (local.hint, local.links, local.kept, repr(local.verdict)), page.url
    assert read_frame(stream) is None
