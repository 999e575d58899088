"""Verify a WACZ made by `qpdp export --format wacz`: every byte accounted for, signature, every page replayable.

- the zip itself: members laid end to end, each local header equal to its central directory entry, nothing before,
  between or after them, and the fields only the central directory holds as qpdp writes them;
- each member's CRC-32 and its sha256 against `datapackage.json`; that file's sha256 against
  `datapackage-digest.json`, whose form is checked byte for byte and whose signature is verified;
- the replay path: every page in `pages.jsonl` resolves through `index.idx` and the CDXJ blocks to a WARC record with
  its URL and capture time (a revisit to the record holding its body), and every article version's WARC record id
  and sha256 in `metadata/articles.jsonl` match that record.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from archive.store import keys, timestamp
from archive.store.wacz import ARTICLES, DIGEST, FILE_MODE, IDX, INDEX, PACKAGE, PAGES, WARC
from archive.store.warc import parse

MEMBERS = {INDEX, IDX, WARC, PAGES, ARTICLES, PACKAGE, DIGEST}
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # local file header
_END = struct.Struct("<4s4H2LH")  # end of central directory record


@dataclass
class Report:
    """What `check` found: problems as (part of the file, what is wrong), and what was checked."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    articles: int = 0
    records: int = 0
    public_key: str | None = None
    created: str | None = None
    timestamp: str | None = None  # "when by whom" of a checked RFC 3161 timestamp

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def add(self, part: str, problem: str) -> None:
        """Note one problem in one part of the package."""
        self.problems.append((part, problem))


def check(path: str | Path, trusted: str | None = None) -> Report:
    """Check the WACZ at *path*; with *trusted* (a base64 public key), the signer must be that key."""
    report = Report()
    try:
        package = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.add("zip central directory / end record", f"not a readable zip file: {exc}")
        return report
    with package, open(path, "rb") as raw:
        try:
            starts = _layout(raw, package, report)
        except (OSError, struct.error, ValueError) as exc:
            report.add("zip structure", f"damaged: {exc}")
            starts = {}
        contents, sums = _contents(package, report)
        descriptor = _package(contents, report, trusted)
        if descriptor is not None:
            _hashes(sums, descriptor, report)
        if WARC in starts and WARC in sums and {INDEX, IDX, PAGES, ARTICLES} <= contents.keys():
            _replay(raw, starts[WARC], package.getinfo(WARC).file_size, contents, report)
    return report


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    """(time, date) in MS-DOS form, as the zip headers store them."""
    y, mo, d, h, mi, s = date_time
    return h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d


def _zip64_sizes(extra: bytes) -> tuple[int, ...]:
    """The 8-byte values of a zip64 extra field (id 1), or () when *extra* is not exactly one."""
    if len(extra) < 4:
        return ()
    kind, size = struct.unpack("<HH", extra[:4])
    if kind != 1 or size != len(extra) - 4 or size % 8:
        return ()
    return struct.unpack(f"<{size // 8}Q", extra[4:])


