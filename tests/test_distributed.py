"""Distributed crawl: two `qpdp worker` processes and one `qpdp ingest` writer through a real redis-server.

The archive they build must equal a single-process crawl's; no page may be fetched twice; a portal host
never serves two requests at once; killing a worker (and the writer) mid-run loses nothing.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.conftest import ROOT, run_qpdp
from tests.farm import Farm
from tests.redisd import RedisServer, serve_redis
from tests.syndication import SyndicationFarm

LATENCY = 0.03  # every fixture response takes this long, so that overlapping requests would show
VOLATILE = {"id", "first_seen", "last_seen", "fetched_at", "run_id", "capture_id", "next_fetch_after"}
ARTICLE_REFS = {"article_id", "cluster_id"}


class Politeness:
    """Requests each portal is serving right now, and the most it ever served at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: Counter[str] = Counter()
        self.max: Counter[str] = Counter()

    def enter(self, pid: str) -> None:
        with self.lock:
            self.now[pid] += 1
            self.max[pid] = max(self.max[pid], self.now[pid])

    def leave(self, pid: str) -> None:
        with self.lock:
            self.now[pid] -= 1


class Tracked:
    """Handler mixin: a request counts from its arrival until its response starts."""

    pid: str
    seen: Politeness
    _open = False

    def do_GET(self) -> None:  # noqa: N802
        self._open = True
        self.seen.enter(self.pid)
        time.sleep(LATENCY)
        try:
            super().do_GET()  # type: ignore[misc]
        finally:
            self._leave()

    def send_response(self, *args: Any, **kwargs: Any) -> None:
        self._leave()
        super().send_response(*args, **kwargs)  # type: ignore[misc]

    def _leave(self) -> None:
        if self._open:
            self._open = False
            self.seen.leave(self.pid)


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server; missing in CI is a failure, not a skip."""
    yield from serve_redis()


@pytest.fixture(scope="module")
def tfarm() -> Iterator[tuple[Farm, Politeness]]:
    """The fixture portals on their own addresses, slowed down a little and watched for overlaps."""
    farm, seen = Farm(host_base=71), Politeness()
    for portal in farm.portals:
        base = portal.server.RequestHandlerClass
        portal.server.RequestHandlerClass = type(f"T_{portal.id}", (Tracked, base), {"pid": portal.id, "seen": seen})
    yield farm, seen
    farm.close()


def _hits(farm: Farm) -> Counter[tuple[str, str]]:
    return Counter({(pid, path): n for pid, hits in farm.hits.items() for path, n in hits.items()})


@pytest.fixture(scope="module")
def baseline(tfarm: tuple[Farm, Politeness], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Counter[tuple[str, str]]]:
    """A single-process crawl of the farm: its archive and what it fetched."""
    farm, _ = tfarm
    tmp = tmp_path_factory.mktemp("single")
    before = _hits(farm)
    result = run_qpdp("crawl", "--config", str(farm.write_config(tmp / "sources.yaml")), "--db", str(tmp / "archive.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "archive.db", _hits(farm) - before


def snapshot(db: Path) -> dict[str, Any]:
    """Everything a crawl wrote, without ids and timestamps (articles referred to by URL).

    Crawls are concurrent, so when several URLs lead to one story, which fetch stored it first ('new') and which
    found it stored ('unchanged', 'same text as article N') depends on timing, in one process as in several:
    those details are compared per story rather than per URL.
    """
    conn = sqlite3.connect(db)
    url_of = dict(conn.execute("SELECT id, url FROM articles"))
    tables: dict[str, Any] = {}
    for table in ("articles", "sightings", "pages", "fetches", "clusters"):
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] not in VOLATILE]
        if not columns:
            continue
        rows, per_story = [], []
        for values in conn.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            row = dict(zip(columns, (url_of.get(v) if c in ARTICLE_REFS else v for c, v in zip(columns, values))))
            if table in ("pages", "fetches") and row["article_id"] is not None:
                per_story.append((row["article_id"], row.pop("outcome"), re.sub(r"article \d+", "article", row.pop("detail") or "")))
            rows.append(tuple(row.items()))
        tables[table] = sorted(rows, key=repr)
        tables[f"{table} per story"] = sorted(per_story)
    tables["runs"] = conn.execute("SELECT status, requests, new_articles, updated_articles, errors FROM crawl_runs").fetchall()
    # Derived from fetches, not from the workers' Scrapy counters (lost with a killed worker): must match too
    tables["run sources"] = conn.execute("SELECT run_id, source_id, requests, ok, not_modified, new_articles, errors, skipped"
                                         " FROM crawl_run_sources ORDER BY run_id, source_id").fetchall()
    tables["health"] = conn.execute("SELECT source_id, consecutive_failures, yield_ratio, articles, gone, last_run_requests,"
                                    " last_run_new, last_run_errors, fetches, errors FROM source_health ORDER BY source_id").fetchall()
    tables["search"] = sorted(r[0] for r in conn.execute(
        "SELECT url FROM articles WHERE id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'dan quan')"))
    assert conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == len(url_of)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return tables


class Cluster:
    """The processes of one distributed run: a writer, workers (two by default) and the crawl that starts the run."""

    def __init__(self, farm: Farm, server: RedisServer, tmp: Path, prefix: str, db: Path | None = None, workers: int = 2,
                 **settings: Any) -> None:
        self.tmp, self.db, self.url = tmp, db or tmp / f"{prefix}.db", server.url()
        self.config = farm.write_config(tmp / f"{prefix}.yaml", QPDP_REDIS_LEASE=3, QPDP_REDIS_PREFIX=prefix, **settings)
        self.redis = redis.Redis(port=server.port)
        self.prefix = prefix
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.start("ingest", "ingest", "--redis", self.url, "--db", str(self.db), "--config", str(self.config), "--once")
        for n in range(1, workers + 1):
            self.start(f"worker{n}", "worker", "--redis", self.url, "--config", str(self.config))
        seed_only = ["--seed-only"] if workers else []  # without workers, the crawl command crawls itself
        self.start("crawl", "crawl", "--redis", self.url, "--config", str(self.config), "--db", str(self.db), *seed_only)

    def start(self, name: str, *args: str) -> None:
        log = (self.tmp / f"{self.prefix}-{name}.log").open("ab")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.procs[name] = subprocess.Popen([sys.executable, "-m", "archive.cli", *args], cwd=ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)

    def log(self, name: str) -> str:
        return (self.tmp / f"{self.prefix}-{name}.log").read_text(encoding="utf-8", errors="replace")

    def written(self) -> int:
        if not self.db.exists():
            return 0
        with sqlite3.connect(self.db, timeout=30) as conn:
            try:
                return int(conn.execute("SELECT count(*) FROM fetches").fetchone()[0])
            except sqlite3.OperationalError:
                return 0

    def wait(self, timeout: float = 150) -> None:
        deadline = time.monotonic() + timeout
        for name, proc in self.procs.items():
            if proc.returncode == -signal.SIGKILL:
                continue
            code = proc.wait(timeout=max(1, deadline - time.monotonic()))
            assert code == 0, f"{name} exited {code}:\n{self.log(name)[-3000:]}"

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture
def cluster_factory(redis_server: RedisServer, tmp_path: Path) -> Iterator[Any]:
    made: list[Cluster] = []

    def make(farm: Farm, prefix: str, **settings: Any) -> Cluster:
        made.append(Cluster(farm, redis_server, tmp_path, prefix, **settings))
        return made[-1]

    yield make
    for cluster in made:
        cluster.close()


@pytest.fixture(scope="module")
def distributed(tfarm, baseline, redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One distributed run of the farm: the processes, what the farm served, the most it served at once per host."""
    farm, seen = tfarm
    seen.max.clear()
    before = _hits(farm)
    cluster = Cluster(farm, redis_server, tmp_path_factory.mktemp("cluster"), "t1")
    try:
        cluster.wait()
        yield cluster, _hits(farm) - before, dict(seen.max)
    finally:
        cluster.close()


