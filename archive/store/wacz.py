"""WACZ packages of article sets: the stored WARC records, a CDXJ index, a page list and the articles' metadata.

Layout (WACZ 1.1.1, built with webrecorder's `wacz` package for the index and the data package):

- `archive/data.warc.gz`: the response+request records behind every selected article (current and earlier
  versions, and the originals of revisits), copied byte for byte from the archive's WARC files;
- `indexes/index.cdx.gz` + `indexes/index.idx`: the compressed CDXJ index and its secondary index;
- `pages/pages.jsonl`: one page per article version (URL, capture time, title, text), what ReplayWeb.page lists;
- `metadata/articles.jsonl`: each article's metadata (source, level, province, published, author, topics,
  citation line, sha256) and its versions, each with its capture and WARC record id;
- `datapackage.json` (every file's sha256) and `datapackage-digest.json` (its sha256, signed by the archive key).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

from archive import __version__
from archive.store import keys, timestamp
from archive.store.provenance import capture_ids, write_warc

WARC = "archive/data.warc.gz"
INDEX = "indexes/index.cdx.gz"
IDX = "indexes/index.idx"
PAGES = "pages/pages.jsonl"
ARTICLES = "metadata/articles.jsonl"
DIGEST = "datapackage-digest.json"
PACKAGE = "datapackage.json"
SOFTWARE = f"qpdp-archive {__version__}"
OFFLINE = ("no trusted timestamp: no RFC 3161 timestamp authority was configured (setting TSA_URL), so `created` is "
           "the archive's own clock, vouched for by its signature only")
DESCRIPTION = ("Article pages of Vietnamese government portals as qpdp-archive captured them (every version), with each "
               f"article's metadata and citation line in {ARTICLES}")
FILE_MODE = 0o644 << 16  # external attributes of every member (regular file, rw-r--r--)


def _versions(conn: sqlite3.Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's versions, oldest first: capture id and time, URL, sha256, WARC record id, title, current."""
    rows = conn.execute(
        "SELECT h.current, h.capture_id, c.url, c.captured_at, c.sha256, c.record_id, c.warc_file, c.warc_offset, h.title"
        " FROM article_history h JOIN captures c ON c.id = h.capture_id WHERE h.article_id = ?"
        " ORDER BY h.current, c.captured_at, c.id", (article_id,),
    ).fetchall()
    names = ["current", "capture_id", "url", "captured_at", "sha256", "warc_record_id", "warc_file", "warc_offset", "title"]
    return [{**dict(zip(names, row)), "current": bool(row[0])} for row in rows]


def _ts(captured_at: str) -> str:
    """A capture time in WARC-Date form (pages.jsonl `ts`)."""
    return captured_at.replace("+00:00", "Z")


def _info(name: str, created: datetime) -> zipfile.ZipInfo:
    """A member's ZipInfo: fixed time, system and mode, stored uncompressed.

    WACZ asks for stored WARC and index files (range reads); the others are stored too, so that every byte of the
    package lies under a CRC-32 and a sha256 (unused padding bits of a deflate stream would lie under neither).
    """
    info = zipfile.ZipInfo(name, created.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = FILE_MODE
    return info


def _page_lines(articles: list[dict[str, Any]]) -> Iterable[str]:
    """pages.jsonl: a header, then one entry per article version (the current one carries the text)."""
    yield json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "Bài viết / Articles", "hasText": True}) + "\n"
    for article in articles:
        for version in article["versions"]:
            title = version["title"] or article.get("title") or version["url"]
            page: dict[str, Any] = {"id": f"article-{article['id']}-capture-{version['capture_id']}", "url": version["url"],
                                    "ts": _ts(version["captured_at"])}
            if version["current"]:
                page.update(title=title, text=article.get("text") or "")
            else:
                page["title"] = f"{title} — phiên bản trước / earlier version ({version['captured_at'][:10]})"
            yield json.dumps(page, ensure_ascii=False) + "\n"


