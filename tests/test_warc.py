"""WARC files on disk: append-only, rotated by size, a torn tail is cut and earlier records survive."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.store.db import Archive
from archive.store.warc import WarcStore, read, records, valid_length

PAGE = "<html><head><title>Dân quân phường tuần tra</title></head><body><p>Dân quân tự vệ tuần tra {n}.</p></body></html>"


def _write(store: WarcStore, n: int):
    body = PAGE.format(n=n).encode("utf-8") * 30
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    return store.write(f"http://127.0.0.1:8000/tin/{n}.html", 200, headers, body, [("User-Agent", "qpdp-test")]), body


def test_records_read_back_and_files_rotate(tmp_path: Path) -> None:
    store = WarcStore(tmp_path, max_bytes=4000)
    written = [_write(store, n) for n in range(8)]
    assert len(store.files()) > 1
    for stored, body in written:
        page = read(tmp_path.parent, f"{tmp_path.name}/{stored.warc_file}", stored.offset, stored.length)
        assert page.body == body and hashlib.sha256(body).hexdigest() == stored.sha256
        assert page.content_type == "text/html; charset=utf-8"
        assert ("Content-Length", str(len(body))) in page.headers and not any(k == "Content-Encoding" for k, _ in page.headers)
    kinds = [kind for path in store.files() for _, _, kind, _ in records(path)]
    assert kinds.count("warcinfo") == len(store.files()) and kinds.count("response") == kinds.count("request") == 8
    assert subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, store.files())]).returncode == 0


def test_torn_tail_is_cut_and_earlier_records_survive(tmp_path: Path) -> None:
    store = WarcStore(tmp_path)
    kept = [_write(store, n) for n in range(3)]
    path = store.files()[-1]
    size = path.stat().st_size
    scratch = WarcStore(tmp_path / "scratch")
    stored, _ = _write(scratch, 99)
    whole = (scratch.directory / stored.warc_file).read_bytes()[stored.offset : stored.offset + stored.length]
    with open(path, "ab") as fh:  # a crash in the middle of the next write
        fh.write(whole[: len(whole) // 2])
    assert valid_length(path) == size < path.stat().st_size
    last = kept[-1][0]
    assert valid_length(path, last.offset + last.length + last.request_length) == size
    reopened = WarcStore(tmp_path, known_ends={path.name: last.offset + last.length + last.request_length})
    assert path.stat().st_size == size
    after, _ = _write(reopened, 3)
    assert after.warc_file == path.name and after.offset == size
    for stored, body in [*kept, (after, None)]:
        page = read(tmp_path, stored.warc_file, stored.offset, stored.length)
        assert hashlib.sha256(page.body).hexdigest() == stored.sha256
    assert subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)]).returncode == 0


def test_a_failed_write_leaves_no_partial_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = WarcStore(tmp_path)
    kept = [_write(store, n) for n in range(2)]
    path = store.files()[-1]
    size = path.stat().st_size
    real_write = os.write

    def disk_full(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    with pytest.raises(OSError):
        _write(store, 2)
    monkeypatch.undo()
    assert path.stat().st_size == size
    after, _ = _write(store, 3)
    assert after.offset == size
    for stored, _ in [*kept, (after, None)]:
        assert hashlib.sha256(read(tmp_path, stored.warc_file, stored.offset, stored.length).body).hexdigest() == stored.sha256
    assert subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)]).returncode == 0


def test_older_archive_gains_provenance_schema(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, source_id TEXT NOT NULL, level TEXT NOT NULL,"
            " province TEXT, title TEXT, published TEXT, year INTEGER, author TEXT, source_credit TEXT, text TEXT NOT NULL,"
            " topics TEXT NOT NULL DEFAULT '[]', content_hash TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
            " extractor TEXT)"
        )
    for _ in range(2):
        Archive(db).close()
    conn = sqlite3.connect(db)
    assert "capture_id" in {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"captures", "article_versions", "article_history", "article_keeps_previous_version", "capture_outcome"} <= names
