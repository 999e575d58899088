"""Datasette plugin: Vietnamese search, article pages, snippets, canned queries, pictures, feeds, exports, limits."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import time
from collections import defaultdict
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

import yaml
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args

from archive.config import PROJECT_ROOT
from archive.store.search import fts_query
from archive.store.selection import HITS_CLAUSE, from_args, period_filter
from archive.text import fold
from archive.web import estimates, labels
from archive.web import pages as web
from archive.web.highlight import highlight, snippet
from archive.web.hits import Hits, Search

PLUGIN = "qpdp"
QUERIES = PROJECT_ROOT / "config" / "queries.yaml"


_HITS: dict[str, Hits] = {}


def _hits(datasette: Any) -> Hits | None:
    """The Hits object of the archive database (None when there is no archive file)."""
    path = getattr(datasette.databases.get("archive"), "path", None)
    if path and path not in _HITS:
        _HITS[path] = Hits(path)
    return _HITS.get(path) if path else None


def _search(datasette: Any, args: Any) -> tuple[Hits, Search] | None:
    """The archive's Hits and the fast-path search of an articles-page request, when it has one."""
    hits, query = _hits(datasette), args.get(SEARCH_PARAM)
    search = Search.of(args, query) if hits and query else None
    return (hits, search) if hits and search and hits.blocks() is not None else None


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Replace escape_fts (registered by Datasette itself); add fold() and, on the archive, qpdp_hits()."""
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    conn.create_function("fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)
    hits = _hits(datasette) if datasette is not None and database == "archive" else None
    if hits:
        conn.create_function("qpdp_hits", 1, hits)
        conn.create_function("qpdp_ranked", 1, lambda query: json.dumps(hits.ranked(query).ids))


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """Template filters: highlight, snippet, paragraphs, topic names, JSON lists, level names, Vietnam time, captions."""
    env.filters["qpdp_highlight"] = highlight
    env.filters["qpdp_snippet"] = snippet
    env.filters["qpdp_paragraphs"] = lambda text: [p for p in (text or "").split("\n") if p.strip()]
    env.filters["qpdp_topic"] = lambda topic: web.topic_names().get(topic, topic)
    env.filters["qpdp_json_list"] = lambda value: json.loads(value) if isinstance(value, str) and value.startswith("[") else []
    env.filters["qpdp_level"] = labels.level
    env.filters["qpdp_month"] = labels.month
    env.filters["qpdp_time"] = labels.vn_time
    env.filters["qpdp_date"] = lambda value: labels.vn_time(value, with_time=False)
    env.filters["qpdp_caption"] = labels.is_caption
    env.filters["qpdp_nothing_to_find"] = lambda query: bool((query or "").strip()) and fts_query(query) == '""'


async def _grouped_facets(facet: Any, query: Any, key: Any) -> Any:
    """Datasette facet results from one grouped query per configured column: *query(column, size)* gives the SQL
    of (value, count) rows, *key(column)* the query-string argument that selects a value."""
    results, timed_out = [], []
    size = facet.get_facet_size()
    pairs = facet.get_querystring_pairs()
    for config in facet.get_configs():
        column = config["config"].get("column") or config["config"]["simple"]
        try:
            rows = (await facet.ds.execute(facet.database, query(column, size), facet.params, truncate=False,
                                           custom_time_limit=facet.ds.setting("facet_time_limit_ms"))).rows
        except QueryInterrupted:
            timed_out.append(column)
            continue
        values = []
        for row in rows[:size]:
            selected = (key(column), str(row["value"])) in pairs
            change = path_with_removed_args if selected else path_with_added_args
            toggle = change(facet.request, {key(column): str(row["value"])})
            values.append({"value": row["value"], "label": row["value"], "count": row["count"], "selected": selected,
                           "toggle_url": facet.ds.absolute_url(facet.request, toggle)})
        results.append({"name": column, "type": facet.type, "results": values, "hideable": config["source"] != "metadata",
                        "toggle_url": facet.ds.urls.path(path_with_removed_args(facet.request, {f"_facet_{facet.type}": column})),
                        "truncated": len(rows) > size})
    return results, timed_out


class LeanArrayFacet(ArrayFacet):
    """Datasette's array facet without its `SELECT DISTINCT j.value, inner.*`, which copies every matching
    row's full text (seconds on a large archive). Configure it in metadata as `- lean_array: topics`."""

    type = "lean_array"

    async def suggest(self) -> list:
        """Never suggested (the stock array facet suggests itself)."""
        return []

    async def facet_results(self) -> Any:
        """Counts per array item over the inner query's array column only (arrays hold unique items)."""
        return await _grouped_facets(
            self, lambda column, size: (f"SELECT CAST(j.value AS TEXT) AS value, count(*) AS count FROM (SELECT [{column}] AS items"
                                        f" FROM ({self.sql})) a, json_each(a.items) j GROUP BY j.value"
                                        f" ORDER BY count DESC, value LIMIT {size + 1}"),
            lambda column: f"{column}__arraycontains")


