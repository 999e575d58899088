"""Load and validate the sources configuration (YAML) into typed objects."""

from __future__ import annotations

import codecs
import difflib
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer, field_validator, model_validator

Level = Literal["commune", "ward", "district", "city", "province", "central"]
LEVELS: tuple[str, ...] = Level.__args__  # type: ignore[attr-defined]
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = Path("config/sources.yaml")


def child_env() -> dict[str, str]:
    """This process's environment with this checkout first on PYTHONPATH: a child started as `python -m <module>`
    of the project runs the same code as its parent (a benchmark may run another checkout)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is one line naming file and field."""


def _check_http_urls(urls: list[str]) -> list[str]:
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
    return urls


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return patterns


class CanonicalRules(BaseModel):
    """Per-source URL canonicalisation: query parameters to drop, or the only ones that identify a story."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drop_params: tuple[str, ...] = ()
    keep_params: tuple[str, ...] | None = None


class Source(BaseModel):
    """One portal to crawl."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)
    name: str = Field(min_length=1)
    level: Level
    province: str | None = None
    start_urls: list[str] = Field(min_length=1)
    verified: bool = False
    cms: str | None = None
    selectors: dict[str, list[str]] = {}
    feeds: list[str] = []
    sitemaps: list[str] = []
    article_pattern: str | None = None
    listing_pattern: str | None = None
    deny: list[str] = []
    allowed_domains: list[str] = []
    notes: str | None = None
    canonical: CanonicalRules = CanonicalRules()
    checked_at: datetime | None = None  # when `qpdp sources probe --write` last checked the portal

    _urls = field_validator("start_urls", "feeds", "sitemaps")(_check_http_urls)
    _regexes = field_validator("deny")(_check_regexes)

    @field_serializer("checked_at")
    def _iso(self, value: datetime | None) -> str | None:
        """A string in dumps: sources travel as JSON to distributed workers."""
        return value.isoformat() if value else None

    @field_validator("cms")
    @classmethod
    def _known_cms(cls, value: str | None) -> str | None:
        """A `cms:` hint must name a family of archive.cms (or an alias such as dnn, joomla, unknown)."""
        if value is not None:
            from archive.extract.cms import by_name

            try:
                by_name(value)
            except KeyError as exc:
                raise ValueError(exc.args[0]) from None
        return value

    @field_validator("selectors")
    @classmethod
    def _xpath_selectors(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        """Per-source selector overrides: known kinds, XPaths that compile."""
        from archive.extract.cms.base import SELECTOR_KINDS, check_xpaths

        for kind, paths in value.items():
            if kind not in SELECTOR_KINDS:
                raise ValueError(f"unknown selector kind {kind!r} (known: {', '.join(SELECTOR_KINDS)})")
            check_xpaths(paths)
        return value

    @field_validator("article_pattern", "listing_pattern")
    @classmethod
    def _one_regex(cls, value: str | None) -> str | None:
        """Reject patterns that do not compile."""
        if value is not None:
            _check_regexes([value])
        return value

    def hosts(self) -> list[str]:
        """Host names this source may be crawled on (start URL hosts plus allowed_domains)."""
        found = [urlsplit(u).hostname or "" for u in (*self.start_urls, *self.feeds, *self.sitemaps)]
        return sorted({h.lower() for h in (*found, *self.allowed_domains) if h})

    def allows(self, url: str) -> bool:
        """True when *url* is on one of this source's hosts or its www twin (other subdomains are other portals)."""
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.") in {h.removeprefix("www.") for h in self.hosts()}


class Config(BaseModel):
    """The whole sources file: Scrapy setting overrides, the topics file and the sources."""

    model_config = ConfigDict(extra="forbid")

    settings: dict[str, Any] = {}
    topics: str | None = None
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Config":
        """Source ids must be unique."""
        seen: set[str] = set()
        for source in self.sources:
            if source.id in seen:
                raise ValueError(f"duplicate source id {source.id!r}")
            seen.add(source.id)
        return self

    def source(self, source_id: str) -> Source:
        """Return the source with this id or raise ConfigError."""
        for source in self.sources:
            if source.id == source_id:
                return source
        close = difflib.get_close_matches(source_id, [s.id for s in self.sources], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ConfigError(f"unknown source id {source_id!r} ({hint}known: {len(self.sources)} sources)")

    def select(self, ids: list[str] | tuple[str, ...]) -> list[Source]:
        """The sources named by *ids* (all when empty), in config order."""
        if not ids:
            return list(self.sources)
        wanted = [self.source(i) for i in ids]
        return [s for s in self.sources if s in wanted]


def _location(data: Any, loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node) and isinstance(node[key], dict) and "id" in node[key]:
                label = f"[{key}] (id={node[key]['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
        node = node[key] if isinstance(node, (list, dict)) and _has(node, key) else None
    return "".join(parts) or "(top level)"


def _has(node: Any, key: Any) -> bool:
    return (isinstance(node, dict) and key in node) or (isinstance(node, list) and isinstance(key, int) and key < len(node))


def parse_config(data: Any, path: str | Path = "<config>") -> Config:
    """Validate already-parsed YAML data; errors become a one-line ConfigError."""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with a 'sources:' list at the top level")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = _location(data, tuple(err["loc"]))
        msg = err["msg"].replace("Value error, ", "")
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        more = f" (+{exc.error_count() - 1} more errors)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{path}: {where}: {msg}{more}") from None


_UTF16_32 = {codecs.BOM_UTF32_LE: "UTF-32", codecs.BOM_UTF32_BE: "UTF-32", codecs.BOM_UTF16_LE: "UTF-16",
             codecs.BOM_UTF16_BE: "UTF-16"}


def decode(data: bytes, path: str | Path) -> str:
    """A config file's text: UTF-8 (a byte-order mark allowed); any other encoding is a one-line ConfigError."""
    for bom, name in _UTF16_32.items():
        if data.startswith(bom):
            raise ConfigError(f"{path}: the file is {name}; save it as UTF-8")
    if b"\x00" in data[:4096]:
        raise ConfigError(f"{path}: the file has NUL bytes (UTF-16 without a byte-order mark?); save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}: line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}; a Windows code page such as "
                          "cp1258?); save it as UTF-8") from None


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Read and validate a sources YAML file."""
    path = Path(path)
    try:
        raw = decode(path.read_bytes(), path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}:{where}: invalid YAML: {problem}") from None
    return parse_config(data, path)


def topics_path(config: Config, config_path: str | Path) -> Path:
    """The topics file for *config*: its `topics:` key, else topics.yaml beside it, else the bundled one."""
    base = Path(config_path).parent
    if config.topics:
        return base / config.topics
    beside = base / "topics.yaml"
    return beside if beside.exists() else PROJECT_ROOT / "config" / "topics.yaml"
