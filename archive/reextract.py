"""Rebuild article rows from stored captures with the current extractor: parallel, offline, reporting changes."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archive.dedup import minhash as dedup
from archive.dedup.urls import NO_RULES, Rules
from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from archive.store.db import FTS_TABLE, Archive, content_hash
from archive.store.provenance import extractor_version
from archive.store.warc import read
from archive.text import fold
from crawler.pipelines.extract import article_url

# Fields compared between the stored row and the re-extracted one, in report order.
COMPARED = ("title", "published", "text", "author", "source_credit", "topics")
BATCH = 200


@dataclass(frozen=True)
class Task:
    """One capture to re-extract, and the article row it backs."""

    capture_id: int
    article_id: int
    url: str
    source_id: str
    warc_file: str
    offset: int
    length: int
    content_type: str | None
    captured_at: str
    article_url: str | None  # the URL the crawl gave the article (its identity; canonicalisation rules may differ now)


@dataclass
class Change:
    """What re-extraction did to one article row."""

    article_id: int
    url: str
    action: str  # changed | restored | lost | added
    fields: list[str] = field(default_factory=list)
    detail: str | None = None


@dataclass
class Report:
    """Counts and per-row changes of one re-extraction run."""

    extractor: str
    workers: int
    examined: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, action: str) -> int:
        """How many rows had this action."""
        return sum(c.action == action for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        counts = {action: self.count(action) for action in ("changed", "restored", "lost", "added")}
        return {**asdict(self), **counts}


def plan(conn: sqlite3.Connection, source_ids: Iterable[str] = (), since: str | None = None) -> list[Task]:
    """The capture behind each article: the row's own capture, or for a missing row its latest text-writing capture."""
    ids = list(source_ids)
    filters = {"c.source_id IN (SELECT value FROM json_each(?))": json.dumps(ids) if ids else None, "c.captured_at >= ?": since}
    where = [cond for cond, value in filters.items() if value is not None] or ["1 = 1"]
    params = [value for value in filters.values() if value is not None]
    sql = f"""
        WITH chosen(article_id, capture_id) AS (
            SELECT id, capture_id FROM articles WHERE capture_id IS NOT NULL
            UNION ALL
            SELECT article_id, max(id) FROM captures
            WHERE outcome = 'archived' AND detail IN ('new', 'updated') AND article_id IS NOT NULL
              AND article_id NOT IN (SELECT id FROM articles)
            GROUP BY article_id)
        SELECT c.id, chosen.article_id, c.url, c.source_id, b.warc_file, b.warc_offset, b.warc_length, c.content_type,
               c.captured_at, c.article_url
        FROM chosen JOIN captures c ON c.id = chosen.capture_id JOIN captures b ON b.id = coalesce(c.refers_to, c.id)
        WHERE {' AND '.join(where)} ORDER BY b.warc_file, b.warc_offset"""
    return [Task(*row) for row in conn.execute(sql, params)]


_worker: dict[str, Any] = {}


def _init(base: str, topics: str, rules: dict[str, Rules]) -> None:
    _worker.update(base=base, taxonomy=Taxonomy.load(topics), rules=rules)


def _extract(task: Task) -> tuple[Task, dict[str, Any] | None, str | None]:
    """(task, article fields or None, reason when there is no defense article) — runs in a worker."""
    try:
        page = read(_worker["base"], task.warc_file, task.offset, task.length)
        article = extract(page.body, task.url, task.content_type or page.content_type)
    except NoArticle as exc:
        return task, None, f"no article: {exc}"
    except (OSError, ValueError) as exc:
        return task, None, f"unreadable capture: {exc}"
    verdict = _worker["taxonomy"].classify(article.title, article.text)
    if not verdict.defense:
        return task, None, f"off topic (score {verdict.score})"
    published = article.published
    return task, {
        "url": article_url(task.url, article.canonical_url, _worker["rules"].get(task.source_id, NO_RULES)), "title": article.title, "published": published,
        "year": int(published[:4]) if published else None, "author": article.author,
        "source_credit": article.source_credit, "text": article.text,
        "topics": json.dumps(verdict.topics, ensure_ascii=False),
    }, None


