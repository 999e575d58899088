"""A real Scrapy crawl of the fixture portals into a real SQLite archive."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ROOT, Crawled, run_qpdp

MANIFEST = json.loads((ROOT / "demo" / "portals" / "_manifest.json").read_text(encoding="utf-8"))


def _db(crawled: Crawled) -> sqlite3.Connection:
    conn = sqlite3.connect(crawled.db)
    conn.row_factory = sqlite3.Row
    return conn


def _article_for(conn: sqlite3.Connection, url: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT a.* FROM articles a JOIN sightings s ON s.article_id = a.id WHERE s.url = ?", (url,)
    ).fetchone()


def _manifest_articles(defense: bool) -> list[tuple[str, dict]]:
    return [(pid, a) for pid, portal in MANIFEST.items() for a in portal["articles"] if a["defense"] is defense]


@pytest.mark.parametrize(("pid", "expected"), _manifest_articles(True), ids=lambda v: v if isinstance(v, str) else v["path"])
def test_defense_article_archived_with_metadata(crawled: Crawled, pid: str, expected: dict) -> None:
    row = _article_for(_db(crawled), crawled.farm.url(pid).rstrip("/") + expected["path"])
    assert row is not None, f"{expected['path']} not archived"
    assert row["title"] == expected["title"]
    assert row["source_id"] == pid and row["level"]
    assert json.loads(row["topics"])
    assert row["published"] and row["published"][:10] == expected["published"][:10]


@pytest.mark.parametrize(("pid", "expected"), _manifest_articles(False), ids=lambda v: v if isinstance(v, str) else v["path"])
def test_off_topic_page_remembered_not_archived(crawled: Crawled, pid: str, expected: dict) -> None:
    url = crawled.farm.url(pid).rstrip("/") + expected["path"]
    conn = _db(crawled)
    assert _article_for(conn, url) is None
    page = conn.execute("SELECT outcome FROM pages WHERE url = ?", (url,)).fetchone()
    assert page is not None and page["outcome"] == "off_topic"


def test_listings_are_not_archived(crawled: Crawled) -> None:
    conn = _db(crawled)
    for pid, portal in MANIFEST.items():
        for path in portal["listings"]:
            assert _article_for(conn, crawled.farm.url(pid).rstrip("/") + path) is None, path


@pytest.mark.parametrize(
    ("path", "outcome", "status", "detail"),
    [
        ("/tin/500-loi-may-chu-12345", "http_error", 500, "HTTP 500"),
        ("/tin/404-khong-ton-tai-12346", "http_error", 404, "HTTP 404"),
        ("/tin/cat-ngang-trang-12347", "no_article", 200, "too little text"),
        ("/tin/than-rong-12348", "no_article", 200, "empty body"),
        ("/tin/tep-pdf-12349", "no_article", 200, "binary content (PDF)"),
        ("/tin/mat-du-lieu-12351", "error", None, "DataLoss"),
    ],
)
def test_faults_are_logged_and_never_stop_the_crawl(crawled: Crawled, path: str, outcome: str, status: int | None, detail: str) -> None:
    url = crawled.farm.url("faulty").rstrip("/") + path
    row = _db(crawled).execute("SELECT * FROM fetches WHERE url = ?", (url,)).fetchone()
    assert row is not None, f"{path} missing from the fetch log"
    assert (row["outcome"], row["status"]) == (outcome, status) and detail in row["detail"]
    good = crawled.farm.url("faulty").rstrip("/") + "/tin/dan-quan-ra-quan-huan-luyen-12350"
    assert _article_for(_db(crawled), good) is not None


def test_every_served_page_is_in_the_fetch_log(crawled: Crawled) -> None:
    logged = {r[0] for r in _db(crawled).execute("SELECT url FROM fetches")}
    for pid, hits in crawled.farm.hits.items():
        for path in hits:
            assert crawled.farm.url(pid).rstrip("/") + path in logged, path


def test_crawl_run_recorded_and_database_consistent(crawled: Crawled) -> None:
    conn = _db(crawled)
    run = conn.execute("SELECT * FROM crawl_runs ORDER BY id LIMIT 1").fetchone()
    assert run["status"] == "finished" and run["finished"] and run["new_articles"] > 0 and run["errors"] >= 3
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexed = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    assert indexed == conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_rerun_on_unchanged_portals_adds_nothing(crawled: Crawled, tmp_path: Path) -> None:
    conn = _db(crawled)
    before = [tuple(r) for r in conn.execute("SELECT id, url, content_hash FROM articles ORDER BY id")]
    article_paths = {a["path"] for portal in MANIFEST.values() for a in portal["articles"]}
    hits_before = {pid: sum(n for p, n in h.items() if p in article_paths) for pid, h in crawled.farm.hits.items()}
    result = run_qpdp("crawl", "--config", str(crawled.config), "--db", str(crawled.db))
    assert result.returncode == 0, result.stderr[-2000:]
    after = [tuple(r) for r in _db(crawled).execute("SELECT id, url, content_hash FROM articles ORDER BY id")]
    assert after == before
    hits_after = {pid: sum(n for p, n in h.items() if p in article_paths) for pid, h in crawled.farm.hits.items()}
    assert hits_after == hits_before, "known article pages were downloaded again"
    runs = _db(crawled).execute("SELECT status, new_articles FROM crawl_runs ORDER BY id").fetchall()
    assert [tuple(r) for r in runs][-1] == ("finished", 0)
