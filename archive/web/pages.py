"""Pages and files the archive adds to Datasette: home, timeline, map, Atom feeds, full exports, robots.txt."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import yaml

from archive import export
from archive.config import PROJECT_ROOT
from archive.store.places import belongs_now
from archive.store.records import records
from archive.store.selection import from_args
from archive.web import charts, labels

DB = "archive"
FEED_SIZE = 50
TOPICS_FILE = PROJECT_ROOT / "config" / "topics.yaml"
OUTLINE_FILE = Path(__file__).with_name("vietnam.json")


@lru_cache(maxsize=1)
def topic_names() -> dict[str, str]:
    """Topic id -> 'Vietnamese name / English name' from config/topics.yaml."""
    with open(TOPICS_FILE, encoding="utf-8") as fh:
        topics = (yaml.safe_load(fh) or {}).get("topics") or []
    return {t["id"]: f"{t.get('name', t['id'])} / {t.get('name_en', '')}".rstrip(" /") for t in topics}


@lru_cache(maxsize=1)
def country_outline() -> list[list[tuple[float, float]]]:
    """The offline basemap: Vietnam's simplified outline as rings of (lon, lat) (scripts/vietnam_outline.py)."""
    with open(OUTLINE_FILE, encoding="utf-8") as fh:
        return [[(lon, lat) for lon, lat in ring] for ring in json.load(fh)["rings"]]


async def _has_table(datasette: Any, name: str) -> bool:
    return await datasette.get_database(DB).table_exists(name)


async def places_now(datasette: Any, source_ids: list[str] | None = None) -> dict[str, dict[str, str | None]]:
    """Each source's own (pre-2025) unit and the 2025 unit it belongs to now (`now`: None for a 2025 unit)."""
    db = datasette.get_database(DB)
    columns = set(await db.table_columns("source_places")) if await _has_table(datasette, "source_places") else set()
    if "unit_now" not in columns:
        return {}
    where = f" WHERE p.source_id IN ({', '.join('?' * len(source_ids))})" if source_ids is not None else ""
    rows = await db.execute("SELECT p.source_id, p.unit, p.precision, coalesce(s.province, p.province), p.unit_now, p.province_now"
                            f" FROM source_places p LEFT JOIN sources s ON s.id = p.source_id{where}", source_ids or [])
    return {r[0]: {"unit": r[1], "now": belongs_now(r[2], r[1], r[3], r[4], r[5])} for r in rows}


async def timeline_page(datasette: Any, request: Any) -> Any:
    """Articles per month, stacked by level (or by topic with ?by=topic), for any selection."""
    from datasette.utils.asgi import Response

    sel = from_args(request.args)
    by = "topic" if request.args.get("by") == "topic" else "level"
    if by == "topic":
        sql = (f"SELECT a.month, t.value, count(*) FROM articles a, json_each(a.topics) t WHERE {sel.sql}"
               " AND a.month IS NOT NULL GROUP BY 1, 2")
        order, names, param = list(topic_names()), topic_names(), "topics__arraycontains"
    else:
        sql = f"SELECT a.month, a.level, count(*) FROM articles a WHERE {sel.sql} AND a.month IS NOT NULL GROUP BY 1, 2"
        order, names, param = charts.LEVEL_ORDER, charts.LEVEL_NAMES, "level"
    rows = (await datasette.get_database(DB).execute(sql, sel.params)).rows
    link = datasette.urls.table(DB, "articles") + "?" + (sel.querystring + "&" if sel.querystring else "")
    counts = [tuple(r) for r in rows]
    svg = charts.timeline(counts, order, link, param, names)
    narrow = charts.timeline(counts, order, link, param, names, width=400, height=320)  # for phones: same text size
    html = await datasette.render_template(
        "qpdp_timeline.html",
        {"svg": svg, "svg_narrow": narrow, "selection": sel, "by": by, "total": sum(r[2] for r in rows) if by == "level" else None,
         "description": labels.describe(request.args, lambda t: topic_names().get(t, t))},
        request=request,
    )
    return Response.html(html)


