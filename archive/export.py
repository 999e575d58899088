"""Export article sets as CSV, JSON Lines or Markdown documents."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

import yaml

FIELDS = ["id", "url", "source_id", "source_name", "level", "province", "published", "title", "author",
          "source_credit", "topics", "first_seen", "last_seen", "content_hash", "cluster_id", "text"]
FORMATS = ("csv", "jsonl", "md")


def citation(record: dict[str, Any]) -> str:
    """One citation line: source, title, date, URL, archived-at."""
    date = (record.get("published") or "n.d.")[:10]
    return f"{record['source_name']}. \"{record.get('title') or '(không tiêu đề)'}\". {date}. {record['url']} (archived {record['first_seen'][:10]})"


def _markdown(record: dict[str, Any]) -> str:
    header = {k: record.get(k) for k in FIELDS if k not in ("text", "id")}
    header["citation"] = citation(record)
    front = yaml.safe_dump(header, allow_unicode=True, sort_keys=False).strip()
    return f"---\n{front}\n---\n\n# {record.get('title') or ''}\n\n" + record["text"].replace("\n", "\n\n") + "\n"


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write *records* to *out* in *fmt*; return how many were written."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, FIELDS, extrasaction="ignore")
        writer.writeheader()
    for record in records:
        row = {k: record.get(k) for k in FIELDS}
        if fmt == "csv":
            writer.writerow({**row, "topics": "; ".join(row["topics"] or [])})
        elif fmt == "jsonl":
            out.write(json.dumps({**row, "citation": citation(record)}, ensure_ascii=False) + "\n")
        elif fmt == "md":
            out.write(("\n" if count else "") + _markdown(record))
        else:
            raise ValueError(f"unknown format {fmt!r}")
        count += 1
    return count
