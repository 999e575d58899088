"""Page analysis off the reactor: worker processes run `crawler.pagework` (one parse: links, kind, verdict).

The pool is a crawler-scoped component (`PagePool.from_crawler`). Workers are child processes spoken to over
pipes through the reactor (Twisted's spawnProcess: no threads in the crawl process). Results are handed back in
submission order, whichever worker finishes first, so the crawl's output does not depend on the worker count. A
page whose worker died (or failed) is analysed inline, by the same code. QPDP_EXTRACT_WORKERS=0 analyses inline.
"""

from __future__ import annotations

import logging
import pickle
import sys
from collections import deque
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, protocol
from twisted.python.failure import Failure

from archive.config import Source, child_env
from archive.extract.topics import Taxonomy
from crawler.pagework import FRAME, Analyser, Analysis, Page, frame

logger = logging.getLogger(__name__)
RESPAWNS = 3  # a worker that died is replaced this many times per crawl, then its share is analysed inline


class WorkerLost(Exception):
    """The worker process ended before answering."""


class _Worker(protocol.ProcessProtocol):
    """One `python -m crawler.pagework` child: frames out on its stdin, answers in order on its stdout."""

    def __init__(self, pool: PagePool) -> None:
        self.pool = pool
        self.buffer = bytearray()
        self.waiting: deque[defer.Deferred[Any]] = deque()
        self.ended: defer.Deferred[None] = defer.Deferred()
        self.alive = True

    def send(self, obj: Any, answered: bool = True) -> defer.Deferred[Any] | None:
        """Write one frame; a Deferred for its answer (when *answered*)."""
        self.transport.write(frame(obj))  # type: ignore[union-attr]
        if not answered:
            return None
        waiting: defer.Deferred[Any] = defer.Deferred()
        self.waiting.append(waiting)
        return waiting

    def outReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted API)
        """Hand on every complete answer frame."""
        self.buffer += data
        while len(self.buffer) >= FRAME.size:
            (size,) = FRAME.unpack_from(self.buffer)
            if len(self.buffer) < FRAME.size + size:
                return
            raw = bytes(self.buffer[FRAME.size:FRAME.size + size])
            del self.buffer[:FRAME.size + size]
            waiting = self.waiting.popleft()
            try:
                answer = pickle.loads(raw)
            except Exception as exc:  # noqa: BLE001 (an unreadable answer: that page is analysed inline)
                waiting.errback(Failure(exc))
                continue
            if isinstance(answer, BaseException):
                waiting.errback(Failure(answer))
            else:
                waiting.callback(answer)

    def errReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted API)
        """The worker's log lines (the extractor's warnings) go to the crawl's log."""
        for line in data.decode("utf-8", "replace").splitlines():
            if line.strip():
                logger.warning("extraction worker: %s", line)

    def processEnded(self, reason: Failure) -> None:  # noqa: N802 (Twisted API)
        """Fail whatever it had not answered (analysed inline instead) and let the pool replace it."""
        self.alive = False
        while self.waiting:
            self.waiting.popleft().errback(Failure(WorkerLost(str(reason.value))))
        self.pool.ended(self)
        self.ended.callback(None)


class PagePool:
    """Analyse pages in QPDP_EXTRACT_WORKERS processes (0: inline); `analyse` answers in submission order."""

    def __init__(self, sources: list[Source], topics: str, workers: int, crawler: Crawler | None = None) -> None:
        self.sources, self.topics, self.size, self.crawler = sources, topics, workers, crawler
        self.workers: list[_Worker] = []
        self.order: deque[list[Any]] = deque()  # [page, its Deferred, its result or None], oldest first
        self.respawns = RESPAWNS * workers
        self.closing = False
        self._analyser: Analyser | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PagePool":
        """The crawl's pool: started when the spider opens, stopped when it closes."""
        settings = crawler.settings
        sources = [Source.model_validate(s) for s in settings.getlist("QPDP_SOURCES")]
        pool = cls(sources, str(settings.get("QPDP_TOPICS")), max(0, settings.getint("QPDP_EXTRACT_WORKERS")), crawler)
        crawler.signals.connect(pool.start, signals.spider_opened)
        crawler.signals.connect(pool.close, signals.spider_closed)
        return pool

    @property
    def analyser(self) -> Analyser:
        """The in-process analyser (inline mode, and pages whose worker was lost)."""
        if self._analyser is None:
            self._analyser = Analyser(self.sources, Taxonomy.load(self.topics))
        return self._analyser

    def start(self, spider: Any = None) -> None:
        """Start the worker processes."""
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        from twisted.internet import reactor  # the one Scrapy installed

        worker = _Worker(self)
        reactor.spawnProcess(worker, sys.executable, [sys.executable, "-m", "crawler.pagework"], env=child_env())  # type: ignore[attr-defined]
        worker.send(([s.model_dump(mode="json") for s in self.sources], self.topics), answered=False)
        self.workers.append(worker)

    def ended(self, worker: _Worker) -> None:
        """A worker process ended: replace it unless the crawl is closing or it keeps dying."""
        self.workers.remove(worker)
        if not self.closing:
            logger.warning("an extraction worker ended unexpectedly; its pages are analysed in the crawl process")
            if self.respawns > 0:
                self.respawns -= 1
                self._spawn()

    async def analyse(self, page: Page) -> Analysis:
        """One page's analysis, in a worker when there is one; answers come in submission order."""
        if not self.workers:
            return self._inline(page)
        entry: list[Any] = [page, defer.Deferred(), None]
        self.order.append(entry)
        worker = min(self.workers, key=lambda w: len(w.waiting))
        worker.send(page).addBoth(self._finished, entry)  # type: ignore[union-attr]
        return await maybe_deferred_to_future(entry[1])

    def _finished(self, result: Any, entry: list[Any]) -> None:
        """Note an answer, then hand on every one whose predecessors are handed on (a lost one: inline)."""
        entry[2] = result
        while self.order and self.order[0][2] is not None:
            page, out, answer = self.order.popleft()
            if isinstance(answer, Failure):
                if not answer.check(WorkerLost):
                    logger.warning("extraction worker failed on %s (%s): analysed inline", page.url, answer.value)
                try:
                    answer = self._inline(page)
                except Exception as exc:  # noqa: BLE001 (as inline: the callback fails for this page)
                    out.errback(Failure(exc))
                    continue
            else:
                self._count("qpdp/pages_analysed_in_workers")
            out.callback(answer)

    def _inline(self, page: Page) -> Analysis:
        self._count("qpdp/pages_analysed_inline")
        return self.analyser.analyse(page)

    def _count(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats:  # the crawl's stats exist once it has started
            self.crawler.stats.inc_value(key)

    def close(self, spider: Any = None) -> Any:
        """Stop the workers (end of their input), killing any still running after 10 s; awaitable until they ended."""
        from twisted.internet import reactor

        self.closing = True
        ended = [w.ended for w in self.workers if w.alive]
        for worker in list(self.workers):
            worker.transport.closeStdin()  # type: ignore[union-attr]

        def kill() -> None:
            for worker in self.workers:
                if worker.alive:
                    worker.transport.signalProcess("KILL")  # type: ignore[union-attr]

        timer = reactor.callLater(10, kill)  # type: ignore[attr-defined]
        done = defer.DeferredList(ended)
        done.addBoth(lambda _: timer.cancel() if timer.active() else None)
        return maybe_deferred_to_future(done)
