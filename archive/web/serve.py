"""Serve the archive read-only through Datasette; `public=True` hardens it for the open internet."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import yaml

from archive.config import PROJECT_ROOT
from archive.store.sql import read_only

DEFAULT_METADATA = PROJECT_ROOT / "config" / "datasette.yaml"
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 1000,
    "suggest_facets": False,
    "default_page_size": 50,
    "max_returned_rows": 1000,
    "allow_download": False,
    "default_cache_ttl": 60,
    "max_csv_mb": 0,  # CSV exports with "all rows" are never cut short
}
# `qpdp serve --public`: tighter limits for an instance anyone can reach.
PUBLIC_SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 500,
    "max_returned_rows": 500,
    "num_sql_threads": 3,
    "allow_download": False,
    "default_cache_ttl": 300,
}


def make_datasette(db: str | Path, metadata: str | Path | None = None, settings: dict[str, Any] | None = None,
                   public: bool = False, rate_limit: int = 0, trust_proxy: bool = False) -> Any:
    """A Datasette instance over *db* named `archive`, opened read-only (mode=ro), with our metadata.

    public: robots.txt disallows everything, responses carry X-Robots-Tag: noindex, tighter SQL limits.
    rate_limit: requests per minute per client address (0 = unlimited).
    """
    from datasette.app import Database, Datasette
    from datasette.plugins import pm

    from archive.web import plugin as datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="qpdp_search")
    meta_path = Path(metadata) if metadata else DEFAULT_METADATA
    with open(meta_path, encoding="utf-8") as fh:
        meta = copy.deepcopy(yaml.safe_load(fh))
    if not isinstance(meta, dict):
        raise yaml.YAMLError(f"{meta_path}: not Datasette metadata (a YAML mapping)")
    _older_archive_facets(meta, Path(db))
    plugins = meta.setdefault("plugins", {})
    plugins["qpdp"] = {**plugins.get("qpdp", {}), "block_robots": public, "rate_limit": rate_limit, "trust_proxy": trust_proxy}
    templates = PROJECT_ROOT / "archive" / "templates"
    ds = Datasette(
        [], metadata=meta, settings={**SETTINGS, **(PUBLIC_SETTINGS if public else {}), **(settings or {})},
        template_dir=str(templates) if templates.is_dir() else None,
    )
    ds.add_database(Database(ds, path=str(Path(db).resolve()), is_mutable=True), name="archive")
    return ds


def _older_archive_facets(meta: dict[str, Any], db: Path) -> None:
    """Facet an archive not yet upgraded to `province_now` (no writer opened it since) by its `province`."""
    try:
        with read_only(db) as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    except sqlite3.Error:
        return
    articles = (((meta.get("databases") or {}).get("archive") or {}).get("tables") or {}).get("articles") or {}
    if columns and "province_now" not in columns and "facets" in articles:
        articles["facets"] = ["province" if facet == "province_now" else facet for facet in articles["facets"]]


def serve(db: str | Path, host: str, port: int, metadata: str | Path | None = None, public: bool = False,
          rate_limit: int = 0, trust_proxy: bool = False) -> None:
    """Run Datasette with uvicorn until interrupted."""
    import uvicorn

    app = make_datasette(db, metadata, public=public, rate_limit=rate_limit, trust_proxy=trust_proxy).app()
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=trust_proxy, server_header=False)
