"""Datasette plugin: full-text queries are folded like the index and read the Vietnamese way."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from archive.search import fts_query
from archive.text import fold


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Replace escape_fts (registered by Datasette itself) and add a fold() SQL function."""
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    conn.create_function("fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)
