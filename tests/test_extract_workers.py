"""Extraction in worker processes: the archive is the same with 0 (inline), 1 and 2 QPDP_EXTRACT_WORKERS.

Three real `qpdp crawl` runs of the same loopback portal farm (realistic pages: a sidebar of links, distinct
texts) must give identical article rows, page outcomes and capture rows with byte-identical WARC payloads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from archive.store import warc
from benchmarks.portals import GeneratedFarm
from crawler.known_settings import check
from tests.conftest import run_qpdp


def _path(url: str) -> str:
    return urlsplit(url)._replace(scheme="", netloc="").geturl()


def archive(db: Path) -> dict[str, list[tuple]]:
    """Articles, page outcomes and captures (with their WARC payload), addresses made host-independent, sorted."""
    conn = sqlite3.connect(db)
    try:
        articles = [(s, _path(u), *rest) for s, u, *rest in conn.execute(
            "SELECT a.source_id, a.url, a.title, a.published, a.author, a.text, a.topics, a.content_hash, a.extractor, "
            "c.sha256 FROM articles a LEFT JOIN captures c ON c.id = a.capture_id")]
        pages = [(s, _path(u), *rest) for s, u, *rest in conn.execute(
            "SELECT source_id, url, outcome, status, detail, kind FROM pages")]
        captures = [(s, _path(u), status, sha, warc.read(db.parent / "warc", Path(f).name, off, length).body)
                    for s, u, status, sha, f, off, length in conn.execute(
                        "SELECT source_id, url, status, sha256, warc_file, warc_offset, warc_length FROM captures")]
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0])
    finally:
        conn.close()
    return {"articles": sorted(articles, key=repr), "pages": sorted(pages, key=repr), "captures": sorted(captures, key=repr),
            "stats": stats}


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, dict[str, list[tuple]]]]:
    """The farm crawled with 0, 1 and 2 extraction workers, each into a fresh archive."""
    farm = GeneratedFarm(3, 24, third_octet=171, sidebar=30)
    try:
        found = {}
        for workers in (0, 1, 2):
            tmp = tmp_path_factory.mktemp(f"workers-{workers}")
            config = farm.write_config(tmp / "sources.yaml", QPDP_EXTRACT_WORKERS=workers, QPDP_PROGRESS="off")
            result = run_qpdp("crawl", "--config", str(config), "--db", str(tmp / "archive.db"))
            assert result.returncode == 0, result.stderr[-3000:]
            found[workers] = archive(tmp / "archive.db")
        yield found
    finally:
        farm.close()


def test_the_setting_is_known() -> None:
    assert check({"QPDP_EXTRACT_WORKERS": 2}) == []
    assert check({"QPDP_EXTRACT_WORKERS": "many"})


def test_every_page_is_judged_and_archived(crawls: dict[int, dict[str, list[tuple]]]) -> None:
    inline = crawls[0]
    assert len(inline["articles"]) >= 3 * 24 * 0.6  # the defense stories (every fifth article is civil news)
    assert {row[2] for row in inline["pages"]} >= {"archived", "listing", "off_topic"}
    assert all(row[-1] for row in inline["articles"]), "every article has its capture"


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_are_analysed_in_the_workers(crawls: dict[int, dict[str, Any]], workers: int) -> None:
    stats = crawls[workers]["stats"]
    assert stats.get("qpdp/pages_analysed_in_workers", 0) >= 3 * 24 and not stats.get("qpdp/pages_analysed_inline")
    assert crawls[0]["stats"].get("qpdp/pages_analysed_inline", 0) >= 3 * 24


@pytest.mark.parametrize("workers", [1, 2])
def test_the_archive_does_not_depend_on_the_worker_count(crawls: dict[int, dict[str, list[tuple]]], workers: int) -> None:
    for table in ("articles", "pages", "captures"):
        assert crawls[workers][table] == crawls[0][table], table
