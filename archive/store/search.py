"""Search queries for Vietnamese text: folded like the index, syllables of a term kept together.

Vietnamese writes one word as several space-separated syllables ("dân quân", "Đảng ủy"), so an
unquoted run of syllables is one term (an FTS5 phrase), not a bag of syllables: `dang uy` must not
match every page with "đang" and "ủy ban". Terms are combined with commas (AND) or the upper-case
operators AND, OR, NOT; `-term` (a minus before a term, as in web search engines) is NOT; quoted text is a
phrase too; a trailing `*` makes a prefix term. A query with nothing to find (only operators or `-terms`) is `""`.
Abbreviations of the field (config/abbreviations.yaml) are expanded both ways inside each term:
`DQTV` also finds "dân quân tự vệ", and "Ban chỉ huy quân sự" also finds "Ban CHQS".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from archive.config import PROJECT_ROOT
from archive.text import fold

ABBREVIATIONS = PROJECT_ROOT / "config" / "abbreviations.yaml"
MAX_VARIANTS = 16

_PIECES = re.compile(r'(?P<minus>(?<![^\s,;+])-(?=[^\s,;+-]))|"(?P<quoted>[^"]*)"?|(?P<op>\b(?:AND|OR|NOT)\b)|(?P<comma>[,;+])'
                     r'|(?P<plain>[^",;+\s][^",;+]*?(?=\s*(?:"|,|;|\+|\bAND\b|\bOR\b|\bNOT\b|$)|\s+-(?=[^\s,;+-])))')
_SYLLABLE = re.compile(r"\w+")


@dataclass(frozen=True)
class Abbreviations:
    """Folded abbreviations and their folded expansions, as syllable tuples."""

    expand: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    contract: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path = ABBREVIATIONS) -> Abbreviations:
        """Read the YAML list (`ABBR: [expansion, …]` or `ABBR: {expansions: […], one_way: true}`)."""
        with open(path, encoding="utf-8") as fh:
            entries = (yaml.safe_load(fh) or {}).get("abbreviations") or {}
        expand: dict[str, tuple[tuple[str, ...], ...]] = {}
        contract: dict[tuple[str, ...], str] = {}
        for abbr, spec in entries.items():
            one_way = isinstance(spec, dict) and bool(spec.get("one_way"))
            longs = spec.get("expansions", []) if isinstance(spec, dict) else spec
            key = "".join(_SYLLABLE.findall(fold(str(abbr))))
            forms = tuple(tuple(_SYLLABLE.findall(fold(text))) for text in longs if _SYLLABLE.search(fold(text)))
            expand[key] = expand.get(key, ()) + forms
            if not one_way:
                contract.update({form: key for form in forms})
        return cls(expand, contract)

    def variants(self, syllables: list[str]) -> list[tuple[str, ...]]:
        """*syllables* and its spellings with abbreviations expanded or contracted (at most MAX_VARIANTS)."""
        options: list[list[tuple[tuple[str, ...], int]]] = []  # per position: (replacement, syllables consumed)
        for i, syllable in enumerate(syllables):
            here = [((syllable,), 1)] + [(form, 1) for form in self.expand.get(syllable, ())]
            here += [((abbr,), len(form)) for form, abbr in self.contract.items() if tuple(syllables[i : i + len(form)]) == form]
            options.append(here)
        found: list[tuple[str, ...]] = []

        def walk(i: int, done: tuple[str, ...]) -> None:
            if len(found) >= MAX_VARIANTS:
                return
            if i >= len(syllables):
                if done not in found:
                    found.append(done)
                return
            for replacement, used in options[i]:
                walk(i + used, done + replacement)

        walk(0, ())
        return found


@lru_cache(maxsize=4)
def _abbreviations(path: str) -> Abbreviations:
    return Abbreviations.load(path)


def _phrase(text: str, abbreviations: Abbreviations | None = None) -> str | None:
    """An FTS5 phrase of the folded syllables of *text* (prefix when it ends in '*'), or an OR-group of
    its abbreviation variants; None when empty."""
    syllables = _SYLLABLE.findall(fold(text))
    if not syllables:
        return None
    if text.rstrip().endswith("*"):
        return '"' + " ".join(syllables) + '"*'
    variants = abbreviations.variants(syllables) if abbreviations else [tuple(syllables)]
    phrases = ['"' + " ".join(v) + '"' for v in variants]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def fts_query(query: str, abbreviations: Abbreviations | None = None) -> str:
    """Turn what a user typed into an FTS5 MATCH expression over the folded index.

    Example: 'Đảng ủy, Móng Cái OR "tự vệ"' -> '"dang uy" AND "mong cai" OR "tu ve"';
    'DQTV' -> '("dqtv" OR "dan quan tu ve")'; 'dân quân -Kiến An' -> '"dan quan" NOT "kien an"'.
    *abbreviations* defaults to config/abbreviations.yaml.
    """
    if abbreviations is None:
        abbreviations = _abbreviations(str(ABBREVIATIONS))
    parts: list[str] = []
    negated: list[str] = []
    pending: str | None = None
    minus = False
    for match in _PIECES.finditer(query):
        if match["minus"]:
            minus = True
            continue
        if match["op"]:
            pending = match["op"]
            continue
        if match["comma"]:
            pending = pending or "AND"
            continue
        phrase = _phrase(match["quoted"] if match["quoted"] is not None else match["plain"] or "", abbreviations)
        if phrase is None or minus:
            negated += [phrase] if phrase else []
            minus = False
            continue
        if parts:
            parts.append(pending or "AND")
        elif pending == "NOT":  # FTS5 NOT is binary: a leading NOT has nothing to subtract from
            pending = None
        parts.append(phrase)
        pending = None
    if not parts:
        return '""'
    expression = " ".join(parts) if len(parts) == 1 or not negated else "(" + " ".join(parts) + ")"
    return expression + "".join(f" NOT {phrase}" for phrase in negated)