def _layout(raw: Any, package: zipfile.ZipFile, report: Report) -> dict[str, int]:
    """Check the zip byte layout; return where each member's data starts."""
    starts: dict[str, int] = {}
    infos = package.infolist()
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        report.add("zip central directory", "a member name appears twice")
    for name in sorted(set(names) - MEMBERS):
        report.add("zip central directory", f"names a member {name!r} that is not a part of a qpdp WACZ")
    for name in sorted(MEMBERS - set(names)):
        report.add(name, "missing")
    position = 0
    for info in infos:
        part = f"zip header of {info.filename}"
        if info.header_offset != position:
            report.add(part, f"starts at byte {info.header_offset}, expected {position} (bytes added, removed or moved)")
        raw.seek(info.header_offset)
        fixed = raw.read(_LOCAL.size)
        if len(fixed) < _LOCAL.size:
            report.add(part, "cut short")
            return starts
        sig, version, reserved, flags, method, time, date, crc, csize, usize, nlen, xlen = _LOCAL.unpack(fixed)
        name, extra = raw.read(nlen), raw.read(xlen)
        sizes = _zip64_sizes(extra) if (csize, usize) == (0xFFFFFFFF, 0xFFFFFFFF) else (usize, csize)
        central_sizes = _zip64_sizes(info.extra) if info.extra else ()
        expected = {"signature": (sig, b"PK\x03\x04"), "version needed": (version, info.extract_version),
                    "reserved byte": (reserved, info.reserved), "flags": (flags, info.flag_bits),
                    "compression method": (method, info.compress_type), "time and date": ((time, date), _dos(info.date_time)),
                    "CRC-32": (crc, info.CRC), "sizes": (sizes[:2], (info.file_size, info.compress_size)),
                    "name": (name, info.orig_filename.encode("ascii", "replace")),
                    "extra field": (extra, extra if sizes != (usize, csize) else b"")}
        expected.update({
            "central flags": (info.flag_bits, 0), "central version made by": ((info.create_system, info.create_version), (3, info.extract_version)),
            "central attributes": ((info.internal_attr, info.external_attr, info.volume), (0, FILE_MODE, 0)),
            "central comment": (info.comment, b""), "central compression": (info.compress_type, zipfile.ZIP_STORED), "central version needed": (info.extract_version, 45 if central_sizes else 20),
        })
        for what, (found, wanted) in expected.items():
            if found != wanted:
                report.add(part, f"{what} differs from the central directory or from how qpdp writes it")
        starts[info.filename] = info.header_offset + _LOCAL.size + nlen + xlen
        position = starts[info.filename] + info.compress_size
    _end_records(raw, package, position, report)
    return starts


def _end_records(raw: Any, package: zipfile.ZipFile, members_end: int, report: Report) -> None:
    """The central directory follows the last member directly and the end record closes the file exactly."""
    size = raw.seek(0, 2)
    raw.seek(size - _END.size)
    sig, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment = _END.unpack(raw.read(_END.size))
    count = len(package.infolist())
    if sig != b"PK\x05\x06" or comment or (disk, cd_disk) != (0, 0):
        report.add("zip end record", "changed, or bytes were added after it")
        return
    if cd_offset == 0xFFFFFFFF or total == 0xFFFF:  # zip64: the locator and zip64 record give the real values
        raw.seek(size - _END.size - 20)
        loc_sig, _, z64_offset, disks = struct.unpack("<4sLQL", raw.read(20))
        raw.seek(z64_offset)
        fields = struct.unpack("<4sQ2H2L4Q", raw.read(56))
        if loc_sig != b"PK\x06\x07" or disks != 1 or fields[0] != b"PK\x06\x06" or z64_offset != size - _END.size - 20 - 56:
            report.add("zip end record", "the zip64 end records are damaged")
            return
        on_disk, total, cd_size, cd_offset = fields[6], fields[7], fields[8], fields[9]
        tail = size - _END.size - 76
    else:
        tail = size - _END.size
    if (on_disk, total) != (count, count):
        report.add("zip end record", f"says {total} members, the central directory has {count}")
    if cd_offset != members_end:
        report.add("zip central directory", f"starts at byte {cd_offset}, the members end at {members_end}")
    if cd_offset + cd_size != tail:
        report.add("zip central directory", "its size does not match the end record")
    raw.seek(cd_offset)
    directory, position, entry = raw.read(cd_size), 0, struct.Struct("<4s4B4HL2L5H2L")
    for info in package.infolist():
        fixed = entry.unpack_from(directory, position) if position + entry.size <= len(directory) else None
        if fixed is None or fixed[0] != b"PK\x01\x02" or fixed[-2] not in (info.external_attr, 0xFFFFFFFF):
            report.add("zip central directory", f"the entry of {info.filename} is damaged")
            return
        position += entry.size + fixed[12] + fixed[13] + fixed[14]
    if position != len(directory):
        report.add("zip central directory", "holds bytes that belong to no entry")


def _contents(package: zipfile.ZipFile, report: Report) -> tuple[dict[str, bytes], dict[str, tuple[str, int]]]:
    """Members' bytes (all but the WARC, which is only hashed) and every member's (sha256, size), read through the
    zip's CRC-32 check; damaged members are reported and left out."""
    contents, sums = {}, {}
    for info in package.infolist():
        digest, size, chunks = hashlib.sha256(), 0, []
        try:
            with package.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    if info.filename != WARC:
                        chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
            report.add(info.filename, f"contents changed or damaged ({exc})")
            continue
        sums[info.filename] = ("sha256:" + digest.hexdigest(), size)
        if info.filename != WARC:
            contents[info.filename] = b"".join(chunks)
    return contents, sums


