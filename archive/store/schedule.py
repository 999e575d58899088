"""Crawl scheduling state kept in the archive: page validators, retry schedule, run summaries, source health.

The spider stays stateless: everything a nightly run needs to decide what to fetch (known pages, ETag and
Last-Modified validators, when a failed URL is due again, where pagination may stop) is read from here at
the start of a run, and every fetch outcome updates it in the same transaction that logs the fetch.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from archive.store.sql import ensure_columns

# Scheduling columns on `pages` (also in the CREATE statement in archive/store.py).
PAGE_COLUMNS = {
    "kind": "TEXT", "etag": "TEXT", "last_modified": "TEXT", "validators_run": "INTEGER",
    "next_fetch_after": "TEXT", "failures": "INTEGER NOT NULL DEFAULT 0", "first_run": "INTEGER",
}
RUN_COLUMNS = {"mode": "TEXT", "not_modified": "INTEGER DEFAULT 0", "broken": "TEXT"}
# Page outcomes that are final on a normal run: never fetched again (a --refresh run revisits recent archived ones).
FINAL = ("archived", "duplicate", "gone")
# Outcomes that end a page's failure streak.
GOOD = ("archived", "duplicate", "gone", "off_topic", "redirected", "listing", "feed", "sitemap", "robots", "not_modified")
# Outcomes whose page is retried from the database when due (not only when linked again).
RETRIED = ("no_article", "http_error", "error", "skipped", "not_html", "off_topic", "redirected")
# Kinds of pages that carry links to new content: conditional requests, always fetched when linked.
HUB_OUTCOMES = ("listing", "feed", "sitemap")
HOUR = 3600.0
DAY = 24 * HOUR
MAX_RETRIES_PER_SOURCE = 200
ROBOTS_TTL_DAYS = 7  # robots.txt is read again (for new sitemaps) once a week; Scrapy's robots check is separate

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_run_sources (
    run_id INTEGER NOT NULL REFERENCES crawl_runs(id), source_id TEXT NOT NULL,
    requests INTEGER NOT NULL, ok INTEGER NOT NULL, not_modified INTEGER NOT NULL, new_articles INTEGER NOT NULL,
    errors INTEGER NOT NULL, skipped INTEGER NOT NULL, PRIMARY KEY (run_id, source_id)
);
CREATE INDEX IF NOT EXISTS crawl_run_sources_source ON crawl_run_sources(source_id, run_id);
CREATE INDEX IF NOT EXISTS pages_due ON pages(next_fetch_after);
CREATE VIEW source_health AS
    SELECT s.id AS source_id, s.name, s.level, s.province,
        (SELECT max(fetched_at) FROM fetches f WHERE f.source_id = s.id AND f.kind <> 'robots'
            AND (f.status BETWEEN 200 AND 299 OR f.status = 304)) AS last_success,
        (SELECT max(first_seen) FROM articles a WHERE a.source_id = s.id) AS last_new_article,
        (SELECT count(*) FROM crawl_run_sources c WHERE c.source_id = s.id AND c.ok = 0 AND c.run_id > coalesce(
            (SELECT max(run_id) FROM crawl_run_sources g WHERE g.source_id = s.id AND g.ok > 0), 0)) AS consecutive_failures,
        (SELECT round(1.0 * sum(outcome IN ('archived', 'duplicate')) / nullif(count(*), 0), 3) FROM pages p
            WHERE p.source_id = s.id AND p.outcome IN ('archived', 'duplicate', 'gone', 'off_topic', 'no_article')) AS yield_ratio,
        (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles,
        (SELECT count(*) FROM pages p WHERE p.source_id = s.id AND p.outcome = 'gone') AS gone,
        (SELECT max(run_id) FROM crawl_run_sources c WHERE c.source_id = s.id) AS last_run,
        (SELECT requests FROM crawl_run_sources c WHERE c.source_id = s.id ORDER BY run_id DESC LIMIT 1) AS last_run_requests,
        (SELECT new_articles FROM crawl_run_sources c WHERE c.source_id = s.id ORDER BY run_id DESC LIMIT 1) AS last_run_new,
        (SELECT errors FROM crawl_run_sources c WHERE c.source_id = s.id ORDER BY run_id DESC LIMIT 1) AS last_run_errors,
        (SELECT count(*) FROM fetches f WHERE f.source_id = s.id) AS fetches,
        (SELECT count(*) FROM fetches f WHERE f.source_id = s.id AND f.outcome IN ('error', 'http_error')) AS errors
    FROM sources s
"""


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Add the scheduling columns, the per-source run table and the source_health view (idempotent)."""
    ensure_columns(conn, "pages", PAGE_COLUMNS)
    ensure_columns(conn, "crawl_runs", RUN_COLUMNS)
    *tables, view = [s.strip() for s in _SCHEMA.split(";\n") if s.strip()]
    for statement in tables:
        conn.execute(statement)
    current = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'source_health'").fetchone()
    if current is None or current[0] != view:
        conn.execute("DROP VIEW IF EXISTS source_health")
        conn.execute(view)


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def retry_delay(outcome: str, status: int | None, failures: int, retry_after: float | None = None) -> float | None:
    """Seconds until a page with this outcome is worth fetching again; None = never on a normal run."""
    streak = 2 ** max(0, failures - 1)
    if outcome in FINAL or outcome in GOOD and outcome not in ("off_topic", "redirected"):
        return None
    if outcome in ("off_topic", "redirected"):
        return 60 * DAY if outcome == "off_topic" else 30 * DAY
    if outcome in ("error",) or (outcome == "http_error" and (status or 0) >= 500 or status in (408, 425, 429)):
        delay = min(20 * HOUR * streak, 30 * DAY)
    else:  # no_article, other 4xx, not_html, skipped (robots, redirect loops…)
        delay = min(7 * DAY * streak, 90 * DAY)
    return max(delay, retry_after or 0.0)


def classify(conn: sqlite3.Connection, fetch: dict[str, Any]) -> dict[str, Any]:
    """The fetch as logged: a 404/410 on an archived article becomes 'gone' (the archive keeps its copy)."""
    if fetch.get("outcome") == "http_error" and fetch.get("status") in (404, 410):
        known = conn.execute(
            "SELECT 1 FROM sightings WHERE url = ? UNION ALL SELECT 1 FROM pages WHERE url = ? AND outcome IN (?, ?, ?)",
            (fetch["url"], fetch["url"], *FINAL),
        ).fetchone()
        if known:
            return {**fetch, "outcome": "gone", "detail": f"HTTP {fetch['status']}: gone from the portal; archived copy kept"}
    return fetch


def note(conn: sqlite3.Connection, run_id: int | None, fetch: dict[str, Any]) -> None:
    """Update the page's scheduling columns after its fetch was logged (same transaction)."""
    url, outcome = fetch["url"], fetch["outcome"]
    row = conn.execute("SELECT failures FROM pages WHERE url = ?", (url,)).fetchone()
    failures = 0 if outcome in GOOD else (row[0] if row and row[0] else 0) + 1
    delay = retry_delay(outcome, fetch.get("status"), failures, fetch.get("retry_after"))
    due = _stamp(_utcnow() + timedelta(seconds=delay)) if delay is not None else None
    conn.execute(
        "UPDATE pages SET failures = ?, next_fetch_after = ?, first_run = coalesce(first_run, ?),"
        " kind = coalesce(kind, ?) WHERE url = ?",
        (failures, due, run_id, fetch.get("kind") or None, url),
    )
    if outcome in HUB_OUTCOMES and fetch.get("status") == 200:
        etag, modified = fetch.get("etag"), fetch.get("last_modified")
        conn.execute(
            "UPDATE pages SET etag = ?, last_modified = ?, validators_run = ? WHERE url = ?",
            (etag, modified, run_id if (etag or modified) else None, url),
        )