def extract_all(tasks: list[Task], base: str | Path, topics: str | Path, workers: int,
                rules: dict[str, Rules] | None = None) -> Iterator[tuple[Task, dict[str, Any] | None, str | None]]:
    """Re-extract every task, in *workers* processes (1: in this process), results in task order."""
    setup = (str(base), str(topics), rules or {})
    if workers <= 1 or len(tasks) < 2:
        _init(*setup)
        yield from map(_extract, tasks)
        return
    chunk = max(1, min(16, len(tasks) // (workers * 4)))
    with multiprocessing.Pool(workers, _init, setup) as pool:
        yield from pool.imap(_extract, tasks, chunksize=chunk)


def reextract(archive: Archive, base: str | Path, topics: str | Path, source_ids: Iterable[str] = (),
              since: str | None = None, workers: int | None = None, dry_run: bool = False, new: bool = False,
              rules: dict[str, Rules] | None = None) -> Report:
    """Re-extract the archive's captures and update, restore or report each article row; never fetches anything.

    *base* is the database's directory (captures.warc_file is relative to it). With *new*, captured pages that
    were not archived (off-topic, no article) are re-extracted too, and those that now qualify are archived under
    the URL the sources' canonicalisation *rules* give them. Rows keep their URL and id; near-duplicate signatures
    and clusters follow every changed or restored text.
    """
    started, conn = time.perf_counter(), archive.conn
    workers = workers or os.cpu_count() or 1
    version = extractor_version()
    report = Report(version, workers)
    tasks = plan(conn, source_ids, since) + (plan_unarchived(conn, source_ids, since) if new else [])
    sources = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT s.id, s.level, s.province, p.province_now FROM sources s LEFT JOIN source_places p ON p.source_id = s.id")}
    pending: list[tuple[Change | None, dict[str, Any]]] = []
    for task, fields, reason in extract_all(tasks, base, topics, workers, rules):
        report.examined += 1
        if task.article_id == 0:
            if fields is None:
                report.unchanged += 1
            elif not dry_run:
                report.changes.append(_add(archive, task, fields, sources, version))
            else:
                report.changes.append(Change(0, fields["url"], "added", detail="dry run"))
            continue
        old = _row(conn, task.article_id)
        if fields is None:
            report.changes.append(Change(task.article_id, old["url"] if old else task.url, "lost", detail=reason))
            continue
        level, province, province_now = sources.get(task.source_id, ("", None, None))
        same_text = old is not None and old["text"] == fields["text"]  # the common case: no need to hash again
        row = {"id": task.article_id, "source_id": task.source_id, "level": level, "province": province,
               "province_now": province_now, **fields,
               "content_hash": old["content_hash"] if same_text else content_hash(fields["text"]),
               "extractor": version, "capture_id": task.capture_id}
        if old is None:
            row["url"] = task.article_url or row["url"]
            row.update(_seen(conn, task, row["url"]))
            change: Change | None = Change(task.article_id, row["url"], "restored", list(COMPARED))
        else:
            differ = [k for k in COMPARED if old[k] != row[k]]
            change = Change(task.article_id, old["url"], "changed", differ) if differ else None
            if change is None:
                report.unchanged += 1
                if old["extractor"] == version:
                    continue
        pending.append((change, row))
        if len(pending) >= BATCH:
            _apply(archive, pending, report, dry_run)
    _apply(archive, pending, report, dry_run)
    if not dry_run and report.count("restored"):
        rebuild_fts(conn)
    report.changes.sort(key=lambda c: (c.action, c.article_id))
    report.seconds = time.perf_counter() - started
    return report


def plan_unarchived(conn: sqlite3.Connection, source_ids: Iterable[str] = (), since: str | None = None) -> list[Task]:
    """The latest capture of each page that was captured but never archived (off-topic, no article, interrupted)."""
    ids = list(source_ids)
    sql = """
        SELECT c.id, 0, c.url, c.source_id, b.warc_file, b.warc_offset, b.warc_length, c.content_type, c.captured_at,
               NULL
        FROM captures c JOIN captures b ON b.id = coalesce(c.refers_to, c.id)
        WHERE c.id IN (SELECT max(id) FROM captures GROUP BY url)
          AND (c.outcome IS NULL OR c.outcome IN ('off_topic', 'no_article'))
          AND c.url NOT IN (SELECT url FROM sightings)
          AND (? IS NULL OR c.source_id IN (SELECT value FROM json_each(?)))
          AND (? IS NULL OR c.captured_at >= ?)
        ORDER BY b.warc_file, b.warc_offset"""
    listed = json.dumps(ids) if ids else None
    return [Task(*row) for row in conn.execute(sql, (listed, listed, since, since))]


def _add(archive: Archive, task: Task, fields: dict[str, Any], sources: dict[str, tuple[str, str | None, str | None]], version: str) -> Change:
    """Archive a page that now qualifies, through the crawl's own path (dedup, sightings, fetch log)."""
    level, province, _ = sources.get(task.source_id, ("", None, None))
    status, size = archive.conn.execute("SELECT status, bytes FROM captures WHERE id = ?", (task.capture_id,)).fetchone()
    with archive.transaction() as conn:  # pending again: the fetch logged below links it to its article
        conn.execute("UPDATE captures SET outcome = NULL WHERE id = ?", (task.capture_id,))
    article = {**fields, "topics": json.loads(fields["topics"]), "extractor": version, "capture_id": task.capture_id}
    fetch = {"url": task.url, "source_id": task.source_id, "kind": "article", "status": status, "bytes": size,
             "outcome": "archived", "detail": "reextract"}
    outcome = archive.save_article(None, fetch, article, {"id": task.source_id, "level": level, "province": province})
    article_id = archive.conn.execute("SELECT article_id FROM captures WHERE id = ?", (task.capture_id,)).fetchone()[0]
    return Change(article_id or 0, fields["url"], "added", detail=outcome)


def _row(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    cur = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,))
    values = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], values)) if values else None