async def map_svg(datasette: Any) -> Any:
    """The sources on the offline map of Vietnam (with Hoàng Sa and Trường Sa), each linking to its articles."""
    return charts.source_map(country_outline(), await _sources(datasette), datasette.urls.table(DB, "articles") + "?")


async def _sources(datasette: Any) -> list[dict]:
    """Every source with its place and number of articles (the source_map view), busiest first."""
    if not await _has_table(datasette, "source_places"):
        return []
    result = await datasette.get_database(DB).execute("SELECT * FROM source_map ORDER BY articles DESC")
    return [dict(r) for r in result.rows]


async def map_page(datasette: Any, request: Any) -> Any:
    """Where the sources are, sized by their number of articles."""
    from datasette.utils.asgi import Response

    sources = await _sources(datasette)
    svg = charts.source_map(country_outline(), sources, datasette.urls.table(DB, "articles") + "?")
    html = await datasette.render_template("qpdp_map.html", {"svg": svg, "sources": sources}, request=request)
    return Response.html(html)


async def home_page(datasette: Any, request: Any) -> Any:
    """The archive's front door: search box with dates, the newest articles, and the ways in (replaces Datasette's index)."""
    from datasette.utils.asgi import Response

    db = datasette.get_database(DB)
    newest: list[dict] = []
    counts = {"articles": 0, "sources": 0}
    if await _has_table(datasette, "articles"):
        newest = [dict(r) for r in (await db.execute(
            "SELECT a.id, a.title, a.published, a.level, a.province, s.name AS source_name FROM articles a"
            " LEFT JOIN sources s ON s.id = a.source_id ORDER BY a.published DESC, a.id DESC LIMIT 10")).rows]
        counts = dict((await db.execute("SELECT (SELECT count(*) FROM articles) AS articles,"
                                        " (SELECT count(*) FROM sources) AS sources")).rows[0])
    html = await datasette.render_template("qpdp_home.html", {"newest": newest, "counts": counts}, request=request)
    return Response.html(html)


async def feed(datasette: Any, request: Any) -> Any:
    """Atom feed of the newest archived articles of any selection (?_search=…, ?topic=…, ?source_id=…)."""
    from datasette.utils.asgi import Response
    from feedgen.feed import FeedGenerator

    sel = from_args(request.args)
    db = datasette.get_database(DB)
    found = await db.execute_fn(lambda conn: list(records(conn, sel, FEED_SIZE, "a.first_seen DESC, a.id DESC")))
    page = datasette.absolute_url(request, datasette.urls.table(DB, "articles") + ("?" + sel.querystring if sel.querystring else ""))
    fg = FeedGenerator()
    fg.id(datasette.absolute_url(request, request.path) + ("?" + sel.querystring if sel.querystring else ""))
    fg.title(f"QPĐP archive — {labels.describe(request.args, lambda t: topic_names().get(t, t)) or 'tất cả bài viết'}")
    fg.subtitle("Tin quốc phòng, quân sự địa phương mới lưu trữ / newly archived local-defense news")
    fg.link(href=page, rel="alternate")
    fg.link(href=datasette.absolute_url(request, request.path + "?" + sel.querystring), rel="self")
    fg.language("vi")
    fg.updated(_when(found[0]["first_seen"]) if found else datetime.now(timezone.utc))
    for r in reversed(found):  # feedgen prepends entries
        entry = fg.add_entry()
        entry.id(datasette.absolute_url(request, datasette.urls.row(DB, "articles", str(r["id"]))))
        entry.title(r["title"] or "(không tiêu đề)")
        entry.link(href=r["url"], rel="alternate")
        entry.link(href=datasette.absolute_url(request, datasette.urls.row(DB, "articles", str(r["id"]))), rel="related")
        entry.author(name=r["author"] or r["source_name"])
        entry.updated(_when(r["last_seen"] or r["first_seen"]))
        if r["published"]:
            entry.published(_when(r["published"]))
        entry.summary(" ".join(r["text"].split())[:600])
        entry.content(export.citation(r), type="text")
        for topic in r["topics"]:
            entry.category(term=topic, label=topic_names().get(topic, topic))
    return Response(fg.atom_str(pretty=True).decode("utf-8"), content_type="application/atom+xml; charset=utf-8")


