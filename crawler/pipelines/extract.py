"""Extraction pipeline: turn captured pages into defense articles or recorded non-articles."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from archive.config import Source
from archive.dedup import urls
from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from archive.store.provenance import extractor_version
from crawler.items import ArticleItem, Capture, Fetch


def article_url(page_url: str, canonical: str | None, rules: urls.Rules = urls.NO_RULES) -> str:
    """The story's URL: a sane same-site rel=canonical when there is one, else the fetched URL; canonicalised."""
    return urls.article_url(page_url, canonical, rules)


class ExtractPipeline:
    """Capture -> ArticleItem (defense story) or Fetch (no article, off-topic); other items pass through."""

    def __init__(self, taxonomy: Taxonomy, rules: dict[str, urls.Rules] | None = None,
                 hints: dict[str, dict[str, Any]] | None = None) -> None:
        self.taxonomy = taxonomy
        self.rules = rules or {}
        self.hints = hints or {}  # per source: the extractor's cms_hint and selectors

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractPipeline":
        """Load the topic taxonomy named by the QPDP_TOPICS setting and each source's URL rules, CMS hint and selectors."""
        sources = [Source.model_validate(s) for s in crawler.settings.getlist("QPDP_SOURCES")]
        hints = {s.id: {"cms_hint": s.cms, "selectors": s.selectors or None} for s in sources}
        return cls(Taxonomy.load(crawler.settings.get("QPDP_TOPICS")), {s.id: urls.Rules.for_source(s) for s in sources}, hints)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Extract and classify a Capture; pass anything else on unchanged."""
        if not isinstance(item, Capture):
            return item
        fetch = Fetch(item.url, item.source_id, item.kind, "", item.status, None, len(item.body), capture=item)
        try:
            article = extract(item.body, item.url, item.content_type, **self.hints.get(item.source_id, {}))
        except NoArticle as exc:
            fetch.outcome, fetch.detail = "no_article", str(exc)
            return fetch
        verdict = self.taxonomy.classify(article.title, article.text)
        if not verdict.defense:
            fetch.outcome, fetch.detail = "off_topic", f"score {verdict.score}"
            return fetch
        article.defense, article.topics = True, verdict.topics
        record = article.to_dict()
        record["url"] = article_url(item.url, article.canonical_url, self.rules.get(item.source_id, urls.NO_RULES))
        record["variants"] = urls.variants(*item.redirect_urls, item.url)
        record["extractor"] = extractor_version()
        return ArticleItem(fetch, record, capture=item)
