"""An article set described by filters: the one builder behind `qpdp export` and every web page.

`?_search=dqtv&source_id=mongcai&level=ward&year=2023&topics__arraycontains=dan-quan-tu-ve` selects the
same rows on /archive/articles, in the Atom feed, in the exports and on the timeline; `qpdp export --search
dqtv --source mongcai --level ward` goes through the same `from_args`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from archive.store.search import fts_query

# Full-text match: through the web's cached `qpdp_hits` SQL function, or a plain FTS5 MATCH on any connection.
HITS_CLAUSE = "+{id} IN (SELECT value FROM json_each(qpdp_hits(:{param})))"
MATCH_CLAUSE = "{id} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :{param})"
EQUAL = ("source_id", "level", "province", "province_now", "year", "month", "id")
RANGES = {"published__gte": ("published", ">="), "published__lte": ("substr(published, 1, 10)", "<="),
          "published__gt": ("published", ">"), "published__lt": ("published", "<"),
          "first_seen__gte": ("first_seen", ">=")}
PERIOD_KEYS = ("_since", "_until")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TOPIC_KEYS = ("topics__arraycontains", "topic")


@dataclass
class Selection:
    """Filters over `articles` (alias a) as SQL with named parameters, and a label for people."""

    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    label: list[str] = field(default_factory=list)
    query: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # arguments that were ignored because they mean nothing

    @property
    def sql(self) -> str:
        """The WHERE clause (always valid)."""
        return " AND ".join(self.where) or "1 = 1"

    @property
    def querystring(self) -> str:
        """The parameters that made this selection, URL-encoded."""
        return urlencode(self.query)

    @property
    def title(self) -> str:
        """A one-line description, e.g. 'tìm "dqtv" · level = ward'."""
        return " · ".join(self.label) or "tất cả / all"


def period(value: str) -> tuple[str, str]:
    """The half-open range [start, stop) of ISO strings a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` period covers.

    `2022` is 2022-01-01 up to (not including) 2023-01-01, `2022-06` all of June with any time of day;
    `published >= start AND published < stop` selects the whole period. ValueError when *value* is no date.
    """
    match = _PERIOD.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        first = date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    try:
        if match[3]:
            stop = (first + timedelta(days=1)).isoformat()
        elif match[2]:
            stop = (first + timedelta(days=31)).replace(day=1).isoformat()
        else:
            stop = date(year + 1, 1, 1).isoformat()
    except (OverflowError, ValueError):
        stop = "9999-99"  # after year 9999's last day: sorts after any 9999 date
    return first.isoformat(), stop


def period_filter(args: Mapping[str, str], column: str = "a.published", sel: Selection | None = None) -> Selection:
    """Add `_since` / `_until` (whole periods, see `period`) as clauses on *column*; a value that is no date is
    ignored, and said so in the label and in `errors`."""
    sel = sel if sel is not None else Selection()
    for key in PERIOD_KEYS:
        value = (args.get(key) or "").strip()
        try:
            start, stop = period(value) if value else ("", "")
        except ValueError as exc:
            sel.errors.append(f"{key}: {exc}")
            sel.label.append(f"bỏ qua / ignored {key}={value} (không phải ngày / not a date)")
            continue
        if start:
            since = key == "_since"
            sel.where.append(f"{column} {'>=' if since else '<'} :qpdp{key}")
            sel.params[f"qpdp{key}"] = start if since else stop
            sel.label.append(f"{'từ / since' if since else 'đến / until'} {value}")
            sel.query[key] = value
    return sel


def from_args(args: Mapping[str, str], hits: bool = True) -> Selection:
    """Build the selection from request arguments; unknown arguments are ignored.

    *hits* matches the search through `qpdp_hits` (registered by the Datasette plugin); without it, a plain
    FTS5 MATCH that any connection to the archive can run.
    """
    sel = Selection()
    search = (args.get("_search") or args.get("_q") or args.get("q") or "").strip()
    if search:
        sel.where.append((HITS_CLAUSE if hits else MATCH_CLAUSE).format(id="a.id", param="search"))
        sel.params["search"] = search if hits else fts_query(search)
        sel.label.append(f"tìm / search “{search}”")
        sel.query["_search"] = search
    for i, key in enumerate(EQUAL):
        value = args.get(key)
        if value:
            sel.where.append(f"a.{key} = :eq{i}")
            sel.params[f"eq{i}"] = int(value) if key in ("year", "id") and value.isdigit() else value
            sel.label.append(f"{key} = {value}")
            sel.query[key] = value
    for key in TOPIC_KEYS:
        if args.get(key):
            sel.where.append("EXISTS (SELECT 1 FROM json_each(a.topics) t WHERE t.value = :topic)")
            sel.params["topic"] = args[key]
            sel.label.append(f"topic = {args[key]}")
            sel.query[key] = args[key]
            break
    for i, (key, (column, op)) in enumerate(RANGES.items()):
        if args.get(key):
            sel.where.append(f"a.{column} {op} :r{i}" if "(" not in column else f"substr(a.published, 1, 10) {op} :r{i}")
            sel.params[f"r{i}"] = args[key]
            sel.label.append(f"{key.strip('_')} {op} {args[key]}")
            sel.query[key] = args[key]
    period_filter(args, "a.published", sel)
    return sel


def from_filters(query: str | None = None, source_ids: Iterable[str] = (), level: str | None = None,
                 province: str | None = None, since: str | None = None, until: str | None = None) -> Selection:
    """The selection of the command line's filters (several sources allowed), matched without `qpdp_hits`."""
    args = {"_search": query or "", "level": level or "", "province": province or "",
            "_since": since or "", "_until": until or ""}
    sel = from_args({k: v for k, v in args.items() if v}, hits=False)
    ids = list(source_ids)
    if ids:
        sel.where.append(f"a.source_id IN ({', '.join(f':src{i}' for i in range(len(ids)))})")
        sel.params.update({f"src{i}": value for i, value in enumerate(ids)})
        sel.label.append(f"source_id in {', '.join(ids)}")
    return sel
