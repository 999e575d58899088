"""Guess article vs listing pages from URL shape and page content: only for request priorities and scheduling.

The extractor decides what is an article; these guesses order the frontier (article-shaped links first) and keep
a page the extractor rejects on the hub schedule (asked for conditionally each night) when it looks like a listing.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from archive.config import Source

ARTICLE_URL = re.compile(
    r"/\d{4}/\d{1,2}/\d{1,2}/[^/]+/?$"  # WordPress permalinks
    r"|view_content|/newsid/|/tin/|chitiet|chi-tiet|/detail|/article/|/bai-viet/"
    r"|[?&](?:nid|newsid|contentid|itemid|articleid|id)=\d+"
    r"|[-_/]n?\d{4,}(?:\.html?|\.aspx|\.php)?/?$"
    r"|/[a-z0-9]+(?:-[a-z0-9]+){4,}(?:\.html?|\.aspx|\.php)?/?$",
    re.IGNORECASE,
)
LISTING_URL = re.compile(
    r"/category/|/chuyen-muc/|/danh-muc/|/chuyen-de/|/tag/|/page/\d+/?$|[?&]page=\d+|/tid/[^/]+/?$"
    r"|/(?:tin-tuc|tin-tuc-su-kien|news)(?:\.html?|\.aspx)?/?$",
    re.IGNORECASE,
)
_ARTICLE_META = "//meta[@property='og:type' and @content='article'] | //meta[@property='article:published_time']"
_LONG_PARAGRAPHS = "//p[not(ancestor::a) and string-length(normalize-space()) > 120]"
_TEASER_LINKS = "//a[string-length(normalize-space()) > 30]"


def url_kind(url: str, source: Source) -> str:
    """'article', 'listing' or 'unknown' from the URL alone (source patterns first)."""
    if source.article_pattern and re.search(source.article_pattern, url):
        return "article"
    if source.listing_pattern and re.search(source.listing_pattern, url):
        return "listing"
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        return "listing"
    if LISTING_URL.search(url):
        return "listing"
    if ARTICLE_URL.search(url):
        return "article"
    return "unknown"


def page_kind(url: str, selector: Selector, source: Source) -> str:
    """'article' or 'listing' for a fetched HTML page: a scheduling hint, never a verdict."""
    by_url = url_kind(url, source)
    if by_url == "listing" or (by_url == "article" and (source.article_pattern or selector.xpath(_ARTICLE_META))):
        return by_url
    if selector.xpath(_ARTICLE_META):
        return "article"
    paragraphs = selector.xpath(_LONG_PARAGRAPHS)
    teasers = len(selector.xpath(_TEASER_LINKS))
    body = sum(len(p.xpath("normalize-space()").get("")) for p in paragraphs)
    if by_url == "article":
        return "article" if body >= 300 or teasers < 12 else "listing"
    return "article" if body >= 800 and len(paragraphs) >= 3 and teasers < 3 * len(paragraphs) else "listing"