def close_stale_runs(conn: sqlite3.Connection) -> None:
    """Runs still marked 'running' when a new one starts were killed (the crawl lock rules out a live one)."""
    for (run_id,) in conn.execute("SELECT id FROM crawl_runs WHERE status = 'running'").fetchall():
        summarize_run(conn, run_id)
        conn.execute("UPDATE crawl_runs SET status = 'interrupted' WHERE id = ?", (run_id,))


def summarize_run(conn: sqlite3.Connection, run_id: int) -> None:
    """Per-source counters of one run (sources with at least one fetch) and the run's not-modified count."""
    conn.execute("DELETE FROM crawl_run_sources WHERE run_id = ?", (run_id,))
    conn.execute(
        "INSERT INTO crawl_run_sources (run_id, source_id, requests, ok, not_modified, new_articles, errors, skipped)"
        " SELECT run_id, source_id, count(*),"
        " coalesce(sum(kind <> 'robots' AND (status BETWEEN 200 AND 299 OR status = 304)), 0),"
        " coalesce(sum(outcome = 'not_modified'), 0), coalesce(sum(outcome = 'archived' AND detail = 'new'), 0),"
        " coalesce(sum(outcome IN ('error', 'http_error')), 0), coalesce(sum(outcome = 'skipped'), 0)"
        " FROM fetches WHERE run_id = ? AND source_id IS NOT NULL AND source_id <> '' GROUP BY source_id",
        (run_id,),
    )
    conn.execute(
        "UPDATE crawl_runs SET not_modified = (SELECT count(*) FROM fetches WHERE run_id = ? AND outcome = 'not_modified')"
        " WHERE id = ?",
        (run_id, run_id),
    )


