"""`qpdp sources` subcommands: probe portals, add one from its URL, generate the national catalog."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from archive.commands.common import ConfigProblem, load_sources
from archive.config import DEFAULT_CONFIG, LEVELS, Config, Source, topics_path
from archive.text import fold

_ARTICLE_MARK = {"article": "✓", "failed": "✗", "not-article": "·", "error": "!"}


def _config_path(ctx: click.Context, given: Path | None) -> Path:
    """The subcommand's --config, else the group's (`qpdp sources --config F probe`), else the default."""
    parent = ctx.parent.params.get("config_path") if ctx.parent else None
    return given or parent or DEFAULT_CONFIG


def check_province(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: a province name must be one of the 34 provinces of 2025 or the 63 before."""
    from archive.store.places import province_now

    if value and province_now(value) is None:
        raise click.BadParameter(f"{value!r} is no Vietnamese province (2025 or pre-2025 name)")
    return value


def bare_province(name: str) -> str:
    """A province name folded, without its "Tỉnh " / "Thành phố " prefix: how names of both maps are compared."""
    return fold(name.removeprefix("Tỉnh ").removeprefix("Thành phố ").strip())


def in_province(source: Source, province: str | None) -> bool:
    """True when *province* is empty, or is the source's 2025 province, or its pre-2025 one (Đắk Nông finds Đắk Nông's)."""
    from archive.store.places import province_now

    if not province:
        return True
    now = province_now(province)
    if fold(now) == bare_province(province):  # a 2025 province: all of it
        return province_now(source.province) == now
    return province_now(source.province) == now and fold(source.province or "") == fold(province)