def write(conn: sqlite3.Connection, base: str | Path, records: Iterable[dict[str, Any]], out: BinaryIO,
          key: Any, title: str = "", tsa_url: str | None = None) -> int:
    """Write a signed WACZ of *records* (export rows with `id`, `text` and `citation`) to *out* (open "w+b").

    *base* is the database's directory (captures.warc_file is relative to it); *key* the archive's private key;
    with *tsa_url*, the signature gets an RFC 3161 timestamp from that authority (ValueError or OSError if it fails).
    Returns how many articles the package holds; ValueError (nothing written) when *records* is empty.
    """
    from wacz.waczindexer import WACZIndexer

    articles = [{**record, "versions": _versions(conn, record["id"])} for record in records]
    if not articles:
        raise ValueError("no article matches: a WACZ needs at least one")
    created = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory(prefix="qpdp-wacz-") as tmp:
        warc = Path(tmp) / Path(WARC).name
        with open(warc, "wb") as fh:
            captures = write_warc(conn, base, capture_ids(conn, [a["id"] for a in articles]), fh)
        with zipfile.ZipFile(out, "w", allowZip64=True) as package:
            idx = io.StringIO()
            with package.open(_info(INDEX, created), "w") as data:
                indexer = WACZIndexer(idx, [str(warc)], sort=True, post_append=True, compress=data, lines=1024,
                                      digest_records=True, fields="referrer,req.http:cookie", data_out_name=Path(INDEX).name,
                                      hash_type="sha256", main_url="", main_ts="", detect_pages=False,
                                      passed_pages_dict={}, extract_text=False)
                indexer.process_all()
            package.writestr(_info(IDX, created), idx.getvalue().encode("utf-8"))
            info = _info(WARC, created)
            info.file_size = warc.stat().st_size
            with open(warc, "rb") as src, package.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            package.writestr(_info(PAGES, created), "".join(_page_lines(articles)).encode("utf-8"))
            package.writestr(_info(ARTICLES, created), "".join(
                json.dumps(a, ensure_ascii=False) + "\n" for a in articles).encode("utf-8"))
            descriptor = json.loads(indexer.generate_datapackage(SimpleNamespace(title=title, desc=DESCRIPTION, date=None), package))
            descriptor.update(created=stamp, software=f"{SOFTWARE}; {descriptor['software']}")
            if len(articles) == 1 and articles[0]["versions"]:
                current = articles[0]["versions"][-1]
                descriptor.update(mainPageURL=current["url"], mainPageDate=_ts(current["captured_at"]))
            descriptor["qpdp"] = {"articles": len(articles), "captures": captures, "articlesFile": ARTICLES,
                                  "signature": "anonymous ECDSA P-384 / SHA-256 (WACZ Signing and Verification 0.1.0)",
                                  "publicKeyFingerprint": keys.fingerprint(keys.public_b64(key)),
                                  "timestamp": f"RFC 3161 timestamp of the signature by {tsa_url}: timeSignature and "
                                               f"timestampCert in {DIGEST}" if tsa_url else OFFLINE}
            body = json.dumps(descriptor, indent=2, ensure_ascii=False).encode("utf-8")
            package.writestr(_info(PACKAGE, created), body)
            package.writestr(_info(DIGEST, created), json.dumps(digest(body, stamp, key, tsa_url), indent=2).encode("utf-8"))
    return len(articles)


def digest(package_bytes: bytes, created: str, key: Any, tsa_url: str | None = None) -> dict[str, Any]:
    """`datapackage-digest.json`: the package's sha256, its anonymous signature by *key*, and a TSA's timestamp."""
    value = "sha256:" + hashlib.sha256(package_bytes).hexdigest()
    signed = {"hash": value, "created": created, "software": SOFTWARE, "signature": keys.sign(key, value),
              "publicKey": keys.public_b64(key)}
    if tsa_url:
        answer, stamp = timestamp.fetch(tsa_url, signed["signature"].encode("ascii"))
        signed.update(timeSignature=base64.b64encode(answer).decode("ascii"), timestampCert=stamp.certificates)
    return {"path": PACKAGE, "hash": value, "signedData": signed}
