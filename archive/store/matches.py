"""Newest-first pages, counts and facet counts of a full-text search without visiting every match.

`article_blocks` keeps, for each block of 1024 consecutive article ids, the earliest and latest `published`
date and the number of articles; triggers on `articles` keep it, so every writer (crawl, reextract, dedup,
bulk loads) maintains it. Archives grow roughly in publication order, so the newest matches sit in the
blocks with the latest dates: `newest` visits blocks by latest date, asks FTS5 only for the matches inside
each block's id range, and stops as soon as no unvisited block can hold a row that belongs on the page.
The page is exact whatever the id order; a well-ordered archive just stops sooner.

`tally` counts the matches in a stratified sample (the same id range at the start of each of 64 equal
slices of the id space), widened until it holds MIN_HITS matches or MAX_SHARE of the archive, and scales
up. When that says THRESHOLD matches or fewer it counts every match instead: below the threshold counts and
facet counts are exact, above it they are estimates (about ±3 % at MIN_HITS) and say so.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

BITS = 10  # 1024 ids per block
THRESHOLD = 5000
STRATA = 64
FIRST_WIDTH = 64
MIN_HITS = 800
MAX_SHARE = 0.125
FACETS = ("source_id", "level", "province_now", "year", "month", "topics")

_TABLE = "CREATE TABLE IF NOT EXISTS article_blocks (block INTEGER PRIMARY KEY, lo TEXT NOT NULL, hi TEXT NOT NULL, n INTEGER NOT NULL)"
_UPSERT = ("INSERT INTO article_blocks (block, lo, hi, n) VALUES (new.id >> {bits}, coalesce(new.published, ''),"
           " coalesce(new.published, ''), {n}) ON CONFLICT(block) DO UPDATE SET lo = min(lo, excluded.lo),"
           " hi = max(hi, excluded.hi), n = n + excluded.n;")
_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS article_blocks_insert AFTER INSERT ON articles BEGIN {_UPSERT.format(bits=BITS, n=1)} END",
    f"CREATE TRIGGER IF NOT EXISTS article_blocks_update AFTER UPDATE OF published ON articles BEGIN {_UPSERT.format(bits=BITS, n=0)} END",
    f"CREATE TRIGGER IF NOT EXISTS article_blocks_delete AFTER DELETE ON articles BEGIN"
    f" UPDATE article_blocks SET n = n - 1 WHERE block = old.id >> {BITS}; END",
)
_IN_RANGE = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match AND rowid BETWEEN :lo AND :hi"
_ALL = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match"


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create `article_blocks` and its triggers; fill it from the articles of an older archive (idempotent)."""
    conn.execute(_TABLE)
    for trigger in _TRIGGERS:
        conn.execute(trigger)
    if not conn.execute("SELECT 1 FROM article_blocks LIMIT 1").fetchone():
        conn.execute(f"INSERT INTO article_blocks (block, lo, hi, n) SELECT id >> {BITS}, min(coalesce(published, '')),"
                     f" max(coalesce(published, '')), count(*) FROM articles GROUP BY 1")


@dataclass(frozen=True)
class Block:
    """One block of 1024 ids: its number, earliest and latest publication date ('' = none), articles."""

    number: int
    lo: str
    hi: str
    n: int


@dataclass(frozen=True)
class Blocks:
    """Every non-empty block, latest date first, articles per block number, and the archive's size."""

    order: list[Block]
    sizes: dict[int, int]
    total: int
    max_id: int


def load_blocks(conn: sqlite3.Connection) -> Blocks | None:
    """The block map, or None on an archive that does not have it (or the facet columns) yet: opened read-only
    before an upgrade."""
    try:
        conn.execute(f"SELECT {', '.join(FACETS)} FROM articles LIMIT 0")
        rows = conn.execute("SELECT block, lo, hi, n FROM article_blocks WHERE n > 0 ORDER BY hi DESC, block DESC").fetchall()
    except sqlite3.OperationalError:
        return None
    order = [Block(*row) for row in rows]
    return Blocks(order, {b.number: b.n for b in order}, sum(b.n for b in order), max(((b.number + 1) << BITS) - 1 for b in order) if order else 0)