class NewestFirstFacet(ColumnFacet):
    """A column facet listed by value, newest first (years, months), not by count: the first `facet_size` values
    are the latest periods. Configure it in metadata as `- newest_first: month`."""

    type = "newest_first"

    async def suggest(self) -> list:
        """Never suggested (the column facet suggests itself)."""
        return []

    async def facet_results(self) -> Any:
        """Counts per value of the column over the inner query, ordered by value descending."""
        return await _grouped_facets(
            self, lambda column, size: (f"SELECT [{column}] AS value, count(*) AS count FROM ({self.sql})"
                                        f" WHERE [{column}] IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT {size + 1}"),
            lambda column: column)


@hookimpl
def register_facet_classes() -> list[type]:
    """The lean array facet (for topics) and the newest-first column facet (for years and months)."""
    return [LeanArrayFacet, NewestFirstFacet]


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The home page, timeline, map, Atom feed, full exports; robots.txt when public."""
    routes = [
        (r"^/$", web.home_page),
        (r"^/archive/-/timeline$", web.timeline_page),
        (r"^/archive/-/map$", web.map_page),
        (r"^/archive/-/feed\.atom$", web.feed),
        (r"^/archive/-/export\.(?P<fmt>csv|jsonl|zip)$", web.export_file),
        (r"^/archive/-/export\.wacz$", web.export_wacz),
    ]
    if (datasette.plugin_config(PLUGIN) or {}).get("block_robots"):
        routes.append((r"^/robots\.txt$", web.robots))
    return routes


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    """Links in Datasette's menu to the archive's own pages."""
    return [
        {"href": datasette.urls.table("archive", "articles"), "label": "Bài viết / Articles"},
        {"href": datasette.urls.path("/archive/-/timeline"), "label": "Dòng thời gian / Timeline"},
        {"href": datasette.urls.path("/archive/-/map"), "label": "Bản đồ nguồn / Map of sources"},
    ]


@lru_cache(maxsize=1)
def _query_specs() -> dict[str, dict[str, Any]]:
    with open(QUERIES, encoding="utf-8") as fh:
        return (yaml.safe_load(fh) or {}).get("queries") or {}


@hookimpl
def canned_queries(datasette: Any, database: str) -> Any:
    """Canned queries from config/queries.yaml; a query needing a missing column gets its fallback's SQL."""
    if database != "archive":
        return None

    async def inner() -> dict[str, dict[str, Any]]:
        db = datasette.get_database(database)
        columns = set(await db.table_columns("articles")) if await db.table_exists("articles") else set()
        specs = _query_specs()
        fallbacks = {spec["fallback"] for spec in specs.values() if spec.get("fallback")}
        out: dict[str, dict[str, Any]] = {}
        for name, spec in specs.items():
            if name in fallbacks:
                continue
            if not set(spec.get("requires", [])) <= columns:
                if not spec.get("fallback"):
                    continue
                spec = {**spec, "sql": specs[spec["fallback"]]["sql"], "title": specs[spec["fallback"]]["title"],
                        "description": specs[spec["fallback"]].get("description", "")}
            out[name] = {k: v for k, v in spec.items() if k in ("sql", "title", "description", "hide_sql")}
        return out

    return inner


async def _article(datasette: Any, request: Any) -> dict[str, Any]:
    """The article of a row page, its source, the URLs it was seen at, its duplicate cluster and its versions."""
    db = datasette.get_database("archive")
    pk = request.url_vars.get("pks")
    rows = (await db.execute("SELECT a.*, s.name AS source_name FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
                             " WHERE a.id = ?", [pk])).rows
    if not rows:
        return {}
    article = dict(rows[0])
    article["topics"] = json.loads(article.get("topics") or "[]")
    article["place"] = (await web.places_now(datasette, [article["source_id"]])).get(article["source_id"])
    sightings = (await db.execute("SELECT g.url, g.first_seen, s.name AS source_name FROM sightings g"
                                  " LEFT JOIN sources s ON s.id = g.source_id WHERE g.article_id = ? AND g.url != ?"
                                  " ORDER BY g.first_seen", [article["id"], article["url"]])).rows
    cluster: list[Any] = []
    if "cluster_id" in article and article["cluster_id"] is not None:
        cluster = (await db.execute(
            "SELECT a.id, a.title, a.published, a.url, a.cluster_id = a.id AS representative, s.name AS source_name"
            " FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.cluster_id = ? AND a.id != ?"
            " ORDER BY a.published", [article["cluster_id"], article["id"]])).rows
    versions = (await db.execute(  # provenance: every version of the text, each with the capture it came from
        "SELECT h.current, h.captured_at, h.capture_id, h.title, c.sha256, c.record_id FROM article_history h"
        " LEFT JOIN captures c ON c.id = h.capture_id WHERE h.article_id = ? ORDER BY h.current, h.captured_at",
        [article["id"]])).rows
    return {"article": article, "sightings": [dict(r) for r in sightings], "cluster": [dict(r) for r in cluster],
            "versions": [dict(r) for r in versions]}


