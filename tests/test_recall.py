"""Crawl recall and determinism on portals of new shapes: the extractor decides, one canonical capture per story.

Three real crawls of identical fixture portals (tests/shapes.py): one meeting every variant (print, AMP, mobile,
session id, tracker, redirect) before its article, one meeting the articles first, and a two-worker distributed
crawl through a real redis-server. Their archives must be identical; a no-change night fetches no article page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.store import schedule
from archive.store.db import Archive
from tests.conftest import run_qpdp
from tests.redisd import RedisServer, serve_redis
from tests.shapes import NUKE, NUKE_PRINT, ShapesFarm
from tests.test_distributed import Cluster


@dataclass
class Crawl:
    """A shapes farm and its crawled archive."""

    farm: ShapesFarm
    db: Path
    config: Path

    def conn(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        return conn


def _crawl(farm: ShapesFarm, tmp: Path) -> Crawl:
    config, db = farm.write_config(tmp / "sources.yaml"), tmp / "archive.db"
    result = run_qpdp("crawl", "--config", str(config), "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawl(farm, db, config)


@pytest.fixture(scope="module")
def variants_first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    farm = ShapesFarm(131, "variants-first")
    try:
        yield _crawl(farm, tmp_path_factory.mktemp("variants-first"))
    finally:
        farm.close()


@pytest.fixture(scope="module")
def canonical_first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    farm = ShapesFarm(141, "canonical-first")
    try:
        yield _crawl(farm, tmp_path_factory.mktemp("canonical-first"))
    finally:
        farm.close()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server."""
    yield from serve_redis()


