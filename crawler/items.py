"""Items the spider yields and the pipelines exchange; plain, picklable dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive.dedup.minhash import Fingerprint


@dataclass
class Fetch:
    """The outcome of one request: a listing, a feed, an error, a page with no article…"""

    url: str
    source_id: str
    kind: str
    outcome: str
    status: int | None = None
    detail: str | None = None
    bytes: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    capture: Capture | None = field(default=None, repr=False)  # the article page behind this outcome, if kept

    def record(self) -> dict[str, Any]:
        """Row values for the fetch log (validators and Retry-After feed the crawl schedule)."""
        keys = ("url", "source_id", "kind", "outcome", "status", "detail", "bytes", "etag", "last_modified", "retry_after")
        return {k: getattr(self, k) for k in keys}


@dataclass
class Capture:
    """A fetched HTML page, waiting for the extractor's verdict (article, or no article and why)."""

    url: str
    source_id: str
    status: int
    content_type: str | None
    body: bytes
    kind: str = "article"
    hint: str = "article"  # what URL shape and link counts suggest ('article' or 'listing'): the scheduling fallback
    redirect_urls: list[str] = field(default_factory=list)  # URLs requested before redirects led to `url`
    headers: list[tuple[str, str]] = field(default_factory=list)  # response headers, in order
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    method: str = "GET"
    protocol: str | None = None
    captured_at: str | None = None  # ISO 8601 UTC, when the response arrived
    judged: Any = field(default=None, repr=False, compare=False)  # the spider's crawler.pagework.Analysis, if any


@dataclass
class ArticleItem:
    """An extracted defense article, ready for storage."""

    fetch: Fetch
    article: dict[str, Any] = field(default_factory=dict)
    capture: Capture | None = field(default=None, repr=False)  # the page it was extracted from
    fingerprint: Fingerprint | None = field(default=None, repr=False)  # of its title and text, computed with it
