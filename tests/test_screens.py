"""A researcher's first screens in headless Chromium at desktop (1366×900) and phone (390×844) sizes.

Home, a search with facets, an article, the timeline and the map, each checked for what the researcher must see
and photographed into artifacts/<size>-<n>-<page>.png.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterator

import pytest

from tests.conftest import Crawled
from tests.test_browser import ARTIFACTS, CHROMIUM, FLAGS, playwright

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
ENGLISH_LEFTOVERS = ("sorted by", "descending", "where search matches", " formats", "rows where", "Powered by",
                     "Data license", "qpdp history")
VN_TIME = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")
# Every word (between spaces or hyphens) of the matched elements on one line: a split word has two client rects.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/[^\\s\\-–]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless."""
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(params=list(SIZES))
def screen(request: pytest.FixtureRequest, browser: object) -> Iterator[tuple[str, object]]:
    """(size name, a page of that viewport) with Vietnamese locale."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", accept_downloads=True,
                                  is_mobile=request.param == "phone", has_touch=request.param == "phone")
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def _shot(page: object, size: str, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{size}-{name}.png"), full_page=full_page)


def _no_english_leftovers(page: object) -> None:
    text = page.locator("body").inner_text() + " " + page.title()
    assert not [w for w in ENGLISH_LEFTOVERS if w in text], text[:500]


def _count(page: object) -> int:
    return int(re.sub(r"\D", "", page.locator(".qpdp-count").inner_text().split("bài")[0]))


def test_home_is_the_archive_search_page(screen: tuple[str, object], server: str) -> None:
    size, page = screen
    page.goto(server + "/")
    assert "Lưu trữ tin quốc phòng" in page.locator("h1").inner_text()
    assert page.locator("#_search").is_visible() and page.locator("#_since").is_visible()
    assert page.locator(".qpdp-results li").count() >= 5
    assert VN_TIME.search(page.locator(".qpdp-results").inner_text())
    hrefs = page.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    for target in ("/archive/-/timeline", "/archive/-/map", "/archive/-/feed.atom", "/archive/-/export.csv", "/archive"):
        assert target in hrefs
    assert "_memory" not in page.content()
    _no_english_leftovers(page)
    _shot(page, size, "1-home")
    page.fill("#_search", "dan quan tu ve")
    page.press("#_search", "Enter")
    page.wait_for_url(re.compile(r"/archive/articles\?.*dan"))
    assert _count(page) > 0


def test_search_with_facets(screen: tuple[str, object], server: str) -> None:
    size, page = screen
    page.goto(f"{server}/archive/articles?_search=dan+quan+tu+ve")
    first = page.locator(".qpdp-results li").first.bounding_box()
    facets = page.locator("details.qpdp-facets")
    if size == "phone":  # results first: the first hit on the first screen, the facets folded above it
        assert first["y"] + 40 < SIZES[size][1]
        assert facets.get_attribute("open") is None
        _shot(page, size, "2a-search-first-screen", full_page=False)
        _shot(page, size, "2-search")
        facets.locator("summary").click()
    else:
        assert facets.get_attribute("open") is not None and page.locator("#facet-level").bounding_box()["x"] < first["x"]
    assert page.locator("#facet-level").is_visible()
    levels = page.locator("#facet-level li a").all_inner_texts()
    assert levels and set(levels) <= {"xã", "phường", "quận, huyện", "thành phố", "tỉnh", "trung ương"}
    months = [m.split()[0] for m in page.locator("#facet-month li").all_inner_texts() if re.match(r"\d\d/\d{4}", m)]
    assert months == sorted(months, key=lambda m: (m[3:], m[:2]), reverse=True) and len(months) > 1
    years = [y.split()[0] for y in page.locator("#facet-year li").all_inner_texts()]
    assert years == sorted(years, reverse=True)
    assert page.evaluate(SPLIT_WORDS, ".qpdp-facets, .qpdp-results, .qpdp-toolbar, h1, h3") == []
    assert VN_TIME.search(page.locator(".qpdp-results").inner_text())
    _no_english_leftovers(page)
    if size == "desktop":
        _shot(page, size, "2-search")
    else:
        _shot(page, size, "2b-search-facets-open")


def test_date_bounded_search_list_feed_and_export_agree(screen: tuple[str, object], server: str) -> None:
    size, page = screen
    page.goto(f"{server}/archive/articles")
    everything = _count(page)
    page.fill("#_search", "dan quan")
    page.fill("#_since", "2023")
    page.fill("#_until", "2023-06")
    page.press("#_search", "Enter")
    page.wait_for_url(re.compile(r"_since=2023&.*_until=2023-06|_until=2023-06.*_since=2023"))
    bounded = _count(page)
    assert 0 < bounded < everything
    assert "từ 2023" in page.locator(".qpdp-count").inner_text()
    dates = page.locator(".qpdp-results .qpdp-meta span:first-child").all_inner_texts()
    assert len(dates) == bounded and all(d[6:10] == "2023" and "01" <= d[3:5] <= "06" for d in dates)
    with page.expect_download() as info:
        page.click("a.qpdp-export-csv")
    target = ARTIFACTS / f"{size}-bounded.csv"
    info.value.save_as(target)
    with open(target, encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == bounded
    feed = page.locator("a.qpdp-feed").get_attribute("href")
    assert "_since=2023" in feed and "_until=2023-06" in feed
    _shot(page, size, "3-search-dates")


def test_minus_excludes_and_an_empty_query_explains(screen: tuple[str, object], server: str) -> None:
    size, page = screen
    page.goto(f"{server}/archive/articles?_search=dan+quan")
    both = _count(page)
    page.goto(f"{server}/archive/articles?_search=dan+quan+-kien+an")
    without = _count(page)
    assert 0 < without < both
    assert not [t for t in page.locator(".qpdp-results .qpdp-meta").all_inner_texts() if "Kiến An" in t]
    page.goto(f"{server}/archive/articles?_search=-kien+an")
    assert "không có từ nào để tìm" in page.locator(".qpdp-hint").inner_text()


def test_article_page(screen: tuple[str, object], server: str, crawled: Crawled) -> None:
    size, page = screen
    with sqlite3.connect(crawled.db) as conn:
        article = conn.execute("SELECT id FROM articles WHERE text LIKE '%' || char(10) || 'Ảnh:%' ORDER BY id").fetchone()[0]
    page.goto(f"{server}/archive/articles/{article}")
    caption = page.locator(".qpdp-body p.qpdp-caption").first
    assert caption.inner_text().startswith("Ảnh")
    body = page.locator(".qpdp-body p:not(.qpdp-caption)").first
    assert caption.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    assert caption.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") < body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert "article_history?article_id=" in page.locator("a.qpdp-history").get_attribute("href")
    assert VN_TIME.search(page.locator(".qpdp-meta").inner_text())
    assert page.evaluate(SPLIT_WORDS, "article h1, .qpdp-body") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    _no_english_leftovers(page)
    _shot(page, size, "4-article")
    page.goto(f"{server}/archive/search?q=dqtv")
    assert "select" not in page.title().lower() and "Tìm theo mức liên quan" in page.title()


def test_timeline(screen: tuple[str, object], server: str) -> None:
    size, page = screen
    page.goto(f"{server}/archive/-/timeline")
    assert page.locator("svg.qpdp-timeline rect").count() > 5
    chart = page.locator("svg.qpdp-timeline:visible")
    assert chart.count() == 1 and chart.bounding_box()["width"] <= SIZES[size][0], "the whole chart on screen"
    label = chart.locator("text").last.bounding_box()
    assert label["height"] >= 11, "axis labels readable"
    _no_english_leftovers(page)
    _shot(page, size, "5-timeline")


def test_map_shows_all_of_vietnam(screen: tuple[str, object], server: str) -> None:
    size, page = screen
    page.goto(f"{server}/archive/-/map")
    svg = page.locator("svg.qpdp-map")
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size][0]
    assert page.locator("svg.qpdp-map .qpdp-land path").count() >= 1
    names = page.locator("svg.qpdp-map g.qpdp-archipelago").evaluate_all("(gs) => gs.map((g) => g.dataset.name)")
    assert names == ["Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
    for group in page.locator("svg.qpdp-map g.qpdp-archipelago").all():
        for item in [*group.locator("circle").all(), group.locator("text")]:
            b = item.bounding_box()
            assert b and box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"]
            assert box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"]
        assert group.locator("text").is_visible()
    assert page.locator("svg.qpdp-map a circle").count() >= 6
    _no_english_leftovers(page)
    _shot(page, size, "6-map")
    page.goto(f"{server}/archive/source_map")
    assert page.locator(".qpdp-offline-map svg.qpdp-map g.qpdp-archipelago").count() == 2
    assert page.locator(".leaflet-container").count() == 0