def adhoc_source(url: str, **fields: Any) -> Source:
    """A source for a bare URL (probe --url, sources add): id and name from the host unless given."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    ident = re.sub(r"[^a-z0-9]+", "-", host.lower().removesuffix(".gov.vn")).strip("-") or "portal"
    values = {"id": ident[:80], "name": host or url, "level": "commune", "start_urls": [url],
              **{k: v for k, v in fields.items() if v is not None}}
    try:
        return Source.model_validate(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc).splitlines()[-1], param_hint="URL") from None


def catalog_sources(path: Path, ids: tuple[str, ...] = (), province: str | None = None,
                    level: str | None = None) -> list[Source]:
    """The crawlable rows of a catalog file or directory, filtered by ids, province and level."""
    from archive import catalog

    if not path.exists():
        raise ConfigProblem(f"{path}: no such catalog file or directory (generate it with `qpdp sources catalog`)")
    chosen = []
    for row in catalog.rows(path):
        if (ids and row.get("id") not in ids) or not catalog.matches(row, province, level):
            continue
        try:
            source = catalog.to_source(row)
        except ValueError as exc:
            raise ConfigProblem(f"{path}: row {row.get('id')!r}: {str(exc).splitlines()[-1]}") from None
        if source is not None:
            chosen.append(source)
    return chosen


def _findings_for_file(findings: list[Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for f in findings:
        out[f.id] = {"verified": f.verdict == "ok", "checked_at": f.checked_at,
                     "cms": f.cms if f.cms and f.cms != "generic" else None,
                     "feeds": f.feeds, "sitemaps": f.sitemaps}
        if f.verdict in ("unreachable", "blocked-by-robots"):  # nothing seen: keep what the file says
            out[f.id] = {"verified": False, "checked_at": f.checked_at}
    return out


def render_table(findings: list[Any]) -> str:
    """The findings as a terminal table, one line per source and one per sample article."""
    lines = [f"{'source':30} {'verdict':18} {'cms':11} {'feeds':>5} {'maps':>4} {'art':>5}  note"]
    for f in findings:
        good = sum(s.outcome == "article" for s in f.samples)
        note = f.error or (f.samples[0].title if f.samples and f.samples[0].title else "")
        lines.append(f"{f.id[:30]:30} {f.verdict:18} {(f.cms or '-'):11} {len(f.feeds):5} {len(f.sitemaps):4} "
                     f"{good:2}/{len(f.samples):<2}  {(note or '')[:70]}")
        for s in f.samples:
            detail = (f"{(s.title or '')[:60]} | {s.published or 'no date'} | {s.chars} chars"
                      f"{' | defense' if s.defense else ''}") if s.outcome == "article" else (s.reason or "")[:80]
            lines.append(f"    {_ARTICLE_MARK.get(s.outcome, '?')} {s.url[:70]}  {detail}")
    return "\n".join(lines)


def run_probe(sources: list[Source], limit: int, workers: int, delay: float, timeout: float,
              topics: Path | None, quiet: bool) -> list[Any]:
    """Probe *sources*; a progress line per source on stderr unless *quiet*."""
    from crawler.probe import Probe, default_taxonomy, probe_all

    probe = Probe(default_taxonomy(topics), limit=limit, delay=delay, timeout=timeout)
    done = [0]

    def progress(finding: Any) -> None:
        done[0] += 1
        if not quiet:
            click.echo(f"[{done[0]}/{len(sources)}] {finding.id}: {finding.verdict}", err=True)

    return probe_all(sources, probe, workers=workers, on_done=progress)


probe_options = [
    click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
                 help="Run the extractor on up to N candidate article pages per source."),
    click.option("--workers", type=click.IntRange(min=1), default=64, show_default=True, metavar="N",
                 help="Hosts probed at once (each host: one request at a time)."),
    click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True, metavar="S",
                 help="Seconds between two requests to the same host (robots.txt Crawl-delay wins when longer)."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True, metavar="S",
                 help="Seconds before a request is given up."),
]


def _with(options: list[Any]) -> Any:
    def decorate(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Sources YAML file.")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Probe this source (repeatable; default all).")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Probe this portal URL instead (repeatable).")
@click.option("--catalog", "catalog_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Probe the rows of this catalog file or directory (e.g. config/catalog/lamdong.yaml).")
@click.option("--province", callback=check_province, help="Only sources of this province (2025 or pre-2025 name).")
@click.option("--level", type=click.Choice(LEVELS), help="Only sources at this level.")
@_with(probe_options)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--write", is_flag=True, help="Record verified, cms, feeds, sitemaps and checked_at in the sources (or catalog) file.")
@click.pass_context
def probe(ctx: click.Context, config_path: Path | None, source_ids: tuple[str, ...], urls: tuple[str, ...],
          catalog_path: Path | None, province: str | None, level: str | None, limit: int, workers: int, delay: float,
          timeout: float, as_json: bool, write: bool) -> None:
    """Check portals before crawling: robots.txt, start page, CMS, feeds, sitemaps, sample articles and a verdict.

    Verdicts: ok, no-articles-found, unreachable, blocked-by-robots, needs-selectors.

    Example:

    \b
        qpdp sources probe --source mongcai-quangninh --limit 3 --write
        qpdp sources probe --catalog config/catalog/lamdong.yaml --level ward --json
    """
    path = _config_path(ctx, config_path)
    topics = None
    target: Path | None = None
    if urls:
        if write:
            raise click.UsageError("--write needs sources from a file (--source or --catalog), not --url")
        sources = [adhoc_source(u) for u in urls]
    elif catalog_path:
        sources, target = catalog_sources(catalog_path, source_ids, province, level), catalog_path
        if write and catalog_path.is_dir():
            raise click.UsageError("--write needs one catalog file, not a directory")
    else:
        config: Config = load_sources(path, source_ids)
        sources = [s for s in config.select(source_ids) if in_province(s, province) and (not level or s.level == level)]
        target, topics = path, topics_path(config, path)
    if not sources:
        raise click.ClickException("nothing to probe: no source with a candidate URL matches")
    findings = run_probe(sources, limit, workers, delay, timeout, topics, quiet=as_json or not sys.stderr.isatty())
    click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) if as_json else render_table(findings))
    verdicts = {v: sum(f.verdict == v for f in findings) for v in dict.fromkeys(f.verdict for f in findings)}
    click.echo(f"{len(findings)} probed: " + ", ".join(f"{n} {v}" for v, n in verdicts.items()), err=True)
    if write and target is not None:
        from archive.commands.sourcefile import write_findings

        written = write_findings(target, _findings_for_file(findings))
        if target == path:
            load_sources(path)  # what was written must still be a valid sources file
        click.echo(f"recorded {len(written)} findings in {target}", err=True)


@click.command()
@click.argument("url")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Sources YAML file.")
@click.option("--id", "source_id", help="Source id (default: from the host name).")
@click.option("--name", help="The portal's owner (default: the page title).")
@click.option("--level", type=click.Choice(LEVELS), default="commune", show_default=True, help="Administrative level.")
@click.option("--province", callback=check_province, help="Province (2025 name).")
@_with(probe_options)
@click.option("--force", is_flag=True, help="Add the entry even when the portal is unreachable or blocked by robots.txt.")
@click.pass_context
def add(ctx: click.Context, url: str, config_path: Path | None, source_id: str | None, name: str | None, level: str,
        province: str | None, limit: int, workers: int, delay: float, timeout: float, force: bool) -> None:
    """Probe one portal and append a ready entry for it to the sources file (comments and order kept).

    Example:

        qpdp sources add https://vinhtuy.hanoi.gov.vn/ --level ward --province "Hà Nội"
    """
    from archive.commands.sourcefile import append_source

    path = _config_path(ctx, config_path)
    config = load_sources(path)
    source = adhoc_source(url, id=source_id, name=name, level=level, province=province)
    if source.id in {s.id for s in config.sources}:
        raise click.ClickException(f"{path}: a source {source.id!r} exists already (give --id)")
    (finding,) = run_probe([source], limit, workers, delay, timeout, topics_path(config, path), quiet=True)
    click.echo(render_table([finding]))
    if finding.verdict in ("unreachable", "blocked-by-robots") and not force:
        raise click.ClickException(f"{url}: {finding.verdict} ({finding.error}); not added (use --force to add anyway)")
    entry: dict[str, Any] = {"id": source.id, "name": name or finding.title or source.name, "level": level}
    if province:
        entry["province"] = province
    append_source(path, entry | {"start_urls": [url]}, _findings_for_file([finding])[finding.id])
    load_sources(path)
    click.echo(f"added {source.id} ({finding.verdict}) to {path}", err=True)


@click.command(name="catalog")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("config/catalog"),
              show_default=True, help="Directory of the catalog files (one per 2025 province, plus central.yaml).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def catalog_command(output: Path, as_json: bool) -> None:
    """Generate the national source catalog: every 2025 province, commune and ward, central and military sources.

    Example:

        qpdp sources catalog --output config/catalog
    """
    from archive import catalog

    counts = catalog.write(output)
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    by = counts["units_by_evidence"]
    click.echo(f"{counts['provinces']} provinces, {counts['units']} communes and wards ({counts['wards']} wards, "
               f"{counts['communes']} communes incl. special zones)")
    click.echo(f"candidate URL: {by.get('seen', 0)} from a pattern seen for the province, {by.get('analogy', 0)} by analogy "
               f"(a guess), {by.get('none', 0)} none; provinces by pattern: {counts['provinces_by_pattern']}")
    click.echo(f"{counts['provincial_portals']} provincial portals, {counts['former_provincial_portals']} pre-2025 provincial "
               f"portals of merged provinces, {counts['military_commands']} provincial military commands (no host known), "
               f"{counts['central']} central and military sources ({counts['central_with_url']} with a URL)")
    click.echo(f"written to {output}", err=True)


COMMANDS = (probe, add, catalog_command)
