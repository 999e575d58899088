"""WARC storage of captured pages: gzip per record, size-rotated, append-only files; crash-safe by construction.

Each capture is one response record followed by its request record, written with a single ``write`` then
``fsync`` before the archive database references it. On opening, a torn tail (a crash mid-write) in the newest
file is cut off, so earlier records are never at risk and every file stays readable by standard tools.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import __version__

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
GZIP_LEVEL = 6
_NAME = re.compile(r"^qpdp-(\d{14})-(\d{5})\.warc\.gz$")
# Hop-by-hop and transfer framing headers: Scrapy hands us the decoded body, so these no longer describe it.
_FRAMING = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


@dataclass(frozen=True)
class Stored:
    """Where one capture landed: file name (relative to the WARC directory), offsets, ids and digest."""

    warc_file: str
    offset: int  # of the response record
    length: int  # of the response record (one gzip member)
    request_length: int  # of the request record right after it
    record_id: str
    captured_at: str
    sha256: str


@dataclass(frozen=True)
class Page:
    """A response (or a revisit: same body as an earlier response, not repeated) read back from a WARC record."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    record_id: str
    captured_at: str
    refers_to: str | None = None  # a revisit's original record id; its body is empty here

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return next((v for k, v in self.headers if k.lower() == "content-type"), None)


