"""Probe portals before crawling them: robots.txt, start page, feeds and sitemaps, a few article pages, a verdict.

Polite by construction: every host is probed by one worker, one request at a time with a delay between
requests (robots.txt's Crawl-delay when longer); at most `workers` hosts at once.
"""

from __future__ import annotations

import re
import ssl
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urldefrag, urlsplit

from lxml import etree
from lxml.html import HtmlElement, document_fromstring
from parsel import Selector

from archive.config import Source
from archive.extract import cms
from archive.extract.article import MIN_TEXT_CHARS, NoArticle, extract
from archive.extract.decode import NotHTML, decode_html
from archive.extract.topics import Taxonomy
from crawler.pagekind import page_kind, url_kind
from crawler.settings import USER_AGENT
from crawler.spiders.portal import DEFAULT_DENY, FEED_TYPES

VERDICTS = ("ok", "no-articles-found", "unreachable", "blocked-by-robots", "needs-selectors")
ROBOTS_AGENT = "qpdp-archive"
MAX_BYTES = 4 * 1024 * 1024
FOLLOW = 3  # listing pages followed from the start page when it shows too few article links
MAX_CRAWL_DELAY = 10.0
TRIES = 2  # feeds (and sitemaps) fetched before giving up on them
HEADLINE_CHARS = 30  # a link with this much text is a headline, not a menu item: its page is tried first
_ARTICLE_META = "//meta[@property='og:type' and @content='article'] | //meta[@property='article:published_time']"
_SKIP = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|xml|rss|json)(?:\?|$)", re.I)


@dataclass
class Response:
    """What one GET gave: a status and a body, or an error."""

    url: str
    status: int | None = None
    content_type: str | None = None
    body: bytes = b""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return self.error is None and self.status is not None and 200 <= self.status < 300


def _tls() -> ssl.SSLContext:
    """TLS as the crawler has it (Scrapy does not verify certificates): portals often serve broken chains."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    context.options |= getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0x4)  # old portals without secure renegotiation
    return context


_TLS = _tls()


class Fetcher:
    """Sequential, polite GETs to one host: an honest User-Agent, a delay between requests, a size cap."""

    def __init__(self, user_agent: str = USER_AGENT, timeout: float = 15.0, delay: float = 1.0) -> None:
        self.user_agent, self.timeout, self.delay = user_agent, timeout, delay
        self.requests = 0
        self._last = 0.0

    def get(self, url: str) -> Response:
        """GET *url* (redirects followed); errors become Response.error, never exceptions."""
        wait = self._last + self.delay - time.monotonic()
        if self.requests and wait > 0:
            time.sleep(wait)
        self.requests += 1
        try:
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity"})
            with urllib.request.urlopen(request, timeout=self.timeout, context=_TLS) as answer:  # noqa: S310 (http(s) only)
                return Response(answer.geturl(), answer.status, answer.headers.get("Content-Type"), answer.read(MAX_BYTES))
        except urllib.error.HTTPError as exc:
            exc.close()
            return Response(url, exc.code, exc.headers.get("Content-Type") if exc.headers else None, b"", f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Response(url, None, None, b"", f"{type(reason).__name__}: {reason}"[:200])
        finally:
            self._last = time.monotonic()


@dataclass
class Sample:
    """One candidate article page and what the extractor made of it."""

    url: str
    outcome: str  # article | not-article | failed (looks like an article, extractor found none) | error
    title: str | None = None
    published: str | None = None
    chars: int = 0
    defense: bool = False
    reason: str | None = None


@dataclass
class Finding:
    """The probe's report on one source."""

    id: str
    url: str
    verdict: str = "unreachable"
    reachable: bool = False
    error: str | None = None
    status: int | None = None
    final_url: str | None = None
    title: str | None = None
    cms: str | None = None
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    requests: int = 0
    checked_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return asdict(self)


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _tree(response: Response) -> tuple[HtmlElement, str] | None:
    try:
        html, _ = decode_html(response.body, response.content_type)
        return document_fromstring(html), html
    except (NotHTML, etree.ParserError, ValueError):
        return None


def _xml_locs(body: bytes, tag: str) -> list[str]:
    """Texts of <tag> elements of an XML document (namespaces ignored); [] when it is not XML."""
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname != tag:
            continue
        parent = el.getparent()
        if tag == "link" and (parent is None or etree.QName(parent).localname not in ("item", "entry")):
            continue  # a feed's own link is its home page, not an article
        found.append((el.text or "").strip() or el.get("href", ""))  # RSS: text; Atom: href
    return [u for u in found if u.startswith(("http://", "https://", "/"))]


