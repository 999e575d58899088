"""Serve the archive read-only through Datasette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from archive.config import PROJECT_ROOT

DEFAULT_METADATA = PROJECT_ROOT / "config" / "datasette.yaml"
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "suggest_facets": False,
    "default_page_size": 50,
    "max_returned_rows": 1000,
    "allow_download": False,
    "default_cache_ttl": 60,
}


def make_datasette(db: str | Path, metadata: str | Path | None = None, settings: dict[str, Any] | None = None) -> Any:
    """A Datasette instance over *db* named `archive`, opened read-only (mode=ro), with our metadata."""
    from datasette.app import Database, Datasette
    from datasette.plugins import pm

    from archive import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="qpdp_search")
    meta_path = Path(metadata) if metadata else DEFAULT_METADATA
    with open(meta_path, encoding="utf-8") as fh:
        meta = yaml.safe_load(fh)
    templates = PROJECT_ROOT / "archive" / "templates"
    ds = Datasette(
        [], metadata=meta, settings={**SETTINGS, **(settings or {})},
        template_dir=str(templates) if templates.is_dir() else None,
    )
    ds.add_database(Database(ds, path=str(Path(db).resolve()), is_mutable=True), name="archive")
    return ds


def serve(db: str | Path, host: str, port: int, metadata: str | Path | None = None) -> None:
    """Run Datasette with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(make_datasette(db, metadata).app(), host=host, port=port, log_level="info")
