"""The archive database: schema, one transaction per item, and diacritic-folded full-text search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.config import Source
from archive.dedup import minhash as dedup
from archive.dedup.minhash import Fingerprint, Fingerprinter, content_hash
from archive.store import matches, provenance, schedule
from archive.store.browse import ensure_browse_schema, sync_places
from archive.store.records import records
from archive.store.selection import from_filters
from archive.store.sql import ensure_columns, now, read_only
from archive.text import fold

SCHEMA_VERSION = 1
FTS_TABLE = "articles_fts"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, province TEXT,
    start_urls TEXT NOT NULL, cms TEXT, verified INTEGER NOT NULL DEFAULT 0, notes TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL REFERENCES sources(id),
    level TEXT NOT NULL, province TEXT,
    title TEXT, published TEXT, year INTEGER, author TEXT, source_credit TEXT,
    text TEXT NOT NULL, topics TEXT NOT NULL DEFAULT '[]', content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, extractor TEXT,
    cluster_id INTEGER REFERENCES articles(id), capture_id INTEGER REFERENCES captures(id)
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published DESC);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source_id);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
    title, text, content="articles", content_rowid="id", tokenize="unicode61 remove_diacritics 2"
);
CREATE TABLE IF NOT EXISTS sightings (
    url TEXT PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),
    source_id TEXT NOT NULL REFERENCES sources(id), first_seen TEXT NOT NULL, last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sightings_article ON sightings(article_id);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, source_id TEXT NOT NULL, outcome TEXT NOT NULL, status INTEGER,
    detail TEXT, article_id INTEGER, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
    kind TEXT, etag TEXT, last_modified TEXT, validators_run INTEGER, next_fetch_after TEXT,
    failures INTEGER NOT NULL DEFAULT 0, first_run INTEGER
);
CREATE INDEX IF NOT EXISTS pages_source ON pages(source_id, outcome);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
    sources TEXT NOT NULL, requests INTEGER DEFAULT 0, new_articles INTEGER DEFAULT 0,
    updated_articles INTEGER DEFAULT 0, errors INTEGER DEFAULT 0, stats TEXT,
    mode TEXT, not_modified INTEGER DEFAULT 0, broken TEXT
);
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES crawl_runs(id), fetched_at TEXT NOT NULL,
    source_id TEXT, url TEXT NOT NULL, kind TEXT, status INTEGER, outcome TEXT NOT NULL,
    detail TEXT, bytes INTEGER, article_id INTEGER
);
CREATE INDEX IF NOT EXISTS fetches_run ON fetches(run_id);
CREATE INDEX IF NOT EXISTS fetches_source ON fetches(source_id, fetched_at);
"""


SQLITE_MAGIC = b"SQLite format 3\x00"