class Probe:
    """Probe sources: the per-source steps, then the verdict."""

    def __init__(self, taxonomy: Taxonomy, limit: int = 3, delay: float = 1.0, timeout: float = 15.0,
                 user_agent: str = USER_AGENT) -> None:
        self.taxonomy, self.limit, self.delay, self.timeout, self.user_agent = taxonomy, limit, delay, timeout, user_agent

    def run(self, source: Source, fetcher: Fetcher | None = None) -> Finding:
        """Probe one source (its first start URL) and return the finding."""
        fetcher = fetcher or Fetcher(self.user_agent, self.timeout, self.delay)
        before = fetcher.requests
        finding = Finding(source.id, source.start_urls[0])
        try:
            self._probe(source, fetcher, finding)
        except Exception as exc:  # noqa: BLE001 (one odd portal must not stop a national probe; the error is reported)
            finding.error = f"probe error: {type(exc).__name__}: {exc}"[:300]
        finally:
            finding.requests = fetcher.requests - before
            finding.checked_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return finding

    def _probe(self, source: Source, fetcher: Fetcher, finding: Finding) -> None:
        start = finding.url
        robots = urllib.robotparser.RobotFileParser()
        robots_url = _root(start) + "/robots.txt"
        answer = fetcher.get(robots_url)
        if answer.status in (401, 403):
            robots.disallow_all = True
        elif answer.ok:
            robots.parse(answer.body.decode("utf-8", "replace").splitlines())
        else:
            robots.allow_all = True
        delay = robots.crawl_delay(ROBOTS_AGENT)
        if delay:
            fetcher.delay = max(fetcher.delay, min(float(delay), MAX_CRAWL_DELAY))
        allowed = lambda url: robots.can_fetch(ROBOTS_AGENT, url)  # noqa: E731
        if not allowed(start):
            finding.reachable, finding.status = answer.status is not None, answer.status
            finding.verdict, finding.error = "blocked-by-robots", f"robots.txt disallows {start}"
            return
        page = fetcher.get(start)
        finding.status, finding.final_url = page.status, page.url
        if not page.ok:
            finding.error = page.error or f"HTTP {page.status}"
            return
        finding.reachable = True
        parsed = _tree(page)
        if parsed is None:
            finding.verdict, finding.error = "no-articles-found", f"start page is not HTML ({page.content_type})"
            return
        tree, html = parsed
        finding.title = " ".join((tree.findtext(".//title") or "").split()) or None
        finding.cms = cms.detect(tree, html, page.url, source.cms).name
        follow = _Scope(source, allowed, page.url)
        finding.feeds = _unique([*source.feeds, *self._feeds(tree, page.url)])
        finding.sitemaps = _unique([*source.sitemaps, *(urljoin(robots_url, u) for u in robots.site_maps() or [])])
        if not finding.sitemaps and allowed(_root(page.url) + "/sitemap.xml"):
            guess = fetcher.get(_root(page.url) + "/sitemap.xml")
            if guess.ok and _xml_locs(guess.body, "loc"):
                finding.sitemaps = [guess.url]
        listed, listings = self._links(page, source, follow)
        candidates = _unique([*self._from_feed(finding, fetcher, follow), *self._from_sitemap(finding, fetcher, follow)])
        announced = set(candidates)
        candidates = _unique([*candidates, *listed])
        for listing in listings[:FOLLOW]:
            if len(candidates) >= self.limit:
                break
            more = fetcher.get(listing)
            if more.ok:
                candidates = _unique([*candidates, *self._links(more, source, follow)[0]])
        home = {start.rstrip("/"), page.url.rstrip("/"), _root(page.url)}
        for url in [u for u in candidates if u.rstrip("/") not in home][: self.limit]:
            finding.samples.append(self._sample(url, source, fetcher, url in announced))
        finding.verdict = verdict(finding.samples)
        if title := same_title(finding.samples):
            finding.error = f"every sample article got the title {title!r}: give selectors: {{title: [...]}}"

    def _feeds(self, tree: HtmlElement, base: str) -> list[str]:
        return [urljoin(base, el.get("href")) for el in tree.xpath("//link[@rel='alternate'][@href]")
                if el.get("type") in FEED_TYPES]

    def _from_feed(self, finding: Finding, fetcher: Fetcher, follow: "_Scope") -> list[str]:
        """Item links of the first feed that has some; a feed that fails is dropped from the finding."""
        for feed in finding.feeds[:TRIES]:
            answer = fetcher.get(feed)
            if not answer.ok:
                finding.feeds.remove(feed)
            elif items := _xml_locs(answer.body, "link"):
                return follow.keep(urljoin(answer.url, u) for u in items)
        return []

    def _from_sitemap(self, finding: Finding, fetcher: Fetcher, follow: "_Scope") -> list[str]:
        """Page URLs of the first sitemap that has some, newest first; a sitemap that fails is dropped from the finding."""
        for sitemap in finding.sitemaps[:TRIES]:
            answer = fetcher.get(sitemap)
            if not answer.ok:
                finding.sitemaps.remove(sitemap)
                continue
            if b"sitemapindex" in answer.body[:2000] and (children := _xml_locs(answer.body, "loc")):
                answer = fetcher.get(children[-1])  # the newest part is usually last
            if answer.ok and (locs := _xml_locs(answer.body, "loc")):
                return follow.keep(reversed(locs))
        return []

    def _links(self, page: Response, source: Source, follow: "_Scope") -> tuple[list[str], list[str]]:
        """Article-looking and listing-looking in-portal links of a page."""
        parsed = _tree(page)
        if parsed is None:
            return [], []
        anchors = [(urljoin(page.url, a.get("href", "")), len(" ".join(a.text_content().split()))) for a in parsed[0].iter("a")]
        headlines = {url for url, chars in anchors if chars >= HEADLINE_CHARS}
        hrefs = follow.keep(url for url, _ in anchors if url.strip())
        hrefs = [u for u in hrefs if u in headlines] + [u for u in hrefs if u not in headlines]  # headlines before menus
        articles = [u for u in hrefs if url_kind(u, source) == "article"]
        others = [u for u in hrefs if u not in articles and u.rstrip("/") != page.url.rstrip("/")]
        listings = [u for u in others if url_kind(u, source) == "listing"] + [u for u in others if url_kind(u, source) == "unknown"]
        return articles or [u for u in others if url_kind(u, source) == "unknown"], listings

    def _sample(self, url: str, source: Source, fetcher: Fetcher, announced: bool) -> Sample:
        """Fetch one candidate and extract it; a page that looks like an article but yields none is `failed`."""
        answer = fetcher.get(url)
        if not answer.ok:
            return Sample(url, "error", reason=answer.error or f"HTTP {answer.status}")
        try:
            article = extract(answer.body, answer.url, answer.content_type, cms_hint=source.cms, selectors=source.selectors)
        except NoArticle as exc:
            return Sample(answer.url, "failed" if self._looks_like_article(answer, source, announced) else "not-article",
                          reason=str(exc)[:200])
        verdict_ = self.taxonomy.classify(article.title, article.text)
        if not article.title:
            return Sample(answer.url, "failed", None, article.published, len(article.text), verdict_.defense, "no title found")
        return Sample(answer.url, "article", article.title, article.published, len(article.text), verdict_.defense)

    @staticmethod
    def _looks_like_article(answer: Response, source: Source, announced: bool) -> bool:
        """Listed by a feed or sitemap, or an article by URL shape and page content."""
        parsed = _tree(answer)
        if parsed is None:
            return False
        if announced or parsed[0].xpath(_ARTICLE_META):
            return True
        if url_kind(answer.url, source) == "article":  # text, scripts included: a page rendered by JavaScript counts
            return len(" ".join(" ".join(parsed[0].xpath("//body//text()")).split())) >= MIN_TEXT_CHARS
        return page_kind(answer.url, Selector(text=parsed[1]), source) == "article"


