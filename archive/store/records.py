"""Article records for exports: the one builder behind `qpdp export` and the web exports, provenance included."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from archive.store.selection import Selection

NEWEST_FIRST = "a.published DESC, a.id DESC"
# Each article's current capture: when it was fetched, the body's sha256, its WARC record and file.
_SQL = ("SELECT a.*, s.name AS source_name, c.captured_at, c.sha256, c.record_id AS warc_record_id, c.warc_file"
        " FROM articles a JOIN sources s ON s.id = a.source_id LEFT JOIN captures c ON c.id = a.capture_id"
        " WHERE {where} ORDER BY {order}")


def records(conn: sqlite3.Connection, sel: Selection, limit: int | None = None, order: str = NEWEST_FIRST) -> Iterator[dict[str, Any]]:
    """The selected articles with their source's name and their capture's provenance, as export records."""
    sql = _SQL.format(where=sel.sql, order=order) + (f" LIMIT {int(limit)}" if limit else "")
    cursor = conn.execute(sql, sel.params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        record = dict(zip(names, values))
        record["topics"] = json.loads(record["topics"] or "[]")
        yield record
