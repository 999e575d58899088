"""Search at scale: newest-first pages from the block map, counts exact below the threshold and estimated above."""

from __future__ import annotations

import json
import random
import sqlite3
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archive.config import Source
from archive.store import matches
from archive.store.db import Archive
from archive.store.search import fts_query
from archive.text import fold
from tests.conftest import insert_articles, serving

SIZE = 9000
LEVELS = ["ward", "commune", "district", "province"]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """9,000 short articles: most in publication order, a backfill of old ones with high ids, a few undated.

    "dân quân" is in about 75 % of them (estimated count), "tự vệ" in about 20 %, "Yagi" in about 1 % (exact)."""
    path = tmp_path_factory.mktemp("scale") / "archive.db"
    rng = random.Random(3)
    archive = Archive(path)
    archive.sync_sources([Source(id=f"s{i}", name=f"Cổng {i}", level=LEVELS[i % 4], province="Hà Nội",
                                 start_urls=[f"https://s{i}.example.vn/"]) for i in range(12)])
    start = datetime(2016, 1, 1, tzinfo=timezone(timedelta(hours=7)))
    rows, fts = [], []
    for i in range(1, SIZE + 1):
        day = i * 0.4 if i <= 7000 else rng.uniform(0, 2800)  # ids 7001+: a portal's archive crawled late
        published = None if i % 997 == 0 else (start + timedelta(days=day, hours=rng.randint(6, 20))).isoformat()
        words = ["Bài tin số", str(i)]
        words += ["dân quân huấn luyện"] if rng.random() < 0.75 else ["kinh tế"]
        words += ["lực lượng tự vệ"] if rng.random() < 0.2 else []
        words += ["bão Yagi"] if rng.random() < 0.01 else []
        text, source = ", ".join(words) + ".", f"s{rng.randrange(12)}"
        rows.append((i, f"https://{source}.example.vn/{i}", source, LEVELS[int(source[1:]) % 4], "Hà Nội", f"Tin {i}",
                     published, int(published[:4]) if published else None, text, json.dumps(["dan-quan-tu-ve"]), f"{i:064x}",
                     "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"))
        fts.append((i, fold(f"Tin {i}"), fold(text)))
    insert_articles(archive, rows, fts)
    archive.close()
    return path


def _reference(conn: sqlite3.Connection, query: str, where: str = "1 = 1", oldest: bool = False) -> list[int]:
    """Every match, newest first (undated last) or oldest first (undated first), ties by id: Datasette's order."""
    sql = (f"SELECT a.id FROM articles a WHERE a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) AND {where}"
           f" ORDER BY coalesce(a.published, '') {'ASC' if oldest else 'DESC'}, a.id")
    return [r[0] for r in conn.execute(sql, (fts_query(query),))]


@pytest.mark.parametrize("oldest", [False, True], ids=["newest", "oldest"])
@pytest.mark.parametrize("query, where", [("dân quân", "1 = 1"), ("tự vệ", "1 = 1"), ("Yagi", "1 = 1"),
                                          ("tự vệ", "a.level = 'ward'"), ("khong co dau", "1 = 1")])
def test_pages_follow_publication_order_whatever_the_id_order(big: Path, query: str, where: str, oldest: bool) -> None:
    conn = sqlite3.connect(big)
    blocks = matches.load_blocks(conn)
    assert blocks is not None and blocks.total == SIZE
    expected, pages, after = _reference(conn, query, where, oldest), [], None
    while True:
        ids = matches.walk(conn, blocks, fts_query(query), where, {}, 100, after, oldest=oldest)
        pages += ids
        if len(ids) < 100:
            break
        after = conn.execute("SELECT coalesce(published, ''), id FROM articles WHERE id = ?", (ids[-1],)).fetchone()
    assert pages == expected


@pytest.mark.parametrize("oldest", [False, True], ids=["newest", "oldest"])
@pytest.mark.parametrize("query, where", [("Yagi", "1 = 1"), ("tự vệ", "a.level = 'ward'"), ("khong co dau", "1 = 1")])
def test_a_small_search_pages_from_its_rows_as_the_block_walk_does(big: Path, query: str, where: str, oldest: bool) -> None:
    """A search the probe finds small is paged from every match's row: the same pages, keyset for keyset."""
    conn = sqlite3.connect(big)
    blocks = matches.load_blocks(conn)
    assert blocks is not None
    rows, after = matches.every(conn, fts_query(query), where, {}), None
    expected = _reference(conn, query, where, oldest)
    assert sorted(r[0] for r in rows) == sorted(expected)
    for _ in range(3):
        page = matches.page_of(rows, 7, after, oldest)
        assert page == matches.walk(conn, blocks, fts_query(query), where, {}, 7, after, oldest=oldest)
        assert after is not None or page == expected[:7]
        if not page:
            break
        after = conn.execute("SELECT coalesce(published, ''), id FROM articles WHERE id = ?", (page[-1],)).fetchone()
    assert matches.walk(conn, blocks, fts_query(query), where, {}, 7, None, stop=lambda: True) is None