def _seen(conn: sqlite3.Connection, task: Task, url: str) -> dict[str, str]:
    """first_seen/last_seen of a restored row: its URL's sighting (stamped with the row), else the capture time."""
    seen = conn.execute(
        "SELECT first_seen, last_seen FROM sightings WHERE url = ? AND article_id = ?", (url, task.article_id)
    ).fetchone() or conn.execute(
        "SELECT min(first_seen), max(last_seen) FROM sightings WHERE article_id = ?", (task.article_id,)
    ).fetchone()
    return {"first_seen": seen[0] or task.captured_at, "last_seen": seen[1] or task.captured_at}


def _apply(archive: Archive, pending: list[tuple[Change | None, dict[str, Any]]], report: Report, dry_run: bool) -> None:
    """Write a batch of rows in one transaction (restored rows keep their id; FTS and dedup follow the texts)."""
    if not pending:
        return
    conn = archive.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for change, row in pending:
            if change is not None:
                report.changes.append(change)
            if dry_run:
                continue
            if change is not None and change.action == "restored":
                conn.execute("SAVEPOINT restore")
                try:
                    conn.execute(f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
                except sqlite3.IntegrityError as exc:  # e.g. its URL now belongs to another row
                    conn.execute("ROLLBACK TO restore")
                    change.action, change.fields, change.detail = "lost", [], f"cannot restore: {exc}"
                else:
                    _dedup(archive, row)
                conn.execute("RELEASE restore")
                continue
            if change is not None and ("title" in change.fields or "text" in change.fields):
                old = conn.execute("SELECT title, text FROM articles WHERE id = ?", (row["id"],)).fetchone()
                conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                             (row["id"], fold(old[0] or ""), fold(old[1])))
                conn.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (?, ?, ?)",
                             (row["id"], fold(row["title"] or ""), fold(row["text"])))
            keys = [k for k in row if k not in ("id", "url", "source_id", "level", "province", "province_now")]  # a row keeps its URL
            conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in keys)} WHERE id = ?",
                         [row[k] for k in keys] + [row["id"]])
            if change is not None and "text" in change.fields:
                _dedup(archive, row)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    pending.clear()


def _dedup(archive: Archive, row: dict[str, Any]) -> None:
    """Re-index a new or restored text for near-duplicates; an exact copy sighted elsewhere makes it a cluster head."""
    archive.near.add(row["id"], row["text"])
    if archive.conn.execute("SELECT 1 FROM sightings WHERE article_id = ? AND source_id != ?", (row["id"], row["source_id"])).fetchone():
        dedup.mark_copied(archive.conn, row["id"])


def rebuild_fts(conn: sqlite3.Connection) -> None:
    """Re-index every article's folded title and text (after rows were restored under their old ids)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
        for rowid, title, text in conn.execute("SELECT id, title, text FROM articles").fetchall():
            conn.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (?, ?, ?)", (rowid, fold(title or ""), fold(text)))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