def _package(contents: dict[str, bytes], report: Report, trusted: str | None) -> dict[str, Any] | None:
    """Check datapackage-digest.json (form, hash, signature, signer); return the parsed datapackage.json if sound."""
    if PACKAGE not in contents or DIGEST not in contents:
        return None
    try:
        digest = json.loads(contents[DIGEST])
        signed = digest["signedData"]
        assert isinstance(signed, dict)
    except (ValueError, KeyError, TypeError, AssertionError):
        report.add(DIGEST, "changed: not JSON of the form qpdp writes")
        return None
    try:
        descriptor = json.loads(contents[PACKAGE])
    except ValueError:
        descriptor = None
    fields = ["hash", "created", "software", "signature", "publicKey"]
    if json.dumps(digest, indent=2).encode("utf-8") != contents[DIGEST] or list(digest) != ["path", "hash", "signedData"] \
            or list(signed) not in (fields, [*fields, "timeSignature", "timestampCert"]):
        report.add(DIGEST, "changed: not in the exact form qpdp writes")
    if "timeSignature" in signed:
        _timestamp(signed, report)
    value = "sha256:" + hashlib.sha256(contents[PACKAGE]).hexdigest()
    if digest.get("path") != PACKAGE or digest.get("hash") != value or signed.get("hash") != value:
        report.add(PACKAGE, "sha256 does not match datapackage-digest.json (the package description changed)")
    report.public_key, report.created = signed.get("publicKey"), signed.get("created")
    if not keys.verify(str(signed.get("publicKey")), str(signed.get("hash")), str(signed.get("signature"))):
        report.add(DIGEST, "the signature does not verify")
    if not isinstance(descriptor, dict):
        report.add(PACKAGE, "changed: not JSON")
        return None
    qpdp = descriptor.get("qpdp") or {}
    if signed.get("created") != descriptor.get("created") or not str(descriptor.get("software", "")).startswith(f"{signed.get('software')};"):
        report.add(DIGEST, "created or software differs from datapackage.json")
    try:
        if qpdp.get("publicKeyFingerprint") != keys.fingerprint(str(signed.get("publicKey"))):
            report.add(DIGEST, "publicKey is not the key datapackage.json names")
    except ValueError:
        report.add(DIGEST, "publicKey is not base64")
    if trusted and signed.get("publicKey") != trusted:
        report.add(DIGEST, "signed by another key than the trusted one")
    return descriptor


def _timestamp(signed: dict[str, Any], report: Report) -> None:
    """Check the RFC 3161 timestamp of the signature: the TSA's signature, and within 10 minutes of `created`."""
    try:
        stamp = timestamp.check(base64.b64decode(str(signed["timeSignature"]), validate=True), str(signed["signature"]).encode("ascii"))
        created = datetime.fromisoformat(str(signed["created"]).replace("Z", "+00:00"))
    except (ValueError, IndexError, UnicodeError) as exc:
        report.add(DIGEST, f"the RFC 3161 timestamp does not verify: {exc}")
        return
    if abs((stamp.time - created).total_seconds()) > 600:
        report.add(DIGEST, "the RFC 3161 timestamp is more than 10 minutes from `created`")
    if signed.get("timestampCert") != stamp.certificates:
        report.add(DIGEST, "timestampCert is not the certificates of the timestamp")
    report.timestamp = f"{stamp.time:%Y-%m-%dT%H:%M:%SZ} by {stamp.authority}"


