"""Crawl log hygiene: an unreachable host or a failed robots.txt is one log line, never a traceback; an error
inside the crawl (a callback or pipeline that raised) is counted, so the crawl's exit status can say so."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler

RETRY_LOGGER = "scrapy.downloadermiddlewares.retry"
ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


def _host(request: Any) -> str:
    return urlsplit(getattr(request, "url", "") or "").netloc


def _reason(exc: Any) -> str:
    return str(exc).strip() or type(exc).__name__


class OneLinePerHost(logging.Filter):
    """Rewrite Scrapy's connection-failure records: the first per host is one line, later ones are
    dropped (every failure is still in the `fetches` log and the per-source summary); robots.txt errors lose
    their traceback and are dropped when the host was already reported."""

    def __init__(self) -> None:
        super().__init__()
        self.reported: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep, rewrite or drop one record."""
        args = record.args if isinstance(record.args, dict) else {}
        if record.name == RETRY_LOGGER and isinstance(args.get("reason"), BaseException):
            return self._once(record, _host(args.get("request")), "host %s: %s (its first connection failure this run; "
                              "the others go to the fetch log only)", _reason(args["reason"]))
        if record.name == ROBOTS_LOGGER and record.exc_info:
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            return self._once(record, _host(args.get("request")), "robots.txt of %s not fetched (%s): crawled as if it "
                              "allowed everything", _reason(args.get("f_exception", "")))
        return True

    def _once(self, record: logging.LogRecord, host: str, message: str, reason: str) -> bool:
        if host in self.reported:
            return False
        self.reported.add(host)
        record.msg, record.args = message, (host, reason)
        return True


class QuietFailures:
    """Scrapy extension: installs OneLinePerHost for the crawl and removes it when the spider closes."""

    def __init__(self) -> None:
        self.filter = OneLinePerHost()
        self.loggers = [logging.getLogger(RETRY_LOGGER), logging.getLogger(ROBOTS_LOGGER)]
        for logger in self.loggers:
            logger.addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "QuietFailures":
        """Always on."""
        ext = cls()
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self) -> None:
        """Take the filter off the loggers."""
        for logger in self.loggers:
            logger.removeFilter(self.filter)


class InternalErrors:
    """Scrapy extension: counts exceptions raised by a spider callback or an item pipeline (Scrapy logs them and
    goes on) in `qpdp/internal_errors`, the first one in `qpdp/internal_error`; `crawler.run.incomplete` reports them."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "InternalErrors":
        """Always on."""
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def spider_error(self, failure: Any, response: Any) -> None:
        """A callback raised while handling *response*."""
        self._count(failure, getattr(response, "url", ""))

    def item_error(self, item: Any, response: Any, failure: Any) -> None:
        """A pipeline raised on an item of *response*."""
        self._count(failure, getattr(response, "url", ""))

    def _count(self, failure: Any, url: str) -> None:
        exc = getattr(failure, "value", failure)
        self.stats.inc_value("qpdp/internal_errors")
        if not self.stats.get_value("qpdp/internal_error"):
            self.stats.set_value("qpdp/internal_error", f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]} ({url})")
