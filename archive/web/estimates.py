"""The articles page's count and facets for a search, from `Hits.tally`: exact or labelled estimates.

With the fast path the row query only sees the page's ids, so Datasette's own count and facets would
describe one page; these replace them in the HTML (template variables `qpdp.count`, `qpdp.facets`) and in
the JSON (`filtered_table_rows_count`, `facet_results`, plus `qpdp_count`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from datasette.utils import path_with_added_args, path_with_removed_args, path_with_replaced_args

from archive.store.matches import FACETS, Tally
from archive.web.hits import Hits, Search

FACET_KEYS = {"topics": "topics__arraycontains"}


def wants_facets(args: Any) -> bool:
    """Whether the request shows facets (Datasette's `_nofacet` and array shapes turn them off)."""
    return not args.get("_nofacet") and args.get("_shape") not in ("array", "object")


async def tally(hits: Hits, search: Search, args: Any) -> Tally | None:
    """The search's tally, computed on the Hits threads (shared with a tally already under way)."""
    return await asyncio.wrap_future(hits.submit(hits.tally, search, wants_facets(args), args.get("_exact") == "1"))


def count_info(datasette: Any, request: Any, found: Tally) -> dict[str, Any]:
    """`{"count", "exact", "sample_share", "exact_url"}`: what the page says about the number of matches."""
    exact_url = None if found.exact else datasette.absolute_url(request, path_with_replaced_args(request, {"_exact": "1"}))
    return {"count": found.count, "exact": found.exact, "sample_share": round(found.share, 4), "exact_url": exact_url}

PERIODS = ("year", "month")
WITHHELD = ("month",)  # facets a sample cannot estimate: shown only with an exact count


async def facet_results(datasette: Any, request: Any, found: Tally) -> dict[str, dict[str, Any]]:
    """Datasette-shaped facet results (value, label, count, toggle URL, selected) from the tally."""
    size = datasette.setting("default_facet_size")
    if request.args.get("_facet_size") == "max":
        size = datasette.setting("max_returned_rows")
    elif (request.args.get("_facet_size") or "").isdigit():
        size = int(request.args["_facet_size"])
    sources = [value for value, _ in found.facets.get("source_id", [])[:size]]
    names: dict[str, str] = {}
    if sources:
        marks = ", ".join("?" * len(sources))
        rows = await datasette.get_database("archive").execute(f"SELECT id, name FROM sources WHERE id IN ({marks})", sources)
        names = {row[0]: row[1] for row in rows}
    pairs = {(key, request.args.get(key)) for key in request.args}
    results = {}
    for column in FACETS:
        key = FACET_KEYS.get(column, column)
        if column in WITHHELD and not found.exact:  # the sample's id ranges are narrow windows in time
            results[column] = {"name": column, "type": "column", "results": [], "hideable": False, "truncated": False,
                               "estimated": True, "withheld": True, "exact_url": count_info(datasette, request, found)["exact_url"]}
            continue
        values = []
        items = found.facets.get(column, [])
        if column in PERIODS:  # periods newest first, as the page's own `newest_first` facets list them
            items = sorted((item for item in items if item[0] is not None), key=lambda item: item[0], reverse=True)
        for value, count in items[:size]:
            selected = (key, str(value)) in pairs
            change = path_with_removed_args if selected else path_with_added_args
            values.append({"value": value, "label": names.get(value, value) if column == "source_id" else value, "count": count,
                           "selected": selected, "toggle_url": datasette.absolute_url(request, change(request, {key: str(value)}))})
        results[column] = {"name": column, "type": "array" if column == "topics" else "column", "results": values,
                           "hideable": False, "truncated": len(found.facets.get(column, [])) > size, "estimated": not found.exact}
    return results


async def patch_json(body: bytes, datasette: Any, request: Any, found: Tally) -> bytes:
    """The table JSON with the tally's count (and facets, when shown) in place of the page's."""
    data = json.loads(body)
    if "filtered_table_rows_count" not in data:
        return body
    data["filtered_table_rows_count"] = found.count
    data["qpdp_count"] = count_info(datasette, request, found)
    if wants_facets(request.args) and "facet_results" in data:
        data["facet_results"] = await facet_results(datasette, request, found)
    return json.dumps(data, ensure_ascii=False, default=repr).encode("utf-8")