def test_two_workers_build_the_same_archive_as_one_process(baseline, distributed) -> None:
    single_db, single_hits = baseline
    cluster, hits, most = distributed

    assert snapshot(cluster.db) == snapshot(single_db)
    # Every URL fetched as often as by one process: once, retries apart (robots.txt: the spider's request and
    # Scrapy's robots.txt check, which the workers share through Redis)
    assert hits == single_hits, {k: (hits[k], single_hits[k]) for k in set(hits) | set(single_hits) if hits[k] != single_hits[k]}
    assert max(most.values()) == 1, f"a host served two requests at once: {most}"
    for name in ("worker1", "worker2"):
        assert "worker done" in cluster.log(name) and re.search(r"worker done: [1-9]\d* responses", cluster.log(name))
    assert "run 1: " in cluster.log("crawl") and "finish reason: finished" in cluster.log("crawl")
    assert cluster.redis.llen(f"{cluster.prefix}:items") == 0 and cluster.redis.hlen(f"{cluster.prefix}:inflight") == 0


def test_the_writer_keeps_every_captured_page_in_warc(baseline, distributed) -> None:
    cluster, _, _ = distributed
    urls = []
    for db in (cluster.db, baseline[0]):
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM articles WHERE capture_id IS NULL").fetchone()[0] == 0
            urls.append(sorted(r[0] for r in conn.execute("SELECT url FROM captures")))
    assert urls[0] and urls[0] == urls[1]
    result = run_qpdp("verify", "--db", str(cluster.db))
    assert result.returncode == 0, result.stdout + result.stderr


