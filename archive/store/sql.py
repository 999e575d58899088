"""SQL helpers shared by every store module: in-place column upgrades and the archive's clock."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone


def ensure_columns(conn: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Add the missing *columns* ({name: SQL declaration}) to *table*: upgrades an older archive in place."""
    present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    for name, declaration in columns.items():
        if name not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


def now() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