@hookimpl
def extra_template_vars(view_name: str, table: str | None, database: str | None, request: Any, datasette: Any) -> Any:
    """Article data on article pages; search, dates, feed, export and picture links on the articles page; the
    offline map on the source_map page; on the relevance page, what its order ranks."""
    if database == "archive" and request is not None and request.path == datasette.urls.path("/archive/search"):
        hits, query = _hits(datasette), request.args.get("q")

        async def ranking() -> dict[str, Any]:
            return {"qpdp_ranking": await asyncio.wrap_future(hits.submit(hits.ranked, query)) if hits and query else None}

        return ranking
    if database != "archive" or table not in ("articles", "source_map") or request is None:
        return None

    async def inner() -> dict[str, Any]:
        if table == "source_map":
            return {"qpdp_map": await web.map_svg(datasette) if view_name == "table" else None}
        if view_name == "row":
            return {"qpdp": await _article(datasette, request)}
        if view_name != "table":
            return {}
        sel = from_args(request.args)
        qs = sel.querystring
        search = request.args.get(SEARCH_PARAM) or request.args.get("_search", "")
        extra: dict[str, Any] = {}
        fast = _search(datasette, request.args)
        if fast:
            found = await estimates.tally(*fast, request.args)
            if found is not None:
                extra = {"count": estimates.count_info(datasette, request, found),
                         "facets": await estimates.facet_results(datasette, request, found) if estimates.wants_facets(request.args) else {}}
        return {"qpdp": {
            **extra,
            "search": search,
            "since": request.args.get("_since", ""),
            "until": request.args.get("_until", ""),
            "nothing_to_find": bool(search.strip()) and fts_query(search) == '""',  # e.g. only `-terms`
            "description": labels.describe(request.args, lambda t: web.topic_names().get(t, t)),
            "selection": sel,
            "places": await web.places_now(datasette),
            "feed": datasette.urls.path("/archive/-/feed.atom") + ("?" + qs if qs else ""),
            "exports": {fmt: datasette.urls.path(f"/archive/-/export.{fmt}") + ("?" + qs if qs else "")
                        for fmt in ("csv", "jsonl", "zip")},
            "timeline": datasette.urls.path("/archive/-/timeline") + ("?" + qs if qs else ""),
            "relevance": datasette.urls.path("/archive/search") + "?" + urlencode({"q": search}) if search else None,
        }}

    return inner


SEARCH_PARAM = "_q"
DATE_ARGS = ("_since", "_until")
_ARTICLES_PAGE = re.compile(r"^/archive/articles(\.\w+)?$")


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """Full-text search and the `_since` / `_until` periods of the articles page, shaped for SQLite's planner.

    Newest first (the default order): the plugin finds the page's own ids (`archive.store.matches.newest`,
    keyset after `_next`) and the row query reads just those; the count and facets come from `Hits.tally`
    (started here, in the background) instead of Datasette's. Any other order or filter: `+id IN (cached
    hits)` lets SQLite walk an index, count and facet from covering indexes, and match once per page.
    The ASGI wrapper hands `_search` to this filter as `_q`. `_since`/`_until` are whole periods, applied by
    `selection` like everywhere else, so the list, its counts, facets, feed and exports agree.
    """
    if database != "archive" or table != "articles":
        return None
    periods = period_filter(request.args, "published")  # `_since` / `_until`: whole periods, as in the exports
    query = request.args.get(SEARCH_PARAM)
    if not query:
        return FilterArguments(periods.where, periods.params, periods.label) if periods.label else None

    async def inner() -> FilterArguments:
        described = [f'search matches "{query}"', *periods.label]
        context = {"search": query, "supports_search": True}
        fast = _search(datasette, request.args)
        if fast:
            hits, search = fast  # the count starts first, so that both run at once
            hits.submit(hits.tally, search, estimates.wants_facets(request.args), request.args.get("_exact") == "1")
            ids = await asyncio.wrap_future(hits.submit(hits.page, search))
            if ids is not None:
                return FilterArguments(["id IN (SELECT value FROM json_each(:qpdp_page))"], {"qpdp_page": json.dumps(ids)},
                                       described, context)
        return FilterArguments([HITS_CLAUSE.format(id="id", param="qpdp_search"), *periods.where],
                               {"qpdp_search": query, **periods.params}, described, context)

    return inner


