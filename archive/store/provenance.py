"""Provenance: every captured article page in WARC, its `captures` row, article versions, extractor versions.

Schema (created by `ensure_schema`, called from `Archive.__init__`):
- `captures`: one row per stored response (WARC file, offset, length, WARC-Record-ID, capture time, sha256 of the
  body, HTTP status and headers) and what the crawl made of it (outcome, detail, article_id and its URL); a
  refetch with the same body is a WARC `revisit` record whose `refers_to` names the capture holding the body.
- `articles.capture_id`: the capture the row's current text was extracted from.
- `article_versions`: the previous texts of an article, kept when a later capture changed it (filled by a trigger,
  so every writer — crawl or refresh — keeps history in the same transaction as the update).
- `article_history` view: previous versions plus the current text, one row per version, by article_id.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import trafilatura

from archive import __version__
from archive.store.warc import Stored, read_bytes

# Modules whose code decides what an article row says: a change to any of them is a new extractor version.
EXTRACTOR_MODULES = ("extract.py", "meta.py", "vn.py", "decode.py", "text.py", "topics.py", "cms")

SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL, source_id TEXT, captured_at TEXT NOT NULL,
    status INTEGER, content_type TEXT, headers TEXT, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,
    warc_file TEXT NOT NULL, warc_offset INTEGER NOT NULL, warc_length INTEGER NOT NULL,
    request_length INTEGER NOT NULL DEFAULT 0, record_id TEXT NOT NULL UNIQUE,
    outcome TEXT, detail TEXT, article_id INTEGER REFERENCES articles(id), article_url TEXT,
    refers_to INTEGER REFERENCES captures(id)
);
CREATE INDEX IF NOT EXISTS captures_url ON captures(url);
CREATE INDEX IF NOT EXISTS captures_article ON captures(article_id);
CREATE TABLE IF NOT EXISTS article_versions (
    id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),
    capture_id INTEGER REFERENCES captures(id), captured_at TEXT, superseded_at TEXT NOT NULL,
    superseded_by INTEGER REFERENCES captures(id), title TEXT, published TEXT, author TEXT, text TEXT NOT NULL,
    content_hash TEXT, extractor TEXT
);
CREATE INDEX IF NOT EXISTS article_versions_article ON article_versions(article_id);
DROP TRIGGER IF EXISTS article_keeps_previous_version;
CREATE TRIGGER article_keeps_previous_version BEFORE UPDATE OF text, title ON articles
WHEN old.capture_id IS NOT new.capture_id
 AND (old.content_hash IS NOT new.content_hash OR old.title IS NOT new.title)
BEGIN
    INSERT INTO article_versions (article_id, capture_id, captured_at, superseded_at, superseded_by,
                                  title, published, author, text, content_hash, extractor)
    VALUES (old.id, old.capture_id, (SELECT captured_at FROM captures WHERE id = old.capture_id),
            strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), new.capture_id,
            old.title, old.published, old.author, old.text, old.content_hash, old.extractor);
END;
DROP TRIGGER IF EXISTS capture_outcome;
CREATE TRIGGER capture_outcome AFTER INSERT ON fetches
WHEN EXISTS (SELECT 1 FROM captures WHERE url = new.url AND outcome IS NULL)
BEGIN
    UPDATE captures SET outcome = new.outcome, detail = new.detail, article_id = new.article_id,
        article_url = (SELECT url FROM articles WHERE id = new.article_id)
    WHERE id = (SELECT max(id) FROM captures WHERE url = new.url AND outcome IS NULL);
END;
DROP VIEW IF EXISTS article_history;
CREATE VIEW article_history AS
    SELECT v.article_id, v.capture_id, v.captured_at, v.superseded_at, 0 AS current, v.title, v.published,
           v.author, v.text, v.content_hash, v.extractor
    FROM article_versions v
    UNION ALL
    SELECT a.id, a.capture_id, c.captured_at, NULL, 1, a.title, a.published, a.author, a.text, a.content_hash, a.extractor
    FROM articles a LEFT JOIN captures c ON c.id = a.capture_id;
"""
# Capture fields added to each exported article (`extractor` and `capture_id` come with the row itself).


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the provenance tables; (re)create the triggers and the view (inside the caller's transaction)."""
    for statement in _statements(SCHEMA):
        conn.execute(statement)


def _statements(script: str) -> Iterator[str]:
    """Split a script on top-level semicolons (trigger bodies end with END;)."""
    buffer: list[str] = []
    for line in script.strip().splitlines():
        buffer.append(line)
        joined = "\n".join(buffer).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            yield joined
            buffer = []


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """`qpdp version + trafilatura version + digest of the extraction code`: changes whenever a rule does."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in EXTRACTOR_MODULES:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return f"{__version__}+trafilatura-{trafilatura.__version__}+{digest.hexdigest()[:10]}"


def previous_body(conn: sqlite3.Connection, url: str, status: int, sha256: str) -> tuple[int, tuple[str, str, str]] | None:
    """(capture id, (URI, WARC-Date, record id)) of the latest full capture of *url* with this body, if any."""
    row = conn.execute(
        "SELECT id, url, captured_at, record_id FROM captures WHERE url = ? AND status = ? AND sha256 = ?"
        " AND refers_to IS NULL ORDER BY id DESC LIMIT 1", (url, status, sha256),
    ).fetchone()
    return (row[0], (row[1], row[2].replace("+00:00", "Z"), row[3])) if row else None


def record_capture(conn: sqlite3.Connection, stored: Stored, warc_file: str, url: str, source_id: str | None,
                   status: int, content_type: str | None, headers: list[tuple[str, str]], size: int,
                   refers_to: int | None = None) -> int:
    """Insert the captures row of a durably stored WARC record; return its id (outcome filled on logging).

    *warc_file* is relative to the database's directory when the WARC directory lies inside it, else absolute.
    """
    cur = conn.execute(
        "INSERT INTO captures (url, source_id, captured_at, status, content_type, headers, bytes, sha256, warc_file,"
        " warc_offset, warc_length, request_length, record_id, refers_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (url, source_id, stored.captured_at.replace("Z", "+00:00"), status, content_type,
         json.dumps(headers, ensure_ascii=False), size, stored.sha256, warc_file, stored.offset, stored.length,
         stored.request_length, stored.record_id, refers_to),
    )
    return int(cur.lastrowid)


def capture_ids(conn: sqlite3.Connection, article_ids: list[int], history: bool = True) -> list[int]:
    """Captures behind the articles' current texts (and, with *history*, behind their previous versions)."""
    found: list[int] = []
    for chunk in (article_ids[i : i + 500] for i in range(0, len(article_ids), 500)):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT capture_id FROM articles WHERE id IN ({marks}) AND capture_id IS NOT NULL"
        if history:
            sql += f" UNION SELECT capture_id FROM article_versions WHERE article_id IN ({marks}) AND capture_id IS NOT NULL"
        found += [r[0] for r in conn.execute(sql, chunk * (2 if history else 1))]
    originals = [r[0] for i in set(found) for r in conn.execute("SELECT refers_to FROM captures WHERE id = ? AND refers_to IS NOT NULL", (i,))]
    return sorted(set(found) | set(originals))


def write_warc(conn: sqlite3.Connection, base: str | Path, ids: Iterable[int], out: BinaryIO) -> int:
    """Copy the stored response+request records of these captures, byte for byte, into *out*; return the count.

    *base* is the database's directory (captures.warc_file is relative to it).
    """
    count = 0
    for capture_id in ids:
        row = conn.execute(
            "SELECT warc_file, warc_offset, warc_length, request_length FROM captures WHERE id = ?", (capture_id,)
        ).fetchone()
        if row:
            out.write(read_bytes(base, row[0], row[1], row[2] + row[3]))
            count += 1
    return count


def export_warc(conn: sqlite3.Connection, base: str | Path, records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """Write the WARC records behind an article set (current and previous versions) to *out*.

    Returns how many articles the set holds.
    """
    article_ids = [r["id"] for r in records]
    write_warc(conn, base, capture_ids(conn, article_ids), out)
    return len(article_ids)


def verify(conn: sqlite3.Connection, base: str | Path) -> Iterator[tuple[int, str, str]]:
    """(capture id, URL, problem) for every capture whose WARC record is missing, unreadable or altered."""
    from archive.store.warc import parse

    rows = conn.execute(
        "SELECT c.id, c.url, c.warc_file, c.warc_offset, c.warc_length, c.sha256, c.record_id, o.record_id, o.sha256"
        " FROM captures c LEFT JOIN captures o ON o.id = c.refers_to ORDER BY c.id"
    )
    for capture_id, url, warc_file, offset, length, sha256, record_id, original, original_sha in rows.fetchall():
        try:
            page = parse(read_bytes(base, warc_file, offset, length))
        except (OSError, ValueError) as exc:
            yield capture_id, url, f"unreadable: {exc}"
            continue
        if original is None and hashlib.sha256(page.body).hexdigest() != sha256:
            yield capture_id, url, "sha256 of the body does not match"
        elif original is not None and (page.refers_to, original_sha) != (original, sha256):
            yield capture_id, url, "revisit does not refer to a capture with the same body"
        elif (page.record_id, page.url) != (record_id, url):
            yield capture_id, url, "record id or target URI does not match"


def history(conn: sqlite3.Connection, article_id: int) -> str:
    """An article's versions, oldest first, each with its capture, and a unified diff between consecutive ones."""
    rows = conn.execute(
        "SELECT h.current, h.captured_at, h.capture_id, c.sha256, c.record_id, h.title, h.published, h.text"
        " FROM article_history h LEFT JOIN captures c ON c.id = h.capture_id WHERE h.article_id = ?"
        " ORDER BY h.current, h.captured_at, h.capture_id", (article_id,),
    ).fetchall()
    out: list[str] = []
    previous: list[str] | None = None
    for number, (current, captured_at, capture_id, sha256, record_id, title, published, text) in enumerate(rows, 1):
        label = f"version {number}{' (current)' if current else ''}"
        out.append(f"== {label}: captured {captured_at or 'unknown'}, capture {capture_id}, sha256 {sha256}, {record_id}")
        lines = [f"# {title or ''}", f"published: {published or ''}", "", *text.split("\n")]
        if previous is not None:
            out += difflib.unified_diff(previous, lines, f"version {number - 1}", label, lineterm="")
        previous = lines
    return "\n".join(out)