def newest(conn: sqlite3.Connection, blocks: Blocks, match: str, where: str, params: dict[str, Any], limit: int,
           after: tuple[str, int] | None = None) -> list[int]:
    """Ids of the *limit* first matches of *match* passing *where* (alias a) in the order published DESC, id ASC
    (no date last), strictly after the keyset position *after* = (published or '', id)."""
    sql = f"SELECT coalesce(a.published, ''), a.id FROM ({_IN_RANGE}) m CROSS JOIN articles a ON a.id = m.rowid WHERE {where}"
    found: list[tuple[str, int]] = []
    order = [b for b in blocks.order if after is None or b.lo <= after[0]]
    i, width = 0, 1
    while i < len(order):
        if len(found) >= limit and found[limit - 1][0] > order[i].hi:
            break  # every unvisited block holds only dates older than the page's last row
        run = [order[i]]
        i += 1
        while i < len(order) and len(run) < width and order[i].number == run[-1].number - 1:
            run.append(order[i])
            i += 1
        width *= 2
        lo, hi = run[-1].number << BITS, ((run[0].number + 1) << BITS) - 1
        for published, rowid in conn.execute(sql, {**params, "match": match, "lo": lo, "hi": hi}):
            if after is None or published < after[0] or (published == after[0] and rowid > after[1]):
                found.append((published, rowid))
        found.sort(key=lambda r: (r[0], -r[1]), reverse=True)
        del found[limit:]
    return [rowid for _, rowid in found]


@dataclass
class Tally:
    """How many articles match (exact, or estimated from a sample holding *share* of the archive), the facet
    counts ({column: [(value, count), …]}, scaled like the count) and the ids counted (sample or all)."""

    count: int
    exact: bool
    share: float = 1.0
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    sample: list[int] = field(default_factory=list)


def tally(conn: sqlite3.Connection, blocks: Blocks, match: str, where: str, params: dict[str, Any],
          facets: bool = True, exact: bool = False) -> Tally:
    """Count the matches of *match* passing *where*: exact up to THRESHOLD (or when *exact*), else estimated."""
    if facets or where != "1 = 1":
        columns = ", ".join(f"a.{c}" for c in ("id", *FACETS)) if facets else "a.id"
        base = "SELECT " + columns + " FROM ({}) m CROSS JOIN articles a ON a.id = m.rowid WHERE " + where
    else:  # a bare count needs no article row
        base = "{}"
    if not exact and blocks.total > THRESHOLD:
        step = blocks.max_id // STRATA + 1
        rows: list[tuple] = []
        done, width, sampled = 0, min(FIRST_WIDTH, step), 0
        while True:
            for k in range(STRATA):
                lo, hi = k * step + done, k * step + width - 1
                rows += conn.execute(base.format(_IN_RANGE), {**params, "match": match, "lo": lo, "hi": hi}).fetchall()
                sampled += _articles_between(conn, blocks, lo, hi)
            share = sampled / blocks.total
            estimate = len(rows) / share if share else 0.0
            done = width
            if len(rows) >= MIN_HITS or share >= MAX_SHARE or width >= step or estimate * 2 < THRESHOLD:
                break
            width = min(step, math.ceil(width * MIN_HITS * 1.2 / max(len(rows), 1)), math.ceil(width * MAX_SHARE / share))
        if estimate > THRESHOLD and share < 1:
            return Tally(round(estimate), False, share, _facets(rows, 1 / share) if facets else {}, [r[0] for r in rows])
    rows = conn.execute(base.format(_ALL), {**params, "match": match}).fetchall()
    return Tally(len(rows), True, 1.0, _facets(rows, 1.0) if facets else {}, [r[0] for r in rows])


def _articles_between(conn: sqlite3.Connection, blocks: Blocks, lo: int, hi: int) -> int:
    """Articles with ids in [lo, hi]: full blocks count their width, others are counted (FTS docsize rows)."""
    total = 0
    for number in range(lo >> BITS, (hi >> BITS) + 1):
        first, last = max(lo, number << BITS), min(hi, ((number + 1) << BITS) - 1)
        if blocks.sizes.get(number, 0) == 1 << BITS:
            total += last - first + 1
        elif number in blocks.sizes:
            total += conn.execute("SELECT count(*) FROM articles_fts_docsize WHERE id BETWEEN ? AND ?", (first, last)).fetchone()[0]
    return total


def _facets(rows: list[tuple], scale: float) -> dict[str, list[tuple[Any, int]]]:
    """Counts per value of each facet column (topics: per item of the JSON list), scaled, largest first."""
    counters = {c: Counter[Any]() for c in FACETS}
    for row in rows:
        for column, value in zip(FACETS, row[1:]):
            if column == "topics":
                counters[column].update(json.loads(value or "[]"))
            elif value is not None:
                counters[column][value] += 1
    return {c: sorted(((v, round(n * scale)) for v, n in counter.items()), key=lambda x: (-x[1], str(x[0])))
            for c, counter in counters.items()}
