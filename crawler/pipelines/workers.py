"""Extraction worker processes: ExtractPipeline.judge off the reactor, results handed back in submission order."""

from __future__ import annotations

import json
import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from twisted.internet import defer

from crawler.items import ArticleItem, Capture, Fetch


class ExtractPool:
    """A pool of extraction processes; `submit` gives a Deferred firing in submission order, whoever finishes first."""

    def __init__(self, workers: int, task: Callable[[str, str, Capture], tuple[ArticleItem | Fetch, bool, float]],
                 topics: str, sources: list[dict[str, Any]]) -> None:
        self.task = task  # a module-level function (topics, source JSON, capture) -> (verdict, kept capture?, CPU ms)
        self.topics = topics
        self.sources = {s["id"]: json.dumps(s, sort_keys=True, default=str) for s in sources}
        self.executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        self.waiting: deque[list[Any]] = deque()  # [capture, its Deferred, its finished future or None], oldest first

    def submit(self, capture: Capture) -> defer.Deferred[tuple[ArticleItem | Fetch, float]]:
        """Judge *capture* in a worker; the Deferred fires after those of every earlier submission."""
        from twisted.internet import reactor  # the one Scrapy installed; importing it earlier would install the default

        entry: list[Any] = [capture, defer.Deferred(), None]
        self.waiting.append(entry)
        future = self.executor.submit(self.task, self.topics, self.sources[capture.source_id], capture)
        future.add_done_callback(lambda f: reactor.callFromThread(self._finished, entry, f))  # type: ignore[attr-defined]
        return entry[1]

    def _finished(self, entry: list[Any], future: Future) -> None:
        """On the reactor thread: note a finished judgement, then hand on every one whose predecessors are handed on."""
        entry[2] = future
        while self.waiting and self.waiting[0][2] is not None:
            capture, out, done = self.waiting.popleft()
            if done.exception() is not None:
                out.errback(done.exception())
                continue
            judged, kept, cpu_ms = done.result()
            if kept:
                judged.capture = capture
                if isinstance(judged, ArticleItem):
                    judged.fetch.capture = capture
            out.callback((judged, cpu_ms))

    def close(self) -> None:
        """Stop the worker processes."""
        self.executor.shutdown(wait=True, cancel_futures=True)
