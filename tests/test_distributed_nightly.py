"""Nightly runs of a distributed crawl: the writer publishes the SQLite crawl plan to Redis, so workers send
conditional requests, stop pagination and skip known pages exactly like a single-machine nightly run; `qpdp
ingest` shares the archive's crawl lock with single-machine crawls."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchmarks.portals import GeneratedFarm
from tests.conftest import ROOT, run_qpdp
from tests.redisd import RedisServer, serve_redis
from tests.test_distributed import Cluster as Processes
from tests.test_nightly import _rows, _table_counts as _counts


class Conditional:
    """Handler mixin: count, per path, requests carrying validators and 304 answers."""

    asked: Counter[str]
    unchanged: Counter[str]

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):  # type: ignore[attr-defined]
            self.asked[self.path] += 1  # type: ignore[attr-defined]
        super().do_GET()  # type: ignore[misc]

    def send_response(self, code: int, *args: Any) -> None:
        if code == 304:
            self.unchanged[self.path] += 1  # type: ignore[attr-defined]
        super().send_response(code, *args)  # type: ignore[misc]


@dataclass
class Night:
    """What the portals served during one run."""

    paths: Counter[str] = field(default_factory=Counter)
    asked: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)


class Watched:
    """Generated portals whose servers count conditional requests and 304s."""

    def __init__(self) -> None:
        self.farm = GeneratedFarm(2, 43, third_octet=96)  # the next article, 44, is defense news
        self.asked: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        for portal in self.farm.portals:
            base = portal.server.RequestHandlerClass
            portal.server.RequestHandlerClass = type(f"C_{portal.id}", (Conditional, base),
                                                     {"asked": self.asked, "unchanged": self.unchanged})

    def totals(self) -> tuple[Counter[str], Counter[str], Counter[str]]:
        paths: Counter[str] = Counter()
        for portal in self.farm.portals:
            paths.update({f"{portal.id}{p}": n for p, n in portal.hits.items()})
        return paths, Counter(self.asked), Counter(self.unchanged)

    def during(self, run: Any) -> Night:
        """Run *run* and return what the servers saw meanwhile."""
        before = self.totals()
        run()
        after = self.totals()
        return Night(*(a - b for a, b in zip(after, before)))


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server; missing in CI is a failure, not a skip."""
    yield from serve_redis()


@pytest.fixture(scope="module")
def watched() -> Iterator[Watched]:
    portals = Watched()
    yield portals
    portals.farm.close()


@dataclass
class Nights:
    """Two archives of the same portals: one crawled by one machine, one by a writer and workers through Redis."""

    watched: Watched
    server: RedisServer
    tmp: Path
    single: Path
    cluster: Path
    runs: int = 0

    def distributed(self) -> Night:
        """One distributed run (writer, one worker, and `qpdp crawl --redis` crawling too) over the cluster archive."""
        self.runs += 1

        def run() -> None:
            procs = Processes(self.watched.farm, self.server, self.tmp, f"n{self.runs}", db=self.cluster, workers=1)
            try:
                procs.wait(timeout=120)
            finally:
                procs.close()

        return self.watched.during(run)

    def local(self) -> Night:
        """One single-machine run over the single archive."""

        def run() -> None:
            result = run_qpdp("crawl", "--config", str(self.watched.farm.write_config(self.tmp / "local.yaml")),
                              "--db", str(self.single))
            assert result.returncode == 0, result.stderr[-3000:]

        return self.watched.during(run)


@pytest.fixture(scope="module")
def nights(watched: Watched, redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Nights:
    """Both archives after a first run."""
    tmp = tmp_path_factory.mktemp("nights")
    made = Nights(watched, redis_server, tmp, tmp / "single.db", tmp / "cluster.db")
    made.local()
    first = made.distributed()
    assert first.paths and not first.asked, "a first run has no validators to send"
    return made


def _articles(night: Night) -> set[str]:
    return {p for p in night.paths if "/tin/" in p}


def test_second_distributed_run_is_conditional_and_downloads_no_known_article(nights: Nights) -> None:
    counts = _counts(nights.cluster)
    assert counts["articles"] == _counts(nights.single)["articles"] > 0
    local, night = nights.local(), nights.distributed()

    assert not _articles(night), f"known article pages downloaded again: {sorted(_articles(night))[:5]}"
    assert _counts(nights.cluster) == counts, "an unchanged night added rows"
    listings = {p for p in night.asked if "/chuyen-muc/" in p}
    assert listings and {p for p in night.unchanged if "/chuyen-muc/" in p} == listings, night
    assert set(night.paths) == set(local.paths), "the distributed night fetched other pages than a single-machine night"
    assert sum(night.asked.values()) == sum(local.asked.values()) and night.unchanged == local.unchanged
    run = _rows(nights.cluster, "SELECT status, new_articles, not_modified, mode FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert run == ("finished", 0, sum(night.unchanged.values()), "incremental")


def test_new_article_on_page_one_is_picked_up_by_a_distributed_run(nights: Nights) -> None:
    portal = nights.watched.farm.portals[1]
    new_path = portal.site.add_article("quoc-phong-quan-su")
    night = nights.distributed()

    assert _articles(night) == {f"{portal.id}{new_path}"}, "only the new article is downloaded"
    assert night.paths[f"{portal.id}/chuyen-muc/quoc-phong-quan-su"] == 1
    assert f"{portal.id}/chuyen-muc/quoc-phong-quan-su?page=2" not in night.paths, "pagination stops at a page with nothing new"
    url = portal.url.rstrip("/") + new_path
    assert _rows(nights.cluster, f"SELECT count(*) FROM articles WHERE url = '{url}'") == [(1,)]
    assert _rows(nights.cluster, "SELECT new_articles FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(1,)]
    assert _rows(nights.cluster, f"SELECT last_run_new FROM source_health WHERE source_id = '{portal.id}'") == [(1,)]


def _holder(db: Path, role: str, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    lock = Path(f"{db}.lock")
    deadline = time.monotonic() + timeout
    while not (lock.exists() and lock.read_text().startswith(role)):
        assert proc.poll() is None and time.monotonic() < deadline, f"{role} never took the lock"
        time.sleep(0.05)


def test_ingest_and_a_single_machine_crawl_never_share_an_archive(watched: Watched, redis_server: RedisServer,
                                                                  tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    slow = watched.farm.write_config(tmp_path / "slow.yaml", DOWNLOAD_DELAY=5)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    crawl = subprocess.Popen([sys.executable, "-m", "archive.cli", "crawl", "--config", str(slow), "--db", str(db)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _holder(db, "qpdp crawl", crawl)
        result = run_qpdp("ingest", "--redis", redis_server.url(5), "--db", str(db), "--once", "--config", str(slow))
    finally:
        crawl.kill()
        crawl.wait()
    assert result.returncode == 75, result.stderr[-2000:]
    assert "another crawl is already running on this archive" in result.stderr
    assert f"qpdp crawl, pid {crawl.pid}" in result.stderr and "Traceback" not in result.stderr

    ingest = subprocess.Popen([sys.executable, "-m", "archive.cli", "ingest", "--redis", redis_server.url(5), "--db", str(db),
                               "--config", str(slow)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _holder(db, "qpdp ingest", ingest)
        result = run_qpdp("crawl", "--config", str(slow), "--db", str(db))
    finally:
        ingest.kill()
        ingest.wait()
    assert result.returncode == 75 and f"qpdp ingest, pid {ingest.pid}" in result.stderr, result.stderr[-2000:]
