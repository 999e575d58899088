"""Schema for browsing the archive: a month column, facet indexes, source coordinates and the map view.

Written by the archive writer (Archive.__init__ and sync_sources); Datasette only reads it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from archive.config import Source
from archive.places import locate

MONTH_COLUMN = "month TEXT GENERATED ALWAYS AS (substr(published, 1, 7)) VIRTUAL"
_SCHEMA = """
CREATE INDEX IF NOT EXISTS articles_level ON articles(level, published);
CREATE INDEX IF NOT EXISTS articles_province ON articles(province, published);
CREATE INDEX IF NOT EXISTS articles_year ON articles(year, published);
CREATE INDEX IF NOT EXISTS articles_month ON articles(month);
CREATE INDEX IF NOT EXISTS articles_first_seen ON articles(first_seen);
CREATE TABLE IF NOT EXISTS source_places (
    source_id TEXT PRIMARY KEY REFERENCES sources(id), latitude REAL NOT NULL, longitude REAL NOT NULL,
    unit TEXT NOT NULL, precision TEXT NOT NULL, province TEXT
);
CREATE VIEW IF NOT EXISTS source_map AS
    SELECT s.id AS source_id, s.name, s.level, coalesce(s.province, p.province) AS province, p.unit, p.precision,
        p.latitude, p.longitude, (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles
    FROM sources s JOIN source_places p ON p.source_id = s.id;
"""


def ensure_browse_schema(conn: sqlite3.Connection) -> None:
    """Add the month column, the facet indexes, the source_places table and the source_map view (idempotent)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_xinfo(articles)")}
    if "month" not in columns:
        conn.execute(f"ALTER TABLE articles ADD COLUMN {MONTH_COLUMN}")
    for statement in _SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def sync_places(conn: sqlite3.Connection, sources: Iterable[Source]) -> None:
    """Store the coordinates of each source's administrative unit (sources that cannot be placed are skipped)."""
    for s in sources:
        place = locate(s.name, s.level, s.province)
        if place is None:
            conn.execute("DELETE FROM source_places WHERE source_id = ?", (s.id,))
            continue
        conn.execute(
            "INSERT OR REPLACE INTO source_places (source_id, latitude, longitude, unit, precision, province)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (s.id, place.latitude, place.longitude, place.unit, place.precision, place.province),
        )
