"""Edit a sources YAML file in place, keeping its comments, quoting and order (ruamel.yaml round trip)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# Where probe findings go in an entry: after the last of these keys already present.
_AFTER = ("start_urls", "verified", "cms", "feeds", "sitemaps", "checked_at")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(path: Path) -> Any:
    """The round-trip document of *path*."""
    return _yaml().load(path.read_text(encoding="utf-8"))


def dump(document: Any) -> str:
    """The document as YAML text."""
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _set(entry: CommentedMap, key: str, value: Any) -> None:
    """Set *key*, in place when present, else after the probe keys that precede it."""
    if key in entry:
        entry[key] = value
        return
    keys = list(entry.keys())
    position = max((keys.index(k) + 1 for k in _AFTER[: _AFTER.index(key)] if k in keys), default=len(keys))
    entry.insert(position, key, value)


def record(entry: CommentedMap, found: dict[str, Any]) -> None:
    """Write probe findings (verified, cms, feeds, sitemaps, checked_at) into one entry; empty lists stay out."""
    for key in _AFTER[1:]:
        if key not in found:
            continue
        value = found[key]
        if key in ("feeds", "sitemaps"):
            merged = list(dict.fromkeys([*(entry.get(key) or []), *value]))
            if not merged:
                continue
            value = _flow(merged)
        if value is None:
            continue
        _set(entry, key, value)


def write_findings(path: Path, findings: dict[str, dict[str, Any]]) -> list[str]:
    """Record findings by source id into the file at *path*; the ids written, in file order."""
    document = load(path)
    written = []
    for entry in document.get("sources") or []:
        if isinstance(entry, CommentedMap) and entry.get("id") in findings:
            record(entry, findings[entry["id"]])
            written.append(entry["id"])
    _replace(path, dump(document))
    return written


def append_source(path: Path, entry: dict[str, Any], found: dict[str, Any]) -> None:
    """Append one entry with its probe findings at the end of the `sources:` list, with a blank line before it."""
    document = load(path)
    items = document["sources"]
    new = CommentedMap()
    for key, value in entry.items():
        new[key] = _flow(value) if isinstance(value, list) else value
    record(new, found)
    items.append(new)
    items.yaml_set_comment_before_after_key(len(items) - 1, before="\n")
    _replace(path, dump(document))


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