async def _patched(app: Any, datasette: Any, scope: dict, receive: Any, send: Any) -> None:
    """Serve articles.json of a fast-path search with the tally's count and facets in place of the page's."""
    from datasette.utils.asgi import Request

    request = Request(scope, receive)
    fast = _search(datasette, request.args)
    if not fast:
        return await app(scope, receive, send)
    held: list[dict] = []

    async def hold(message: dict) -> None:
        held.append(message)

    await app(scope, receive, hold)
    start, body = held[0], b"".join(m.get("body", b"") for m in held[1:])
    if start.get("status") == 200:
        found = await estimates.tally(*fast, request.args)
        if found is not None:
            body = await estimates.patch_json(body, datasette, request, found)
            start = {**start, "headers": [[k, str(len(body)).encode() if k.lower() == b"content-length" else v]
                                          for k, v in start.get("headers", [])]}
    await send(start)
    await send({"type": "http.response.body", "body": body})


def _rename_search(scope: dict) -> dict:
    """`_search` on the articles page becomes `_q` (so Datasette's built-in search filter stays out)."""
    if not _ARTICLES_PAGE.match(scope.get("path", "")) or b"_search=" not in scope.get("query_string", b""):
        return scope
    pairs = [(SEARCH_PARAM if k == "_search" else k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)]
    return {**scope, "query_string": urlencode(pairs).encode("latin-1")}


_DATASETTE_CSV = re.compile(r"^/archive/[^-][^/]*(/[^/]+)?\.csv$")  # /archive/articles.csv, /archive/query.csv …


def _wants_bom(scope: dict) -> bool:
    """Datasette's own CSV of the archive (our /-/export.csv adds its BOM itself), unless `_bom=0`."""
    if not _DATASETTE_CSV.match(scope.get("path", "")):
        return False
    return ("_bom", "0") not in parse_qsl(scope.get("query_string", b"").decode("latin-1"))


def _with_bom(send: Any) -> Any:
    """Start the CSV body with a UTF-8 byte-order mark, as `qpdp export` does, so Excel reads Vietnamese right."""
    state = {"csv": False, "first": True}

    async def bom_first(message: dict) -> None:
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers") or [])
            kind = headers.get(b"content-type", b"")
            state["csv"] = message.get("status") == 200 and kind.startswith((b"text/csv", b"text/plain"))
            if state["csv"] and b"content-length" in headers:
                length = str(int(headers[b"content-length"]) + 3).encode()
                message = {**message, "headers": [[k, length if k == b"content-length" else v] for k, v in message["headers"]]}
        elif message["type"] == "http.response.body" and state["csv"] and state["first"]:
            state["first"] = False
            message = {**message, "body": "\ufeff".encode() + message.get("body", b"")}
        await send(message)

    return bom_first


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Article searches go to our filter; Datasette's CSV gets a byte-order mark; public mode adds a per-client
    request limit and X-Robots-Tag: noindex."""
    config = datasette.plugin_config(PLUGIN) or {}
    limit = int(config.get("rate_limit") or 0)
    noindex = bool(config.get("block_robots"))
    trust_proxy = bool(config.get("trust_proxy"))
    hits: dict[str, list[float]] = defaultdict(list)

    def wrap(app: Any) -> Any:
        async def limited(scope: dict, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                return await app(scope, receive, send)
            scope = _rename_search(scope)
            if limit:
                client = (scope.get("client") or ("?", 0))[0]
                if trust_proxy:
                    forwarded = dict(scope.get("headers") or []).get(b"x-forwarded-for", b"").decode()
                    client = forwarded.split(",")[0].strip() or client
                now = time.monotonic()
                recent = [t for t in hits[client] if now - t < 60]
                if len(recent) >= limit:
                    hits[client] = recent
                    await send({"type": "http.response.start", "status": 429,
                                "headers": [[b"content-type", b"text/plain; charset=utf-8"], [b"retry-after", b"60"]]})
                    await send({"type": "http.response.body", "body": "Quá nhiều yêu cầu / too many requests\n".encode()})
                    return None
                hits[client] = [*recent, now]

            async def tagged(message: dict) -> None:
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message.get("headers", []), [b"x-robots-tag", b"noindex, nofollow"]]}
                await send(message)

            out = tagged if noindex else send
            if scope.get("path") == "/archive/articles.json" and b"_q=" in scope.get("query_string", b""):
                return await _patched(app, datasette, scope, receive, out)
            return await app(scope, receive, _with_bom(out) if _wants_bom(scope) else out)

        return limited

    return wrap
