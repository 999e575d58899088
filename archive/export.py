"""Export article sets as CSV, JSON Lines, Markdown documents, a Markdown bundle (zip) or a signed WACZ."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, TextIO

import yaml

from archive.text import fold

FIELDS = ["id", "url", "source_id", "source_name", "level", "province", "province_now", "published", "title", "author",
          "source_credit", "topics", "first_seen", "last_seen", "content_hash", "cluster_id", "text",
          "capture_id", "captured_at", "sha256", "warc_record_id", "warc_file", "extractor"]
FORMATS = ("csv", "jsonl", "md", "zip")
_SLUG = re.compile(r"[^a-z0-9]+")


def citation(record: dict[str, Any]) -> str:
    """One citation line: source, title, date, URL, archived-at."""
    date = (record.get("published") or "n.d.")[:10]
    return f"{record['source_name']}. \"{record.get('title') or '(không tiêu đề)'}\". {date}. {record['url']} (archived {record['first_seen'][:10]})"


def _markdown(record: dict[str, Any]) -> str:
    header = {k: record.get(k) for k in FIELDS if k not in ("text", "id")}
    header["citation"] = citation(record)
    front = yaml.safe_dump(header, allow_unicode=True, sort_keys=False).strip()
    return f"---\n{front}\n---\n\n# {record.get('title') or ''}\n\n" + record["text"].replace("\n", "\n\n") + "\n"


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO, bom: bool = True) -> int:
    """Write *records* to *out* in *fmt* (CSV opens with a UTF-8 byte-order mark unless not *bom*); return the count."""
    count = 0
    if fmt == "csv":
        if bom:
            out.write("\ufeff")  # Excel on Windows reads BOM-less CSV as cp1252: "Tá»‰nh" for "Tỉnh"
        writer = csv.DictWriter(out, [*FIELDS, "citation"], extrasaction="ignore")
        writer.writeheader()
    for record in records:
        row = {k: record.get(k) for k in FIELDS}
        if fmt == "csv":
            writer.writerow({**row, "topics": "; ".join(row["topics"] or []), "citation": citation(record)})
        elif fmt == "jsonl":
            out.write(json.dumps({**row, "citation": citation(record)}, ensure_ascii=False) + "\n")
        elif fmt == "md":
            out.write(("\n" if count else "") + _markdown(record))
        else:
            raise ValueError(f"unknown format {fmt!r}")
        count += 1
    return count


def filename(record: dict[str, Any]) -> str:
    """A bundle file name: date, id and a folded slug of the title, e.g. '2023-05-04-17-dan-quan-ra-quan.md'."""
    slug = _SLUG.sub("-", fold(record.get("title") or "bai-viet")).strip("-")[:60].rstrip("-")
    return f"{(record.get('published') or 'khong-ngay')[:10]}-{record['id']}-{slug or 'bai-viet'}.md"


def write_bundle(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    """Write a zip of one Markdown file per article (YAML header) plus CITATIONS.md; return the article count."""
    count, lines = 0, []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for record in records:
            name = filename(record)
            bundle.writestr(f"articles/{name}", _markdown(record))
            lines.append(f"- {citation(record)} — [{name}](articles/{name})")
            count += 1
        bundle.writestr("CITATIONS.md", "# Trích dẫn / Citations\n\n" + "\n".join(lines) + "\n")
    return count


def write_wacz(conn: Any, base: str | Path, records: Iterable[dict[str, Any]], out: IO[bytes], key: Any, title: str = "",
               tsa_url: str | None = None) -> int:
    """A signed WACZ of the set (captures of every version, CDXJ, pages, metadata with citations) to *out* ("w+b")."""
    from archive.store import wacz

    rows = ({**{k: record.get(k) for k in FIELDS}, "citation": citation(record)} for record in records)
    return wacz.write(conn, base, rows, out, key, title=title or "QPĐP archive export", tsa_url=tsa_url)