def test_killing_a_worker_and_the_writer_mid_run_loses_nothing(tfarm, baseline, cluster_factory) -> None:
    farm, _ = tfarm
    single_db, _ = baseline
    cluster = cluster_factory(farm, "t2", DOWNLOAD_DELAY=0.2)  # slower, so that there is a middle of the run
    deadline = time.monotonic() + 90
    heartbeat = f"t2:worker:{socket.gethostname()}:{cluster.procs['worker1'].pid}"
    while cluster.written() < 20 or json.loads(cluster.redis.get(heartbeat) or "{}").get("leases", 0) < 2:
        assert time.monotonic() < deadline, cluster.log("ingest")[-2000:]
        time.sleep(0.05)
    for name in ("worker1", "ingest"):
        cluster.procs[name].kill()
        cluster.procs[name].wait()
    assert cluster.written() < snapshot(single_db)["runs"][0][1], "the run was over before the kill"
    cluster.start("ingest", "ingest", "--redis", cluster.url, "--db", str(cluster.db), "--config", str(cluster.config), "--once")
    cluster.wait()

    assert snapshot(cluster.db) == snapshot(single_db)
    assert "resumed run" in cluster.log("ingest")
    assert re.search(r"requeued [1-9]\d* requests", cluster.log("worker2") + cluster.log("ingest")), "worker1 held no lease"


def test_frontier_spreads_hosts_and_gives_back_expired_leases(redis_server: RedisServer) -> None:
    from crawler.distributed.cluster import Cluster as State

    state = State.from_url(redis_server.url(1), prefix="unit", lease=0.3)
    assert state.create_run([], False)[1]
    for host in ("a", "b"):
        for i in range(3):
            state.push(f"{host}{i}".encode(), host, 0)
    state.push(b"b-feed", "b", 20)
    assert state.queued() == 7
    first = state.pop()
    assert first is not None and first[1:] == (b"b-feed", "b")  # priority first
    second = state.pop(busy={"b"})
    assert second is not None and second[1:] == (b"a0", "a")  # then another host than the ones we hold
    assert state.lock("host:a", "someone")
    third = state.pop()
    assert third is not None and third[2] == "b"  # a host nobody downloads from before a busy one
    assert state.pop(busy={"a", "b"}) is None
    state.push(b"b0-retry", "b", 0, replaces=[third[0]])  # a retry replaces its request's lease
    # a filtered request is marked seen and queued in one step; seen before, it is not queued, and still
    # acknowledges the lease it replaces
    assert state.push(b"c0", "c", 0, fingerprint="fp-c0") and state.redis.sismember("unit:dupefilter", "fp-c0")
    assert not state.push(b"c0-again", "c", 0, fingerprint="fp-c0")
    c0 = state.pop(busy={"a", "b"})
    assert c0 is not None and c0[1] == b"c0" and state.pop(busy={"a", "b"}) is None
    assert not state.push(b"c0-redirected", "c", 0, replaces=[c0[0]], fingerprint="fp-c0")
    assert state.redis.hlen("unit:inflight") == 2  # the first and second requests' leases
    # links offered: a page fetched again after its worker died is still the first to offer its own links
    assert state.first_offers(["a1", "a2"], "list-1") == {"a1", "a2"}
    assert state.first_offers(["a2", "a3"], "list-2") == {"a3"}
    assert state.first_offers(["a1", "a2"], "list-1") == {"a1", "a2"}
    state.ack([first[0]])
    assert state.settle(state.status()["token"]) == "pending"
    time.sleep(0.4)
    assert state.reap() == 1  # only the second request was still leased: back in the frontier
    assert state.queued() == 6 and state.redis.hlen("unit:inflight") == 0
    assert state.lock("host:a", "someone")  # its earlier lock expired with the lease period
    assert state.unlock("host:a", "someone", cooldown=0.2) and not state.lock("host:a", "me")
    time.sleep(0.25)
    assert state.lock("host:a", "me")


