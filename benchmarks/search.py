"""Search benchmark: N synthetic articles of realistic length, timed through Datasette vs raw SQLite FTS5.

Builds (or reuses) an archive of synthetic articles whose sentences come from the bundled sample portals,
then times, in one process, the pages a researcher hits: single-term, phrase and broad searches (JSON, with
the row count), the search page with its facets, a facet page without search, and full CSV exports. The
baseline is the same FTS5 match run directly on SQLite (count + newest 50), measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path
from urllib.parse import quote

from archive.config import LEVELS, PROJECT_ROOT, Source
from archive.store.search import fts_query
from archive.store.db import Archive
from archive.store.matches import THRESHOLD
from archive.text import fold

VERSION = 4  # bump when the generator changes: a cached database of another version is rebuilt
PORTALS = PROJECT_ROOT / "demo" / "portals"
GOLD = PROJECT_ROOT / "tests" / "data"
OWN_SHARE = 0.8  # share of an article's sentences drawn from its own sample page (the rest from all pages)
_P = re.compile(r"<p[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")
PROVINCES = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ", "Lạng Sơn", "Cao Bằng",
             "Nghệ An", "Thanh Hóa", "Quảng Nam", "Khánh Hòa", "Lâm Đồng", "Đồng Tháp", "An Giang", "Kiên Giang",
             "Bắc Giang", "Thái Nguyên", "Hà Giang", "Lào Cai", "Điện Biên", "Sơn La", "Gia Lai", "Đắk Lắk"]
QUERIES = {
    "single-term": ["Yagi", "SSCĐ", "tân binh", "Hồng Hà", "Tây Hồ"],
    "phrase": ["dân quân tự vệ", '"lễ giao nhận quân"', "dang uy", "Ban CHQS", "DBĐV"],
    "broad": ["quân sự", "năm", "huấn luyện, năm 2023", "quốc phòng OR dân quân"],
}


def documents() -> list[list[tuple[str, str]]]:
    """Each sample page's (sentence, folded sentence) pairs: the bundled portals and the gold pages of tests/data."""
    docs = []
    for path in sorted([*PORTALS.rglob("*"), *GOLD.rglob("*.html")]):
        if path.is_file() and path.suffix not in (".xml", ".txt", ".json", ".css", ".js", ".jpg", ".png"):
            html = path.read_text(encoding="utf-8", errors="replace")
            seen: dict[str, str] = {}
            for para in _P.findall(html):
                text = " ".join(unescape(_TAG.sub(" ", para)).split())
                for s in _SENTENCE.split(text):
                    if 30 <= len(s) <= 600:
                        seen.setdefault(s, fold(s))
            if len(seen) >= 3:
                docs.append(sorted(seen.items()))
    return docs


def localities() -> list[str]:
    """Ward and commune names (from vietnamadminunits): the long tail of names real articles carry."""
    import vietnamadminunits

    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [f"{ward}, {province}" for ward, province in conn.execute("SELECT ward, province FROM admin_units")]