def _when(value: str) -> datetime:
    """An aware datetime from an ISO 8601 string (UTC when it has no offset)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class FileResponse:
    """Stream a (spooled) file to the client in chunks, then close it."""

    def __init__(self, fh: IO[bytes], content_type: str, filename: str) -> None:
        self.fh, self.content_type, self.filename = fh, content_type, filename

    async def asgi_send(self, send: Any) -> None:
        """ASGI response: headers, then the file."""
        size = self.fh.seek(0, 2)
        self.fh.seek(0)
        headers = [[b"content-type", self.content_type.encode()], [b"content-length", str(size).encode()],
                   [b"content-disposition", f'attachment; filename="{self.filename}"'.encode()]]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        try:
            while chunk := self.fh.read(1 << 16):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        finally:
            self.fh.close()
        await send({"type": "http.response.body", "body": b""})


EXPORTS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8", "zip": "application/zip"}


async def export_file(datasette: Any, request: Any) -> Any:
    """Every matching article (no row limit, no max_csv_mb cut) as CSV, JSON Lines or a Markdown zip bundle.

    CSV starts with a UTF-8 byte-order mark (so Excel reads Vietnamese right) unless `?_bom=0`.
    """
    from datasette.utils.asgi import Response

    fmt = request.url_vars["fmt"]
    bom = request.args.get("_bom", "1").lower() not in ("0", "false", "no", "off")
    sel = from_args(request.args)
    if sel.errors:  # an export of more than was asked for would mislead: refuse it
        return Response.text("; ".join(sel.errors) + "\n", status=400)

    def build(conn: sqlite3.Connection) -> IO[bytes]:
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=32 << 20)
        found = records(conn, sel)
        if fmt == "zip":
            export.write_bundle(found, spool)
        else:
            import io

            text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
            export.write(found, fmt, text, bom=bom)
            text.detach()
        return spool

    spool = await datasette.get_database(DB).execute_fn(build)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    return FileResponse(spool, EXPORTS[fmt], f"qpdp-{stamp}.{'md.zip' if fmt == 'zip' else fmt}")


async def export_wacz(datasette: Any, request: Any) -> Any:
    """Every matching article as a WACZ signed by the archive key (plugin setting `signing_key`, else beside the db),
    timestamped by the RFC 3161 authority of the plugin setting `tsa_url`, if any."""
    from datasette.utils.asgi import Response

    from archive.store import keys

    sel = from_args(request.args)
    if sel.errors:  # a package of more than was asked for would mislead: refuse it
        return Response.text("; ".join(sel.errors) + "\n", status=400)
    db = datasette.get_database(DB)
    config = datasette.plugin_config("qpdp") or {}
    key_path = Path(config.get("signing_key") or keys.default_path(db.path))

    def build(conn: sqlite3.Connection) -> IO[bytes]:
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=32 << 20)
        export.write_wacz(conn, Path(db.path).parent, records(conn, sel), spool, keys.load(key_path),
                          title=f"QPĐP archive — {sel.title}", tsa_url=config.get("tsa_url"))
        return spool

    try:
        spool = await db.execute_fn(build)
    except ValueError as exc:  # nothing matches, or the timestamp authority's reply does not check out
        return Response.text(str(exc), status=404 if "no article" in str(exc) else 502)
    return FileResponse(spool, "application/wacz", f"qpdp-{datetime.now(timezone.utc).strftime('%Y%m%d')}.wacz")


async def robots(datasette: Any, request: Any) -> Any:
    """robots.txt that keeps every crawler out (public mode)."""
    from datasette.utils.asgi import Response

    return Response.text("User-agent: *\nDisallow: /\n")
