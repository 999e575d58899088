"""Full-text matches of recent searches, computed once and shared by every query of a page.

A search page runs the same MATCH in its row query, its count and each facet; on a large archive the FTS5
phrase lookup dominates all of them. `qpdp_hits(query)` (an SQL function) returns the matching rowids as a
JSON array, cached per database state, so pages write `+id IN (SELECT value FROM json_each(qpdp_hits(:q)))`.

The articles page does not need every match: `Hits.page` gives the ids of one page (newest first, keyset
after `_next`) and `Hits.tally` the count and facet counts, exact up to a threshold and estimated above it
(`archive.store.matches`). Both run on this object's threads and connections and are cached the same way.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.store import matches, ranking
from archive.store.search import fts_query
from archive.store.selection import EQUAL, from_args

CACHE_SIZE = 16
PAGE_SIZE = 50
FILTERS = {*EQUAL, "topics__arraycontains", "_since", "_until"}  # arguments that mean exactly what selection.from_args builds


@dataclass(frozen=True)
class Search:
    """An articles-page search the fast path can answer: the MATCH, the other filters, the page wanted."""

    query: str
    match: str
    where: str
    params: str  # JSON of the filters' parameters (hashable)
    limit: int
    after: tuple[str, int] | None

    @classmethod
    def of(cls, args: Mapping[str, str], query: str) -> Search | None:
        """The search of a request's arguments, or None when the page needs Datasette's own way (another sort,
        a filter the selection builder does not know, a `_next` without a date)."""
        from datasette.utils import urlsafe_components

        if args.get("_sort") or args.get("_sort_desc", "published") != "published" or args.get("_where"):
            return None
        if any(not key.startswith("_") and key not in FILTERS for key in args) or any(key.startswith("_filter") for key in args):
            return None
        size = args.get("_size") or str(PAGE_SIZE)
        if not size.isdigit() or int(size) < 1:
            return None
        after = None
        if args.get("_next"):
            parts = urlsafe_components(args["_next"])
            if len(parts) != 2 or args["_next"].startswith("$null") or not parts[1].isdigit():
                return None
            after = (parts[0], int(parts[1]))
        sel = from_args({key: args.get(key) or "" for key in args if key in FILTERS}, hits=False)
        return cls(query, fts_query(query), sel.sql, json.dumps(sel.params, sort_keys=True), int(size) + 1, after)


class Hits:
    """The `qpdp_hits` SQL function for one database file (read through its own read-only connections),
    plus the articles page's cached pages and tallies."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="qpdp-hits")

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
        """Forget every cached search, not the block map (the benchmark measures first-time searches this way)."""
        with self._lock:
            for key in [k for k in self._cache if k[0] != "blocks"]:
                del self._cache[key]

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def _cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """The cached value of *key* in the current database state, computed on a miss (once: a second caller
        waits for the first)."""
        key = (*key, self._state())
        with self._lock:
            future = self._cache.get(key)
            mine = future is None
            if mine:
                future = self._cache[key] = Future()
                while len(self._cache) > CACHE_SIZE * 4:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
        if mine:
            try:
                future.set_result(compute())
            except BaseException as error:
                future.set_exception(error)
                with self._lock:
                    self._cache.pop(key, None)
        return future.result()

    def __call__(self, query: str | None) -> str:
        """JSON array of the rowids whose folded title or text match *query* (read the Vietnamese way)."""
        if not query:
            return "[]"

        def compute() -> str:
            row = self._conn().execute("SELECT json_group_array(rowid) FROM articles_fts WHERE articles_fts MATCH ?",
                                       (fts_query(query),)).fetchone()
            return row[0] if row and row[0] else "[]"

        return self._cached(("hits", query), compute)

    def ranked(self, query: str | None) -> ranking.Ranking:
        """The best matches of *query* by BM25 (title weighted): exact, or over candidates on a large archive."""
        if not query:
            return ranking.Ranking([], True, 0, True, 0)

        def compute() -> ranking.Ranking:
            blocks = self.blocks()
            if blocks is None:  # not upgraded yet: FTS5 ranks every match
                ids = [r[0] for r in self._conn().execute(ranking.EXACT, {"match": fts_query(query), "limit": ranking.LIMIT})]
                return ranking.Ranking(ids, True, len(ids), False, len(ids))
            return ranking.rank(self._conn(), blocks, fts_query(query))

        return self._cached(("ranked", query), compute)

    def blocks(self) -> matches.Blocks | None:
        """The archive's block map (None before the archive is upgraded)."""
        return self._cached(("blocks",), lambda: matches.load_blocks(self._conn()))

    def page(self, search: Search) -> list[int] | None:
        """Ids of the requested page plus one (so Datasette sees whether a next page exists); None without blocks."""
        blocks = self.blocks()
        if blocks is None:
            return None
        return self._cached(("page", search), lambda: matches.newest(
            self._conn(), blocks, search.match, search.where, json.loads(search.params), search.limit, search.after))

    def tally(self, search: Search, facets: bool, exact: bool = False) -> matches.Tally | None:
        """Count (and facet counts) of the search's matches; an exact tally also answers a count-only request."""
        blocks = self.blocks()
        if blocks is None:
            return None
        plain = (search.match, search.where, search.params)
        state = self._state()
        with self._lock:  # a tally with facets, or an exact one, also answers a leaner request
            for wanted in dict.fromkeys((f, e) for f in (True, facets) for e in (True, exact)):
                found = self._cache.get(("tally", *plain, *wanted, state))
                if found is not None and not (found.done() and found.exception()):
                    break
            else:
                found = None
        if found is not None:
            return found.result()
        return self._cached(("tally", *plain, facets, exact), lambda: matches.tally(
            self._conn(), blocks, search.match, search.where, json.loads(search.params), facets, exact))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run *fn* on this object's threads (each with its own read-only connection)."""
        return self._pool.submit(fn, *args)
