"""Crawl commands: crawl, status, and the distributed roles worker and ingest."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import click

from archive.commands.common import (
    config_option,
    db_option,
    existing_db,
    known_sources,
    load_sources,
    redis_address,
    redis_option,
    writable_db,
)
from archive.commands.sources import catalog_sources, check_province, in_province
from archive.config import DEFAULT_CONFIG, LEVELS, topics_path


@click.command()
@config_option
@db_option
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Crawl only this source (repeatable).")
@click.option("--catalog", "catalog_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Crawl the rows of this catalog file or directory that have a candidate URL, instead of the sources file's.")
@click.option("--province", callback=check_province,
              help="Only sources of this province: 2025 name, or a pre-2025 one (diacritics optional).")
@click.option("--level", type=click.Choice(LEVELS), help="Only sources at this level.")
@click.option("--refresh", is_flag=True, help="Also revisit recently archived articles (to catch edits and removals).")
@click.option("--backfill", is_flag=True, help="Walk every listing page, unconditionally (for a new or repaired source).")
@click.option("--broken-after", type=click.IntRange(min=1), metavar="N",
              help="Exit 3 when a source has failed N runs in a row (default: setting QPDP_BROKEN_AFTER, 3).")
@click.option("--progress", type=click.Choice(["auto", "live", "log", "off"]), default="auto", show_default=True,
              help="Per-source progress: a live table on a terminal, plain log lines otherwise.")
@redis_option
@click.option("--seed-only", is_flag=True, help="With --redis: start the run and wait for it, leaving the crawling to workers.")
def crawl(config_path: Path, db: Path, source_ids: tuple[str, ...], catalog_path: Path | None, province: str | None,
          level: str | None, refresh: bool, backfill: bool, broken_after: int | None, progress: str, redis_url: str | None,
          seed_only: bool) -> None:
    """Crawl the configured portals into the archive (incremental: only what is new).

    Exit codes: 0 done, 1 the crawl did not run to its end (start-up error, crash, signal: one line says
    why), 2 bad config, 3 a source is broken, 75 another crawl holds the lock.

    With --redis (or `settings: REDIS_URL`), start a distributed run: `qpdp worker` processes share the
    frontier and `qpdp ingest` writes the archive (its own --db); this command works too (unless --seed-only)
    and returns once all is archived.

    Example:

    \b
        qpdp crawl --config config/sources.yaml --db data/archive.db --source mongcai-quangninh
        qpdp crawl --catalog config/catalog/lamdong.yaml --level ward --db data/lamdong.db
    """
    from archive.store.db import Archive
    from archive.store.lock import CrawlLock, CrawlLocked
    from archive.store.status import EXIT_BROKEN, EXIT_INCOMPLETE, EXIT_LOCKED, check_broken, source_summaries
    from crawler.run import crawl_settings, incomplete, run_crawl

    if catalog_path:
        config = load_sources(config_path)  # its settings and topics still apply
        sources = catalog_sources(catalog_path, source_ids, province, level)
        if redis_address(config.settings, redis_url):
            raise click.UsageError("--catalog crawls on this machine only: workers read sources from --config")
    else:
        config = load_sources(config_path, source_ids)
        sources = [s for s in config.select(source_ids) if in_province(s, province) and (not level or s.level == level)]
    writable_db(db)
    if not sources:
        raise click.ClickException("no source to crawl matches --source/--province/--level")
    if progress == "auto":
        progress = "live" if sys.stderr.isatty() else "log"
    settings = crawl_settings(config, sources, db, topics_path(config, config_path), refresh, backfill, progress)
    local = not (redis_url := redis_address(config.settings, redis_url))
    started, clock = datetime.now(timezone.utc), time.monotonic()
    here: dict | None = None  # this machine's share of a distributed run
    if not local:
        from crawler.distributed.scaleout import ScaleoutError, crawl_cluster

        try:
            stats, here = crawl_cluster(config, config_path, sources, redis_url or "", refresh, lambda m: click.echo(m, err=True),
                                        crawl_here=not seed_only, backfill=backfill,
                                        refresh_days=settings.getfloat("QPDP_REFRESH_DAYS"))
        except ScaleoutError as exc:
            raise click.ClickException(str(exc)) from None
    elif seed_only:
        raise click.UsageError("--seed-only needs --redis (or settings: REDIS_URL)")
    else:
        try:
            with CrawlLock(db):
                stats = run_crawl(settings)
        except CrawlLocked as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_LOCKED)
    run_id, recorded = stats.get("qpdp/run_id"), "finished"
    if local and run_id is not None:
        archive = Archive(db)
        try:
            for line in source_summaries(archive.conn, run_id):
                click.echo(line, err=True)
            recorded = archive.conn.execute("SELECT status FROM crawl_runs WHERE id = ?", (run_id,)).fetchone()[0]
        finally:
            archive.close()
    click.echo(
        f"run {'-' if run_id is None else run_id}: started {started:%Y-%m-%d %H:%M:%S}Z, took {time.monotonic() - clock:.1f}s; "
        f"{stats.get('downloader/response_count', 0)} responses, "
        f"{stats.get('qpdp/articles_new', 0)} new articles, {stats.get('qpdp/articles_updated', 0)} updated, "
        f"{stats.get('qpdp/outcome_off_topic', 0)} off-topic, "
        f"{stats.get('qpdp/outcome_error', 0) + stats.get('qpdp/outcome_http_error', 0)} errors, "
        f"{stats.get('qpdp/known_skipped', 0)} known pages skipped, "
        f"{stats.get('qpdp/outcome_not_modified', 0)} not modified, {stats.get('qpdp/warc_records', 0)} pages stored in WARC; "
        f"finish reason: {stats.get('finish_reason')}",
        err=True,
    )
    if not local:  # the distributed run's archive is the one `qpdp ingest` writes; this machine's part must be whole
        if here is not None and (why := incomplete(here)):
            click.echo(f"Error: {why}", err=True)
            sys.exit(EXIT_INCOMPLETE)
        return
    why = incomplete(stats) or (None if recorded == "finished" else f"the archive did not record the end of run {run_id}")
    if why:
        click.echo(f"Error: {why}", err=True)
        sys.exit(EXIT_INCOMPLETE)
    threshold = broken_after or settings.getint("QPDP_BROKEN_AFTER")
    archive = Archive(db)
    try:
        broken = check_broken(archive.conn, run_id, [s.id for s in sources], threshold)
    finally:
        archive.close()
    if broken:
        names = ", ".join(f"{sid} ({n} runs)" for sid, n in broken)
        click.echo(f"BROKEN: {len(broken)} source(s) failed {threshold}+ runs in a row: {names}; see `qpdp status`", err=True)
        sys.exit(EXIT_BROKEN)


@click.command()
@db_option
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable).")
@click.option("--broken-after", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
              help="Flag sources that failed N runs in a row.")
@click.option("--check", is_flag=True, help="Exit 3 when a source is BROKEN or the last run did not finish (for monitoring).")
def status(db: Path, source_ids: tuple[str, ...], broken_after: int, check: bool) -> None:
    """Print the health of every source (the source_health view) and the last crawl run.

    With --check, exit 3 when any source is BROKEN (failed --broken-after runs in a row) or the last run did
    not finish, so cron, systemd or a monitoring probe can alert on it.

    Example:

        qpdp status --db data/archive.db --check
    """
    from archive.store.db import Archive
    from archive.store.lock import holder
    from archive.store.status import EXIT_BROKEN, health, last_run, render

    archive = Archive(existing_db(db))
    latest = "SELECT id, status FROM crawl_runs ORDER BY id DESC LIMIT 1"
    try:
        known_sources(archive.conn, db, source_ids)
        rows = health(archive.conn, source_ids)
        newest = archive.conn.execute(latest).fetchone()
        # A crawl holds the lock from before its run row exists until after the row says how it ended: a run
        # still marked running, once nobody holds the lock, was killed (or stopped before its spider opened).
        dead = bool(newest and newest[1] == "running" and holder(db) is None
                    and archive.conn.execute(latest).fetchone() == newest)
        run = last_run(archive.conn, alive=not dead)
    finally:
        archive.close()
    ended = "interrupted: no crawl holds the archive's lock" if dead else newest[1] if newest else None
    click.echo(render(rows, broken_after))
    click.echo(run or "no crawl run yet")
    broken = sum(r["consecutive_failures"] >= broken_after for r in rows)
    click.echo(f"{len(rows)} sources, {broken} broken", err=True)
    if check and (broken or (ended and ended not in ("finished", "running"))):
        why = f"{broken} source(s) BROKEN" if broken else f"the last run did not finish ({ended})"
        click.echo(f"CHECK FAILED: {why}", err=True)
        sys.exit(EXIT_BROKEN)


@click.command()
@config_option
@redis_option
@click.option("--no-wait", is_flag=True, help="Exit at once when no run is in progress.")
def worker(config_path: Path, redis_url: str | None, no_wait: bool) -> None:
    """Work on the current distributed run with the other workers, then exit (run it on any machine).

    Example:

        qpdp worker --redis redis://10.0.0.5:6379/0 --config config/sources.yaml
    """
    from archive.store.status import EXIT_INCOMPLETE
    from crawler.distributed.scaleout import ScaleoutError, run_worker
    from crawler.run import incomplete

    config = load_sources(config_path)
    try:
        stats = run_worker(config, config_path, redis_address(config.settings, redis_url, True) or "", not no_wait,
                           lambda m: click.echo(m, err=True))
    except ScaleoutError as exc:
        raise click.ClickException(str(exc)) from None
    if stats is None:
        click.echo("no run in progress", err=True)
    else:
        click.echo(f"worker done: {stats.get('downloader/response_count', 0)} responses, "
                   f"{stats.get('qpdp/items_queued', 0)} items queued; finish reason: {stats.get('finish_reason')}", err=True)
        if why := incomplete(stats):
            click.echo(f"Error: {why}", err=True)
            sys.exit(EXIT_INCOMPLETE)


@click.command()
@config_option
@db_option
@redis_option
@click.option("--once", is_flag=True, help="Exit after one run is in the archive.")
def ingest(config_path: Path, db: Path, redis_url: str | None, once: bool) -> None:
    """Be the single archive writer of distributed runs: store the workers' items in the archive.

    It holds the archive's crawl lock: exit code 75 while a single-machine `qpdp crawl` (or another writer) uses --db.

    Example:

        qpdp ingest --redis redis://127.0.0.1:6379/0 --db data/archive.db
    """
    from archive.store.lock import CrawlLocked
    from archive.store.status import EXIT_LOCKED
    from crawler.distributed.ingest import WriterError
    from crawler.distributed.scaleout import ScaleoutError, run_ingest

    settings = load_sources(config_path).settings if config_path.exists() or config_path != DEFAULT_CONFIG else {}
    writable_db(db)
    try:
        stats = run_ingest(settings, db, redis_address(settings, redis_url, True) or "", once, lambda m: click.echo(m, err=True))
    except (ScaleoutError, WriterError) as exc:
        raise click.ClickException(str(exc)) from None
    except CrawlLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    if stats:
        click.echo(f"run {stats.get('qpdp/run_id')} archived: {stats.get('qpdp/articles_new', 0)} new articles", err=True)


COMMANDS = (crawl, status, worker, ingest)
