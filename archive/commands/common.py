"""What every qpdp command shares: default paths, option decorators and the one-line user errors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import click

from archive.config import (
    DEFAULT_CONFIG,
    PROJECT_ROOT,
    Config,
    ConfigError,
    load_config,
)

DEFAULT_DB = Path("data/archive.db")
DEMO_CONFIG = PROJECT_ROOT / "config" / "demo.yaml"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ConfigProblem(click.ClickException):
    """A user error in a configuration file: one line, exit code 2."""

    exit_code = 2


def load_sources(path: str | Path, source_ids: tuple[str, ...] = ()) -> Config:
    try:
        config = load_config(path)
        config.select(source_ids)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    return config


def existing_db(db: Path) -> Path:
    if not db.exists():
        raise click.ClickException(f"no archive at {db}: run `qpdp crawl --db {db}` first")
    return db


def check_date(value: str | None, name: str) -> str | None:
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


def redis_address(settings: dict, option: str | None, required: bool = False) -> str | None:
    from crawler.distributed.scaleout import redis_url_of

    url = redis_url_of(settings, option)
    if required and not url:
        raise click.UsageError("give --redis redis://HOST:PORT/DB (or settings: REDIS_URL in the config)")
    return url
