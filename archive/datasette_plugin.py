"""Datasette plugin: full-text queries are folded like the index (diacritics and đ/Đ removed)."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils import escape_fts

from archive.text import fold


def escape_folded_fts(query: str) -> str:
    """Datasette's escape_fts over the folded query: 'Đảng ủy' and 'dang uy' match the same rows."""
    return escape_fts(fold(query))


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Replace escape_fts (registered by Datasette itself) and add a fold() SQL function."""
    conn.create_function("escape_fts", 1, escape_folded_fts, deterministic=True)
    conn.create_function("fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)
