"""Shared fixtures: the fixture portal farm and one real crawl of it into a real SQLite file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.farm import Farm

ROOT = Path(__file__).resolve().parent.parent


def run_qpdp(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real `qpdp` command in a subprocess (Scrapy's reactor runs once per process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "archive.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env, check=False)


@dataclass
class Crawled:
    """A farm crawled once: config, database and the crawl's output."""

    farm: Farm
    config: Path
    db: Path
    first: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def farm() -> Iterator[Farm]:
    """The fixture portals, served for the whole session."""
    running = Farm()
    yield running
    running.close()


@pytest.fixture(scope="session")
def crawled(farm: Farm, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """One full crawl of the farm into a fresh archive."""
    tmp = tmp_path_factory.mktemp("crawl")
    config = farm.write_config(tmp / "sources.yaml")
    db = tmp / "archive.db"
    result = run_qpdp("crawl", "--config", str(config), "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawled(farm, config, db, result)


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path, *options: str) -> Iterator[str]:
    """A real `qpdp serve` process over *db* on loopback; yields its base URL, stops it afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "archive.cli", "serve", "--db", str(db), "--port", str(port), *options],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("qpdp serve exited early") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def server(crawled: Crawled) -> Iterator[str]:
    """The crawled archive served by a real Datasette process for the whole session."""
    with serving(crawled.db) as base:
        yield base


def insert_articles(archive: Any, rows: list[tuple], fts: list[tuple]) -> None:
    """Bulk-load synthetic articles (rows in the INSERT's column order) and their folded FTS rows, in one transaction."""
    with archive.transaction():
        archive.conn.executemany("INSERT INTO articles (id, url, source_id, level, province, title, published, year, text,"
                                 " topics, content_hash, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        archive.conn.executemany("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", fts)
