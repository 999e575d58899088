"""Extraction worker processes: ExtractPipeline.judge off the reactor, results handed back in submission order."""

from __future__ import annotations

import functools
import json
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from twisted.internet import defer

from archive.config import Source
from archive.dedup import urls
from archive.extract.topics import Taxonomy
from crawler.items import ArticleItem, Capture, Fetch


@functools.cache
def _taxonomy(topics: str) -> Taxonomy:
    """The topic taxonomy, loaded once per worker process."""
    return Taxonomy.load(topics)


@functools.cache
def _judge_of(topics: str, source: str) -> Any:
    """An ExtractPipeline for one source (its JSON), built once per worker process."""
    from crawler.pipelines.extract import ExtractPipeline

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


class ExtractPool:
    """A pool of extraction processes; `submit` gives a Deferred firing in submission order, whoever finishes first."""

    def __init__(self, workers: int, topics: str, sources: list[dict[str, Any]]) -> None:
        self.topics = topics
        self.sources = {s["id"]: json.dumps(s, sort_keys=True, default=str) for s in sources}
        self.executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        self.previous: defer.Deferred[None] = defer.succeed(None)  # fires when the last submitted result was handed on

    def submit(self, capture: Capture) -> defer.Deferred[tuple[ArticleItem | Fetch, float]]:
        """Judge *capture* in a worker; the Deferred fires after those of every earlier submission."""
        from twisted.internet import reactor  # the one Scrapy installed; importing it earlier would install the default

        future = self.executor.submit(judge_remote, self.topics, self.sources[capture.source_id], capture)
        done: defer.Deferred[tuple[ArticleItem | Fetch, bool, float]] = defer.Deferred()
        future.add_done_callback(lambda f: reactor.callFromThread(_settle, done, f))  # type: ignore[attr-defined]
        turn, self.previous = self.previous, defer.Deferred()
        handed = self.previous
        out: defer.Deferred[tuple[ArticleItem | Fetch, float]] = defer.Deferred()

        def hand_on(results: list[Any]) -> None:
            judged, kept, cpu_ms = results[1]
            if kept:
                judged.capture = capture
                if isinstance(judged, ArticleItem):
                    judged.fetch.capture = capture
            handed.callback(None)
            out.callback((judged, cpu_ms))

        def fail(failure: Any) -> None:
            handed.callback(None)
            out.errback(failure.value.subFailure if hasattr(failure.value, "subFailure") else failure)

        defer.gatherResults([turn, done], consumeErrors=True).addCallbacks(hand_on, fail)
        return out

    def close(self) -> None:
        """Stop the worker processes."""
        self.executor.shutdown(wait=True, cancel_futures=True)


def _settle(deferred: defer.Deferred[Any], future: Future) -> None:
    """Fire *deferred* with a finished future's result or exception (on the reactor thread)."""
    if future.exception() is not None:
        deferred.errback(future.exception())
    else:
        deferred.callback(future.result())