@pytest.fixture(scope="module")
def two_workers(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    farm = ShapesFarm(151, "variants-first")
    cluster = Cluster(farm, redis_server, tmp_path_factory.mktemp("two-workers"), "shapes", workers=2)
    try:
        cluster.wait()
        yield Crawl(farm, cluster.db, cluster.config)
    finally:
        cluster.close()
        farm.close()


def _article(conn: sqlite3.Connection, url: str) -> sqlite3.Row | None:
    return conn.execute("SELECT a.* FROM articles a JOIN sightings s ON s.article_id = a.id WHERE s.url = ?", (url,)).fetchone()


def archive(crawl: Crawl) -> list[tuple]:
    """What the acceptance compares: url (relative to the portal), title, published, author, text, capture sha256."""
    rows = crawl.conn().execute(
        "SELECT a.source_id, a.url, a.title, a.published, a.author, a.text, c.sha256, c.url AS captured FROM articles a"
        " LEFT JOIN captures c ON c.id = a.capture_id ORDER BY a.source_id, a.url").fetchall()
    for row in rows:
        assert row["captured"] == row["url"], "the article's capture is not its canonical page"
    return sorted((r["source_id"], urlsplit(r["url"])._replace(scheme="", netloc="").geturl(), *tuple(r)[2:7]) for r in rows)


def recall(crawl: Crawl) -> dict[str, tuple[int, int]]:
    """Per portal: (defense stories archived at their canonical URL with their title and date, stories reachable)."""
    conn, found = crawl.conn(), {}
    for pid, stories in crawl.farm.expected().items():
        hits = 0
        for story in stories:
            row = _article(conn, story["url"])
            hits += bool(row and row["url"] == story["url"] and row["title"] == story["title"]
                         and (row["published"] or "")[:10] == story["published"][:10] and row["variant"] == 0)
        found[pid] = (hits, len(stories))
    return found


def test_every_story_is_archived_under_the_url_its_portal_served(variants_first: Crawl) -> None:
    found = recall(variants_first)
    assert all(hits == total for hits, total in found.values()), found
    conn = variants_first.conn()
    for stories in variants_first.farm.expected().values():
        for story in stories:
            row = _article(conn, story["url"])
            for variant in story["variants"]:
                assert _article(conn, variant)["id"] == row["id"], variant
    wp = variants_first.farm.url("wordpress", "/2025/02/05/luc-nam-kham-suc-khoe-nghia-vu-quan-su/")
    assert conn.execute("SELECT 1 FROM articles WHERE url = ?", (wp,)).fetchone(), "the trailing slash must be kept"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == sum(len(s) for s in variants_first.farm.expected().values())


def test_listing_login_and_status_pages_are_not_archived_and_say_why(variants_first: Crawl) -> None:
    conn = variants_first.conn()
    for url in variants_first.farm.non_articles():
        assert _article(conn, url) is None, url
        page = conn.execute("SELECT outcome, detail FROM pages WHERE url = ?", (url,)).fetchone()
        assert page is not None and page["outcome"] in ("listing", "no_article") and page["detail"], url
    home = conn.execute("SELECT outcome, detail FROM pages WHERE url = ?", (variants_first.farm.url("dnn"),)).fetchone()
    assert tuple(home) == ("listing", "listing page (4 article teasers)")
    login = conn.execute("SELECT detail FROM pages WHERE url LIKE '%/ctl/Login/%'").fetchone()
    assert login["detail"].startswith("login page")


def test_print_view_met_first_gives_way_to_its_article(variants_first: Crawl) -> None:
    farm, conn = variants_first.farm, variants_first.conn()
    assert farm.hits["nukeviet"][NUKE_PRINT] == 1 and farm.hits["nukeviet"][NUKE] == 1
    row = _article(conn, farm.url("nukeviet", NUKE_PRINT))
    assert row["url"] == farm.url("nukeviet", NUKE) and row["author"] == "Nguyễn Ngọc Tú" and row["variant"] == 0
    pages = dict(conn.execute("SELECT url, outcome FROM pages WHERE url IN (?, ?)", (farm.url("nukeviet", NUKE_PRINT), farm.url("nukeviet", NUKE))).fetchall())
    assert set(pages.values()) <= {"archived", "duplicate"}


def test_meeting_variants_in_reverse_order_builds_the_same_archive(variants_first: Crawl, canonical_first: Crawl) -> None:
    assert recall(canonical_first) == recall(variants_first)
    assert archive(canonical_first) == archive(variants_first)


def test_two_workers_build_the_same_archive(variants_first: Crawl, two_workers: Crawl) -> None:
    assert archive(two_workers) == archive(variants_first)


def test_a_night_without_change_downloads_no_article_page(variants_first: Crawl) -> None:
    farm = variants_first.farm
    article_paths = {"/" + u.split("/", 3)[3] for stories in farm.expected().values() for s in stories
                     for u in (s["url"], *s["variants"])}

    def downloads() -> int:
        return sum(n for hits in farm.hits.values() for path, n in hits.items() if path in article_paths)
    before, rows = downloads(), archive(variants_first)
    result = run_qpdp("crawl", "--config", str(variants_first.config), "--db", str(variants_first.db))
    assert result.returncode == 0, result.stderr[-3000:]
    assert downloads() == before, "a known article was downloaded again"
    assert archive(variants_first) == rows


def _save(db: Path, page: str, variant: int, author: str) -> str:
    """Store one page of the story http://xa.vn/tin/a.html as the crawl's pipelines would."""
    archive = Archive(db)
    try:
        archive.conn.execute("INSERT OR IGNORE INTO sources (id, name, level, start_urls) VALUES ('xa', 'Xã', 'ward', '[]')")
        fetch = {"url": page, "source_id": "xa", "kind": "link", "status": 200, "outcome": "", "bytes": 1}
        article = {"url": page, "key": "http://xa.vn/tin/a.html", "variant": variant, "title": "Dân quân xã ra quân huấn luyện",
                   "published": "2024-03-05T08:00:00+07:00", "author": author, "text": "Dân quân tự vệ xã ra quân huấn luyện. " * 20,
                   "variants": [page]}
        return archive.save_article(None, fetch, article, {"id": "xa", "level": "ward", "province": None})
    finally:
        archive.close()


def test_a_variant_archived_alone_is_replaced_by_its_canonical_page_on_a_later_night(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert _save(db, "http://xa.vn/in-bai/1.html", 1, "") == "variant"
    conn = sqlite3.connect(db)
    plan = schedule.plan(conn, ["xa"])
    assert "http://xa.vn/in-bai/1.html" in plan.skip and "http://xa.vn/tin/a.html" not in plan.skip  # still wanted
    conn.close()
    assert _save(db, "http://xa.vn/tin/a.html", 0, "Lê Văn An") == "new"
    assert _save(db, "http://xa.vn/in-bai/1.html", 1, "") == "variant"  # met again: changes nothing
    rows = sqlite3.connect(db).execute("SELECT url, author, variant FROM articles").fetchall()
    assert rows == [("http://xa.vn/tin/a.html", "Lê Văn An", 0)]
    assert "http://xa.vn/tin/a.html" in schedule.plan(sqlite3.connect(db), ["xa"]).skip
