"""Provenance commands: reextract, history, verify."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archive.commands.common import check_date, config_option, db_option, existing_db, known_sources, load_sources
from archive.config import topics_path


@click.command()
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

        qpdp reextract --db data/archive.db --source mongcai-quangninh --since 2024-01-01
    """
    from archive.dedup.urls import Rules
    from archive.reextract import reextract as run
    from archive.store.db import Archive

    since = check_date(since, "--since")
    config = load_sources(config_path)
    rules = {s.id: Rules.for_source(s) for s in config.sources}
    archive = Archive(existing_db(db))
    try:
        known_sources(archive.conn, db, source_ids)
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


@click.command()
@db_option
@click.argument("article_id", type=int)
def history(db: Path, article_id: int) -> None:
    """Show an article's versions (each with its capture) and what changed between them.

    Example:

        qpdp history 42 --db data/archive.db
    """
    from archive.store.db import Archive
    from archive.store.provenance import history as versions

    archive = Archive(existing_db(db))
    try:
        text = versions(archive.conn, article_id)
    finally:
        archive.close()
    if not text:
        raise click.ClickException(f"no article {article_id} in {db}")
    click.echo(text)


@click.command()
@db_option
def verify(db: Path) -> None:
    """Check every capture against its WARC record (present, readable, same sha256 and record id).

    Example:

        qpdp verify --db data/archive.db
    """
    from archive.store.db import Archive
    from archive.store.provenance import verify as check

    archive = Archive(existing_db(db))
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


COMMANDS = (reextract, history, verify)
