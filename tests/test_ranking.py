"""Relevance order at scale: FTS5's own BM25 below the threshold, the same formula over candidates above it."""

from __future__ import annotations

import json
import random
import re
import sqlite3
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from archive.config import Source
from archive.store import matches, ranking
from archive.store.db import Archive
from archive.store.search import fts_query
from archive.text import fold
from tests.conftest import insert_articles, serving

SIZE = 7000


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """7,000 articles of varied length: "dân quân" in about 90 % (estimated), in some titles; "Yagi" in about 1.5 %,
    "DQTV" or "dân quân tự vệ" in about 1.5 %; punctuation and capitals between and around the words."""
    path = tmp_path_factory.mktemp("ranking") / "archive.db"
    rng = random.Random(5)
    archive = Archive(path)
    archive.sync_sources([Source(id="s0", name="Cổng 0", level="ward", province="Hà Nội", start_urls=["https://s0.example.vn/"])])
    rows, fts = [], []
    for i in range(1, SIZE + 1):
        words = ["Kinh tế xã hội"] * rng.randint(1, 30)
        words += ["Dân quân, huấn luyện"] * rng.randint(1, 4) if rng.random() < 0.9 else []
        words += ["bão YAGI."] * rng.randint(1, 3) if rng.random() < 0.015 else []
        words += [rng.choice(["DQTV", "dân quân tự vệ"])] if rng.random() < 0.015 else []
        rng.shuffle(words)
        title = f"Tin {i}" + (" dân quân" if rng.random() < 0.05 else "") + (" Yagi" if rng.random() < 0.005 else "")
        text = " ".join(words)
        rows.append((i, f"https://s0.example.vn/{i}", "s0", "ward", "Hà Nội", title, f"2020-01-01T00:00:00+07:00",
                     2020, text, "[]", f"{i:064x}", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"))
        fts.append((i, fold(title), fold(text)))
    insert_articles(archive, rows, fts)
    archive.close()
    return path


def _bm25(conn: sqlite3.Connection, match: str) -> dict[int, float]:
    """FTS5's own score of every match."""
    return dict(conn.execute("SELECT rowid, bm25(articles_fts, 5.0, 1.0) FROM articles_fts WHERE articles_fts MATCH ?", (match,)))


@pytest.mark.parametrize("query", ["Yagi", "DQTV", "Yagi OR DQTV", "yag*"])
def test_candidate_scores_are_fts5_bm25(archive_path: Path, query: str) -> None:
    conn = sqlite3.connect(archive_path)
    blocks = matches.load_blocks(conn)
    match = fts_query(query)
    exact = ranking.rank(conn, blocks, match, limit=1000)
    scored = ranking.rank(conn, blocks, match, limit=1000, threshold=0)  # every match fits among the candidates
    reference = _bm25(conn, match)
    assert exact.exact and not scored.exact and 0 < len(reference) <= ranking.CANDIDATES
    assert sorted(scored.ids) == sorted(reference) == sorted(exact.ids) and scored.candidates == len(reference)
    assert [round(reference[i], 9) for i in scored.ids] == sorted(round(v, 9) for v in reference.values())


def test_broad_search_ranks_candidates_title_first(archive_path: Path) -> None:
    conn = sqlite3.connect(archive_path)
    found = ranking.rank(conn, matches.load_blocks(conn), fts_query("dân quân"))
    titled = {r[0] for r in conn.execute("SELECT id FROM articles WHERE title LIKE '%dân quân%'")}
    assert not found.exact and not found.counted and found.matches > matches.THRESHOLD
    assert len(found.ids) == ranking.LIMIT and found.candidates <= 2 * ranking.CANDIDATES
    assert set(found.ids[:50]) <= titled  # title weighs 5×: a title match outranks the text-only ones


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def test_relevance_page_says_what_it_ranked(archive_path: Path) -> None:
    conn = sqlite3.connect(archive_path)
    with serving(archive_path) as base:
        broad = _get(f"{base}/archive/search?q=" + urllib.parse.quote("dân quân"))
        rare = _get(f"{base}/archive/search?q=yagi")
        rows = json.loads(_get(f"{base}/archive/search.json?_shape=objects&q=yagi"))["rows"]
    assert "Xếp hạng trong" in broad and "candidates" in broad and broad.count('class="qpdp-title"') == ranking.LIMIT
    count = len(_bm25(conn, fts_query("yagi")))
    assert re.search(rf"trong cả {count} bài phù hợp", rare) and rare.count('class="qpdp-title"') == min(count, ranking.LIMIT)
    assert [r["id"] for r in rows] == ranking.rank(conn, matches.load_blocks(conn), fts_query("yagi")).ids
