"""What every qpdp command shares: default paths, option decorators and the one-line user errors."""

from __future__ import annotations

import difflib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
import yaml

from archive.config import (
    DEFAULT_CONFIG,
    PROJECT_ROOT,
    Config,
    ConfigError,
    load_config,
)

DEFAULT_DB = Path("data/archive.db")
DEMO_CONFIG = PROJECT_ROOT / "config" / "demo.yaml"


class ConfigProblem(click.ClickException):
    """A user error in a configuration file: one line, exit code 2."""

    exit_code = 2


def load_sources(path: str | Path, source_ids: tuple[str, ...] = ()) -> Config:
    """The validated sources file, its `settings:` included; any problem is one line, exit 2."""
    from crawler.known_settings import check

    try:
        config = load_config(path)
        config.select(source_ids)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    problems = check(config.settings)
    if problems:
        name, why = problems[0]
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigProblem(f"{path}: settings.{name}: {why}{more}")
    return config


def existing_db(db: Path) -> Path:
    """*db* when it is an archive; otherwise one line saying why not (exit 1)."""
    if not db.exists():
        raise click.ClickException(f"no archive at {db}: run `qpdp crawl --db {db}` first")
    _check_archive(db, new_ok=False)
    return db


def writable_db(db: Path) -> Path:
    """*db* when it is an archive or does not exist yet (a crawl creates it); refuses any other file."""
    _check_archive(db, new_ok=True)
    if not db.exists():
        parent = next(p for p in db.absolute().parents if p.exists())
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            why = "not a directory" if not parent.is_dir() else "not writable"
            raise click.ClickException(f"cannot create {db}: {parent} is {why}")
    return db


def _check_archive(db: Path, new_ok: bool) -> None:
    from archive.store.db import archive_problem

    try:
        problem = archive_problem(db, new_ok=new_ok)
    except OSError as exc:
        raise click.ClickException(f"cannot read {db}: {exc.strerror or exc}") from None
    if problem:
        raise click.ClickException(f"{db} is not a qpdp archive: {problem}")


def known_sources(conn: sqlite3.Connection, db: Path, source_ids: tuple[str, ...]) -> tuple[str, ...]:
    """*source_ids* when the archive knows them all; otherwise one line naming the unknown one (exit 2)."""
    known = [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id")]
    for source_id in source_ids:
        if source_id not in known:
            close = difflib.get_close_matches(source_id, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UnknownSource(f"unknown source {source_id!r} in {db} ({hint}{len(known)} sources; `qpdp status` lists them)")
    return source_ids


class UnknownSource(click.ClickException):
    """A --source the archive does not hold: one line, exit code 2."""

    exit_code = 2


class Commands(click.Group):
    """The qpdp group: an environment error no command expected becomes one line (set QPDP_TRACEBACK=1 for the trace)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; OSError, database and decoding errors become `Error: …` and exit 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `qpdp export … | head`: the reader has all it wanted; say nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's flush at exit must not fail again
            sys.exit(1)
        except (OSError, sqlite3.DatabaseError, UnicodeError, yaml.YAMLError) as exc:
            if os.environ.get("QPDP_TRACEBACK"):
                raise
            raise click.ClickException(_one_line(exc)) from None


def _one_line(exc: BaseException) -> str:
    """An unexpected file, database, encoding or YAML error as one line naming the file when it is known."""
    if isinstance(exc, OSError):
        return f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc) or type(exc).__name__
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{mark.name}: line {mark.line + 1}: invalid YAML: {exc.problem}"
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def check_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    from archive.store.selection import period

    try:
        period(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from None
    return value


db_option = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
                         help="SQLite archive file.")
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                             default=DEFAULT_CONFIG, show_default=True, help="Sources YAML file.")

redis_option = click.option("--redis", "redis_url", metavar="URL",
                            help="Distributed crawl through this Redis (redis://HOST:PORT/DB); default: settings: REDIS_URL.")


def redis_address(settings: dict, option: str | None, required: bool = False) -> str | None:
    from crawler.distributed.scaleout import redis_url_of

    url = redis_url_of(settings, option)
    if required and not url:
        raise click.UsageError("give --redis redis://HOST:PORT/DB (or settings: REDIS_URL in the config)")
    return url