def warc_date(moment: datetime | None = None) -> str:
    """WARC-Date form of a moment (UTC, to the second)."""
    return (moment or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_length(path: Path, start: int = 0) -> int:
    """Length of the longest prefix of *path* made of complete gzip members (the rest is a torn tail).

    *start* is a known member boundary (the end of a record the archive references): scanning begins there.
    """
    good = base = start  # end of the last complete member; file offset of `pending`
    decomp, pending = zlib.decompressobj(31), b""
    with open(path, "rb") as fh:
        fh.seek(start)
        while True:
            if not pending and not (pending := fh.read(1 << 20)):
                return good
            try:
                decomp.decompress(pending)
            except zlib.error:
                return good
            if decomp.eof:
                rest = decomp.unused_data
                base += len(pending) - len(rest)
                good, pending, decomp = base, rest, zlib.decompressobj(31)
            else:
                base, pending = base + len(pending), b""


class WarcStore:
    """Append-only WARC files in one directory, rotated when the current one would exceed *max_bytes*."""

    def __init__(self, directory: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, known_ends: dict[str, int] | None = None) -> None:
        """Open the store; the newest file's tail is checked from its last known record end (*known_ends*, by name)."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.current: Path | None = None
        self.unsynced: set[Path] = set()  # files written with sync=False since the last sync()
        files = self.files()
        if files:
            self.current = files[-1]
            self.repair(self.current, (known_ends or {}).get(self.current.name, 0))

    def files(self) -> list[Path]:
        """The store's WARC files, oldest first."""
        return sorted(p for p in self.directory.iterdir() if _NAME.match(p.name))

    @staticmethod
    def repair(path: Path, start: int = 0) -> int:
        """Cut a torn tail off *path* (checked from *start*, a known record end); return how many bytes were dropped."""
        size = path.stat().st_size
        good = valid_length(path, start if 0 < start <= size else 0)
        if good < size:
            with open(path, "r+b") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                fh.truncate(good)
                os.fsync(fh.fileno())
        return size - good

    def sync(self) -> None:
        """fsync every file written to with sync=False since the last call (one fsync for a batch of records)."""
        while self.unsynced:
            path = self.unsynced.pop()
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def _new_file(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        serial = 1 + max((int(_NAME.match(p.name).group(2)) for p in self.files()), default=0)  # type: ignore[union-attr]
        path = self.directory / f"qpdp-{stamp}-{serial:05d}.warc.gz"
        members = _Members()
        writer = WARCWriter(members, gzip=False)
        info = {"software": f"qpdp-archive/{__version__} (warcio)", "format": "WARC File Format 1.1",
                "description": "Captured article pages of Vietnamese government portals (qpdp-archive)"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        with open(path, "xb") as fh:
            fh.write(b"".join(members.done))
            fh.flush()
            os.fsync(fh.fileno())
        self._fsync_dir()
        return path

    def _fsync_dir(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def write(self, url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes,
              request_headers: Iterable[tuple[str, str]] = (), method: str = "GET", protocol: str | None = None,
              captured_at: datetime | None = None, extra: dict[str, str] | None = None,
              revisit_of: tuple[str, str, str] | None = None, sync: bool = True) -> Stored:
        """Append one request+response pair durably (write, fsync; with *sync* False the fsync waits for `sync()`)
        and return where it is.

        With *revisit_of* = (URI, WARC-Date, WARC-Record-ID) of an earlier response with the same body, a
        `revisit` record (identical-payload-digest profile: headers only) stands in for the response.
        """
        date = warc_date(captured_at)
        members = _Members()
        writer = WARCWriter(members, gzip=False, warc_version="1.1")
        kept = [(k, v) for k, v in headers if k.lower() not in _FRAMING]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol=_protocol(protocol))
        warc_headers = {"WARC-Date": date, **(extra or {})}
        if revisit_of:
            digest = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")
            response = writer.create_revisit_record(url, digest, revisit_of[0], revisit_of[1], http_headers=http,
                                                    warc_headers_dict={**warc_headers, "WARC-Refers-To": revisit_of[2]})
        else:
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                 http_headers=http, warc_headers_dict=warc_headers)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = list(request_headers)
        if not any(k.lower() == "host" for k, _ in sent):
            sent.insert(0, ("Host", parts.netloc))
        req_http = StatusAndHeaders(f"{method} {target} {_protocol(protocol)}", sent, is_http_request=True)
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0, http_headers=req_http,
                                            warc_headers_dict={"WARC-Date": date})
        writer.write_request_response_pair(request, response)  # the response first, then the request
        response_length, data = len(members.done[0]), b"".join(members.done)
        path = self.current
        if path is None or path.stat().st_size + len(data) > self.max_bytes:
            path = self.current = self._new_file()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            start = os.fstat(fd).st_size
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                if sync:
                    os.fsync(fd)
                else:
                    self.unsynced.add(path)
            except OSError:  # disk full, I/O error: leave no partial record behind for the next append
                os.ftruncate(fd, start)
                raise
        finally:
            os.close(fd)
        return Stored(path.name, start, response_length, len(data) - response_length,
                      response.rec_headers.get_header("WARC-Record-ID"), date, hashlib.sha256(body).hexdigest())


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _protocol(protocol: str | None) -> str:
    return protocol if protocol and protocol.upper().startswith("HTTP/") else "HTTP/1.1"


class _Members:
    """Where WARCWriter(gzip=False) writes: each record (it flushes after each) becomes its own gzip member, at zlib's
    default level 6 (warcio's own gzip uses 9: about twice the CPU of the crawl's writer for a few % smaller files)."""

    def __init__(self) -> None:
        self.pending: list[bytes] = []
        self.done: list[bytes] = []

    def write(self, data: bytes) -> int:
        """Take part of the record being written."""
        self.pending.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """The record is complete: compress it as one member."""
        if self.pending:
            packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
            self.done.append(packer.compress(b"".join(self.pending)) + packer.flush())
            self.pending = []


def read_bytes(directory: str | Path, warc_file: str, offset: int, length: int) -> bytes:
    """The raw (gzipped) bytes of one record."""
    with open(Path(directory) / warc_file, "rb") as fh:
        fh.seek(offset)
        data = fh.read(length)
    if len(data) != length:
        raise ValueError(f"{warc_file}: record at {offset} is cut short")
    return data


def parse(data: bytes) -> Page:
    """The response (or revisit) in one record's raw bytes; ValueError when they are not one."""
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type in ("response", "revisit") and record.http_headers is not None:
                http, headers = record.http_headers, record.rec_headers
                body = record.content_stream().read() if record.rec_type == "response" else b""
                return Page(headers.get_header("WARC-Target-URI"), int(http.get_statuscode() or 0), list(http.headers),
                            body, headers.get_header("WARC-Record-ID"), headers.get_header("WARC-Date"),
                            headers.get_header("WARC-Refers-To") if record.rec_type == "revisit" else None)
    except Exception as exc:  # warcio reports damage as many error types (ArchiveLoadFailed, zlib.error, …)
        raise ValueError(f"damaged WARC record: {type(exc).__name__}: {str(exc)[:120]}") from None
    raise ValueError("no response or revisit record")


def read(directory: str | Path, warc_file: str, offset: int, length: int) -> Page:
    """Read back the response stored at (file, offset, length)."""
    return parse(read_bytes(directory, warc_file, offset, length))


def records(path: Path) -> Iterator[tuple[int, int, str, str | None]]:
    """(offset, length, type, target URI) of every record in a WARC file."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            rec_type, uri = record.rec_type, record.rec_headers.get_header("WARC-Target-URI")
            it.read_to_end(record)
            yield it.get_record_offset(), it.get_record_length(), rec_type, uri
