"""Newest- and oldest-first pages, counts and facet counts of a full-text search without visiting every match.

`article_blocks` keeps, for each block of 1024 consecutive article ids, the earliest and latest `published`
date and the number of articles; triggers on `articles` keep it, so every writer (crawl, reextract, dedup,
bulk loads) maintains it. Archives grow roughly in publication order, so the newest matches sit in the
blocks with the latest dates: `walk` visits blocks by latest date (by earliest date for oldest first), asks
FTS5 only for the matches inside each block's id range, and stops as soon as no unvisited block can hold a
row that belongs on the page. The page is exact whatever the id order; a well-ordered archive stops sooner.

`probe` first looks at a few wide id ranges (SCOUTS; a rare search stops there), then counts the matches in
a stratified sample (the same id range at the start of each of 64 equal slices of the id space), widened
until it holds MIN_HITS matches or MAX_SHARE of the archive, and scales up. When that says THRESHOLD matches
or fewer, `every` reads every match instead: below the threshold counts and facet counts are exact, above it
they are estimates (about ±3 % at MIN_HITS) and say so. Those few rows also give the page (`page_of`), so a
rare phrase is scanned once, not once per question. Because ids follow time, the sample's id ranges are
narrow windows in time: good for counts, levels, sources and years, not for months (the web withholds them).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BITS = 10  # 1024 ids per block
THRESHOLD = 5000
STRATA = 64
SCOUTS = 8
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


def walk(conn: sqlite3.Connection, blocks: Blocks, match: str, where: str, params: dict[str, Any], limit: int,
         after: tuple[str, int] | None = None, stop: Callable[[], bool] = lambda: False, oldest: bool = False) -> list[int] | None:
    """Ids of the *limit* first matches of *match* passing *where* (alias a) in the order published DESC, id ASC
    (no date last) — or published ASC, id ASC (no date first) when *oldest* — strictly after the keyset position
    *after* = (published or '', id); None as soon as *stop*() says the page will come from elsewhere (checked
    between block runs)."""
    sql = f"SELECT coalesce(a.published, ''), a.id FROM ({_IN_RANGE}) m CROSS JOIN articles a ON a.id = m.rowid WHERE {where}"
    found: list[tuple[str, int]] = []
    if oldest:  # blocks by earliest date, and runs of ascending block numbers
        order, step = [b for b in sorted(blocks.order, key=lambda b: (b.lo, b.number)) if after is None or b.hi >= after[0]], 1
    else:
        order, step = [b for b in blocks.order if after is None or b.lo <= after[0]], -1
    i, width = 0, 1
    while i < len(order):
        if len(found) >= limit and (found[limit - 1][0] < order[i].lo if oldest else found[limit - 1][0] > order[i].hi):
            break  # every unvisited block holds only dates beyond the page's last row
        if stop():
            return None
        run = [order[i]]
        i += 1
        while i < len(order) and len(run) < width and order[i].number == run[-1].number + step:
            run.append(order[i])
            i += 1
        width *= 2
        numbers = (run[0].number, run[-1].number)
        lo, hi = min(numbers) << BITS, ((max(numbers) + 1) << BITS) - 1
        found += [row for row in conn.execute(sql, {**params, "match": match, "lo": lo, "hi": hi}) if _beyond(row, after, oldest)]
        _order(found, oldest)
        del found[limit:]
    return [rowid for _, rowid in found]


def _beyond(row: tuple[str, int], after: tuple[str, int] | None, oldest: bool) -> bool:
    """Whether (published, id) *row* comes after the keyset position *after* in the page order."""
    if after is None:
        return True
    return (row[0] > after[0] if oldest else row[0] < after[0]) or (row[0] == after[0] and row[1] > after[1])


def _order(rows: list[tuple[str, int]], oldest: bool) -> None:
    """Sort (published, id) pairs in place: by date (newest first unless *oldest*), ties by ascending id."""
    rows.sort(key=lambda r: r[1])
    rows.sort(key=lambda r: r[0], reverse=not oldest)  # stable: ties keep ascending ids


@dataclass
class Tally:
    """How many articles match (exact, or estimated from a sample holding *share* of the archive), the facet
    counts ({column: [(value, count), …]}, scaled like the count) and the ids counted (sample or all)."""

    count: int
    exact: bool
    share: float = 1.0
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    sample: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Probe:
    """The stratified sample's matching rows (see `rows_sql`), the share of the archive it holds and the estimate
    it gives; *small* when every match has to be counted (estimate within THRESHOLD, or the whole archive)."""

    rows: list[tuple]
    share: float
    estimate: float

    @property
    def small(self) -> bool:
        """Whether the count must be exact: then every match is read (and the page can come from them)."""
        return self.share >= 1 or self.estimate <= THRESHOLD


def rows_sql(source: str, where: str, facets: bool = True) -> str:
    """Rows (id, published or '', *FACETS) — or (id, published) — of the FTS rowids *source* passing *where*."""
    columns = ", ".join(["a.id", "coalesce(a.published, '')", *(f"a.{c}" for c in FACETS if facets)])
    return f"SELECT {columns} FROM ({source}) m CROSS JOIN articles a ON a.id = m.rowid WHERE {where}"


Ranges = Callable[[str, list[dict[str, Any]]], list[tuple]]


def one_by_one(conn: sqlite3.Connection) -> Ranges:
    """Run a query once per parameter set on *conn*, rows in order (`Hits` spreads them over two connections)."""
    return lambda sql, runs: [row for params in runs for row in conn.execute(sql, params)]


def probe(conn: sqlite3.Connection, blocks: Blocks, match: str, where: str, params: dict[str, Any],
          facets: bool = True) -> Probe:
    """Sample the matches of *match* passing *where*: the same id range in each of STRATA slices, widened until
    it holds MIN_HITS matches or MAX_SHARE of the archive (or shows the count is within THRESHOLD). Rows as
    `rows_sql` gives them; without *facets* or filters, just (id,): no article row is read."""
    if blocks.total <= THRESHOLD:
        return Probe([], 1.0, 0.0)
    run = one_by_one(conn)
    sql = rows_sql(_IN_RANGE, where, facets) if facets or where != "1 = 1" else _IN_RANGE
    step = blocks.max_id // SCOUTS + 1  # a first look in a few wide ranges: each range query costs a phrase lookup
    spans = [(k * step, k * step + min(step, FIRST_WIDTH * STRATA // SCOUTS) - 1) for k in range(SCOUTS)]
    rows = run(sql, [{**params, "match": match, "lo": lo, "hi": hi} for lo, hi in spans])
    share = sum(_articles_between(conn, blocks, lo, hi) for lo, hi in spans) / blocks.total
    if share and len(rows) / share * 2 < THRESHOLD:
        return Probe(rows, share, len(rows) / share)  # a rare search: every match will be read
    step = blocks.max_id // STRATA + 1
    rows = []
    done, width, sampled = 0, min(FIRST_WIDTH, step), 0
    while True:
        spans = [(k * step + done, k * step + width - 1) for k in range(STRATA)]
        rows += run(sql, [{**params, "match": match, "lo": lo, "hi": hi} for lo, hi in spans])
        sampled += sum(_articles_between(conn, blocks, lo, hi) for lo, hi in spans)
        share = sampled / blocks.total
        estimate = len(rows) / share if share else 0.0
        done = width
        if len(rows) >= MIN_HITS or share >= MAX_SHARE or width >= step or estimate * 2 < THRESHOLD:
            return Probe(rows, share, estimate)
        width = min(step, math.ceil(width * MIN_HITS * 1.2 / max(len(rows), 1)), math.ceil(width * MAX_SHARE / share))


def every(conn: sqlite3.Connection, match: str, where: str, params: dict[str, Any], facets: bool = True,
          ranges: Ranges | None = None, middle: int = 0) -> list[tuple]:
    """The rows (see `rows_sql`) of every match of *match* passing *where*; with *ranges* and a *middle* id,
    the two halves of the id space as two runs (read on two connections at once)."""
    if ranges is None or middle <= 0:
        return conn.execute(rows_sql(_ALL, where, facets), {**params, "match": match}).fetchall()
    halves = [{**params, "match": match, "lo": 0, "hi": middle}, {**params, "match": match, "lo": middle + 1, "hi": 1 << 62}]
    return ranges(rows_sql(_IN_RANGE, where, facets), halves)


def tally_of(rows: list[tuple], share: float, facets: bool) -> Tally:
    """The tally of matching rows from `rows_sql` that hold *share* of the archive (1: every match, exact)."""
    exact = share >= 1
    return Tally(len(rows) if exact else round(len(rows) / share), exact, share,
                 _facets(rows, 1 / share) if facets else {}, [r[0] for r in rows])


def page_of(rows: list[tuple], limit: int, after: tuple[str, int] | None = None, oldest: bool = False) -> list[int]:
    """Ids of the *limit* first of every matching row in `walk`'s order, strictly after the keyset *after*."""
    keys = [(r[1], r[0]) for r in rows if _beyond((r[1], r[0]), after, oldest)]
    _order(keys, oldest)
    return [rowid for _, rowid in keys[:limit]]


def tally(conn: sqlite3.Connection, blocks: Blocks, match: str, where: str, params: dict[str, Any],
          facets: bool = True, exact: bool = False) -> Tally:
    """Count the matches of *match* passing *where*: exact up to THRESHOLD (or when *exact*), else estimated."""
    if not exact:
        sample = probe(conn, blocks, match, where, params, facets)
        if not sample.small:
            return tally_of(sample.rows, sample.share, facets)
    if not facets and where == "1 = 1":  # a bare count needs no article row
        ids = [r[0] for r in conn.execute(_ALL, {"match": match})]
        return Tally(len(ids), True, 1.0, {}, ids)
    return tally_of(every(conn, match, where, params, facets), 1.0, facets)


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
        for column, value in zip(FACETS, row[2:]):
            if column == "topics":
                counters[column].update(json.loads(value or "[]"))
            elif value is not None:
                counters[column][value] += 1
    return {c: sorted(((v, round(n * scale)) for v, n in counter.items()), key=lambda x: (-x[1], str(x[0])))
            for c, counter in counters.items()}