def _hashes(sums: dict[str, tuple[str, int]], descriptor: dict[str, Any], report: Report) -> None:
    """Each member's size and sha256 against its resource in datapackage.json."""
    resources = {r.get("path"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    for name in sorted(MEMBERS - {PACKAGE, DIGEST}):
        resource = resources.get(name)
        if resource is None:
            report.add(PACKAGE, f"does not list {name}")
        elif name in sums and (resource.get("hash"), resource.get("bytes")) != sums[name]:
            report.add(name, "sha256 does not match datapackage.json (contents changed)")


def _cdxj(contents: dict[str, bytes], report: Report) -> dict[tuple[str, str], dict[str, Any]]:
    """(URL, 14-digit time) -> CDXJ entry, read the way a replay tool does: index.idx names the blocks of index.cdx.gz."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for line in contents[IDX].decode("utf-8", "replace").splitlines():
        if line.startswith("!meta") or not line.strip():
            continue
        try:
            block = json.loads(line.split(" ", 2)[2])
            data = gzip.decompress(contents[INDEX][int(block["offset"]) : int(block["offset"]) + int(block["length"])])
            for entry_line in data.decode("utf-8").splitlines():
                _, ts, entry = entry_line.split(" ", 2)
                parsed = json.loads(entry)
                found.setdefault((parsed["url"], ts), parsed)
        except (ValueError, KeyError, IndexError, OSError, EOFError) as exc:
            report.add(IDX, f"a block of the CDXJ index cannot be read: {exc}")
    return found


def _replay(raw: Any, warc_start: int, warc_size: int, contents: dict[str, bytes], report: Report) -> None:
    """Resolve every page and article version through the index to its WARC record and check what it says."""
    index = _cdxj(contents, report)
    bodies: dict[tuple[str, str], tuple[str, str] | None] = {}  # (url, ts) -> (record id, sha256 of the body)

    def resolve(url: str, ts: str, depth: int = 0) -> tuple[str, str] | None:
        if (url, ts) in bodies:
            return bodies[(url, ts)]
        entry, result = index.get((url, ts)), None
        if entry is not None and entry.get("filename") == Path(WARC).name and depth < 2:
            offset, length = int(entry["offset"]), int(entry["length"])
            raw.seek(warc_start + offset)
            data = raw.read(length) if offset + length <= warc_size else b""
            try:
                page = parse(data)
            except ValueError:
                page = None
            if page and page.url == url and _digits(page.captured_at) == ts and \
                    entry.get("recordDigest") == "sha256:" + hashlib.sha256(data).hexdigest():
                report.records += 1
                if page.refers_to is None:
                    result = (page.record_id, hashlib.sha256(page.body).hexdigest())
                else:
                    original = _refers_to(data)
                    body = resolve(original[0], original[1], depth + 1) if original else None
                    result = (page.record_id, body[1]) if body else None
        bodies[(url, ts)] = result
        return result

    for number, line in enumerate(contents[PAGES].decode("utf-8", "replace").splitlines()[1:], 2):
        report.pages += 1
        try:
            page = json.loads(line)
            url, ts = page["url"], _digits(page["ts"])
        except (ValueError, KeyError, TypeError):
            report.add(PAGES, f"line {number} is not a page entry")
            continue
        if resolve(url, ts) is None:
            report.add(PAGES, f"page {url} at {page['ts']} has no sound WARC record behind it")
    for line in contents[ARTICLES].decode("utf-8", "replace").splitlines():
        report.articles += 1
        try:
            article = json.loads(line)
            assert isinstance(article, dict)
        except (ValueError, AssertionError):
            report.add(ARTICLES, f"line {report.articles} is not an article")
            continue
        for version in article.get("versions", []):
            found = resolve(version["url"], _digits(version["captured_at"]))
            if found != (version["warc_record_id"], version["sha256"]):
                report.add(ARTICLES, f"article {article.get('id')}: the capture of {version['captured_at']} does not match its WARC record")
        current = [v for v in article.get("versions", []) if v.get("current")]
        if current and current[-1]["sha256"] != article.get("sha256"):
            report.add(ARTICLES, f"article {article.get('id')}: sha256 is not that of its current capture")


def _digits(moment: str) -> str:
    """'2024-05-04T10:11:12Z' (or +00:00) -> '20240504101112'."""
    return "".join(ch for ch in moment[:19] if ch.isdigit())


def _refers_to(data: bytes) -> tuple[str, str] | None:
    """A revisit record's (WARC-Refers-To-Target-URI, 14-digit WARC-Refers-To-Date)."""
    for record in ArchiveIterator(io.BytesIO(data)):
        uri, date = record.rec_headers.get_header("WARC-Refers-To-Target-URI"), record.rec_headers.get_header("WARC-Refers-To-Date")
        return (uri, _digits(date)) if uri and date else None
    return None
