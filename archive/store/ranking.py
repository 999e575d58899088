"""Relevance order (BM25, title weighted) of a full-text search without scoring every match.

FTS5's bm25() first runs every phrase of the query over the whole index for its document frequency, then
scores every match: seconds for a broad term at a million articles. `rank` asks `matches.tally` how many
articles match. Up to its threshold (an exact count) FTS5 ranks every match itself. Above it, the
candidates are the CANDIDATES newest articles with the terms in their title (among the TITLE_SPAN newest
ids) and the CANDIDATES newest matches; only those are scored, here, with FTS5's own BM25 formula
(k1 = 1.2, b = 0.75, the same column weights): term counts from the folded title and text, document
lengths and the average from the index, each phrase's document frequency from `matches.tally` (exact or
estimated). The result says which of the two it did, so that pages can say it.
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from archive.store import matches
from archive.text import fold

LIMIT = 100
CANDIDATES = 250
TITLE_SPAN = 20_000
WEIGHTS = (5.0, 1.0)  # title, text: as the `search` canned query's bm25(articles_fts, 5.0, 1.0)
K1, B = 1.2, 0.75

_PHRASE = re.compile(r'"([^"]*)"(\*?)')
EXACT = ("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match"
          " ORDER BY bm25(articles_fts, {}, {}) LIMIT :limit".format(*WEIGHTS))
_NEWEST = ("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match AND rowid > :lo"
           " ORDER BY rowid DESC LIMIT :limit")


@dataclass(frozen=True)
class Ranking:
    """Article ids best first; *exact* when every match was ranked, else how many candidates were scored
    among about *matches* matches (*counted*: that number is exact)."""

    ids: list[int]
    exact: bool
    matches: int
    counted: bool
    candidates: int


def rank(conn: sqlite3.Connection, blocks: matches.Blocks, match: str, limit: int = LIMIT,
         threshold: int = matches.THRESHOLD) -> Ranking:
    """The *limit* best matches of the FTS5 expression *match* by BM25: exact when the tally counted at most
    *threshold* matches, over the newest title matches and newest matches above it."""
    found = matches.tally(conn, blocks, match, "1 = 1", {}, facets=False)
    if found.exact and found.count <= threshold:
        ids = [r[0] for r in conn.execute(EXACT, {"match": match, "limit": limit})]
        return Ranking(ids, True, found.count, True, found.count)
    title = conn.execute(_NEWEST, {"match": "{title} : (" + match + ")", "lo": blocks.max_id - TITLE_SPAN,
                                   "limit": CANDIDATES}).fetchall()
    newest = conn.execute(_NEWEST, {"match": match, "lo": -1, "limit": CANDIDATES}).fetchall()
    candidates = sorted({r[0] for r in title + newest})
    phrases = [(tuple(words.split()), bool(star)) for words, star in _PHRASE.findall(match)]
    phrases = [p for p in dict.fromkeys(phrases) if p[0]]
    frequency = {p: (_pattern(p), found.count if len(phrases) == 1 else _documents(conn, blocks, p)) for p in phrases}
    rows, tokens = _averages(conn)
    average = tokens / max(rows, 1)
    scored = []
    listed = ",".join(map(str, candidates))
    sizes = {rowid: sum(_varints(sz)) for rowid, sz in conn.execute(f"SELECT id, sz FROM articles_fts_docsize WHERE id IN ({listed})")}
    for rowid, title_text, body in conn.execute(f"SELECT id, title, text FROM articles WHERE id IN ({listed})"):
        columns = [(value or "").lower() for value in (title_text, body)]
        length = sizes.get(rowid, 0)
        score = 0.0
        for (pattern, n) in frequency.values():
            hits = sum(weight * _instances(pattern, column) for weight, column in zip(WEIGHTS, columns))
            idf = math.log((rows - n + 0.5) / (n + 0.5))
            score += max(idf, 1e-6) * hits * (K1 + 1) / (hits + K1 * (1 - B + B * length / average))
        scored.append((-score, rowid))
    scored.sort()
    return Ranking([rowid for _, rowid in scored[:limit]], False, found.count, found.exact, len(candidates))


def _documents(conn: sqlite3.Connection, blocks: matches.Blocks, phrase: tuple[tuple[str, ...], bool]) -> int:
    """Articles holding one phrase (exact up to the tally's threshold, estimated above)."""
    words, prefix = phrase
    return matches.tally(conn, blocks, '"' + " ".join(words) + '"' + ("*" if prefix else ""), "1 = 1", {}, facets=False).count


def _pattern(phrase: tuple[tuple[str, ...], bool]) -> re.Pattern[str]:
    """A regex finding a (folded words, prefix) phrase in lower-cased text with its accents, as FTS5 counts
    the phrase's instances (words separated by anything that is not a letter or digit)."""
    words, prefix = phrase
    classes = _classes()
    body = r"[\W_]+".join("".join(classes.get(ch, re.escape(ch)) for ch in word) for word in words)
    return re.compile(body + (r"[^\W_]*" if prefix else r"(?![^\W_])"))


def _instances(pattern: re.Pattern[str], text: str) -> int:
    """Matches of *pattern* in *text* that start a word (a look-behind in the pattern would make it slow)."""
    return sum(1 for m in pattern.finditer(text) if not m.start() or not text[m.start() - 1].isalnum())


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    """For each folded letter, a regex class of the lower-case letters that fold to it ('d': '[dđ]')."""
    found: dict[str, set[str]] = {}
    for cp in (*range(0x30, 0x250), *range(0x1E00, 0x1F00)):
        lower = chr(cp).lower()
        folded = fold(lower)
        if len(lower) == 1 and len(folded) == 1 and folded != lower:
            found.setdefault(folded, {folded}).add(lower)
    return {ch: "[" + "".join(sorted(chars)) + "]" for ch, chars in found.items()}


def _averages(conn: sqlite3.Connection) -> tuple[int, int]:
    """Rows and tokens (every column) in the FTS5 index, from its averages record."""
    values = _varints(conn.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone()[0])
    return values[0], sum(values[1:])


def _varints(blob: bytes) -> list[int]:
    """Every SQLite variable-length integer in *blob*."""
    values, i = [], 0
    while i < len(blob):
        value, i = _varint(blob, i)
        values.append(value)
    return values


def _varint(blob: bytes, i: int) -> tuple[int, int]:
    """SQLite's variable-length integer at *i*, and the offset after it."""
    value = 0
    for k in range(8):
        value = (value << 7) | (blob[i + k] & 0x7F)
        if not blob[i + k] & 0x80:
            return value, i + k + 1
    return (value << 8) | blob[i + 8], i + 9