def set_run_mode(conn: sqlite3.Connection, run_id: int, mode: str) -> None:
    """Record how a run was started (incremental, backfill, refresh)."""
    conn.execute("UPDATE crawl_runs SET mode = ? WHERE id = ?", (mode, run_id))


def broken_sources(conn: sqlite3.Connection, source_ids: list[str], threshold: int) -> list[tuple[str, int]]:
    """(source, consecutive failed runs) for the given sources at or over the threshold."""
    marks = ",".join("?" * len(source_ids))
    rows = conn.execute(
        f"SELECT source_id, consecutive_failures FROM source_health WHERE source_id IN ({marks})"
        " AND consecutive_failures >= ? ORDER BY consecutive_failures DESC, source_id",
        (*source_ids, threshold),
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def mark_broken(conn: sqlite3.Connection, run_id: int, broken: list[tuple[str, int]]) -> None:
    """Store the run's broken sources on its crawl_runs row."""
    conn.execute("UPDATE crawl_runs SET broken = ? WHERE id = ?", (json.dumps(dict(broken)), run_id))


@dataclass
class CrawlPlan:
    """What a run knows before it starts: which pages to skip, validators, retries due and pagination cut-offs."""

    skip: set[str] = field(default_factory=set)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    cutoff: dict[str, int | None] = field(default_factory=dict)
    due: list[tuple[str, str, str]] = field(default_factory=list)
    recent_robots: set[str] = field(default_factory=set)

    def fresh(self, url: str, source_id: str) -> bool:
        """True when *url* was never seen, or only since the source's last finished run (a killed run's finds)."""
        cutoff = self.cutoff.get(source_id)
        if cutoff is None:
            return True
        seen = self.seen.get(url)
        return seen is None or seen > cutoff

    def stops(self, source_id: str) -> bool:
        """True when pagination may stop for this source (it had a finished run and this is not a backfill)."""
        return self.cutoff.get(source_id) is not None

    def dumps(self) -> bytes:
        """The plan as compressed JSON, for the workers of a distributed run (published by the archive writer)."""
        return zlib.compress(json.dumps({
            "skip": sorted(self.skip), "validators": self.validators, "seen": self.seen, "cutoff": self.cutoff,
            "due": self.due, "recent_robots": sorted(self.recent_robots),
        }, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def loads(cls, data: bytes) -> "CrawlPlan":
        """The plan dumps() wrote."""
        raw = json.loads(zlib.decompress(data))
        return cls(set(raw["skip"]), {u: (v[0], v[1]) for u, v in raw["validators"].items()}, raw["seen"], raw["cutoff"],
                   [(u, s, k) for u, s, k in raw["due"]], set(raw["recent_robots"]))


def plan(conn: sqlite3.Connection, source_ids: list[str], backfill: bool = False, refresh_days: float = 0) -> CrawlPlan:
    """Read the scheduling state for a run over *source_ids*."""
    result = CrawlPlan()
    if not source_ids:
        return result
    marks = ",".join("?" * len(source_ids))
    refresh_since = _stamp(_utcnow() - timedelta(days=refresh_days)) if refresh_days else None
    _known_pages(conn, result, marks, source_ids, refresh_since)
    finished: dict[str, int] = {}
    for run_id, sources in conn.execute("SELECT id, sources FROM crawl_runs WHERE status = 'finished' ORDER BY id"):
        for sid in json.loads(sources or "[]"):
            finished[sid] = run_id
    result.cutoff = {sid: None if backfill else finished.get(sid) for sid in source_ids}
    _due(conn, result, marks, source_ids)
    if not backfill:
        _hubs(conn, result, marks, source_ids)
    if refresh_since:
        result.due += list(conn.execute(
            f"SELECT url, source_id, 'article' FROM pages WHERE source_id IN ({marks}) AND outcome = 'archived'"
            " AND first_seen >= ?", (*source_ids, refresh_since),
        ))
    return result


def _known_pages(conn: sqlite3.Connection, result: CrawlPlan, marks: str, source_ids: list[str], refresh_since: str | None) -> None:
    """Every known URL with the run it was first seen in; the settled or not-yet-due ones are skipped."""
    now = _stamp(_utcnow())
    for url, outcome, due, first_seen, first_run in conn.execute(
        f"SELECT url, outcome, next_fetch_after, first_seen, first_run FROM pages WHERE source_id IN ({marks})", source_ids
    ):
        result.seen[url] = first_run or 0
        legacy_off_topic = outcome == "off_topic" and due is None
        if outcome in FINAL or legacy_off_topic or (due is not None and due > now):
            if not (refresh_since and outcome == "archived" and first_seen >= refresh_since):
                result.skip.add(url)
    for (url,) in conn.execute(  # a story archived from a variant only: its canonical page is still wanted
        f"SELECT s.url FROM sightings s JOIN articles a ON a.id = s.article_id WHERE s.source_id IN ({marks})"
        " AND (a.variant = 0 OR s.url IN (SELECT url FROM pages))", source_ids
    ):
        result.skip.add(url)
        result.seen.setdefault(url, 0)


def _due(conn: sqlite3.Connection, result: CrawlPlan, marks: str, source_ids: list[str]) -> None:
    """Failed, empty or off-topic pages whose retry time has come (at most MAX_RETRIES_PER_SOURCE a source)."""
    per_source: dict[str, int] = {}
    retry_sql = (
        f"SELECT url, source_id, coalesce(kind, 'link') FROM pages WHERE source_id IN ({marks})"
        f" AND outcome IN ({','.join('?' * len(RETRIED))}) AND next_fetch_after <= ? ORDER BY next_fetch_after"
    )
    for url, sid, kind in conn.execute(retry_sql, (*source_ids, *RETRIED, _stamp(_utcnow()))):
        if per_source.get(sid, 0) < MAX_RETRIES_PER_SOURCE:
            per_source[sid] = per_source.get(sid, 0) + 1
            result.due.append((url, sid, kind))


def _hubs(conn: sqlite3.Connection, result: CrawlPlan, marks: str, source_ids: list[str]) -> None:
    """Validators stored by finished runs; robots.txt read this week is skipped, its sitemaps requested directly."""
    finished_runs = {r[0] for r in conn.execute("SELECT id FROM crawl_runs WHERE status = 'finished'")}
    for url, etag, modified, run in conn.execute(
        f"SELECT url, etag, last_modified, validators_run FROM pages WHERE source_id IN ({marks})"
        " AND validators_run IS NOT NULL", source_ids
    ):
        if run in finished_runs:  # a killed run's validators would hide links it never followed
            result.validators[url] = (etag, modified)
    week_ago = _stamp(_utcnow() - timedelta(days=ROBOTS_TTL_DAYS))
    for (url,) in conn.execute(  # read by a finished run: a killed run may not have reached its sitemaps
        f"SELECT DISTINCT f.url FROM fetches f JOIN crawl_runs r ON r.id = f.run_id WHERE f.source_id IN ({marks})"
        " AND f.kind = 'robots' AND f.outcome = 'robots' AND f.fetched_at >= ? AND r.status = 'finished'",
        (*source_ids, week_ago),
    ):
        result.recent_robots.add(url)
    result.due += [(url, sid, "sitemap") for url, sid in conn.execute(
        f"SELECT url, source_id FROM pages WHERE source_id IN ({marks}) AND kind = 'sitemap'"
        " AND outcome IN ('sitemap', 'not_modified')", source_ids,
    )]
