"""Schema for browsing the archive: month and 2025-province columns, facet indexes, source places and the map view.

Each facet column leads an index that also holds the other facet columns, so a facet count under any mix
of facet filters and a search is read from a small covering index instead of the full rows (which carry
the article text).

Written by the archive writer (Archive.__init__ and sync_sources); Datasette only reads it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from archive.config import Source
from archive.store.places import locate, locate_apart, province_now

MONTH_COLUMN = "month TEXT GENERATED ALWAYS AS (substr(published, 1, 7)) VIRTUAL"
_SCHEMA = """
CREATE INDEX IF NOT EXISTS articles_facet_level ON articles(level, source_id, province, year, month, published);
CREATE INDEX IF NOT EXISTS articles_facet_source ON articles(source_id, level, province, year, month, published);
CREATE INDEX IF NOT EXISTS articles_facet_province ON articles(province, level, source_id, year, month, published);
CREATE INDEX IF NOT EXISTS articles_facet_year ON articles(year, level, source_id, province, month, published);
CREATE INDEX IF NOT EXISTS articles_facet_month ON articles(month, level, source_id, province, year, published);
CREATE INDEX IF NOT EXISTS articles_facet_topics ON articles(topics, level, source_id, province, year, month, published);
CREATE INDEX IF NOT EXISTS articles_facet_province_now ON articles(province_now, level, source_id, province, year, month, published);
CREATE INDEX IF NOT EXISTS articles_first_seen ON articles(first_seen);
CREATE TABLE IF NOT EXISTS source_places (
    source_id TEXT PRIMARY KEY REFERENCES sources(id), latitude REAL NOT NULL, longitude REAL NOT NULL,
    unit TEXT NOT NULL, precision TEXT NOT NULL, province TEXT, province_now TEXT, unit_now TEXT
);
DROP VIEW IF EXISTS source_map;
CREATE VIEW source_map AS
    SELECT s.id AS source_id, s.name, s.level, coalesce(s.province, p.province) AS province, p.unit, p.precision,
        p.province_now, p.unit_now, p.latitude, p.longitude,
        (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles
    FROM sources s JOIN source_places p ON p.source_id = s.id;
"""
_PLACE_COLUMNS = ("province_now", "unit_now")  # added after the first release: old archives get them on open


def ensure_browse_schema(conn: sqlite3.Connection) -> None:
    """Add the month column, the facet indexes, the source_places table and the source_map view (idempotent)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_xinfo(articles)")}
    if "month" not in columns:
        conn.execute(f"ALTER TABLE articles ADD COLUMN {MONTH_COLUMN}")
    if "province_now" not in columns:  # the 2025 province: filled by backfill_province_now below
        conn.execute("ALTER TABLE articles ADD COLUMN province_now TEXT")
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for statement in _SCHEMA.split(";\n"):
        if statement.strip():
            if statement.strip().startswith("DROP VIEW"):
                _add_place_columns(conn)
            conn.execute(statement)
    backfill_province_now(conn)
    if "articles_facet_topics" not in indexes:  # the planner needs statistics to prefer the covering facet indexes
        conn.execute("ANALYZE articles")
    elif "articles_facet_province_now" not in indexes:
        conn.execute("ANALYZE articles_facet_province_now")


def backfill_province_now(conn: sqlite3.Connection) -> int:
    """Give articles without a 2025 province their source's (read through the province_now index: cheap when done)."""
    return conn.execute(
        "UPDATE articles SET province_now = (SELECT p.province_now FROM source_places p WHERE p.source_id = articles.source_id)"
        " WHERE province_now IS NULL AND source_id IN (SELECT source_id FROM source_places WHERE province_now IS NOT NULL)"
    ).rowcount


def _add_place_columns(conn: sqlite3.Connection) -> None:
    have = {row[1] for row in conn.execute("PRAGMA table_info(source_places)")}
    for column in _PLACE_COLUMNS:
        if column not in have:
            conn.execute(f"ALTER TABLE source_places ADD COLUMN {column} TEXT")


def sync_places(conn: sqlite3.Connection, sources: Iterable[Source], apart: bool = False) -> None:
    """Store the coordinates of each source's administrative unit (sources that cannot be placed are skipped), and
    move its articles to the 2025 province it now gives; *apart*: placed in a short-lived process (locate_apart)."""
    sources = list(sources)
    wanted = [(s.name, s.level, s.province) for s in sources]
    found = locate_apart(wanted) if apart else [(locate(*w), province_now(w[2])) for w in wanted]
    for s, (place, named_now) in zip(sources, found, strict=True):
        held = conn.execute("SELECT province_now FROM source_places WHERE source_id = ?", (s.id,)).fetchone()
        now = (named_now or place.province_now) if place else None
        if held and held[0] != now:  # the source's place changed: through the province_now index, this source only
            conn.execute("UPDATE articles SET province_now = ? WHERE province_now IS ? AND source_id = ?", (now, held[0], s.id))
        if place is None:
            conn.execute("DELETE FROM source_places WHERE source_id = ?", (s.id,))
            continue
        conn.execute(
            "INSERT OR REPLACE INTO source_places (source_id, latitude, longitude, unit, precision, province, province_now,"
            " unit_now) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (s.id, place.latitude, place.longitude, place.unit, place.precision, place.province,
             now, place.unit_now),
        )
    backfill_province_now(conn)
