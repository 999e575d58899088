"""One parse of each fetched HTML page shared by link extraction, page classification and the extractor's verdict.

Pure (no reactor, no storage, no archive database): the spider runs `Analyser.analyse` inline
(QPDP_EXTRACT_WORKERS=0) or in worker processes (`crawler/pipelines/workers.py` starts `python -m crawler.pagework`,
which reads length-prefixed pickled (Page) frames on stdin and writes Analysis frames on stdout, in order).
Workers import only what extraction and link extraction need.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import signal
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

from scrapy.http import Response, TextResponse
from scrapy.link import Link
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from archive.config import Source
from archive.dedup import urls
from archive.dedup.minhash import Fingerprinter
from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from crawler.items import ArticleItem, Capture, Fetch
from crawler.pagekind import page_kind, url_kind

# Never worth fetching on a news portal: print/share/login/search views and calendar traps.
DEFAULT_DENY = [
    r"[?&](?:print|share|replytocom|output=print|lang=)", r"/(?:print|in-an|login|dang-nhap|search|tim-kiem)(?:[/?.]|$)",
    r"/wp-(?:admin|login|json)", r"mailto:|javascript:", r"/feed/?$", r"/calendar|/lich-",
]
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
# NoArticle reasons that say the page is a hub of links (its links are followed; it is asked for again conditionally).
HUB_REASONS = ("listing page", "home page")
FRAME = struct.Struct("!I")
NICE = 5  # workers' scheduling priority below the crawl process's
# hrefs whose absolute form depends only on the page's (and its <base>'s) scheme and host: root- and
# scheme-relative ones, and absolute http(s) URLs with a host
_HOST_ONLY = re.compile(r"/|https?://", re.IGNORECASE)
CACHE = 30_000  # link verdicts a worker remembers (then it starts over): menus and sidebars repeat


class CachedLinkExtractor(LinkExtractor):
    """Scrapy's LinkExtractor (default tags and attributes, no process_value or restrict_text) giving the URLs its
    extract_links() gives, in its order, with less work: a portal repeats its menu and sidebar links on every page,
    so whether a URL is allowed, and how an absolute or root-relative href resolves on a host, is remembered. The
    memory is *cache*, shared by every source's extractor (keys start with *prefix*): bounded however many portals."""

    def __init__(self, cache: dict[str, Any], prefix: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        assert not self.restrict_text and not self.restrict_xpaths and self.link_extractor.process_attr("x") == "x", \
            "urls() gives what extract_links() gives for the default link extraction only"
        self._cache, self._prefix = cache, prefix

    def urls(self, response: TextResponse) -> list[str]:
        """The URLs of extract_links(response), in order, without building Link objects or their texts."""
        base, page, encoding = get_base_url(response), response.url, response.encoding
        origins = f"{_origin(base)} {_origin(page)} {encoding} "  # all a href resolves against when it starts with / or http
        found: dict[str, None] = {}
        for element in response.selector.root.iter("a", "area"):
            if (href := element.get("href")) is None:
                continue
            href = strip_html5_whitespace(href)
            if _HOST_ONLY.match(href):
                url = _remember(self._cache, f"r{origins}{href}", lambda: _resolve(base, page, encoding, href))
            else:
                url = _resolve(base, page, encoding, href)
            if url is not None and url not in found and self._allowed(url):
                found[url] = None
        return list(found)

    def _allowed(self, url: str) -> bool:
        return _remember(self._cache, f"a{self._prefix}{url}", lambda: self._link_allowed(Link(url)))


def _resolve(base: str, page: str, encoding: str, href: str) -> str | None:
    """An href as Scrapy's LxmlParserLinkExtractor makes it absolute (None: a link it skips as bogus)."""
    try:
        return urljoin(page, safe_url_string(urljoin(base, href), encoding=encoding))
    except ValueError:
        return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _remember(cache: dict[str, Any], key: str, compute: Callable[[], Any]) -> Any:
    """cache[key], computed on first use; the cache starts over beyond CACHE entries."""
    found = cache.get(key, cache)
    if found is cache:
        if len(cache) >= CACHE:
            cache.clear()
        found = cache[key] = compute()
    return found


@dataclass
class Page:
    """A fetched page as the analysis needs it (picklable: sent to a worker process)."""

    response_class: type[TextResponse]
    url: str
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    source_id: str
    kind: str
    redirect_urls: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, response: TextResponse) -> "Page":
        """The page of a text response the spider got."""
        headers = [(k, v) for k, values in response.headers.items() for v in values]
        return cls(type(response), response.url, response.status, headers, response.body, response.meta["source"],
                   response.meta["kind"], list(response.meta.get("redirect_urls", [])))


@dataclass
class Analysis:
    """What one parse of a page gives: requests to make, the scheduling hint and the extractor's verdict."""

    hint: str | None  # 'article' or 'listing'; None when the body is no HTML (see error)
    error: str | None = None
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (url, kind, priority), in the order to yield
    verdict: ArticleItem | Fetch | None = None  # without the page: the caller attaches its own Capture
    kept: bool = False  # whether the verdict keeps the page's capture
    cpu_ms: float = 0.0  # the extractor's CPU time