def test_counts_exact_below_the_threshold_estimated_above(big: Path) -> None:
    conn = sqlite3.connect(big)
    blocks = matches.load_blocks(conn)
    assert blocks is not None
    for query in ("Yagi", "tự vệ", "dân quân"):
        true = len(_reference(conn, query))
        found = matches.tally(conn, blocks, fts_query(query), "1 = 1", {}, facets=True)
        if true <= matches.THRESHOLD:
            assert found.exact and found.count == true and found.share == 1
        else:
            assert not found.exact and found.share < 1 and abs(found.count - true) <= 0.1 * true
            assert abs(sum(n for _, n in found.facets["level"]) - true) <= 0.1 * true
        exact = matches.tally(conn, blocks, fts_query(query), "1 = 1", {}, facets=False, exact=True)
        assert exact.exact and exact.count == true


def test_block_map_is_rebuilt_on_upgrade_and_kept_by_writers(big: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    with sqlite3.connect(big) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:  # an archive from before the block map
        for name in ("article_blocks_insert", "article_blocks_update", "article_blocks_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE article_blocks")
    archive = Archive(copy)
    grouped = archive.conn.execute("SELECT id >> 10, min(coalesce(published, '')), max(coalesce(published, '')), count(*)"
                                   " FROM articles GROUP BY 1 ORDER BY 1").fetchall()
    assert archive.conn.execute("SELECT block, lo, hi, n FROM article_blocks ORDER BY block").fetchall() == grouped
    outcome = archive.save_article(None, {"url": "https://s1.example.vn/new"}, {
        "url": "https://s1.example.vn/new", "title": "Tin mới", "published": "2031-05-01T08:00:00+07:00",
        "text": "Dân quân tự vệ ra quân năm 2031.", "topics": []}, {"id": "s1", "level": "commune", "province": "Hà Nội"})
    assert outcome == "new"
    new_id = archive.conn.execute("SELECT id FROM articles WHERE url = 'https://s1.example.vn/new'").fetchone()[0]
    assert archive.conn.execute("SELECT hi, n FROM article_blocks WHERE block = ?", (new_id >> 10,)).fetchone()[0].startswith("2031")
    with archive.transaction():
        archive.conn.execute("UPDATE articles SET published = '2032-01-01T00:00:00+07:00' WHERE id = 5")
    assert archive.conn.execute("SELECT hi FROM article_blocks WHERE block = 0").fetchone()[0].startswith("2032")
    blocks = matches.load_blocks(archive.conn)
    assert blocks is not None
    assert matches.walk(archive.conn, blocks, fts_query("dân quân"), "1 = 1", {}, 2) == _reference(archive.conn, "dân quân")[:2]
    archive.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def test_search_page_shows_estimates_labelled_and_exact_counts_on_demand(big: Path) -> None:
    conn = sqlite3.connect(big)
    broad, rare = _reference(conn, "dân quân"), _reference(conn, "Yagi")
    with serving(big) as base:
        html = _get(f"{base}/archive/articles?_search={urllib.parse.quote('dân quân')}")
        assert "≈ " in html and "đếm chính xác" in html and 'title="ước tính từ một mẫu' in html
        data = json.loads(_get(f"{base}/archive/articles.json?_search={urllib.parse.quote('dân quân')}&_size=50"))
        assert [r[0] for r in data["rows"]] == broad[:50]
        info = data["qpdp_count"]
        assert not info["exact"] and abs(data["filtered_table_rows_count"] - len(broad)) <= 0.1 * len(broad)
        exact = json.loads(_get(info["exact_url"]))
        assert exact["qpdp_count"]["exact"] and exact["filtered_table_rows_count"] == len(broad)
        assert "≈ " not in _get(f"{base}/archive/articles?_search={urllib.parse.quote('dân quân')}")  # now known exactly
        assert set(data["facet_results"]) >= {"level", "source_id", "year"} and data["facet_results"]["level"]["estimated"]
        month = data["facet_results"]["month"]  # id-range samples are narrow windows in time: months only when exact
        assert month["withheld"] and month["results"] == [] and month["exact_url"] == info["exact_url"]
        assert "Đếm chính xác để xem theo tháng" in html
        assert sum(v["count"] for v in exact["facet_results"]["month"]["results"]) > 0
        ids, url = [], f"{base}/archive/articles.json?_search={urllib.parse.quote('dân quân')}&_size=50"
        for _ in range(3):  # keyset pages, as the "next page" link gives them
            page = json.loads(_get(url))
            ids += [r[0] for r in page["rows"]]
            url = page["next_url"]
        assert ids == broad[:150]
        ids, url = [], f"{base}/archive/articles.json?_search={urllib.parse.quote('dân quân')}&_size=50&_sort=published"
        for _ in range(3):  # oldest first takes the same short way
            page = json.loads(_get(url))
            ids += [r[0] for r in page["rows"]]
            url = page["next_url"]
        assert ids == _reference(conn, "dân quân", oldest=True)[:150]
        small = json.loads(_get(f"{base}/archive/articles.json?_search=Yagi"))
        assert small["qpdp_count"]["exact"] and small["filtered_table_rows_count"] == len(rare)
        assert [r[0] for r in small["rows"]] == rare[:50]
        assert "≈ " not in _get(f"{base}/archive/articles?_search=Yagi")
        ward = json.loads(_get(f"{base}/archive/articles.json?_search={urllib.parse.quote('tự vệ')}&level=ward"))
        assert [r[0] for r in ward["rows"]] == _reference(conn, "tự vệ", "a.level = 'ward'")[:50]
