"""Search queries for Vietnamese text: folded like the index, syllables of a term kept together.

Vietnamese writes one word as several space-separated syllables ("dân quân", "Đảng ủy"), so an
unquoted run of syllables is one term (an FTS5 phrase), not a bag of syllables: `dang uy` must not
match every page with "đang" and "ủy ban". Terms are combined with commas (AND) or the upper-case
operators AND, OR, NOT; quoted text is a phrase too; a trailing `*` makes a prefix term.
"""

from __future__ import annotations

import re

from archive.text import fold

_PIECES = re.compile(r'"(?P<quoted>[^"]*)"?|(?P<op>\b(?:AND|OR|NOT)\b)|(?P<comma>[,;+])|(?P<plain>[^",;+]+?(?=\s*(?:"|,|;|\+|\bAND\b|\bOR\b|\bNOT\b|$)))')
_SYLLABLE = re.compile(r"\w+")


def _phrase(text: str) -> str | None:
    """An FTS5 phrase of the folded syllables of *text* (prefix when it ends in '*'); None when empty."""
    syllables = _SYLLABLE.findall(fold(text))
    if not syllables:
        return None
    return '"' + " ".join(syllables) + '"' + ("*" if text.rstrip().endswith("*") else "")


def fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 MATCH expression over the folded index.

    Example: 'Đảng ủy, Móng Cái OR "tự vệ"' -> '"dang uy" AND "mong cai" OR "tu ve"'.
    """
    parts: list[str] = []
    pending: str | None = None
    for match in _PIECES.finditer(query):
        if match["op"]:
            pending = match["op"]
            continue
        if match["comma"]:
            pending = pending or "AND"
            continue
        phrase = _phrase(match["quoted"] if match["quoted"] is not None else match["plain"] or "")
        if phrase is None:
            continue
        if parts:
            parts.append(pending or "AND")
        elif pending == "NOT":  # FTS5 NOT is binary: a leading NOT has nothing to subtract from
            pending = None
        parts.append(phrase)
        pending = None
    return " ".join(parts) if parts else '""'
