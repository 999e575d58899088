"""The qpdp command line: crawl, status, extract, serve, export, reextract, history, verify, sources, dedup, demo."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive import __version__
from archive.config import DEFAULT_CONFIG, LEVELS, PROJECT_ROOT, Config, ConfigError, load_config, topics_path

DEFAULT_DB = Path("data/archive.db")
DEMO_CONFIG = PROJECT_ROOT / "config" / "demo.yaml"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ConfigProblem(click.ClickException):
    """A user error in a configuration file: one line, exit code 2."""

    exit_code = 2


def _config(path: str | Path, source_ids: tuple[str, ...] = ()) -> Config:
    try:
        config = load_config(path)
        config.select(source_ids)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    return config


def _existing_db(db: Path) -> Path:
    if not db.exists():
        raise click.ClickException(f"no archive at {db}: run `qpdp crawl --db {db}` first")
    return db


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        valid = bool(_DATE.match(value)) and bool(date.fromisoformat((value + "-01-01")[:10]))
    except ValueError:
        valid = False
    if not valid:
        raise click.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint=name)
    return value


db_option = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
                         help="SQLite archive file.")
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                             default=DEFAULT_CONFIG, show_default=True, help="Sources YAML file.")

redis_option = click.option("--redis", "redis_url", metavar="URL",
                            help="Distributed crawl through this Redis (redis://HOST:PORT/DB); default: settings: REDIS_URL.")


def _redis(settings: dict, option: str | None, required: bool = False) -> str | None:
    from archive.scaleout import redis_url_of

    url = redis_url_of(settings, option)
    if required and not url:
        raise click.UsageError("give --redis redis://HOST:PORT/DB (or settings: REDIS_URL in the config)")
    return url


@click.group()
@click.version_option(__version__, prog_name="qpdp")
def cli() -> None:
    """Archive of public local-defense news (quốc phòng, quân sự địa phương) from Vietnamese government portals."""


@cli.command()
@config_option
@db_option
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Crawl only this source (repeatable).")
@click.option("--refresh", is_flag=True, help="Also revisit recently archived articles (to catch edits and removals).")
@click.option("--backfill", is_flag=True, help="Walk every listing page, unconditionally (for a new or repaired source).")
@click.option("--broken-after", type=click.IntRange(min=1), metavar="N",
              help="Exit 3 when a source has failed N runs in a row (default: setting QPDP_BROKEN_AFTER, 3).")
@click.option("--progress", type=click.Choice(["auto", "live", "log", "off"]), default="auto", show_default=True,
              help="Per-source progress: a live table on a terminal, plain log lines otherwise.")
@redis_option
@click.option("--seed-only", is_flag=True, help="With --redis: start the run and wait for it, leaving the crawling to workers.")
def crawl(config_path: Path, db: Path, source_ids: tuple[str, ...], refresh: bool, backfill: bool,
          broken_after: int | None, progress: str, redis_url: str | None, seed_only: bool) -> None:
    """Crawl the configured portals into the archive (incremental: only what is new).

    Exit codes: 0 done, 2 bad config, 3 a source is broken, 75 another crawl holds the lock.

    With --redis (or `settings: REDIS_URL`), start a distributed run: `qpdp worker` processes share the
    frontier and `qpdp ingest` writes the archive (its own --db); this command works too (unless --seed-only)
    and returns once all is archived.

    Example:

        qpdp crawl --config config/sources.yaml --db data/archive.db --source mong-cai
    """
    from archive.crawl import crawl_settings, run_crawl
    from archive.lock import CrawlLock, CrawlLocked
    from archive.status import EXIT_BROKEN, EXIT_LOCKED, check_broken
    from archive.store import Archive

    config = _config(config_path, source_ids)
    sources = config.select(source_ids)
    if progress == "auto":
        progress = "live" if sys.stderr.isatty() else "log"
    settings = crawl_settings(config, sources, db, topics_path(config, config_path), refresh, backfill, progress)
    local = not (redis_url := _redis(config.settings, redis_url))
    if not local:
        from archive.scaleout import ScaleoutError, crawl_cluster

        try:
            stats = crawl_cluster(config, config_path, sources, redis_url or "", refresh, lambda m: click.echo(m, err=True),
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
    click.echo(
        f"run {stats.get('qpdp/run_id')}: {stats.get('downloader/response_count', 0)} responses, "
        f"{stats.get('qpdp/articles_new', 0)} new articles, {stats.get('qpdp/articles_updated', 0)} updated, "
        f"{stats.get('qpdp/outcome_off_topic', 0)} off-topic, "
        f"{stats.get('qpdp/outcome_error', 0) + stats.get('qpdp/outcome_http_error', 0)} errors, "
        f"{stats.get('qpdp/known_skipped', 0)} known pages skipped, "
        f"{stats.get('qpdp/outcome_not_modified', 0)} not modified, {stats.get('qpdp/warc_records', 0)} pages stored in WARC; "
        f"finish reason: {stats.get('finish_reason')}",
        err=True,
    )
    if not local:
        return  # the distributed run's archive is the one `qpdp ingest` writes
    threshold = broken_after or settings.getint("QPDP_BROKEN_AFTER")
    archive = Archive(db)
    try:
        broken = check_broken(archive.conn, stats.get("qpdp/run_id"), [s.id for s in sources], threshold)
    finally:
        archive.close()
    if broken:
        names = ", ".join(f"{sid} ({n} runs)" for sid, n in broken)
        click.echo(f"BROKEN: {len(broken)} source(s) failed {threshold}+ runs in a row: {names}; see `qpdp status`", err=True)
        sys.exit(EXIT_BROKEN)


@cli.command()
@db_option
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable).")
@click.option("--broken-after", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
              help="Flag sources that failed N runs in a row.")
def status(db: Path, source_ids: tuple[str, ...], broken_after: int) -> None:
    """Print the health of every source (the source_health view) and the last crawl run.

    Example:

        qpdp status --db data/archive.db
    """
    from archive.status import health, last_run, render
    from archive.store import Archive

    archive = Archive(_existing_db(db))
    try:
        rows = health(archive.conn, source_ids)
        run = last_run(archive.conn)
    finally:
        archive.close()
    click.echo(render(rows, broken_after))
    click.echo(run or "no crawl run yet")
    broken = sum(r["consecutive_failures"] >= broken_after for r in rows)
    click.echo(f"{len(rows)} sources, {broken} broken", err=True)


@cli.command()
@config_option
@redis_option
@click.option("--no-wait", is_flag=True, help="Exit at once when no run is in progress.")
def worker(config_path: Path, redis_url: str | None, no_wait: bool) -> None:
    """Work on the current distributed run with the other workers, then exit (run it on any machine).

    Example:

        qpdp worker --redis redis://10.0.0.5:6379/0 --config config/sources.yaml
    """
    from archive.scaleout import ScaleoutError, run_worker

    config = _config(config_path)
    try:
        stats = run_worker(config, config_path, _redis(config.settings, redis_url, True) or "", not no_wait,
                           lambda m: click.echo(m, err=True))
    except ScaleoutError as exc:
        raise click.ClickException(str(exc)) from None
    if stats is None:
        click.echo("no run in progress", err=True)
    else:
        click.echo(f"worker done: {stats.get('downloader/response_count', 0)} responses, "
                   f"{stats.get('qpdp/items_queued', 0)} items queued; finish reason: {stats.get('finish_reason')}", err=True)


@cli.command()
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
    from archive.ingest import WriterError
    from archive.lock import CrawlLocked
    from archive.scaleout import ScaleoutError, run_ingest
    from archive.status import EXIT_LOCKED

    settings = _config(config_path).settings if config_path.exists() or config_path != DEFAULT_CONFIG else {}
    try:
        stats = run_ingest(settings, db, _redis(settings, redis_url, True) or "", once, lambda m: click.echo(m, err=True))
    except (ScaleoutError, WriterError) as exc:
        raise click.ClickException(str(exc)) from None
    except CrawlLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    if stats:
        click.echo(f"run {stats.get('qpdp/run_id')} archived: {stats.get('qpdp/articles_new', 0)} new articles", err=True)


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.option("--url", help="URL the page was fetched from (default: the file's file:// URI).")
@click.option("--content-type", help="HTTP Content-Type header the page came with (for its charset).")
@click.option("--cms", "cms_hint", help="CMS family hint (wordpress, liferay, dotnetnuke, sharepoint, vnportal, aspnet, php).")
@click.option("--topics", "topics_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=PROJECT_ROOT / "config" / "topics.yaml", help="Topic taxonomy YAML.")
def extract(file, url: str | None, content_type: str | None, cms_hint: str | None, topics_file: Path) -> None:  # type: ignore[no-untyped-def]
    """Extract one saved page and print its article as JSON.

    Example:

        qpdp extract page.html --url https://mongcai.gov.vn/vi-vn/tin/abc-p1-c12-n4567
    """
    from archive.extract import NoArticle
    from archive.extract import extract as extract_page
    from archive.topics import Taxonomy

    if cms_hint:
        from archive.cms import by_name

        try:
            by_name(cms_hint)
        except KeyError as exc:
            raise click.ClickException(exc.args[0]) from None
    name = getattr(file, "name", "-")
    url = url or (Path(name).resolve().as_uri() if name not in ("-", "<stdin>") else "file:///dev/stdin")
    try:
        article = extract_page(file.read(), url, content_type, cms_hint=cms_hint)
    except NoArticle as exc:
        empty = {"url": url, "article": False, "reason": str(exc), "title": None, "published": None,
                 "author": None, "text": "", "defense": False, "topics": []}
        click.echo(json.dumps(empty, ensure_ascii=False, indent=2))
        return
    verdict = Taxonomy.load(topics_file).classify(article.title, article.text)
    article.defense, article.topics = verdict.defense, verdict.topics
    click.echo(json.dumps({"article": True, **article.to_dict(), "score": verdict.score}, ensure_ascii=False, indent=2))


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Datasette metadata YAML.")
@click.option("--public", is_flag=True, help="Harden for the open internet: robots blocked, 1 s SQL limit, fewer rows.")
@click.option("--rate-limit", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Allow N requests per minute per client address (0 = no limit).")
@click.option("--trust-proxy", is_flag=True, help="Take the client address from X-Forwarded-For (behind a reverse proxy).")
def serve(db: Path, host: str, port: int, metadata: Path | None, public: bool, rate_limit: int, trust_proxy: bool) -> None:
    """Serve the archive read-only in Datasette (database `archive`).

    Example:

        qpdp serve --db data/archive.db --port 8001 --public --rate-limit 120
    """
    from archive.serve import serve as run_server

    click.echo(f"Serving {_existing_db(db)} at http://{host}:{port}/archive{' (public mode)' if public else ''}", err=True)
    run_server(db, host, port, metadata, public=public, rate_limit=rate_limit, trust_proxy=trust_proxy)


@cli.command()
@db_option
@click.option("--search", "query", metavar="Q", help="Full-text query (diacritics optional, \"quoted phrases\").")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only articles of this source (repeatable).")
@click.option("--level", type=click.Choice(LEVELS), help="Only articles of sources at this level.")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY[-MM[-DD]]).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "md", "zip", "warc"]), required=True,
              help="Output format; zip (or md to a .zip file) is a Markdown bundle: one file per article; "
                   "warc: the stored WARC records of the set, replayable with pywb.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
def export(db: Path, query: str | None, source_ids: tuple[str, ...], level: str | None, since: str | None,
           until: str | None, fmt: str, output: Path | None) -> None:
    """Export an article set as CSV, JSON Lines, Markdown, a Markdown bundle (zip) or WARC; records carry provenance.

    Example:

        qpdp export --search "dân quân" --since 2023-01-01 --format csv -o dan-quan.csv
        qpdp export --search DQTV --format zip -o dqtv.zip
    """
    import sqlite3

    from archive import export as exporter
    from archive import provenance
    from archive.store import Archive

    since, until = _date(since, "--since"), _date(until, "--until")
    if fmt == "md" and output and output.suffix.lower() == ".zip":
        fmt = "zip"
    if fmt == "zip" and not output:
        raise click.UsageError("--format zip needs -o FILE.zip")
    archive = Archive(_existing_db(db))
    try:
        records = provenance.with_provenance(archive.conn, archive.search(query, source_ids, level, since, until))
        if fmt == "warc":
            if output is None and sys.stdout.isatty():
                raise click.ClickException("--format warc is binary: give -o FILE or redirect the output")
            count = provenance.export_warc(archive.conn, db.parent, records, output)
        elif output:
            tmp = output.with_name(output.name + ".part")
            if fmt == "zip":
                with open(tmp, "wb") as bundle:
                    count = exporter.write_bundle(records, bundle)
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    count = exporter.write(records, fmt, fh)
            tmp.replace(output)
        else:
            count = exporter.write(records, fmt, sys.stdout)
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"bad search query {query!r}: {exc}") from None
    finally:
        archive.close()
    click.echo(f"{count} articles exported", err=True)


@cli.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Recompute every signature and cluster (after changing dedup settings).")
def dedup(db: Path, rebuild: bool) -> None:
    """Index articles for near-duplicate detection and report the clusters of syndicated copies.

    Crawls index new articles as they are stored; this indexes any that are not (an archive made before dedup)
    and, with --rebuild, recomputes everything from the stored texts.

    Example:

        qpdp dedup --db data/archive.db --rebuild
    """
    from archive import dedup as near
    from archive.store import Archive

    archive = Archive(_existing_db(db))
    try:
        with archive.transaction():
            if rebuild:
                stats = near.rebuild(archive.conn)
                click.echo(f"{stats.articles} articles, {stats.indexed} indexed, {stats.candidates} candidate pairs checked")
            else:
                click.echo(f"{near.NearDuplicates(archive.conn).backfill()} articles newly indexed")
        clusters, members = archive.conn.execute(
            "SELECT count(DISTINCT cluster_id), count(*) FROM articles WHERE cluster_id IS NOT NULL").fetchone()
        click.echo(f"{clusters} clusters with {members} articles; see the `clusters` view in `qpdp serve`")
    finally:
        archive.close()


@cli.command()
@db_option
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only captures of this source (repeatable).")
@click.option("--since", metavar="DATE", help="Only pages captured on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--workers", type=click.IntRange(1), help="Extraction processes (default: one per core).")
@config_option
@click.option("--topics", "topics_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Topic taxonomy YAML (default: the one the sources file uses, as `qpdp crawl` does).")
@click.option("--new", is_flag=True, help="Also re-extract pages captured but not archived; archive those that now qualify.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
def reextract(db: Path, source_ids: tuple[str, ...], since: str | None, workers: int | None, config_path: Path,
              topics_file: Path | None, new: bool, dry_run: bool, as_json: bool) -> None:
    """Rebuild article rows from the stored WARC captures with the current extractor (never fetches).

    Rows whose text, title, date, author, credit or topics change are updated and listed; rows missing
    from `articles` are restored under their old id; rows the extractor no longer finds are kept and listed;
    with --new, off-topic and article-less captures that now qualify are archived.

    Example:

        qpdp reextract --db data/archive.db --source mong-cai --since 2024-01-01
    """
    from archive.reextract import reextract as run
    from archive.store import Archive
    from archive.urls import Rules

    since = _date(since, "--since")
    config = _config(config_path)
    rules = {s.id: Rules.for_source(s) for s in config.sources}
    archive = Archive(_existing_db(db))
    try:
        report = run(archive, db.parent, topics_file or topics_path(config, config_path), source_ids, since, workers,
                     dry_run, new, rules)
    finally:
        archive.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for change in report.changes:
            click.echo(f"{change.action}\t{change.article_id}\t{','.join(change.fields) or change.detail}\t{change.url}")
    click.echo(
        f"{report.examined} captures re-extracted with {report.extractor} on {report.workers} processes in "
        f"{report.seconds:.1f}s: {report.count('changed')} changed, {report.count('restored')} restored, "
        f"{report.count('added')} added, "
        f"{report.unchanged} unchanged, {report.count('lost')} no longer extracted" + (" (dry run)" if dry_run else ""),
        err=True,
    )


@cli.command()
@db_option
@click.argument("article_id", type=int)
def history(db: Path, article_id: int) -> None:
    """Show an article's versions (each with its capture) and what changed between them.

    Example:

        qpdp history 42 --db data/archive.db
    """
    from archive.provenance import history as versions
    from archive.store import Archive

    archive = Archive(_existing_db(db))
    try:
        text = versions(archive.conn, article_id)
    finally:
        archive.close()
    if not text:
        raise click.ClickException(f"no article {article_id} in {db}")
    click.echo(text)


@cli.command()
@db_option
def verify(db: Path) -> None:
    """Check every capture against its WARC record (present, readable, same sha256 and record id).

    Example:

        qpdp verify --db data/archive.db
    """
    from archive.provenance import verify as check
    from archive.store import Archive

    archive = Archive(_existing_db(db))
    try:
        total = archive.conn.execute("SELECT count(*) FROM captures").fetchone()[0]
        problems = list(check(archive.conn, db.parent))
    finally:
        archive.close()
    for capture_id, url, problem in problems:
        click.echo(f"capture {capture_id}\t{problem}\t{url}")
    if problems:
        raise click.ClickException(f"{len(problems)} of {total} captures failed verification")
    click.echo(f"{total} captures verified: WARC records present, sha256 and record ids match", err=True)


@cli.command()
@config_option
def sources(config_path: Path) -> None:
    """Validate the sources file and list its sources.

    Example:

        qpdp sources --config config/sources.yaml
    """
    config = _config(config_path)
    for s in config.sources:
        flag = "" if s.verified else "  (unverified)"
        click.echo(f"{s.id:32} {s.level:9} {(s.province or '-'):18} {s.start_urls[0]}{flag}")
    click.echo(f"{len(config.sources)} sources OK", err=True)


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=int, help="Datasette port.")
@click.option("--no-serve", is_flag=True, help="Crawl the sample portals, then exit instead of serving.")
def demo(db: Path, port: int, no_serve: bool) -> None:
    """Serve the bundled sample portals on loopback, crawl them into the archive, then serve it.

    Example:

        qpdp demo --db data/archive.db --port 8001
    """
    from archive.demo import RunningPortal, stop_portals
    from archive.demo import serve_portals as start

    config = _config(DEMO_CONFIG)
    running: list[RunningPortal] = []
    try:
        for offset, s in enumerate(config.sources):
            parts = urlsplit(s.start_urls[0])
            host_base = int((parts.hostname or "127.0.0.11").rsplit(".", 1)[1])
            running += start([s.id.removeprefix("demo-")], host_base=host_base, port=parts.port or 80)
        click.echo(f"Sample portals up: {', '.join(p.url for p in running)}", err=True)
        started = time.monotonic()
        cmd = [sys.executable, "-m", "archive.cli", "crawl", "--config", str(DEMO_CONFIG), "--db", str(db)]
        if subprocess.run(cmd, check=False).returncode != 0:
            raise click.ClickException("the demo crawl failed (see the log above)")
        click.echo(f"Crawled the sample portals in {time.monotonic() - started:.1f}s into {db}", err=True)
    except OSError as exc:
        raise click.ClickException(f"cannot serve the sample portals: {exc}") from None
    finally:
        stop_portals(running)
    if not no_serve:
        from archive.serve import serve as run_server

        click.echo(f"Open http://127.0.0.1:{port}/archive/articles (Ctrl-C to stop)", err=True)
        run_server(db, "127.0.0.1", port)


if __name__ == "__main__":
    cli()
