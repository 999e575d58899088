"""Nightly crawls against generated portals on loopback: incremental, resumable, locked, observable."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.store.lock import CrawlLock
from archive.store.schedule import DAY, HOUR, retry_delay
from benchmarks.portals import GeneratedFarm
from tests.conftest import ROOT, run_qpdp


@dataclass
class Base:
    """Generated portals crawled once; each test crawls on from its own copy of the archive."""

    farm: GeneratedFarm
    config: Path
    db: Path
    first: subprocess.CompletedProcess[str]
    requests: int

    def copy(self, tmp_path: Path) -> Path:
        """A private copy of the crawled archive."""
        target = tmp_path / "a.db"
        source, dest = sqlite3.connect(self.db), sqlite3.connect(target)
        source.backup(dest)
        source.close(), dest.close()
        return target


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Base]:
    """Two generated portals of 66 articles each (3 categories of 22, 10 per listing page: 3 pages each).

    Tests that change the portals (a new article, a removed one) come after those that expect them unchanged.
    """
    farm = GeneratedFarm(2, 66, third_octet=91)
    tmp = tmp_path_factory.mktemp("nightly")
    config, db = farm.write_config(tmp / "s.yaml"), tmp / "base.db"
    first = _crawl(config, db)
    yield Base(farm, config, db, first, farm.requests())
    farm.close()


def _crawl(config: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = run_qpdp("crawl", "--config", str(config), "--db", str(db), *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def _table_counts(db: Path) -> dict[str, int]:
    return {t: _rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in ("articles", "sightings", "pages", "articles_fts_docsize")}


def _delta(after: Counter[str], before: dict[str, int]) -> dict[str, int]:
    return {path: n - before.get(path, 0) for path, n in after.items() if n - before.get(path, 0)}


def test_second_run_downloads_no_known_article_and_adds_no_rows(base: Base, tmp_path: Path) -> None:
    gen, config, db = base.farm, base.config, base.copy(tmp_path)
    assert "progress total" in base.first.stderr  # plain progress lines when not on a terminal
    counts, requests_before, articles_before = _table_counts(db), gen.requests(), gen.article_hits()
    assert counts["articles"] == 106  # 66 per portal, every fifth one is civil news
    second = _crawl(config, db)
    assert gen.article_hits() == articles_before, "known article pages were downloaded again"
    assert _table_counts(db) == counts
    nightly = gen.requests() - requests_before
    assert nightly <= 0.15 * base.requests, (nightly, base.requests)
    run = _rows(db, "SELECT status, new_articles, not_modified, mode FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert run[0] == "finished" and run[1] == 0 and run[2] > 0 and run[3] == "incremental"
    assert "0 new articles" in second.stderr


def test_backfill_walks_every_listing_page(base: Base, tmp_path: Path) -> None:
    gen, config, db = base.farm, base.config, base.copy(tmp_path)
    before = dict(gen.portals[0].hits)
    result = _crawl(config, db, "--backfill", "--progress", "live")
    assert "fetched  archived  errors  304" in result.stderr, result.stderr[-3000:]  # live table
    fetched = _delta(gen.portals[0].hits, before)
    assert "/chuyen-muc/quoc-phong-quan-su?page=3" in fetched
    assert not [p for p in fetched if p.startswith("/tin/")]
    assert _rows(db, "SELECT mode, not_modified FROM crawl_runs ORDER BY id DESC LIMIT 1") == [("backfill", 0)]


def test_new_article_on_first_listing_page_is_picked_up(base: Base, tmp_path: Path) -> None:
    config, db = base.config, base.copy(tmp_path)
    portal = base.farm.portals[1]
    new_path = portal.site.add_article("quoc-phong-quan-su")
    before = dict(portal.hits)
    _crawl(config, db)
    fetched = _delta(portal.hits, before)
    assert fetched.get(new_path) == 1 and fetched.get("/chuyen-muc/quoc-phong-quan-su") == 1
    assert [p for p in fetched if p.startswith("/tin/")] == [new_path], "only the new article is downloaded"
    assert "/chuyen-muc/quoc-phong-quan-su?page=3" not in fetched, "pagination stops once a page has nothing new"
    assert _rows(db, f"SELECT count(*) FROM articles WHERE url = '{portal.url.rstrip('/')}{new_path}'") == [(1,)]
    assert _rows(db, "SELECT new_articles FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(1,)]
    # More new articles than a listing page holds: all are found, and the walk still stops before the end.
    burst = {portal.site.add_article("tin-hoat-dong") for _ in range(12)}
    before = dict(portal.hits)
    _crawl(config, db)
    fetched = _delta(portal.hits, before)
    assert {p for p in fetched if p.startswith("/tin/")} == burst
    assert "/chuyen-muc/tin-hoat-dong?page=4" not in fetched
    assert _rows(db, "SELECT new_articles FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(10,)]  # 2 are civil news


def test_refresh_records_a_removed_article_as_gone_and_keeps_the_copy(base: Base, tmp_path: Path) -> None:
    config, db = base.config, base.copy(tmp_path)
    portal = base.farm.portals[0]
    path = portal.site.article_path(1)
    url = portal.url.rstrip("/") + path
    (article_id,) = _rows(db, f"SELECT id FROM articles WHERE url = '{url}'")[0]
    portal.overrides[path] = (410, "text/html; charset=utf-8", "<html><body>Bài viết đã bị gỡ</body></html>")
    before = dict(portal.hits)
    _crawl(config, db)
    assert path not in _delta(portal.hits, before), "a normal run never revisits an archived article"
    try:
        _crawl(config, db, "--refresh")
    finally:
        del portal.overrides[path]
    assert _rows(db, f"SELECT outcome, status FROM pages WHERE url = '{url}'") == [("gone", 410)]
    assert _rows(db, f"SELECT id FROM articles WHERE url = '{url}'") == [(article_id,)]
    (detail,) = _rows(db, f"SELECT detail FROM fetches WHERE url = '{url}' ORDER BY id DESC LIMIT 1")[0]
    assert "gone" in detail and "archived copy kept" in detail
    assert _rows(db, f"SELECT gone FROM source_health WHERE source_id = '{portal.id}'") == [(1,)]


def _count(db: Path) -> int:
    try:
        return _rows(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.Error:
        return 0


def _article_set(db: Path) -> set[tuple[str, str]]:
    return set(_rows(db, "SELECT url, content_hash FROM articles"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, float]]:
    """Slow generated portals crawled once without interruption: (config, archive, seconds taken)."""
    farm = GeneratedFarm(3, 40, latency=0.01, third_octet=92)
    tmp = tmp_path_factory.mktemp("reference")
    config = farm.write_config(tmp / "s.yaml")
    started = time.monotonic()
    _crawl(config, tmp / "ref.db")
    yield config, tmp / "ref.db", time.monotonic() - started
    farm.close()


@pytest.mark.parametrize("seed", [5, 17])
def test_kill_9_then_rerun_gives_the_same_archive(reference: tuple[Path, Path, float], tmp_path: Path, seed: int) -> None:
    config, reference_db, reference_time = reference
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = len(_article_set(reference_db))
    target = random.Random(seed).randint(1, total - 10)  # a random point: after `target` articles are stored
    deadline = time.monotonic() + 3 * reference_time + 10
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _count(db) >= target:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    partial = _article_set(db) if db.exists() else set()
    if partial:  # the run row exists: still marked running, but nobody holds the lock any more
        status = CliRunner().invoke(cli, ["status", "--db", str(db), "--check"])
        assert status.exit_code == 3 and "interrupted (still marked running" in status.output, status.output
        assert "CHECK FAILED: the last run did not finish (interrupted: no crawl holds" in status.stderr
    _crawl(config, db)
    assert _article_set(db) == _article_set(reference_db)
    assert len(partial) < len(_article_set(db)), "the kill came after the crawl had finished"
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "SELECT count(*) FROM articles") == _rows(db, "SELECT count(DISTINCT url) FROM articles")
    assert _rows(db, "SELECT count(*) FROM articles_fts_docsize") == _rows(db, "SELECT count(*) FROM articles")
    statuses = [r[0] for r in _rows(db, "SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses == ["interrupted", "finished"]


def test_nightly_run_killed_mid_burst_is_finished_by_the_next_run(tmp_path: Path) -> None:
    farm = GeneratedFarm(1, 30, latency=0.03, third_octet=98, hubs=False)  # listings are the only way in
    try:
        config, db = farm.write_config(tmp_path / "s.yaml"), tmp_path / "a.db"
        _crawl(config, db)
        before = _count(db)
        site = farm.portals[0].site
        burst = [site.add_article("quoc-phong-quan-su") for _ in range(25)]  # two and a half listing pages
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and _count(db) < before + 8:  # the first listing page is done
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert _count(db) < before + 20, "the kill came too late to test anything"
        _crawl(config, db)
        urls = {farm.portals[0].url.rstrip("/") + path for path in burst}
        archived = {r[0] for r in _rows(db, "SELECT url FROM articles")}
        assert len(urls & archived) == 20  # 25 new, every fifth is civil news
        off_topic = {r[0] for r in _rows(db, "SELECT url FROM pages WHERE outcome = 'off_topic'")}
        assert urls <= archived | off_topic
    finally:
        farm.close()


def test_second_crawl_on_the_same_archive_exits_with_a_clear_message(base: Base, tmp_path: Path) -> None:
    config, db = base.config, base.copy(tmp_path)
    before = base.farm.requests()
    with CrawlLock(db):
        result = run_qpdp("crawl", "--config", str(config), "--db", str(db))
    assert result.returncode == 75
    assert "another crawl is already running on this archive" in result.stderr and f"pid {os.getpid()}" in result.stderr
    assert "Traceback" not in result.stderr and base.farm.requests() == before


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_broken_source_threshold_exit_code_and_status(tmp_path: Path) -> None:
    import yaml

    gen = GeneratedFarm(1, 20, third_octet=94)
    config = gen.write_config(tmp_path / "s.yaml")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"].append({"id": "dead", "name": "Cổng hỏng", "level": "commune",
                            "start_urls": [f"http://127.0.0.1:{_closed_port()}/"]})
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = tmp_path / "a.db"
    try:
        assert run_qpdp("crawl", "--config", str(config), "--db", str(db), "--broken-after", "2").returncode == 0
        second = run_qpdp("crawl", "--config", str(config), "--db", str(db), "--broken-after", "2")
    finally:
        gen.close()
    assert second.returncode == 3, second.stderr[-2000:]
    assert "BROKEN: 1 source(s)" in second.stderr and "dead (2 runs)" in second.stderr
    assert json.loads(_rows(db, "SELECT broken FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0]) == {"dead": 2}
    status = CliRunner().invoke(cli, ["status", "--db", str(db), "--broken-after", "2"])
    assert status.exit_code == 0
    lines = {line.split()[0]: line for line in status.output.splitlines() if line.strip()}
    assert lines["dead"].endswith("BROKEN") and " 2 " in lines["dead"]
    assert not lines[gen.portals[0].id].endswith("BROKEN")
    assert "last run 2 (incremental): finished" in status.output
    check = CliRunner().invoke(cli, ["status", "--db", str(db), "--broken-after", "2", "--check"])
    assert check.exit_code == 3 and "CHECK FAILED: 1 source(s) BROKEN" in check.stderr
    healthy = CliRunner().invoke(cli, ["status", "--db", str(db), "--check", "--source", gen.portals[0].id])
    assert healthy.exit_code == 0, healthy.output
    health = _rows(db, "SELECT source_id, consecutive_failures, last_success IS NOT NULL, yield_ratio FROM source_health ORDER BY 1")
    assert health[0] == ("dead", 2, 0, None)
    assert health[1][1:3] == (0, 1) and health[1][3] == 0.8


def test_datasette_serves_while_a_crawl_writes(tmp_path: Path) -> None:
    farm = GeneratedFarm(2, 40, latency=0.02, third_octet=93)
    server = crawl = None
    try:
        config, db = farm.write_config(tmp_path / "s.yaml"), tmp_path / "a.db"
        sqlite3.connect(db).close()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        crawl = subprocess.Popen([sys.executable, "-m", "archive.cli", "crawl", "--config", str(config), "--db", str(db)],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not _rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'")[0][0]:
            time.sleep(0.05)
        port = _closed_port()
        server = subprocess.Popen([sys.executable, "-m", "archive.cli", "serve", "--db", str(db), "--port", str(port)],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen, reads_during_crawl = set(), 0
        while crawl.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/articles.json?_shape=array&_size=max", timeout=5) as r:
                    seen.add(len(json.loads(r.read())))
                    reads_during_crawl += crawl.poll() is None
            except OSError:
                pass
            time.sleep(0.1)
        assert crawl.returncode == 0
        assert reads_during_crawl >= 2 and len(seen) >= 2, "Datasette must answer (with growing data) during the crawl"
    finally:
        for proc in (crawl, server):
            if proc and proc.poll() is None:
                proc.terminate()
                proc.wait(10)
        farm.close()


def test_retry_schedule() -> None:
    assert retry_delay("archived", 200, 0) is None and retry_delay("gone", 410, 1) is None
    assert retry_delay("listing", 200, 0) is None
    assert retry_delay("http_error", 503, 1) == 20 * HOUR
    assert retry_delay("error", None, 3) == 80 * HOUR
    assert retry_delay("error", None, 30) == 30 * DAY
    assert retry_delay("http_error", 429, 1, retry_after=3 * DAY) == 3 * DAY
    assert retry_delay("http_error", 404, 1) == 7 * DAY and retry_delay("no_article", 200, 2) == 14 * DAY
    assert retry_delay("off_topic", 200, 0) == 60 * DAY


def test_older_archive_gains_the_scheduling_columns_and_view(tmp_path: Path) -> None:
    from archive.store.db import Archive

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE pages (url TEXT PRIMARY KEY, source_id TEXT NOT NULL, outcome TEXT NOT NULL, status INTEGER,"
        " detail TEXT, article_id INTEGER, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);"
        "CREATE TABLE crawl_runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,"
        " sources TEXT NOT NULL, requests INTEGER DEFAULT 0, new_articles INTEGER DEFAULT 0,"
        " updated_articles INTEGER DEFAULT 0, errors INTEGER DEFAULT 0, stats TEXT);"
        "CREATE TABLE sources (id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, province TEXT,"
        " start_urls TEXT NOT NULL, cms TEXT, verified INTEGER NOT NULL DEFAULT 0, notes TEXT);"
        "CREATE VIEW source_health AS SELECT id AS source_id FROM sources;"
        "INSERT INTO pages VALUES ('http://x/1', 's', 'off_topic', 200, NULL, NULL, '2024-01-01', '2024-01-01');"
    )
    conn.close()
    Archive(db).close()
    Archive(db).close()  # idempotent
    columns = {r[1] for r in _rows(db, "PRAGMA table_info(pages)")}
    assert {"etag", "last_modified", "next_fetch_after", "failures", "first_run", "kind", "validators_run"} <= columns
    assert {"mode", "not_modified", "broken"} <= {r[1] for r in _rows(db, "PRAGMA table_info(crawl_runs)")}
    assert "consecutive_failures" in {r[1] for r in _rows(db, "PRAGMA table_info(source_health)")}
    assert _rows(db, "SELECT outcome, failures FROM pages") == [("off_topic", 0)]
