"""Turn fetched bytes into text: HTTP header charset, then <meta charset>, then detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode, http_content_type_encoding

from archive.text import nfc

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b")


class NotHTML(ValueError):
    """The body is not a decodable HTML document (empty, binary, a PDF served as text/html…)."""


def _detect(body: bytes) -> str | None:
    best = from_bytes(body[:65536]).best()
    return best.encoding if best else None


def sniff_binary(body: bytes) -> str | None:
    """Name the reason a body cannot be HTML, or None when it may be."""
    head = body[:1024].lstrip()
    if not head:
        return "empty body"
    if head.startswith(_BINARY_MAGIC):
        return "binary content (" + head[:4].decode("latin-1").strip("\x00%\x89") + ")"
    if b"\x00" in body[:4096]:
        return "binary content (NUL bytes)"
    return None


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _latin_header_on_utf8(body: bytes, content_type: str | None) -> bool:
    """True when the header names a Latin-1 family charset but the body is valid, non-ASCII UTF-8."""
    declared = http_content_type_encoding(content_type) if content_type else None
    # cp1252 is w3lib's name for ISO-8859-1, Latin-1, Windows-1252 and US-ASCII
    return declared == "cp1252" and not body.isascii() and _valid_utf8(body)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body to NFC text; return (text, encoding used). Raise NotHTML for non-HTML bodies."""
    reason = sniff_binary(body)
    if reason:
        raise NotHTML(reason)
    if _latin_header_on_utf8(body, content_type):
        content_type = None  # a server default (ISO-8859-1) over UTF-8 bytes: trust <meta> and detection instead
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_detect)
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig") and not _valid_utf8(body):
        # a server default ("charset=utf-8") over a legacy page: trust the page's <meta>, then detection
        encoding, text = html_to_unicode(None, body, auto_detect_fun=_detect)
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError:
        pass
    return nfc(text), encoding
