"""The qpdp command line: one click group; the crawl and provenance commands live in archive/commands/."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import click

from archive import __version__
from archive.commands import crawl, evidence, provenance
from archive.commands import sources as source_commands
from archive.commands.common import (
    DEMO_CONFIG,
    Commands,
    check_date,
    config_option,
    db_option,
    existing_db,
    known_sources,
    load_sources,
    writable_db,
)
from archive.config import LEVELS, PROJECT_ROOT


@click.group(cls=Commands)
@click.version_option(__version__, prog_name="qpdp")
def cli() -> None:
    """Archive of public local-defense news (quốc phòng, quân sự địa phương) from Vietnamese government portals."""


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.option("--url", help="URL the page was fetched from (default: the file's file:// URI).")
@click.option("--content-type", help="HTTP Content-Type header the page came with (for its charset).")
@click.option("--cms", "cms_hint", help="CMS family hint (wordpress, liferay, dotnetnuke, sharepoint, vnportal, aspnet, php).")
@click.option("--topics", "topics_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=PROJECT_ROOT / "config" / "topics.yaml", help="Topic taxonomy YAML.")
def extract(file, url: str | None, content_type: str | None, cms_hint: str | None, topics_file: Path) -> None:  # type: ignore[no-untyped-def]
    """Extract one saved page and print its article as JSON.

    \b
    On 25 real portal pages nobody on the project wrote (python -m benchmarks.real):
    titles, dates, leads, body ends, verdicts and defense flags 100 %, junk leaked 0 %;
    the self-written gold set (python -m benchmarks.extraction) is a regression guard.

    Example:

        qpdp extract page.html --url https://mongcai.gov.vn/vi-vn/tin/abc-p1-c12-n4567
    """
    from archive.extract.article import NoArticle
    from archive.extract.article import extract as extract_page
    from archive.extract.topics import Taxonomy

    if cms_hint:
        from archive.extract.cms import by_name

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
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
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
    from archive.web.serve import serve as run_server

    click.echo(f"Serving {existing_db(db)} at http://{host}:{port}/archive{' (public mode)' if public else ''}", err=True)
    run_server(db, host, port, metadata, public=public, rate_limit=rate_limit, trust_proxy=trust_proxy)


@cli.command()
@db_option
@click.option("--search", "query", metavar="Q", help="Full-text query (diacritics optional, \"quoted phrases\").")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only articles of this source (repeatable).")
@click.option("--level", type=click.Choice(LEVELS), help="Only articles of sources at this level.")
@click.option("--province", metavar="NAME", callback=source_commands.check_province,
              help="Only articles of sources in this province: a 2025 name takes all of it (Lâm Đồng includes the former "
                   "Đắk Nông), a pre-2025 name only that old province.")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY[-MM[-DD]]).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "md", "zip", "warc", "wacz"]), required=True,
              help="Output format; zip (or md to a .zip file) is a Markdown bundle: one file per article; "
                   "warc: the stored WARC records of the set, replayable with pywb; wacz: a signed WACZ package "
                   "that ReplayWeb.page opens (see docs/wacz.md).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to FILE instead of stdout (a regular file is replaced atomically; a FIFO or device is written to).")
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="Start CSV with a UTF-8 byte-order mark, so Excel shows Vietnamese right.")
@evidence.key_option
@evidence.tsa_option
@evidence.settings_option
def export(db: Path, query: str | None, source_ids: tuple[str, ...], level: str | None, province: str | None,
           since: str | None, until: str | None, fmt: str, output: Path | None, bom: bool, key_path: Path | None,
           tsa_url: str | None, config_path: Path | None) -> None:
    """Export an article set as CSV, JSON Lines, Markdown, a Markdown bundle (zip), WARC or a signed WACZ; records carry provenance.

    --since and --until take whole periods: `--since 2022 --until 2022` is all of 2022, `--until 2022-06`
    includes the whole of June.

    Example:

        qpdp export --search "dân quân" --since 2023-01-01 --format csv -o dan-quan.csv
        qpdp export --search DQTV --until 2022-06 --format zip -o dqtv.zip
        qpdp export --search "dân quân" --format wacz -o dan-quan.wacz
        qpdp export --province "Lâm Đồng" --since 2025 --format jsonl -o lamdong.jsonl
    """
    import sqlite3

    from archive import export as exporter
    from archive.commands.output import output_file
    from archive.store import provenance
    from archive.store.db import Archive

    since, until = check_date(since, "--since"), check_date(until, "--until")
    if fmt == "md" and output and output.suffix.lower() == ".zip":
        fmt = "zip"
    if fmt in ("zip", "wacz") and not output:
        raise click.UsageError(f"--format {fmt} needs -o FILE.{fmt}")
    if fmt == "warc" and output is None and sys.stdout.isatty():
        raise click.ClickException("--format warc is binary: give -o FILE or redirect the output")

    def write(records: Iterator[dict[str, Any]], out: IO[Any]) -> int:
        if fmt == "warc":
            return provenance.export_warc(archive.conn, db.parent, records, out)
        if fmt == "zip":
            return exporter.write_bundle(records, out)
        if fmt == "wacz":
            return _wacz(archive, db, records, out, key_path, tsa_url, config_path)
        return exporter.write(records, fmt, out, bom=bom)

    archive = Archive(existing_db(db))
    try:
        known_sources(archive.conn, db, source_ids)
        records = archive.search(query, source_ids, level, since, until, *_province(archive.conn, province))
        if output:
            with output_file(output, binary=fmt in ("zip", "warc", "wacz")) as fh:
                count = write(records, fh)
        else:
            count = write(records, sys.stdout.buffer if fmt == "warc" else sys.stdout)
            sys.stdout.flush()
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"bad search query {query!r}: {exc}") from None
    finally:
        archive.close()
    click.echo(f"{count} articles exported", err=True)


def _wacz(archive: Any, db: Path, records: Iterator[dict[str, Any]], out: IO[bytes], key_path: Path | None,
          tsa_url: str | None, config_path: Path | None) -> int:
    """Write a signed WACZ through a seekable temporary file (a zip is written and read back), then copy it to *out*."""
    import shutil
    import tempfile

    from archive import export as exporter
    from archive.store import keys

    try:
        key = keys.load(evidence.signing_key_path(db, key_path, config_path))
        with tempfile.TemporaryFile() as package:
            count = exporter.write_wacz(archive.conn, db.parent, records, package, key,
                                        tsa_url=evidence.tsa_url(tsa_url, config_path))
            package.seek(0)
            shutil.copyfileobj(package, out, 1 << 20)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    return count


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
    from archive.dedup import minhash as near
    from archive.store.db import Archive

    archive = Archive(existing_db(db))
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


@cli.group(invoke_without_command=True)
@config_option
@click.pass_context
def sources(ctx: click.Context, config_path: Path) -> None:
    """Validate the sources file and list its sources; subcommands probe, add and catalog portals.

    Example:

        qpdp sources --config config/sources.yaml
    """
    if ctx.invoked_subcommand:
        return
    config = load_sources(config_path)
    for s in config.sources:
        flag = "" if s.verified else "  (unverified)"
        click.echo(f"{s.id:32} {s.level:9} {(s.province or '-'):18} {s.start_urls[0]}{flag}")
    click.echo(f"{len(config.sources)} sources OK", err=True)


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Datasette port.")
@click.option("--no-serve", is_flag=True, help="Crawl the sample portals, then exit instead of serving.")
def demo(db: Path, port: int, no_serve: bool) -> None:
    """Serve the bundled sample portals on loopback, crawl them into the archive, then serve it.

    Example:

        qpdp demo --db data/archive.db --port 8001
    """
    from archive.demo import RunningPortal, stop_portals
    from archive.demo import serve_portals as start

    config = load_sources(DEMO_CONFIG)
    writable_db(db)
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
        from archive.web.serve import serve as run_server

        click.echo(f"Open http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
        run_server(db, "127.0.0.1", port)



for _command in (*crawl.COMMANDS, *provenance.COMMANDS, *evidence.COMMANDS):
    cli.add_command(_command)
for _command in source_commands.COMMANDS:
    sources.add_command(_command)


def _province(conn: Any, name: str | None) -> tuple[str | None, str | None]:
    """(pre-2025 province as the archive spells it, 2025 province) to filter by, for a name of either map."""
    from archive.store.places import province_now

    bare = source_commands.bare_province
    if not name:
        return None, None
    now = province_now(name) or name
    if bare(now) == bare(name):
        return None, now
    spelt = [p for (p,) in conn.execute("SELECT DISTINCT province FROM articles WHERE province_now = ?", (now,)) if p and bare(p) == bare(name)]
    return (spelt[0] if spelt else name), None


if __name__ == "__main__":
    cli()
