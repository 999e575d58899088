"""Highlighted snippets: mark what a search matched in the original (accented) text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape

from markupsafe import Markup

from archive.store.search import fts_query
from archive.text import _FOLD_EXTRA as FOLD_EXTRA
from archive.text import fold

HEAD = 1500  # characters of an article searched first for a snippet
_TERM = re.compile(r'(NOT\s+)?(\([^)]*\)|"[^"]*"\*?)')
_PHRASE = re.compile(r'"([^"]+)"(\*?)')


class _Aligned(dict):
    """str.translate table: each character to the first character of its fold (a space when it folds away)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = (fold(chr(code)) or " ")[0]
        return value


_ALIGNED = _Aligned()


_MARKS = re.compile("[\u0300-\u036f]+")  # the combining marks of Vietnamese (and most Latin) text


def _fast_fold(text: str) -> str:
    """fold() at C speed: the same result, with a per-character pass only for rare combining marks."""
    for before, after in FOLD_EXTRA.items():
        text = text.replace(chr(before), after)
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text))
    if any(unicodedata.combining(ch) for ch in set(stripped) if not ch.isascii()):
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def _fold_aligned(text: str) -> str:
    """Fold *text* so that offsets in the result are offsets in *text* (per character when folding changes length)."""
    folded = _fast_fold(text)
    return folded if len(folded) == len(text) else text.translate(_ALIGNED)


@lru_cache(maxsize=64)
def patterns(query: str | None) -> re.Pattern[str] | None:
    """One regex over folded text for every phrase (and abbreviation variant) the query looks for."""
    if not query:
        return None
    alternatives = []
    for term in _TERM.finditer(fts_query(query)):
        if term.group(1):  # NOT …: nothing to mark
            continue
        for match in _PHRASE.finditer(term.group(2)):
            body = r"\W+".join(re.escape(s) for s in match.group(1).split())
            alternatives.append(r"(?<!\w)" + body + (r"\w*" if match.group(2) else r"(?!\w)"))
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)))


def spans(text: str, query: str | None) -> list[tuple[int, int]]:
    """Character spans of *text* that the query matched."""
    pattern = patterns(query)
    if pattern is None or not text:
        return []
    return [m.span() for m in pattern.finditer(_fold_aligned(text))]


def highlight(text: str | None, query: str | None) -> Markup:
    """*text* HTML-escaped with every match wrapped in <mark>."""
    text = text or ""
    out, last = [], 0
    for start, end in spans(text, query):
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return Markup("".join(out))


def snippet(text: str | None, query: str | None, width: int = 320) -> Markup:
    """About *width* characters of *text* around its first match (its start when nothing matched), highlighted."""
    raw = text or ""
    cut = raw.find(" ", HEAD)  # the first match is usually in the opening: fold the rest only when it is not
    text = " ".join(raw[:cut].split()) if cut > 0 else ""
    found = spans(text, query)
    if not found or found[0][0] + width >= len(text):
        text = " ".join(raw.split())
        found = spans(text, query)
    start = max(0, found[0][0] - width // 3) if found else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found[0][0] else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    body = highlight(text[start:end], query)
    return Markup(("… " if start else "") + body + (" …" if end < len(text) else ""))
