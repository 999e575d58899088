"""Capture writer of the storage pipeline: each captured page goes to WARC (write, fsync), then its captures row.

It runs inside StorePipeline, the single archive writer, so it works the same for a one-machine crawl and for
`qpdp ingest` behind distributed workers (which never touch WARC or the archive).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from archive.store.db import Archive
from archive.store.provenance import previous_body, record_capture
from archive.store.warc import DEFAULT_MAX_BYTES, WarcStore
from crawler.items import ArticleItem, Capture, Fetch

logger = logging.getLogger(__name__)


def warc_dir(settings_value: str | None, db: str | Path) -> Path:
    """The WARC directory: the QPDP_WARC_DIR setting, else `warc/` next to the database."""
    return Path(settings_value) if settings_value else Path(db).parent / "warc"


class CaptureWriter:
    """Append the capture of an ArticleItem or Fetch to WARC, record it, and give the article its capture_id."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        db = settings.get("QPDP_DB")
        self.directory = warc_dir(settings.get("QPDP_WARC_DIR"), db)
        self.max_bytes = settings.getint("QPDP_WARC_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.enabled = settings.getbool("QPDP_WARC_ENABLED", True)
        self.revisits = settings.getbool("QPDP_WARC_REVISITS", True)
        base, resolved = Path(db).resolve().parent, self.directory.resolve()
        self.prefix = resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(resolved)
        self.store: WarcStore | None = None

    def _open(self, archive: Archive) -> WarcStore:
        """Open the WARC store, checking the newest file's tail from the last record the archive references."""
        ends = archive.conn.execute(
            "SELECT warc_file, max(warc_offset + warc_length + request_length) FROM captures GROUP BY warc_file"
        ).fetchall()
        return WarcStore(self.directory, self.max_bytes, {Path(name).name: end for name, end in ends})

    def sync(self) -> None:
        """fsync the WARC records written with sync=False."""
        if self.store is not None:
            self.store.sync()

    def write(self, item: Any, archive: Archive, sync: bool = True) -> None:
        """Store the item's capture, if any, through *archive*; an article learns its capture_id. With *sync* False
        (a batch inside one transaction) the WARC fsync waits for `sync()`, which must come before the COMMIT."""
        capture: Capture | None = getattr(item, "capture", None)
        if not self.enabled or not isinstance(item, (ArticleItem, Fetch)) or capture is None:
            return
        self.store = self.store or self._open(archive)
        moment = datetime.fromisoformat(capture.captured_at) if capture.captured_at else datetime.now(timezone.utc)
        digest = hashlib.sha256(capture.body).hexdigest()
        prior = previous_body(archive.conn, capture.url, capture.status, digest) if self.revisits else None
        try:
            stored = self.store.write(capture.url, capture.status, capture.headers, capture.body, capture.request_headers,
                                      capture.method, capture.protocol, moment, {"WARC-Source-ID": capture.source_id},
                                      prior[1] if prior else None, sync=sync)
        except OSError as exc:  # the article is still archived, only without its capture
            logger.error("cannot store %s in WARC (%s): archived without a capture", capture.url, exc)
            if self.stats:
                self.stats.inc_value("qpdp/warc_errors")
            return
        with archive.transaction() as conn:
            capture_id = record_capture(conn, stored, f"{self.prefix}/{stored.warc_file}", capture.url, capture.source_id,
                                        capture.status, capture.content_type, capture.headers, len(capture.body),
                                        prior[0] if prior else None)
        if isinstance(item, ArticleItem):
            item.article["capture_id"] = capture_id
        if self.stats:
            self.stats.inc_value("qpdp/warc_records")
            self.stats.inc_value("qpdp/warc_bytes", stored.length + stored.request_length)
