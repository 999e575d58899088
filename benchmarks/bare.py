"""The bare-Scrapy baseline of the farm benchmark: fetch and follow the same links as `qpdp crawl`, nothing else.

Same settings (crawler/settings.py, then the sources file's `settings:`), same start URLs, robots.txt sitemaps,
feeds and in-portal links with the same deny patterns; no extraction, no items, no storage.
Run as `python -m benchmarks.bare SOURCES.yaml` (the farm benchmark starts it in a subprocess).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
import yaml
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.settings import Settings
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.spiders.portal import DEFAULT_DENY, FEED_TYPES


class BareSpider(scrapy.Spider):
    """Follow every same-host link, feed item and sitemap entry from the start URLs; yield no items."""

    name = "bare"

    def __init__(self, seeds: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seeds = seeds
        self.hosts = {urlsplit(u).netloc for u in seeds}
        self.links = LinkExtractor(deny=DEFAULT_DENY, deny_extensions=[*IGNORED_EXTENSIONS, "xml", "rss", "json"],
                                   unique=True)

    async def start(self) -> AsyncIterator[Request]:
        """Start URLs and each host's robots.txt."""
        for url in self.seeds:
            yield Request(url, self.parse, priority=10)
            yield Request(urljoin(url, "/robots.txt"), self.parse_robots, priority=20)

    def _follow(self, url: str, callback: Any = None) -> Request | None:
        if urlsplit(url).netloc not in self.hosts or any(re.search(p, url) for p in DEFAULT_DENY):
            return None
        return Request(url, callback or self.parse)

    def parse(self, response: Response) -> Iterator[Request]:
        """An HTML page: its feeds and its links."""
        if not isinstance(response, TextResponse):
            return
        for feed in response.xpath("//link[@rel='alternate']"):
            if feed.attrib.get("type") in FEED_TYPES and feed.attrib.get("href"):
                yield Request(response.urljoin(feed.attrib["href"]), self.parse_feed, priority=20)
        for link in self.links.extract_links(response):
            if request := self._follow(link.url):
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS or Atom item links."""
        selector = scrapy.Selector(text=response.body.decode("utf-8", "replace"), type="xml")
        selector.remove_namespaces()
        for link in selector.xpath("//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href").getall():
            if request := self._follow(urljoin(response.url, link.strip())):
                yield request

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Sitemaps announced by robots.txt."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if request := self._follow(url, self.parse_sitemap):
                yield request.replace(priority=20)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Sitemap entries (nested indexes followed)."""
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            if entry.get("loc") and (request := self._follow(entry["loc"], self.parse_sitemap if sitemap.type == "sitemapindex" else None)):
                yield request


def main() -> None:
    """Crawl the start URLs of a sources file with the project's settings and the file's overrides."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path, help="a sources YAML (as the farm benchmark writes)")
    args = parser.parse_args()
    data = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({**data.get("settings", {}), "ITEM_PIPELINES": {}, "EXTENSIONS": {}, "SPIDER_MIDDLEWARES": {}},
                     priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(BareSpider, seeds=[u for s in data["sources"] for u in s.get("start_urls", [])])
    process.start()


if __name__ == "__main__":
    main()
