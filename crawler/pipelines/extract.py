"""Extraction pipeline: every captured HTML page goes through the extractor, whose verdict decides what it is."""

from __future__ import annotations

import functools
import json
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from archive.config import Source
from archive.dedup import urls
from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from archive.store.provenance import extractor_version
from crawler.items import ArticleItem, Capture, Fetch
from crawler.pipelines.workers import ExtractPool

# NoArticle reasons that say the page is a hub of links (its links are followed; it is asked for again conditionally).
HUB_REASONS = ("listing page", "home page")


def article_url(page_url: str, canonical: str | None, rules: urls.Rules = urls.NO_RULES) -> str:
    """The story's key: a sane same-site rel=canonical when there is one, else the fetched URL; canonicalised."""
    return urls.article_url(page_url, canonical, rules)


class ExtractPipeline:
    """Capture -> ArticleItem (defense story) or Fetch (listing, no article, off-topic); other items pass through."""

    def __init__(self, taxonomy: Taxonomy, rules: dict[str, urls.Rules] | None = None,
                 hints: dict[str, dict[str, Any]] | None = None, stats: StatsCollector | None = None,
                 pool: ExtractPool | None = None) -> None:
        self.taxonomy = taxonomy
        self.rules = rules or {}
        self.hints = hints or {}  # per source: the extractor's cms_hint and selectors
        self.stats = stats
        self.pool = pool  # worker processes judging off the reactor; None: judge inline

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractPipeline":
        """Load the topic taxonomy named by the QPDP_TOPICS setting and each source's URL rules, CMS hint and selectors."""
        raw = crawler.settings.getlist("QPDP_SOURCES")
        sources = [Source.model_validate(s) for s in raw]
        hints = {s.id: {"cms_hint": s.cms, "selectors": s.selectors or None} for s in sources}
        topics, workers = crawler.settings.get("QPDP_TOPICS"), max(0, crawler.settings.getint("QPDP_EXTRACT_WORKERS"))
        pool = ExtractPool(workers, judge_remote, str(topics), [s.model_dump(mode="json") for s in sources]) if workers else None
        return cls(Taxonomy.load(topics), {s.id: urls.Rules.for_source(s) for s in sources}, hints, crawler.stats, pool)

    def close_spider(self, spider: Any = None) -> None:
        """Stop the worker processes, if any."""
        if self.pool:
            self.pool.close()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Judge a Capture (in a worker process when there is a pool: a Deferred); pass anything else on unchanged."""
        if not isinstance(item, Capture):
            return item
        if self.pool:
            return self.pool.submit(item).addCallback(lambda done: self._count(*done))
        started = time.thread_time()
        judged = self.judge(item)
        return self._count(judged, (time.thread_time() - started) * 1000)

    def _count(self, judged: ArticleItem | Fetch, cpu_ms: float) -> ArticleItem | Fetch:
        """Count a verdict and the extractor's CPU time in the crawl's stats; return the verdict."""
        if self.stats:
            kind = "article" if isinstance(judged, ArticleItem) or judged.outcome != "listing" else "hub"
            self.stats.inc_value(f"qpdp/extract_cpu_ms_{kind}", round(cpu_ms, 3))
            self.stats.inc_value(f"qpdp/extracted_{kind}")
        return judged

    def judge(self, item: Capture) -> ArticleItem | Fetch:
        """The extractor's verdict on one captured page: a defense article, or a fetch outcome saying why not."""
        headers = {k.lower(): v for k, v in item.headers}
        fetch = Fetch(item.url, item.source_id, item.kind, "", item.status, None, len(item.body), headers.get("etag"),
                      headers.get("last-modified"), capture=item)
        try:
            article = extract(item.body, item.url, item.content_type, **self.hints.get(item.source_id, {}))
        except NoArticle as exc:
            fetch.outcome, fetch.detail = "no_article", str(exc)
            if fetch.detail.startswith(HUB_REASONS) or item.hint == "listing":
                fetch.outcome, fetch.capture = "listing", None  # a hub: links followed, fetched conditionally next time
            return fetch
        verdict = self.taxonomy.classify(article.title, article.text)
        if not verdict.defense:
            fetch.outcome, fetch.detail = "off_topic", f"score {verdict.score}"
            return fetch
        article.defense, article.topics = True, verdict.topics
        rules = self.rules.get(item.source_id, urls.NO_RULES)
        record = article.to_dict()
        record["url"] = item.url  # the address the portal served; the key below only groups its variants
        record["key"] = article_url(item.url, article.canonical_url, rules)
        record["variant"] = urls.variant_rank(item.url, article.canonical_url, rules)
        record["variants"] = urls.variants(*item.redirect_urls, item.url)
        record["extractor"] = extractor_version()
        return ArticleItem(fetch, record, capture=item)


@functools.cache
def _taxonomy(topics: str) -> Taxonomy:
    """The topic taxonomy, loaded once per worker process."""
    return Taxonomy.load(topics)


@functools.cache
def _judge_of(topics: str, source: str) -> Any:
    """An ExtractPipeline for one source (its JSON), built once per worker process."""
    found = Source.model_validate(json.loads(source))
    return ExtractPipeline(_taxonomy(topics), {found.id: urls.Rules.for_source(found)},
                           {found.id: {"cms_hint": found.cms, "selectors": found.selectors or None}}).judge


def judge_remote(topics: str, source: str, capture: Capture) -> tuple[ArticleItem | Fetch, bool, float]:
    """In a worker: (verdict without its capture, whether the verdict keeps the capture, CPU ms spent)."""
    started = time.thread_time()
    judged = _judge_of(topics, source)(capture)
    fetch = judged.fetch if isinstance(judged, ArticleItem) else judged
    kept = judged.capture is not None
    judged.capture = fetch.capture = None  # the body goes back only as the caller's own object
    return judged, kept, (time.thread_time() - started) * 1000