@pytest.mark.parametrize(("args", "message"), [
    (["worker", "--no-wait"], "give --redis"),
    (["crawl", "--seed-only"], "--seed-only needs --redis"),
    (["ingest", "--redis", "redis://127.0.0.1:9/0"], "cannot use Redis at redis://127.0.0.1:9/0"),
])
def test_distributed_commands_fail_with_one_clear_line(args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from archive.cli import cli

    result = CliRunner().invoke(cli, [*args, "--config", str(ROOT / "config" / "demo.yaml")])
    assert result.exit_code in (1, 2) and message in result.output, result.output


def test_next_run_skips_known_pages_like_a_single_machine(tfarm, distributed, redis_server: RedisServer) -> None:
    farm, _ = tfarm
    first, _, _ = distributed
    conn = sqlite3.connect(first.db)
    articles = conn.execute("SELECT id, url, content_hash FROM articles ORDER BY id").fetchall()
    settled = {r[0] for r in conn.execute("SELECT url FROM pages WHERE outcome IN ('archived', 'off_topic', 'duplicate')")}
    conn.close()
    before = _hits(farm)
    again = Cluster(farm, redis_server, first.tmp, "t3", db=first.db, workers=0)
    try:
        again.wait()
    finally:
        again.close()
    fetched = {farm.url(pid).rstrip("/") + path for (pid, path) in _hits(farm) - before}
    assert fetched and not fetched & settled, f"known pages fetched again: {sorted(fetched & settled)[:5]}"
    conn = sqlite3.connect(first.db)
    assert conn.execute("SELECT id, url, content_hash FROM articles ORDER BY id").fetchall() == articles
    assert conn.execute("SELECT status, new_articles FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone() == ("finished", 0)
    skipped = re.search(r"(\d+) known pages skipped", again.log("crawl"))
    assert skipped and int(skipped.group(1)) >= len(settled) // 2, again.log("crawl")[-500:]


def test_syndicated_copies_cluster_as_in_a_single_process(redis_server: RedisServer, tmp_path: Path) -> None:
    """Two nights over the syndication portals (URL variants, a redirect, an exact copy, a reworded copy): here
    `qpdp crawl --redis` is the worker, and one writer serves both nights."""
    farm = SyndicationFarm(host_base=81)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "cluster.log").open("ab")

    procs: list[subprocess.Popen[bytes]] = []

    def qpdp(*args: str) -> subprocess.Popen[bytes]:
        procs.append(subprocess.Popen([sys.executable, "-m", "archive.cli", *args], cwd=ROOT, env=env, stdout=log,
                                      stderr=subprocess.STDOUT))
        return procs[-1]

    url, single, dist = redis_server.url(2), tmp_path / "single.db", tmp_path / "cluster.db"
    config = farm.write_config(tmp_path / "sources.yaml", QPDP_REDIS_LEASE=3, QPDP_REDIS_PREFIX="t4")
    qpdp("ingest", "--redis", url, "--db", str(dist), "--config", str(config))
    try:
        for sources in (["lucnam", "yenthe"], ["bacgiang", "phonxuong"]):
            args = [a for s in sources for a in ("--source", s)]
            assert run_qpdp("crawl", "--config", str(config), "--db", str(single), *args).returncode == 0
            crawl = qpdp("crawl", "--redis", url, "--config", str(config), "--db", str(dist), *args)
            assert crawl.wait(timeout=120) == 0, (tmp_path / "cluster.log").read_text()[-3000:]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        farm.close()
    expected = snapshot(single)
    assert len({row for row in expected["clusters"]}) >= 4  # the fixture really has clusters
    assert snapshot(dist) == expected