class Following:
    """Which URLs of the configured sources the crawl asks for: same portal (or its www twin), not denied; with the
    kind their shape suggests and their priority. Used for a page's links and for feed and sitemap entries alike."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = {s.id: s for s in sources}
        self.deny = {s.id: [re.compile(p) for p in (*DEFAULT_DENY, *s.deny)] for s in sources}
        self.hosts = {s.id: {h.removeprefix("www.") for h in s.hosts()} for s in sources}

    def __call__(self, url: str, source_id: str, via: str = "link") -> tuple[str, str, int] | None:
        """(url, kind, priority) for a same-portal URL, kind guessed from its shape (else *via*); None when denied or
        offsite."""
        if ((urlsplit(url).hostname or "").lower().removeprefix("www.") not in self.hosts[source_id]
                or any(p.search(url) for p in self.deny[source_id])):
            return None
        kind = url_kind(url, self.sources[source_id])
        return url, kind if kind != "unknown" else via, 5 if kind == "article" else 0


class Analyser:
    """Link extraction, page kind and the extractor's verdict for the pages of the configured sources."""

    def __init__(self, sources: list[Source], taxonomy: Taxonomy) -> None:
        self.sources = {s.id: s for s in sources}
        self.taxonomy = taxonomy
        self.prints = Fingerprinter()  # what storing an article derives from its text, computed here (off the reactor)
        self._cache: dict[str, Any] = {}  # link verdicts of every source (bounded: see _remember)
        self.extractors = {s.id: CachedLinkExtractor(self._cache, f"{s.id} ", deny=[*DEFAULT_DENY, *s.deny],
                                                     deny_extensions=[*IGNORED_EXTENSIONS, "xml", "rss", "json"],
                                                     unique=True)
                           for s in sources}
        self.rules = {s.id: urls.Rules.for_source(s) for s in sources}
        self.hints = {s.id: {"cms_hint": s.cms, "selectors": s.selectors or None} for s in sources}
        self.following = Following(sources)

    def follow(self, url: str, source_id: str, via: str = "link") -> tuple[str, str, int] | None:
        """Following(url, source_id, via), remembered (menus and sidebars repeat)."""
        return _remember(self._cache, f"f{source_id} {via} {url}", lambda: self.following(url, source_id, via))

    def analyse(self, page: Page) -> Analysis:
        """Parse the page once: its canonical page, feeds and in-portal links, its kind, then the extractor's verdict."""
        response = page.response_class(url=page.url, status=page.status, headers=page.headers, body=page.body)
        source = self.sources[page.source_id]
        try:
            hint = "listing" if page.kind == "start" else page_kind(response.url, response.selector, source)
        except (ValueError, AttributeError) as exc:  # undecodable or non-HTML body
            return Analysis(None, str(exc)[:200])
        links = self._links(response, page.source_id)
        started = time.thread_time()
        verdict = self.judge(Capture(page.url, page.source_id, page.status, _content_type(response), page.body,
                                     kind=page.kind, hint=hint, redirect_urls=page.redirect_urls,
                                     headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in page.headers]))
        cpu_ms = (time.thread_time() - started) * 1000
        kept = verdict.capture is not None
        verdict.capture = None
        if isinstance(verdict, ArticleItem):
            verdict.fetch.capture = None
        return Analysis(hint, None, links, verdict, kept, cpu_ms)

    def _links(self, response: Response, source_id: str) -> list[tuple[str, str, int]]:
        """The requests the page leads to: its canonical page first, then its feeds, then its in-portal links."""
        found: list[tuple[str, str, int]] = []
        canonical = response.xpath("//link[@rel='canonical']/@href").get()
        if canonical and (named := urls.names_canonical(response.url, response.urljoin(canonical.strip()),
                                                        self.rules[source_id])):
            if self.follow(named, source_id, via="article"):
                found.append((named, "article", 15))
        for feed in response.xpath("//link[@rel='alternate']"):
            if feed.attrib.get("type") in FEED_TYPES and feed.attrib.get("href"):
                found.append((response.urljoin(feed.attrib["href"]), "feed", 20))
        for url in self.extractors[source_id].urls(response):
            if followed := self.follow(url, source_id):
                found.append(followed)
        return found

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
        record["key"] = urls.article_url(item.url, article.canonical_url, rules)
        record["variant"] = urls.variant_rank(item.url, article.canonical_url, rules)
        record["variants"] = urls.variants(*item.redirect_urls, item.url)
        return ArticleItem(fetch, record, capture=item, fingerprint=self.prints(record.get("title"), record["text"]))


def _content_type(response: Response) -> str | None:
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else None


def read_frame(stream: BinaryIO) -> Any:
    """The next pickled frame of *stream*; None at its end."""
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    (size,) = FRAME.unpack(head)
    return pickle.loads(stream.read(size))


def frame(obj: Any) -> bytes:
    """*obj* as one length-prefixed pickled frame."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(len(data)) + data


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """A worker: the first frame is (sources as dicts, topics path); then one Analysis per Page, in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the crawl stops us
    os.nice(NICE)  # the crawl process's reactor (downloads, scheduling, storage) comes first; workers take the rest
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    setup = read_frame(stdin)
    if setup is None:
        return
    sources, topics = setup
    analyser = Analyser([Source.model_validate(s) for s in sources], Taxonomy.load(topics))
    while (page := read_frame(stdin)) is not None:
        try:
            result: Any = analyser.analyse(page)
        except Exception as exc:  # a bug on one page must not take the worker down: the caller judges it inline
            result = exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")
        stdout.write(frame(result))
        stdout.flush()


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True


if __name__ == "__main__":  # answers must pickle as crawler.pagework's classes, not __main__'s
    from crawler import pagework

    pagework.serve(sys.stdin.buffer, sys.stdout.buffer)