def build(path: Path, size: int, seed: int = 7) -> None:
    """Create an archive of *size* synthetic articles at *path* (about 3 KB of text each, log-normal)."""
    rng = random.Random(seed)
    docs = documents()
    pool = [s for doc in docs for s in doc]
    places = [(p, fold(p)) for p in localities()]
    topics = [t for t in re.findall(r"^  - id: (\S+)", (PROJECT_ROOT / "config" / "topics.yaml").read_text(encoding="utf-8"), re.M)]
    archive = Archive(path)
    sources = [Source(id=f"src-{i:03d}", name=f"Cổng thông tin {rng.choice(PROVINCES)} {i}", level=rng.choice(LEVELS),
                      province=rng.choice(PROVINCES), start_urls=[f"https://portal{i}.example.vn/"]) for i in range(300)]
    archive.sync_sources(sources)
    weights = [rng.paretovariate(1.2) for _ in sources]
    start = datetime(2015, 1, 1, tzinfo=timezone(timedelta(hours=7)))
    conn = archive.conn
    batch, fts = [], []
    for i in range(1, size + 1):
        target = min(15000, max(400, int(rng.lognormvariate(math.log(2400), 0.6))))
        place = rng.choice(places)
        own = rng.choice(docs)
        lead = rng.choice(own)
        parts, length = [(f"Tại {place[0]}: {lead[0]}", f"tai {place[1]}: {lead[1]}")], 0
        while length < target:
            parts.append(rng.choice(own if rng.random() < OWN_SHARE else pool))
            length += len(parts[-1][0]) + 1
        title = place[0].split(",")[0] + ": " + " ".join(rng.choice(own)[0].split()[:rng.randint(6, 14)]).rstrip(",.;:")
        text = "\n".join(p[0] for p in parts)
        folded = "\n".join(p[1] for p in parts)
        src = rng.choices(sources, weights)[0]
        published = start + timedelta(days=3900 * (i / size) ** 0.7, hours=rng.randint(7, 18))
        first_seen = (published + timedelta(days=rng.randint(0, 20))).astimezone(timezone.utc).replace(microsecond=0)
        batch.append((i, f"https://portal{src.id[4:]}.example.vn/tin/{i}", src.id, src.level, src.province, title,
                      published.isoformat(), published.year, rng.choice([None, "Minh Anh", "Văn Dũng", "Thu Hà"]), text,
                      json.dumps(rng.sample(topics, rng.randint(1, 4))), f"{i:064x}", first_seen.isoformat(), first_seen.isoformat()))
        fts.append((i, fold(title), folded))
        if len(batch) == 5000 or i == size:
            with archive.transaction():
                conn.executemany("INSERT INTO articles (id, url, source_id, level, province, title, published, year, author,"
                                 " text, topics, content_hash, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
                conn.executemany("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", fts)
            batch, fts = [], []
    with archive.transaction():
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (version INTEGER, size INTEGER)")
        conn.execute("DELETE FROM bench_meta")
        conn.execute("INSERT INTO bench_meta VALUES (?, ?)", (VERSION, size))
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()


def ready(path: Path, size: int) -> bool:
    """True when *path* already holds this generator version's *size* articles."""
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT version, size FROM bench_meta").fetchone() == (VERSION, size)
    except sqlite3.Error:
        return False


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of *values*, in ms."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))] * 1000


async def timed(client, url: str, repeat: int, cold: bool = False) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    """Seconds per GET of *url* (after one warm-up), and the last response; *cold* forgets cached searches first."""
    from archive.web.plugin import _HITS

    print(f"  {url[:100]}", file=sys.stderr, flush=True)
    response = await client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    times = []
    for _ in range(repeat):
        if cold:
            for hits in _HITS.values():
                hits.clear()
        t0 = time.perf_counter()
        response = await client.get(url)
        times.append(time.perf_counter() - t0)
    return times, response


FACET_SQL = [f"SELECT {c}, count(*) FROM articles WHERE +id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m)"
             f" GROUP BY 1 ORDER BY 2 DESC LIMIT 31" for c in ("source_id", "level", "province", "year", "month")] + [
    "SELECT j.value, count(*) FROM articles a, json_each(a.topics) j WHERE +a.id IN (SELECT rowid FROM articles_fts"
    " WHERE articles_fts MATCH :m) GROUP BY 1 ORDER BY 2 DESC LIMIT 31"]
BASELINES = {  # today's query shapes, straight on SQLite (each MATCH run again, as SQLite has no cache)
    "json": ["SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m",
             "SELECT * FROM articles WHERE +id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m)"
             " ORDER BY published DESC LIMIT 51"],
    "relevance": ["SELECT a.* FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH :m"
                  " ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT 100"],
    "timeline": ["SELECT month, level, count(*) FROM articles WHERE month IS NOT NULL GROUP BY 1, 2"],
}
BASELINES["html"] = BASELINES["json"] + FACET_SQL


def baseline(path: Path, query: str, repeat: int, shape: str = "json") -> tuple[list[float], int]:
    """Raw SQLite running today's query shape *shape* for *query* (no cache), and the exact number of matches."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    match = fts_query(query)
    times = []
    for i in range(repeat + 1):
        t0 = time.perf_counter()
        for sql in BASELINES[shape]:
            conn.execute(sql, {"m": match} if ":m" in sql else {}).fetchall()
        if i:
            times.append(time.perf_counter() - t0)
    hits = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]
    conn.close()
    return times, hits


def row(what: str, times: list[float], base: list[float] | None = None, note: str = "") -> dict:
    """One line of the table."""
    out = {"what": what, "n": len(times), "p50": pct(times, 50), "p95": pct(times, 95), "note": note}
    if base:
        out.update(base50=pct(base, 50), base95=pct(base, 95))
    return out


async def measure(path: Path, repeat: int, export_repeat: int) -> tuple[list[dict], list[dict]]:
    """Every timed row of the table, and each search's count as shown beside its true number of matches."""
    from archive.web.serve import make_datasette

    ds = make_datasette(path, settings={"sql_time_limit_ms": 60000, "facet_time_limit_ms": 60000})
    await ds.invoke_startup()
    client = ds.client
    rows, counts = [], []
    for kind, queries in QUERIES.items():
        for cold in (True, False):
            search, base, hits = [], [], []
            for q in queries:
                t, response = await timed(client, f"/archive/articles.json?_search={quote(q)}&_nofacet=1&_size=50", repeat, cold)
                search += t
                if cold:
                    b, n = baseline(path, q, repeat)
                    base += b
                    hits.append(n)
                    shown = response.json()
                    info = shown.get("qpdp_count") or {"count": shown["filtered_table_rows_count"], "exact": True}
                    counts.append({"query": q, "matches": n, "shown": info["count"], "exact": info["exact"]})
            rows.append(row(f"search {kind} JSON, {'first time' if cold else 'repeated (cached)'}", search, base,
                            "matches " + "/".join(str(h) for h in hits) if cold else ""))
    few = max(3, repeat // 4)
    pages = {
        "search page + 6 facets (HTML), single-term": ("/archive/articles?_search=Yagi", "Yagi", "html"),
        "search page + 6 facets (HTML), phrase": ("/archive/articles?_search=" + quote("dân quân tự vệ"), "dân quân tự vệ", "html"),
        "search page + 6 facets (HTML), broad": ("/archive/articles?_search=" + quote("quân sự"), "quân sự", "html"),
        "search page, 2nd page (HTML), broad": ("", "quân sự", ""),
        "facet page, no search (HTML)": ("/archive/articles?level=ward", "", ""),
        "relevance search (bm25, HTML), single-term": ("/archive/search?q=Yagi", "Yagi", "relevance"),
        "relevance search (bm25, HTML), phrase": ("/archive/search?q=" + quote("Ban CHQS"), "Ban CHQS", "relevance"),
        "relevance search (bm25, HTML), broad": ("/archive/search?q=" + quote("quân sự"), "quân sự", "relevance"),
        "timeline by level (HTML)": ("/archive/-/timeline", "", "timeline"),
    }
    for label, (url, q, shape) in pages.items():
        if not url:  # the second page: the next link of the first
            first = (await client.get(f"/archive/articles.json?_search={quote(q)}&_nofacet=1&_size=50")).json()
            url = "/archive/articles?" + first["next_url"].split("?", 1)[1].replace("_nofacet=1&", "")
        t, _ = await timed(client, url, few, cold="_search" in url or "q=" in url)
        rows.append(row(label, t, baseline(path, q, few, shape)[0] if shape else None))
    exports = {
        "CSV export, phrase (/-/export.csv)": "/archive/-/export.csv?_search=" + quote("dân quân tự vệ"),
        "CSV export, Datasette _stream=on, phrase": "/archive/articles.csv?_stream=on&_search=" + quote("dân quân tự vệ"),
        "CSV export, everything (/-/export.csv)": "/archive/-/export.csv",
    }
    for label, url in exports.items() if export_repeat else ():
        t, response = await timed(client, url, export_repeat)
        rows.append(row(label, t, note=f"{len(response.content) / 1e6:.1f} MB"))
    return rows, counts


def sizes(path: Path) -> tuple[int, int, int]:
    """Articles, file bytes, and bytes of the structures this benchmark's fast path adds (article_blocks)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        added = conn.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = 'article_blocks'").fetchone()[0]
    return count, path.stat().st_size, added


def main(argv: list[str] | None = None) -> None:
    """Build or reuse the synthetic archive, time everything, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="synthetic articles (default 200000; e.g. 5000 for a quick run)")
    parser.add_argument("--db", type=Path, help="archive file to build or reuse (default /tmp/qpdp-bench-SIZE.db)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per search query")
    parser.add_argument("--export-repeat", type=int, default=1, help="timed runs per CSV export (0 = skip the exports)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    path = args.db or Path(f"/tmp/qpdp-bench-{args.size}.db")
    if not ready(path, args.size):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(path, args.size)
        print(f"built {args.size:,} articles in {time.perf_counter() - t0:.0f} s: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    before = sizes(path)
    t0 = time.perf_counter()
    archive = Archive(path)  # the writer brings an older benchmark archive's schema and indexes up to date
    archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()
    upgrade = time.perf_counter() - t0
    count, size, added = sizes(path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        avg = conn.execute("SELECT avg(length(text)) FROM articles").fetchone()[0]
    rows, counts = asyncio.run(measure(path, args.repeat, args.export_repeat))
    print(f"\n{count:,} articles, mean text {avg:,.0f} characters; {size / count:,.0f} bytes per article"
          f" ({size / before[1]:.4f}× the file before this run's schema upgrade, which took {upgrade:.1f} s;"
          f" article_blocks {added / count:.2f} bytes per article). Times in ms through Datasette's in-process client;"
          " base = today's query shape straight on SQLite in the same run (JSON: FTS5 count + newest 50; HTML: that plus"
          " six facet GROUP BYs; relevance: FTS5 bm25 order); 'first time' = the plugin's caches are emptied before"
          f" every run (every page with a search too); load average {os.getloadavg()[0]:.1f}\n")
    print(f"| {'what':44} | {'runs':>4} | {'p50':>8} | {'p95':>8} | {'base p50':>8} | {'base p95':>8} | {'p95/base':>8} | note")
    print(f"|{'-' * 46}|{'-' * 6}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|------")
    for r in rows:
        base = f"{r['base50']:8.1f} | {r['base95']:8.1f} | {r['p95'] / r['base95']:7.2f}x" if "base50" in r else f"{'':8} | {'':8} | {'':8}"
        print(f"| {r['what']:44} | {r['n']:4} | {r['p50']:8.1f} | {r['p95']:8.1f} | {base} | {r['note']}")
    print("\ncounts shown (first page JSON) vs true matches:")
    for c in counts:
        error = (c["shown"] - c["matches"]) / max(c["matches"], 1)
        print(f"  {c['query']:28} {c['matches']:>9,} shown {'' if c['exact'] else '≈ '}{c['shown']:,}"
              f" ({'exact' if c['exact'] else f'estimate, {error:+.1%}'})")
    checks = {
        "JSON first page p95 ≤ 100 ms and under the baseline (single-term, phrase, broad)":
            all(r["p95"] <= 100 and r["p95"] < r["base95"] for r in rows if r["what"].endswith("JSON, first time")),
        "HTML search page with facets p95 ≤ 300 ms and under the baseline":
            all(r["p95"] <= 300 and r["p95"] < r["base95"] for r in rows if r["what"].startswith("search page + 6")),
        "relevance p95 ≤ 300 ms and under the baseline":
            all(r["p95"] <= 300 and r["p95"] < r["base95"] for r in rows if r["what"].startswith("relevance")),
        f"counts exact up to {THRESHOLD:,} matches": all(c["exact"] and c["shown"] == c["matches"] for c in counts if c["matches"] <= THRESHOLD),
        "estimates within 10 % and labelled": all(c["exact"] or abs(c["shown"] - c["matches"]) <= 0.1 * c["matches"] for c in counts),
        "database size per article ≤ 1.10 × before the upgrade": size <= 1.10 * before[1],
    }
    print()
    for label, ok in checks.items():
        print(f"{'met    ' if ok else 'NOT met'}  {label}")
    if args.json:
        args.json.write_text(json.dumps({"articles": count, "mean_chars": avg, "bytes_per_article": size / count,
                                         "size_ratio": size / before[1], "rows": rows, "counts": counts, "checks": checks},
                                        indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
