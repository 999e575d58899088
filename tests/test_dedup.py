"""Dedup end to end: real portals on loopback, two real crawls (two nights) into one real SQLite archive."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_qpdp
from tests.syndication import COPY, GNQ, GNQ_VARIANTS, KHAM, SYNDICATED, YENTHE, SyndicationFarm


@dataclass
class Nights:
    """The farm crawled on two nights: district portals first, then the province and a ward that copy them."""

    farm: SyndicationFarm
    db: Path
    config: Path


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nights]:
    farm = SyndicationFarm()
    tmp = tmp_path_factory.mktemp("dedup")
    config, db = farm.write_config(tmp / "sources.yaml"), tmp / "archive.db"
    try:
        for sources in (["lucnam", "yenthe"], ["bacgiang", "phonxuong"]):
            args = [a for s in sources for a in ("--source", s)]
            result = run_qpdp("crawl", "--config", str(config), "--db", str(db), *args)
            assert result.returncode == 0, result.stderr[-3000:]
        yield Nights(farm, db, config)
    finally:
        farm.close()


def _conn(nights: Nights) -> sqlite3.Connection:
    conn = sqlite3.connect(nights.db)
    conn.row_factory = sqlite3.Row
    return conn


def _article(conn: sqlite3.Connection, url: str) -> sqlite3.Row:
    row = conn.execute("SELECT a.* FROM articles a JOIN sightings s ON s.article_id = a.id WHERE s.url = ?", (url,)).fetchone()
    assert row is not None, f"no article sighted at {url}"
    return row


def test_url_variants_of_one_story_make_exactly_one_row(nights: Nights) -> None:
    conn = _conn(nights)
    rows = conn.execute("SELECT id, url FROM articles WHERE source_id = 'lucnam' AND title LIKE '%giao nhận quân%'").fetchall()
    assert len(rows) == 1, [r["url"] for r in rows]
    assert rows[0]["url"] == nights.farm.url("lucnam", GNQ)
    for variant in GNQ_VARIANTS:
        assert _article(conn, nights.farm.url("lucnam", variant))["id"] == rows[0]["id"], variant
    assert nights.farm.hits["lucnam"]["/Default.aspx?tabid=55&newsid=1234"] == 1  # the redirect was really followed


def test_redirect_source_and_target_are_sightings(nights: Nights) -> None:
    conn = _conn(nights)
    urls = {r[0] for r in conn.execute("SELECT url FROM sightings WHERE article_id = ?", (_article(conn, nights.farm.url("lucnam", GNQ))["id"],))}
    assert nights.farm.url("lucnam", "/Default.aspx?tabid=55&newsid=1234") in urls
    assert nights.farm.url("lucnam", GNQ) in urls


def test_syndicated_copy_is_its_own_row_in_the_originals_cluster(nights: Nights) -> None:
    conn = _conn(nights)
    original, copy = _article(conn, nights.farm.url("lucnam", GNQ)), _article(conn, nights.farm.url("bacgiang", SYNDICATED))
    assert copy["id"] != original["id"]
    assert copy["source_id"] == "bacgiang" and copy["title"] == "Lục Nam: 245 thanh niên lên đường nhập ngũ"
    assert original["author"] == "Nguyễn Văn Hùng" and copy["author"].startswith("Thanh Hà")  # each keeps its byline
    assert copy["cluster_id"] == original["cluster_id"] == original["id"]  # the earlier story represents the cluster


def test_two_conscription_ceremonies_are_two_clusters(nights: Nights) -> None:
    conn = _conn(nights)
    lucnam, yenthe = _article(conn, nights.farm.url("lucnam", GNQ)), _article(conn, nights.farm.url("yenthe", YENTHE))
    assert (yenthe["cluster_id"] or yenthe["id"]) != (lucnam["cluster_id"] or lucnam["id"])
    kham = _article(conn, nights.farm.url("lucnam", KHAM))
    assert kham["cluster_id"] is None  # same district, same topic family, different story: alone


def test_exact_copy_on_another_portal_is_one_article_two_sightings(nights: Nights) -> None:
    conn = _conn(nights)
    original = _article(conn, nights.farm.url("yenthe", YENTHE))
    assert _article(conn, nights.farm.url("phonxuong", COPY))["id"] == original["id"]
    assert conn.execute("SELECT count(*) FROM articles WHERE source_id = 'phonxuong'").fetchone()[0] == 0
    sources = {r[0] for r in conn.execute("SELECT source_id FROM sightings WHERE article_id = ?", (original["id"],))}
    assert sources == {"yenthe", "phonxuong"}


def test_clusters_view_shows_first_published_and_republishers(nights: Nights) -> None:
    conn = _conn(nights)
    original = _article(conn, nights.farm.url("lucnam", GNQ))
    members = conn.execute("SELECT * FROM clusters WHERE cluster_id = ?", (original["id"],)).fetchall()
    assert [(m["source_id"], m["representative"], m["role"], m["level"]) for m in members] == [
        ("lucnam", 1, "first published", "district"), ("bacgiang", 0, "republished", "province")]
    assert members[0]["published"] < members[1]["published"] and members[0]["cluster_size"] == 2
    yenthe = _article(conn, nights.farm.url("yenthe", YENTHE))
    copies = conn.execute("SELECT source_id, role FROM clusters WHERE cluster_id = ?", (yenthe["id"],)).fetchall()
    assert [tuple(c) for c in copies] == [("yenthe", "first published"), ("phonxuong", "same text")]
    summary = conn.execute("SELECT * FROM republications WHERE cluster_id = ?", (original["id"],)).fetchone()
    assert (summary["first_source"], summary["copies"]) == ("Cổng TTĐT huyện Lục Nam", 1)
    assert summary["republished_by"] == "Cổng TTĐT tỉnh Bắc Giang (province, 2024-02-27)"


def test_third_night_changes_nothing_and_skips_known_variants(nights: Nights) -> None:
    before = {k: sum(c.values()) for k, c in nights.farm.hits.items()}
    result = run_qpdp("crawl", "--config", str(nights.config), "--db", str(nights.db))
    assert result.returncode == 0, result.stderr[-3000:]
    conn = _conn(nights)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    assert nights.farm.hits["lucnam"]["/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html?view=print"] == 1
    assert sum(nights.farm.hits["lucnam"].values()) - before["lucnam"] <= 3  # home, robots (and nothing archived again)


def test_dedup_rebuild_reproduces_the_clusters(nights: Nights) -> None:
    conn = _conn(nights)
    before = conn.execute("SELECT id, cluster_id FROM articles ORDER BY id").fetchall()
    conn.close()
    result = run_qpdp("dedup", "--db", str(nights.db), "--rebuild")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "4 articles" in result.stdout
    after = _conn(nights).execute("SELECT id, cluster_id FROM articles ORDER BY id").fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in before]


def test_datasette_serves_clusters_one_click_from_an_article(nights: Nights) -> None:
    import asyncio

    from archive.web.serve import make_datasette

    conn = _conn(nights)
    copy = _article(conn, nights.farm.url("bacgiang", SYNDICATED))
    datasette = make_datasette(nights.db)

    async def fetch() -> tuple[dict, dict]:
        members = await datasette.client.get(f"/archive/clusters.json?cluster_id={copy['cluster_id']}&_shape=array")
        row = await datasette.client.get(f"/archive/articles/{copy['id']}.json?_extras=foreign_key_tables")
        return members.json(), row.json()

    members, row = asyncio.run(fetch())
    assert [(m["source_name"], m["role"]) for m in members] == [("Cổng TTĐT huyện Lục Nam", "first published"),
                                                              ("Cổng TTĐT tỉnh Bắc Giang", "republished")]
    # cluster_id is a foreign key: the article page links to the first-published story, which lists its copies.
    assert any(fk["other_column"] == "cluster_id" for fk in row.get("foreign_key_tables", []))


# -- the engine on a real SQLite archive, without a crawl ---------------------------------------------------
def _store(archive, url: str, text: str, published: str | None, source: str = "bench",  # type: ignore[no-untyped-def]
           fingerprint: bool = False) -> int:
    from archive.dedup.minhash import Fingerprinter

    archive.save_article(None, {"url": url, "source_id": source}, {"url": url, "title": url, "text": text, "published": published},
                         {"id": source, "level": "district"}, Fingerprinter()(url, text) if fingerprint else None)
    return archive.conn.execute("SELECT article_id FROM sightings WHERE url = ?", (url,)).fetchone()[0]


@pytest.fixture()
def archive(tmp_path: Path):  # type: ignore[no-untyped-def]
    from archive.store.db import Archive

    store = Archive(tmp_path / "a.db")
    store.conn.executemany("INSERT INTO sources (id, name, level, start_urls) VALUES (?, ?, 'district', '[]')",
                           [("bench", "Bench"), ("other", "Other")])
    yield store
    store.close()


def _text(sid: str, lead: str | None = None, cut: int = 0) -> str:
    from tests.syndication import STORIES

    paras = STORIES[sid]["paragraphs"]
    return "\n".join([lead or paras[0], *paras[1 : len(paras) - cut]])


def test_minhash_equals_datasketch() -> None:
    from datasketch import MinHash

    import numpy as np

    from archive.dedup.minhash import MinHasher, Shingler, affine32_permutations

    hashes = Shingler().hashes(_text("gnq-lucnam-2024"))
    reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=lambda v: v)
    reference.update_batch([int(h) for h in hashes])
    assert (MinHasher().signature(hashes) == reference.hashvalues).all()
    for num_perm, seed in ((128, 1), (64, 7), (256, 42)):  # drawn as datasketch draws them, without importing it
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        ours = affine32_permutations(num_perm, seed)
        assert (ours[0] == a).all() and (ours[1] == b).all() and ours[0].dtype == np.uint32


def test_representative_is_earliest_published_whatever_the_crawl_order(archive) -> None:  # type: ignore[no-untyped-def]
    copy = _store(archive, "http://p/copy", _text("gnq-kienan-2024", lead="Theo Cổng TTĐT quận, sáng 25/2 Kiến An tiễn 120 thanh niên lên đường.", cut=1),
                  "2024-02-26T10:00:00+07:00", "other")
    first = _store(archive, "http://d/first", _text("gnq-kienan-2024"), "2024-02-25T07:45:00+07:00")
    other = _store(archive, "http://d/other", _text("gnq-thanhkhe-2023"), "2023-02-13T08:00:00+07:00")
    clusters = dict(archive.conn.execute("SELECT id, cluster_id FROM articles"))
    assert clusters == {copy: first, first: first, other: None}


def test_fingerprint_from_the_crawl_stores_what_the_archive_computes(tmp_path: Path) -> None:
    """An extraction worker fingerprints an article (hash, folded words, MinHash): the archive is the same as when
    the writer computes them itself."""
    from archive.store.db import FTS_TABLE, Archive

    dumps = []
    for given in (False, True):
        store = Archive(tmp_path / f"{given}.db")
        store.conn.executemany("INSERT INTO sources (id, name, level, start_urls) VALUES (?, ?, 'district', '[]')",
                               [("bench", "Bench"), ("other", "Other")])
        for n, sid in enumerate(["gnq-lucnam-2024", "gnq-yenthe-2024", "hl-hoaan-2024"]):
            _store(store, f"http://d/{sid}", _text(sid), f"2024-01-0{n + 1}", fingerprint=given)
            _store(store, f"http://p/{sid}", _text(sid, lead="Bản tin tổng hợp từ cơ sở gửi về.", cut=1), None, "other",
                   fingerprint=given)
        _store(store, "http://d/short", "Tin ngắn: Đảng ủy Quân sự họp.", None, fingerprint=given)
        dumps.append([store.conn.execute(sql).fetchall() for sql in (
            "SELECT id, url, content_hash, cluster_id FROM articles ORDER BY id",
            "SELECT article_id, shingles, signature FROM minhashes ORDER BY article_id",
            f"SELECT rowid, title, text FROM {FTS_TABLE} ORDER BY rowid",
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'dang uy' ORDER BY rowid")])
        store.close()
    assert dumps[0] == dumps[1] and dumps[0][1] and dumps[0][3]


def test_rebuild_matches_incremental_indexing(archive) -> None:  # type: ignore[no-untyped-def]
    from archive.dedup import minhash as dedup

    for n, sid in enumerate(["gnq-lucnam-2024", "gnq-yenthe-2024", "hl-hoaan-2024", "hl-thachban-2024"]):
        _store(archive, f"http://d/{sid}", _text(sid), f"2024-01-0{n + 1}")
        _store(archive, f"http://p/{sid}", _text(sid, lead="Bản tin tổng hợp từ cơ sở gửi về Ban biên tập.", cut=1), f"2024-02-0{n + 1}", "other")
    before = archive.conn.execute("SELECT id, cluster_id FROM articles ORDER BY id").fetchall()
    assert len({c for _, c in before}) == 4
    with archive.transaction():
        stats = dedup.rebuild(archive.conn)
    assert stats.indexed == 8 and stats.clusters == 4
    assert archive.conn.execute("SELECT id, cluster_id FROM articles ORDER BY id").fetchall() == before


def test_older_archive_is_upgraded_and_backfilled(tmp_path: Path) -> None:
    from archive.store.db import Archive

    conn = sqlite3.connect(tmp_path / "old.db")
    conn.executescript("""
        CREATE TABLE sources (id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, province TEXT,
            start_urls TEXT NOT NULL, cms TEXT, verified INTEGER NOT NULL DEFAULT 0, notes TEXT);
        CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, source_id TEXT NOT NULL REFERENCES sources(id),
            level TEXT NOT NULL, province TEXT, title TEXT, published TEXT, year INTEGER, author TEXT, source_credit TEXT,
            text TEXT NOT NULL, topics TEXT NOT NULL DEFAULT '[]', content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, extractor TEXT);
        INSERT INTO sources VALUES ('d', 'D', 'district', NULL, '[]', NULL, 0, NULL);
    """)
    conn.executemany("INSERT INTO articles (url, source_id, level, published, text, content_hash, first_seen, last_seen)"
                     " VALUES (?, 'd', 'district', ?, ?, ?, '', '')",
                     [("http://d/1", "2024-02-25", _text("gnq-kienan-2024"), "h1"),
                      ("http://d/2", "2024-02-26", _text("gnq-kienan-2024", lead="Tin vắn từ quận Kiến An.", cut=1), "h2")])
    conn.commit()
    conn.close()
    Archive(tmp_path / "old.db").close()
    result = run_qpdp("dedup", "--db", str(tmp_path / "old.db"))
    assert result.returncode == 0 and "2 articles newly indexed" in result.stdout, result.stderr[-2000:]
    rows = sqlite3.connect(tmp_path / "old.db").execute("SELECT cluster_id FROM articles ORDER BY id").fetchall()
    assert rows == [(1,), (1,)]


def test_band_index_answers_the_same_after_merging_recent_articles() -> None:
    """Recent articles move from the buffer into sorted arrays every *merge* additions: no candidate is lost."""
    import numpy as np

    from archive.dedup.minhash import BandIndex, band_keys

    signatures = np.random.default_rng(7).integers(0, 2**32, size=(400, 128), dtype=np.uint32)
    keys = band_keys(signatures)
    merging, kept = BandIndex(np.arange(100), keys[:100], merge=32), BandIndex(np.arange(100), keys[:100], merge=1000)
    for article_id in range(100, 400):
        merging.add(article_id, keys[article_id])
        kept.add(article_id, keys[article_id])
    merging.add(1000, keys[250])  # a copy of article 250
    kept.add(1000, keys[250])
    assert len(merging.runs) == 10 and len(kept.runs) == 1
    for article_id in (0, 99, 100, 250, 399):
        assert merging.query(keys[article_id]) == kept.query(keys[article_id])
    assert merging.query(keys[250]) == {250, 1000}
    assert merging.query(band_keys(np.random.default_rng(8).integers(0, 2**32, size=128, dtype=np.uint32))) == set()
