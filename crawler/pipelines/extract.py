"""Extraction pipeline: turn captured pages into defense articles or recorded non-articles."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler

from archive import __version__
from archive.extract import NoArticle, extract
from archive.topics import Taxonomy
from crawler.items import ArticleItem, Capture, Fetch


def article_url(page_url: str, canonical: str | None) -> str:
    """The story's URL: a same-host rel=canonical when there is one, else the fetched URL, no fragment."""
    if canonical and urlsplit(canonical).hostname == urlsplit(page_url).hostname and urlsplit(canonical).scheme in ("http", "https"):
        return canonical.split("#", 1)[0]
    return page_url.split("#", 1)[0]


class ExtractPipeline:
    """Capture -> ArticleItem (defense story) or Fetch (no article, off-topic); other items pass through."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractPipeline":
        """Load the topic taxonomy named by the QPDP_TOPICS setting."""
        return cls(Taxonomy.load(crawler.settings.get("QPDP_TOPICS")))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Extract and classify a Capture; pass anything else on unchanged."""
        if not isinstance(item, Capture):
            return item
        fetch = Fetch(item.url, item.source_id, item.kind, "", item.status, None, len(item.body))
        try:
            article = extract(item.body, item.url, item.content_type)
        except NoArticle as exc:
            fetch.outcome, fetch.detail = "no_article", str(exc)
            return fetch
        verdict = self.taxonomy.classify(article.title, article.text)
        if not verdict.defense:
            fetch.outcome, fetch.detail = "off_topic", f"score {verdict.score}"
            return fetch
        article.defense, article.topics = True, verdict.topics
        record = article.to_dict()
        record["url"] = article_url(item.url, article.canonical_url)
        record["extractor"] = __version__
        return ArticleItem(fetch, record)
