"""Source health for operators: the `qpdp status` table and the crawl's "broken sources" verdict."""

from __future__ import annotations

import sqlite3
from typing import Any

from archive.store import schedule

EXIT_BROKEN = 3  # a source crossed the broken threshold (cron/systemd report it)
EXIT_INCOMPLETE = 1  # the crawl did not run to its end: start-up error, crash or signal
EXIT_LOCKED = 75  # EX_TEMPFAIL: another crawl holds the archive's lock
COLUMNS = [("source_id", "source"), ("level", "level"), ("last_success", "last success"),
           ("last_new_article", "last new article"), ("consecutive_failures", "fails"), ("yield_ratio", "yield"),
           ("articles", "articles"), ("gone", "gone"), ("last_run_requests", "req"), ("last_run_new", "new"),
           ("last_run_errors", "err")]


def health(conn: sqlite3.Connection, source_ids: list[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows of the source_health view (all sources, or the given ones), worst first."""
    sql = "SELECT * FROM source_health"
    if source_ids:
        sql += f" WHERE source_id IN ({','.join('?' * len(source_ids))})"
    cursor = conn.execute(sql + " ORDER BY consecutive_failures DESC, source_id", list(source_ids))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in ("last_success", "last_new_article"):
        return str(value)[:16].replace("T", " ")
    if key == "yield_ratio":
        return f"{value:.0%}"
    return str(value)


def render(rows: list[dict[str, Any]], threshold: int) -> str:
    """A plain-text table, one line per source, broken sources flagged."""
    table = [[title for _, title in COLUMNS] + [""]]
    for row in rows:
        flag = "BROKEN" if row["consecutive_failures"] >= threshold else ""
        table.append([_cell(key, row[key]) for key, _ in COLUMNS] + [flag])
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    numeric = {i for i, (key, _) in enumerate(COLUMNS) if key not in ("source_id", "level", "last_success", "last_new_article")}
    lines = []
    for line in table:
        cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def last_run(conn: sqlite3.Connection, alive: bool = True) -> str | None:
    """One line on the latest crawl run; a run still marked running while no crawl is *alive* was interrupted."""
    row = conn.execute(
        "SELECT id, started, finished, status, mode, requests, new_articles, updated_articles, errors, not_modified"
        " FROM crawl_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    run_id, started, finished, status, mode, requests, new, updated, errors, not_modified = row
    if status == "running" and not alive:
        status = "interrupted (still marked running, but no crawl holds the archive's lock)"
    return (f"last run {run_id} ({mode or 'incremental'}): {status}, started {started}, finished {finished or '-'}; "
            f"{requests} fetches, {new} new, {updated} updated, {errors} errors, {not_modified or 0} not modified")


def check_broken(conn: sqlite3.Connection, run_id: int | None, source_ids: list[str], threshold: int) -> list[tuple[str, int]]:
    """Sources of this run at or over the threshold of consecutive failed runs; recorded on the run's row."""
    broken = schedule.broken_sources(conn, source_ids, threshold)
    if run_id is not None:
        conn.execute("BEGIN IMMEDIATE")
        schedule.mark_broken(conn, run_id, broken)
        conn.execute("COMMIT")
    return broken


def source_summaries(conn: sqlite3.Connection, run_id: int | None) -> list[str]:
    """One line per source of a run: fetches, archived articles, errors, not-modified pages."""
    rows = conn.execute(
        "SELECT source_id, count(*), sum(outcome = 'archived'), sum(outcome IN ('error', 'http_error')),"
        " sum(outcome = 'not_modified') FROM fetches WHERE run_id = ? GROUP BY source_id ORDER BY source_id", (run_id,)
    ).fetchall()
    return [f"source {sid}: {fetched} fetched, {archived or 0} archived, {errors or 0} errors, {nm or 0} not modified"
            for sid, fetched, archived, errors, nm in rows]
