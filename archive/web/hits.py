"""Full-text matches of recent searches, computed once and shared by every query of a page.

A search page runs the same MATCH in its row query, its count and each facet; on a large archive the FTS5
phrase lookup dominates all of them. `qpdp_hits(query)` (an SQL function) returns the matching rowids as a
JSON array, cached per database state, so pages write `+id IN (SELECT value FROM json_each(qpdp_hits(:q)))`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

from archive.store.search import fts_query

CACHE_SIZE = 16


class Hits:
    """The `qpdp_hits` SQL function for one database file (read through its own read-only connections)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, str] = OrderedDict()

    def _state(self) -> tuple:
        """Changes whenever a writer commits (the WAL file or the database file changes)."""
        stamps = []
        for name in (self.path, self.path + "-wal"):
            try:
                st = os.stat(name)
                stamps += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                stamps += [0, 0]
        return tuple(stamps)

    def clear(self) -> None:
        """Forget every cached search (the benchmark measures first-time searches this way)."""
        with self._lock:
            self._cache.clear()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def __call__(self, query: str | None) -> str:
        """JSON array of the rowids whose folded title or text match *query* (read the Vietnamese way)."""
        if not query:
            return "[]"
        key = (query, self._state())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        row = self._conn().execute("SELECT json_group_array(rowid) FROM articles_fts WHERE articles_fts MATCH ?",
                                   (fts_query(query),)).fetchone()
        value = row[0] if row and row[0] else "[]"
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value
