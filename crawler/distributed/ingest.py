"""The single archive writer of a distributed crawl: items from Redis into SQLite, one transaction each.

It writes through the same StorePipeline as a single-machine crawl (same transactions, dedup and FTS). An item
is acknowledged in Redis only after its SQLite commit; at start, items a killed writer had taken go back to the
queue, and an item delivered twice (a requeued request, a commit whose acknowledgement was lost) is
recognised by its URL, fetched once per run, and not written again.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from archive.store import schedule
from archive.store.db import Archive
from crawler.distributed.cluster import Cluster
from crawler.distributed.frontier import item_url
from crawler.pipelines.store import StorePipeline

logger = logging.getLogger(__name__)


class WriterError(RuntimeError):
    """The writer cannot go on: it lost its lock, or the run belongs to another archive."""


@dataclass
class _Run:
    token: str
    run_id: int
    pipeline: StorePipeline
    seen: set[str] = field(default_factory=set)


def _pipeline(db: Path, run: dict[str, str]) -> StorePipeline:
    """The single-machine storage pipeline for the run, driven without a Scrapy engine."""
    crawler = SimpleNamespace(settings=Settings({"QPDP_DB": str(db), "QPDP_SOURCES": json.loads(run["sources"]),
                                                 "STATS_DUMP": False, "QPDP_REFRESH": run.get("refresh") == "1",
                                                 "QPDP_BACKFILL": run.get("backfill") == "1"}))
    crawler.stats = MemoryStatsCollector(crawler)  # type: ignore[arg-type]
    return StorePipeline.from_crawler(crawler)  # type: ignore[arg-type]


class Writer:
    """Holds the writer lock and moves items from Redis into the archive until told to stop."""

    def __init__(self, cluster: Cluster, db: Path, poll: float = 0.25) -> None:
        self.cluster, self.db, self.poll = cluster, Path(db), poll
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.current: _Run | None = None
        self.lost = threading.Event()
        self._stop = threading.Event()

    # -- lock ---------------------------------------------------------------------------------
    def acquire(self, wait: bool = True) -> bool:
        """Take the writer lock (waiting for a previous writer's lock to expire when *wait*)."""
        told = False
        while not self.cluster.lock("writer", self.token):
            if not wait:
                return False
            if not told:
                logger.warning("another archive writer holds the lock; waiting for it to stop or expire")
                told = True
            time.sleep(self.cluster.lease_ms / 4000)
        threading.Thread(target=self._beat, name="qpdp-writer", daemon=True).start()
        if requeued := self.cluster.requeue_items():
            logger.warning("%d items a previous writer had taken are queued again", requeued)
        return True

    def _beat(self) -> None:
        while not self._stop.wait(self.cluster.lease_ms / 4000):
            try:
                if not self.cluster.extend({"writer": self.token}):
                    logger.error("lost the writer lock; stopping")
                    self.lost.set()
                    return
                if requeued := self.cluster.reap():
                    logger.warning("requeued %d requests whose worker stopped renewing its lease", requeued)
            except Exception:  # a Redis hiccup: retry at the next beat
                logger.exception("writer heartbeat failed")

    def release(self) -> None:
        """Stop the heartbeat, close the archive and give back the lock."""
        self._stop.set()
        if self.current is not None:
            self.current.pipeline.archive.close()  # type: ignore[union-attr]
            self.current = None
        if not self.lost.is_set():
            self.cluster.unlock("writer", self.token)

    # -- runs -----------------------------------------------------------------------------------
    def _accept(self, run: dict[str, str]) -> None:
        """Register a pending run in the archive and publish its crawl plan (what a single-machine run reads)."""
        pipeline = _pipeline(self.db, run)
        pipeline.open_spider()
        assert pipeline.archive is not None and pipeline.run_id is not None
        refresh_days = float(run.get("refresh_days") or 0) if run.get("refresh") == "1" else 0
        plan = schedule.plan(pipeline.archive.conn, sorted(pipeline.sources), run.get("backfill") == "1", refresh_days)
        if self.cluster.accept_run(run["token"], pipeline.run_id, plan.dumps()):
            self.current = _Run(run["token"], pipeline.run_id, pipeline)
            logger.info("accepted run %s as archive run %d (%d known pages, %d validators, %d due)", run["token"],
                        pipeline.run_id, len(plan.skip), len(plan.validators), len(plan.due))
        else:
            pipeline.archive.finish_run(pipeline.run_id, "abandoned", {})
            pipeline.archive.close()

    def _resume(self, run: dict[str, str]) -> None:
        """Take over a run accepted earlier (by this archive, before a restart)."""
        pipeline = _pipeline(self.db, run)
        pipeline.archive = Archive(self.db)
        pipeline.run_id = int(run["run_id"])
        row = pipeline.archive.conn.execute("SELECT status FROM crawl_runs WHERE id = ?", (pipeline.run_id,)).fetchone()
        if row is None or row[0] != "running":
            pipeline.archive.close()
            raise WriterError(f"run {run['token']} was accepted by another archive than {self.db} (its run {pipeline.run_id})")
        seen = {r[0] for r in pipeline.archive.conn.execute("SELECT url FROM fetches WHERE run_id = ?", (pipeline.run_id,))}
        self.current = _Run(run["token"], pipeline.run_id, pipeline, seen)
        logger.info("resumed run %s (archive run %d, %d fetches already written)", run["token"], pipeline.run_id, len(seen))

    def _finish(self) -> dict[str, Any]:
        """Close the run in the archive with the workers' counters; tell the crawl it is in the archive."""
        assert self.current is not None
        run, archive = self.current, self.current.pipeline.archive
        assert archive is not None
        outcomes = dict(archive.conn.execute("SELECT outcome, count(*) FROM fetches WHERE run_id = ? GROUP BY outcome", (run.run_id,)).fetchall())
        details = dict(archive.conn.execute(
            "SELECT detail, count(*) FROM fetches WHERE run_id = ? AND outcome = 'archived' GROUP BY detail", (run.run_id,)).fetchall())
        stats: dict[str, Any] = {**self.cluster.stats(), "finish_reason": "finished", "qpdp/run_id": run.run_id,
                                 "qpdp/run_token": run.token, **{f"qpdp/outcome_{k}": v for k, v in outcomes.items()},
                                 **{f"qpdp/articles_{k}": v for k, v in details.items()}}
        run.pipeline.crawler.stats.set_stats(stats)
        run.pipeline.close_spider()
        self.cluster.advance(run.token, "done", "finished", summary=stats)
        logger.info("run %s finished: archive run %d", run.token, run.run_id)
        self.current = None
        return stats

    def _write(self, raw: bytes) -> None:
        assert self.current is not None
        try:
            envelope = pickle.loads(raw)
        except Exception:
            logger.error("dropped an undecodable item (%d bytes)", len(raw))
            self.cluster.ack_item(raw)
            return
        if envelope.get("run") != self.current.token:
            logger.warning("dropped an item of an older run %s", envelope.get("run"))
        else:
            item, url = envelope["item"], item_url(envelope["item"])
            if url not in self.current.seen:
                try:
                    self.current.pipeline.process_item(item)
                except Exception:  # a poison item must not stop the archive: keep it for inspection
                    logger.exception("could not store the item for %s; kept in %s", url, self.cluster.key("items:failed"))
                    self.cluster.redis.lpush(self.cluster.key("items:failed"), raw)
                self.current.seen.add(url)
        self.cluster.ack_item(raw)

    def step(self) -> dict[str, Any] | None:
        """Do one unit of work; returns the run's stats when a run has just finished."""
        run = self.cluster.status()
        state, token = run.get("state"), run.get("token")
        if self.current is not None and self.current.token != token:
            self.current.pipeline.archive.close()  # type: ignore[union-attr]
            self.current = None
        if state == "pending":
            self._accept(self.cluster.run())
        elif state in ("seeding", "running", "done") and self.current is None and run.get("run_id"):
            self._resume(self.cluster.run())
        if self.current is None:
            time.sleep(self.poll)
            return None
        raw = self.cluster.next_item(self.poll)
        if raw is not None:
            self._write(raw)
        elif state == "done" and self.cluster.pending_items() == 0:
            return self._finish()
        return None

    def serve(self, once: bool = False) -> dict[str, Any] | None:
        """Write items until stopped (or, with *once*, until one run is in the archive)."""
        while not self.lost.is_set():
            stats = self.step()
            if stats is not None and once:
                return stats
        raise WriterError("lost the archive writer lock (another writer took over)")
