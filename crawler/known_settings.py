"""The names and types a sources file's `settings:` may use: Scrapy's own settings and ours (QPDP_*)."""

from __future__ import annotations

import difflib
from typing import Any

import scrapy.settings.default_settings as scrapy_defaults
from scrapy.settings import Settings

import crawler.settings as qpdp_defaults

# Read by the distributed crawl (ours with a fallback instead of a default in crawler/settings.py; scrapy-redis's).
DISTRIBUTED: dict[str, Any] = {
    "REDIS_URL": "redis://localhost:6379/0", "QPDP_REDIS_PREFIX": "qpdp", "QPDP_REDIS_LEASE": 60.0, "QPDP_HOST_POLL": 0.02,
    "QPDP_RUN": None, "REDIS_HOST": None, "REDIS_PORT": None, "REDIS_PARAMS": None, "SCHEDULER_PERSIST": None,
    "SCHEDULER_QUEUE_KEY": None, "SCHEDULER_QUEUE_CLASS": None, "SCHEDULER_DUPEFILTER_KEY": None,
    "SCHEDULER_FLUSH_ON_START": None, "SCHEDULER_IDLE_BEFORE_CLOSE": None,
}
# The type a default has -> the Settings getter Scrapy reads it with, and what to call it in a message.
GETTERS = {bool: ("getbool", "true or false"), int: ("getint", "a whole number"), float: ("getfloat", "a number"),
           dict: ("getdict", "a mapping"), list: ("getlist", "a list")}


def defaults() -> dict[str, Any]:
    """Every known setting name with its default value."""
    found = {name: getattr(scrapy_defaults, name) for name in dir(scrapy_defaults) if name.isupper()}
    found.update(DISTRIBUTED)
    found.update({name: getattr(qpdp_defaults, name) for name in dir(qpdp_defaults) if name.isupper()})
    return found


def problem(name: str, value: Any, known: dict[str, Any]) -> str | None:
    """Why `name: value` is not a usable setting (None when it is): unknown name, or a value Scrapy cannot read."""
    if name not in known:
        close = difflib.get_close_matches(str(name).upper(), list(known), n=1, cutoff=0.75)
        return f"unknown setting; did you mean {close[0]}?" if close else "unknown setting (neither Scrapy's nor qpdp's)"
    default = known[name]
    if default is None or value is None:
        return None
    if isinstance(default, str):
        return None if isinstance(value, (str, int, float)) else f"expected text, got {value!r}"
    getter, wanted = GETTERS.get(type(default), (None, ""))
    if getter is None:
        return None
    try:
        getattr(Settings({name: value}), getter)(name)
    except (ValueError, TypeError):
        return f"expected {wanted}, got {value!r}"
    return None


def check(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, problem) for every entry of a `settings:` mapping that Scrapy would reject or silently ignore."""
    known = defaults()
    found = [(str(name), problem(name, value, known)) for name, value in settings.items()]
    return [(name, why) for name, why in found if why]