class _Scope:
    """Which links a probe may follow: same portal, not denied, allowed by robots.txt, not a file."""

    def __init__(self, source: Source, allowed: Callable[[str], bool], landed: str) -> None:
        self.source, self.allowed = source, allowed
        self.hosts = {h.removeprefix("www.") for h in source.hosts()} | {(urlsplit(landed).hostname or "").removeprefix("www.")}
        self.deny = [re.compile(p) for p in (*DEFAULT_DENY, *source.deny)]

    def keep(self, urls: Iterable[str]) -> list[str]:
        """The followable URLs of *urls*, fragments dropped, first occurrence kept."""
        kept = []
        for url in urls:
            url = urldefrag(url.strip())[0]
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or (parts.hostname or "").removeprefix("www.") not in self.hosts:
                continue
            if _SKIP.search(parts.path) or any(p.search(url) for p in self.deny) or not self.allowed(url):
                continue
            kept.append(url)
        return _unique(kept)


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u for u in urls if u))


def same_title(samples: list[Sample]) -> str | None:
    """The one title every sample article got, when there are two or more: page furniture taken for the headline."""
    titles = {s.title for s in samples if s.outcome == "article"}
    return titles.pop() if len(titles) == 1 and sum(s.outcome == "article" for s in samples) >= 2 else None


def verdict(samples: list[Sample]) -> str:
    """ok when articles came out; needs-selectors when article pages gave none, or all one title; else no-articles-found."""
    outcomes = {s.outcome for s in samples}
    if "article" in outcomes:
        return "needs-selectors" if same_title(samples) else "ok"
    return "needs-selectors" if "failed" in outcomes else "no-articles-found"


def probe_all(sources: list[Source], probe: Probe, workers: int = 64,
              on_done: Callable[[Finding], None] | None = None) -> list[Finding]:
    """Probe *sources*, at most *workers* hosts at once and one request at a time per host; findings in input order."""
    by_host: dict[str, list[int]] = {}
    for index, source in enumerate(sources):
        by_host.setdefault((urlsplit(source.start_urls[0]).netloc or "").lower(), []).append(index)
    findings: list[Finding | None] = [None] * len(sources)
    lock = threading.Lock()

    def one_host(indexes: list[int]) -> None:
        fetcher = Fetcher(probe.user_agent, probe.timeout, probe.delay)
        for index in indexes:
            finding = probe.run(sources[index], fetcher)
            findings[index] = finding
            if on_done:
                with lock:
                    on_done(finding)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host) or 1))) as pool:
        for future in as_completed([pool.submit(one_host, group) for group in by_host.values()]):
            future.result()
    return [f for f in findings if f is not None]


def default_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The topics taxonomy used for the defense flag of sample articles."""
    from archive.config import PROJECT_ROOT

    return Taxonomy.load(path or PROJECT_ROOT / "config" / "topics.yaml")