def archive_problem(path: str | Path, new_ok: bool = False) -> str | None:
    """Why *path* is not a qpdp archive (None when it is); with *new_ok* a missing or empty file is fine too."""
    path = Path(path)
    if new_ok and (not path.exists() or path.stat().st_size == 0):
        return None
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            return "not an SQLite database"
    try:
        with read_only(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.DatabaseError as exc:
        return f"unreadable SQLite database ({exc})"
    if "articles" in tables or (new_ok and not tables):
        return None
    return "an SQLite database without the archive's tables (articles, sources)"


class Archive:
    """The SQLite archive; every write method is one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.conn: sqlite3.Connection = self.db.conn
        self.conn.isolation_level = None  # explicit transactions only: see transaction()
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.db.enable_wal()
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        with self.transaction():
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    self.conn.execute(statement)
            schedule.ensure_schema(self.conn)
            ensure_browse_schema(self.conn)
            matches.ensure_schema(self.conn)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            ensure_columns(self.conn, "articles", {
                "cluster_id": "INTEGER REFERENCES articles(id)", "capture_id": "INTEGER REFERENCES captures(id)",
                "variant": "INTEGER NOT NULL DEFAULT 0",  # 1: text from a variant page, until the canonical page is seen
            })
            dedup.ensure_schema(self.conn)
            provenance.ensure_schema(self.conn)
        self._near: dedup.NearDuplicates | None = None

    @cached_property
    def prints(self) -> Fingerprinter:
        """Fingerprints of stories stored without one, built on first need (and shared with the near index)."""
        return Fingerprinter()

    @property
    def near(self) -> dedup.NearDuplicates:
        """The near-duplicate index, loaded from the archive (and backfilled) on first use, inside a transaction."""
        if self._near is None:
            self._near = dedup.NearDuplicates(self.conn, self.prints)
            self._near.backfill()
        return self._near

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error; inside another transaction (a batch of writes), a
        savepoint, so that a failing step undoes only itself."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT step")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO step")
                self.conn.execute("RELEASE step")
                raise
            self.conn.execute("RELEASE step")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # -- sources and runs -------------------------------------------------------------------
    def sync_sources(self, sources: Iterable[Source], apart: bool = False) -> None:
        """Insert or update the configured sources; place those that are new or whose name, level or province changed
        (placing loads the administrative-units tables: about 40 MB; *apart*: in a short-lived process instead)."""
        sources = list(sources)
        rows = [(s.id, s.name, s.level, s.province, json.dumps(s.start_urls), s.cms, int(s.verified), s.notes) for s in sources]
        with self.transaction():
            known = {r[0]: tuple(r[1:]) for r in self.conn.execute("SELECT id, name, level, province FROM sources")}
            unplaced = {r[0] for r in self.conn.execute("SELECT source_id FROM source_places WHERE province_now IS NULL")}
            if not self.conn.execute("SELECT 1 FROM source_places LIMIT 1").fetchone():
                known = {}  # an archive older than places: place every source once
            moved = [s for s in sources if known.get(s.id) != (s.name, s.level, s.province) or s.id in unplaced]
            self.conn.executemany(
                "INSERT INTO sources (id, name, level, province, start_urls, cms, verified, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, level = excluded.level, province = excluded.province,"
                " start_urls = excluded.start_urls, cms = excluded.cms, verified = excluded.verified, notes = excluded.notes",
                rows,
            )
            if moved:
                sync_places(self.conn, moved, apart)

    def start_run(self, source_ids: list[str]) -> int:
        """Record the start of a crawl run and return its id."""
        with self.transaction():
            schedule.close_stale_runs(self.conn)
            cur = self.conn.execute(
                "INSERT INTO crawl_runs (started, status, sources) VALUES (?, 'running', ?)", (now(), json.dumps(source_ids))
            )
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any]) -> None:
        """Close a crawl run with its counters."""
        with self.transaction():
            counts = self.conn.execute(
                "SELECT count(*), sum(outcome = 'archived'), sum(outcome IN ('error', 'http_error')) FROM fetches WHERE run_id = ?",
                (run_id,),
            ).fetchone()
            new = self.conn.execute(
                "SELECT count(*) FROM articles WHERE id IN (SELECT article_id FROM fetches WHERE run_id = ? AND detail = 'new')",
                (run_id,),
            ).fetchone()[0]
            self.conn.execute(
                "UPDATE crawl_runs SET finished = ?, status = ?, requests = ?, new_articles = ?, updated_articles = ?,"
                " errors = ?, stats = ? WHERE id = ?",
                (now(), status, counts[0], new, (counts[1] or 0) - new, counts[2] or 0, json.dumps(stats, default=str), run_id),
            )
            schedule.summarize_run(self.conn, run_id)

    # -- pages and articles -----------------------------------------------------------------
    def record_fetch(self, run_id: int | None, fetch: dict[str, Any]) -> None:
        """Log one fetch outcome (listing, feed, error…) and remember the page."""
        with self.transaction():
            self._log(run_id, fetch)

    def _log(self, run_id: int | None, fetch: dict[str, Any], article_id: int | None = None, detail: str | None = None) -> None:
        stamp = now()
        fetch = schedule.classify(self.conn, fetch)
        detail = detail if detail is not None and fetch["outcome"] != "gone" else fetch.get("detail")
        self.conn.execute(
            "INSERT INTO fetches (run_id, fetched_at, source_id, url, kind, status, outcome, detail, bytes, article_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, stamp, fetch.get("source_id"), fetch["url"], fetch.get("kind"), fetch.get("status"),
             fetch["outcome"], detail, fetch.get("bytes"), article_id),
        )
        self.conn.execute(
            "INSERT INTO pages (url, source_id, outcome, status, detail, article_id, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome,"
            " status = excluded.status, detail = excluded.detail, article_id = coalesce(excluded.article_id, article_id),"
            " last_seen = excluded.last_seen",
            (fetch["url"], fetch.get("source_id") or "", fetch["outcome"], fetch.get("status"), detail, article_id, stamp, stamp),
        )
        schedule.note(self.conn, run_id, fetch)

    def save_article(self, run_id: int | None, fetch: dict[str, Any], article: dict[str, Any], source: dict[str, Any],
                     fingerprint: Fingerprint | None = None) -> str:
        """Store one defense article (insert, update or exact-duplicate sighting); return what happened.

        *fingerprint* is the article's own (dedup.Fingerprinter of its title and text), when the crawl computed it."""
        url, key, stamp = article["url"], article.get("key") or article["url"], now()
        rank = (article.get("variant", 0), url)  # the canonical page beats a variant; then the smaller URL: any order
        seen_at = [u for u in dict.fromkeys([fetch["url"], key, *article.get("variants", [])]) if u != url]
        fingerprint = fingerprint or self.prints(article.get("title"), article["text"])
        digest = fingerprint.content_hash
        published = article.get("published")
        row = {
            "url": url, "source_id": source["id"], "level": source["level"], "province": source.get("province"),
            "province_now": self._province_now(source["id"]),
            "title": article.get("title"), "published": published, "year": int(published[:4]) if published else None,
            "author": article.get("author"), "source_credit": article.get("source_credit"), "text": article["text"],
            "topics": json.dumps(article.get("topics", []), ensure_ascii=False), "content_hash": digest,
            "extractor": article.get("extractor"), "capture_id": article.get("capture_id"), "variant": rank[0],
        }
        with self.transaction():
            existing = self.conn.execute("SELECT id, content_hash, title, variant, url FROM articles WHERE url = ? OR id ="
                                         " (SELECT article_id FROM sightings WHERE url = ?)", (url, key)).fetchone()
            if existing is None:
                marks = ",".join("?" * (1 + len(seen_at)))
                sighted = self.conn.execute(f"SELECT article_id FROM sightings WHERE url IN ({marks})", (url, *seen_at)).fetchone()
                twin = sighted or self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
                if twin:
                    for seen in (url, *seen_at):
                        self._sight(twin[0], seen, source["id"], stamp)
                    if self.conn.execute("SELECT source_id != ? FROM articles WHERE id = ?", (source["id"], twin[0])).fetchone()[0]:
                        dedup.mark_copied(self.conn, twin[0])
                    self._log(run_id, {**fetch, "outcome": "duplicate"}, twin[0], "same text as article %d" % twin[0])
                    return "duplicate"
                cur = self.conn.execute(
                    f"INSERT INTO articles ({', '.join(row)}, first_seen, last_seen) VALUES ({', '.join('?' * len(row))}, ?, ?)",
                    (*row.values(), stamp, stamp),
                )
                article_id, outcome = int(cur.lastrowid), "new"
            else:
                article_id, held = existing[0], (existing[3], existing[4])
                same = existing[1] == digest and existing[2] == row["title"] and rank == held
                outcome = "unchanged" if same or rank > held else "updated"  # a worse-ranked page changes nothing
                if rank[0] < held[0]:
                    outcome = "new"  # the story's first canonical page replaces the variant it was archived from
                if outcome != "unchanged":
                    self._fts_delete(article_id)
                    sets = ", ".join(f"{k} = ?" for k in row)
                    self.conn.execute(f"UPDATE articles SET {sets}, last_seen = ? WHERE id = ?", (*row.values(), stamp, article_id))
                else:
                    self.conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (stamp, article_id))
            if outcome != "unchanged":
                self.conn.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (?, ?, ?)",
                    (article_id, fingerprint.folded_title, fingerprint.folded_text),
                )
                self.near.add(article_id, row["text"], fingerprint)
            for seen in (url, *seen_at):
                self._sight(article_id, seen, source["id"], stamp)
            if rank[0]:  # a variant page is logged as a sighting, whether it arrived before its canonical page or after
                self._log(run_id, {**fetch, "outcome": "duplicate"}, article_id, "variant of article %d" % article_id)
                return "variant"
            self._log(run_id, {**fetch, "outcome": "archived"}, article_id, outcome)
        return outcome

    def _province_now(self, source_id: str) -> str | None:
        """The 2025 province of a source's place (None when the source has no place)."""
        row = self.conn.execute("SELECT province_now FROM source_places WHERE source_id = ?", (source_id,)).fetchone()
        return row[0] if row else None

    def _sight(self, article_id: int, url: str, source_id: str, stamp: str) -> None:
        self.conn.execute(
            "INSERT INTO sightings (url, article_id, source_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET last_seen = excluded.last_seen",
            (url, article_id, source_id, stamp, stamp),
        )

    def _fts_delete(self, article_id: int) -> None:
        old = self.conn.execute("SELECT title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        self.conn.execute(
            f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
            (article_id, fold(old[0] or ""), fold(old[1])),
        )

    def search(self, query: str | None = None, source_ids: Iterable[str] = (), level: str | None = None,
               since: str | None = None, until: str | None = None, province: str | None = None,
               province_now: str | None = None) -> Iterator[dict[str, Any]]:
        """Articles matching the filters (the web pages' own builder, `selection.from_filters`), newest first, with provenance."""
        return records(self.conn, from_filters(query, source_ids, level, province, since, until, province_now))
