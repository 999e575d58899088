"""Defense-topic taxonomy: which topics an article touches and whether it is a defense story."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from archive.text import nfc

_WORD = r"[\w\u0300-\u036f]"
_WORDS = re.compile(f"{_WORD}+")
_SPLIT = re.compile(f"({_WORD}+)")
# Characters that match other letters case-insensitively although lower() does not make them equal (ſ ~ s, ı ~ i,
# Greek and Cyrillic variants; CPython's re._casefix) or that lower() turns into two (İ, Σ at a word's end):
# in a text holding one, every place is tried.
_CASE_EXTRA = frozenset("µıſͅΐΰβεθικμπρςσφϐϑϕϖϰϱϵвдостъѣᲀᲁᲂᲃᲄᲅᲆᲇᲈṡẛιΐΰꙋﬅﬆİΣ")
_ETH = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})  # Icelandic eth typed for Đ/đ in some CMS editors


def _norm(text: str) -> str:
    return nfc(text).translate(_ETH)


def _phrase(term: str) -> str:
    """Escape a term so that each space in it matches any run of whitespace."""
    return r"\s+".join(re.escape(word) for word in _norm(term).split())


@dataclass(frozen=True)
class Topic:
    """One topic: an id, bilingual names and one compiled matcher over its terms and abbreviations."""

    id: str
    name: str
    name_en: str
    pattern: re.Pattern[str]
    starts: frozenset[str] | None = None  # lower-cased first words of its terms and abbreviations (None: any place)

    def count(self, text: str, words: dict[str, list[int]] | None) -> int:
        """Matches in *text* (as `findall` counts them), tried only where one of its first words begins when
        *words* (lower-cased word -> offsets in *text*) is given."""
        if words is None or self.starts is None:
            return len(self.pattern.findall(text))
        found, end = 0, 0
        for at in sorted(at for word in self.starts.intersection(words) for at in words[word]):
            if at >= end and (match := self.pattern.match(text, at)):
                found, end = found + 1, match.end()
        return found


@dataclass(frozen=True)
class Classification:
    """Result of classifying one article."""

    defense: bool
    topics: list[str]
    score: int


def _matcher(terms: list[str], abbr: list[str], not_followed_by: list[str] | None = None) -> re.Pattern[str]:
    """One regex: terms case-insensitive, abbreviations case-sensitive, both on whole words; a match directly
    followed by one of *not_followed_by* (case-insensitive, "cán bộ, chiến sĩ công an") does not count."""
    alts = [f"(?i:{_tree(terms, _lower)})" if terms else "", _tree(abbr, str)]
    if not any(alts):
        raise ValueError("a topic needs at least one term or abbreviation")
    unless = "|".join(_phrase(t) for t in not_followed_by or ())
    guard = rf"(?![\s,]+(?i:{unless})(?!{_WORD}))" if unless else ""
    return re.compile(rf"(?<!{_WORD})(?:{'|'.join(filter(None, alts))})(?!{_WORD}){guard}")


def _starts(phrases: list[str]) -> frozenset[str] | None:
    """The lower-cased words a match of one of *phrases* begins with; None when one begins with no letter or digit."""
    starts = set()
    for phrase in phrases:
        if not (first := _WORDS.match(_norm(phrase).strip())):
            return None
        starts.add(first.group().lower())
    return frozenset(starts)


def _word_starts(text: str, wanted: frozenset[str]) -> dict[str, list[int]] | None:
    """Where each of the *wanted* lower-cased words begins in *text* (a match can begin only there, at one of its
    first words); None when a character of *text* would make that unsafe (_CASE_EXTRA)."""
    if not _CASE_EXTRA.isdisjoint(text):
        return None
    parts = _SPLIT.split(text.lower())  # text between words, word, text between words, word, ...
    offsets = list(accumulate(map(len, parts)))  # offsets[i - 1]: where parts[i] begins
    words = parts[1::2]
    present = wanted.intersection(words)
    starts: dict[str, list[int]] = {}
    for number, word in enumerate(words):
        if word in present:
            starts.setdefault(word, []).append(offsets[2 * number])
    return starts


def _lower(char: str) -> str:
    """A character as a case-insensitive prefix tree keys it (unchanged when lower-casing would change its length)."""
    low = char.lower()
    return low if len(low) == 1 else char


def _tree(phrases: list[str], key: Callable[[str], str]) -> str:
    """The alternation of *phrases* (spaces: any whitespace), longest first, as a prefix tree: the same matches, but
    the regex engine follows one branch a character instead of trying every phrase at every position of the text."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in "\0".join(_norm(phrase).split()):  # NUL stands for the whitespace between words
            node = node.setdefault(key(char), {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, Any]) -> str:
    """Regex of one prefix-tree node: each continuation, then (greedy, so longer phrases first) the end of a phrase."""
    options = [(r"\s+" if char == "\0" else re.escape(char)) + _branches(rest) for char, rest in node.items() if char]
    if not options:
        return ""
    if len(options) == 1 and "" not in node:
        return options[0]
    return f"(?:{'|'.join(options)})" + ("?" if "" in node else "")


class Taxonomy:
    """The topics of config/topics.yaml and the rule that turns hits into a defense flag."""

    def __init__(self, topics: list[Topic], min_score: int = 3, title_weight: int = 3) -> None:
        self.topics = topics
        self.starts = frozenset().union(*(t.starts or () for t in topics))
        self.min_score = min_score
        self.title_weight = title_weight

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Taxonomy":
        """Build a taxonomy from parsed YAML."""
        topics = [
            Topic(t["id"], t["name"], t.get("name_en", t["name"]), _matcher(t.get("terms", []), t.get("abbr", []),
                                                                   t.get("not_followed_by")),
                  _starts([*t.get("terms", []), *t.get("abbr", [])]))
            for t in data["topics"]
        ]
        return cls(topics, int(data.get("min_score", 3)), int(data.get("title_weight", 3)))

    @classmethod
    def load(cls, path: str | Path) -> "Taxonomy":
        """Read a topics YAML file."""
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
            raise yaml.YAMLError(f"{path}: not a topics file (a mapping with a `topics:` list)")
        return cls.from_dict(data)

    def classify(self, title: str | None, text: str) -> Classification:
        """Score *title* and *text*; topics with a hit are listed in taxonomy order."""
        title, text = _norm(title or ""), _norm(text)
        title_words, text_words = _word_starts(title, self.starts), _word_starts(text, self.starts)
        score = 0
        found: list[str] = []
        for topic in self.topics:
            hits = topic.count(text, text_words) + self.title_weight * topic.count(title, title_words)
            if hits:
                found.append(topic.id)
                score += hits
        return Classification(score >= self.min_score, found, score)
