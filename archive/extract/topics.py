"""Defense-topic taxonomy: which topics an article touches and whether it is a defense story."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from archive.text import nfc

_WORD = r"[\w\u0300-\u036f]"
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


@dataclass(frozen=True)
class Classification:
    """Result of classifying one article."""

    defense: bool
    topics: list[str]
    score: int


def _matcher(terms: list[str], abbr: list[str], not_followed_by: list[str] | None = None) -> re.Pattern[str]:
    """One regex: terms case-insensitive, abbreviations case-sensitive, both on whole words; a match directly
    followed by one of *not_followed_by* (case-insensitive, "cán bộ, chiến sĩ công an") does not count."""
    alts = [f"(?i:{_phrase(t)})" for t in sorted(terms, key=len, reverse=True)]
    alts += [_phrase(a) for a in sorted(abbr, key=len, reverse=True)]
    if not alts:
        raise ValueError("a topic needs at least one term or abbreviation")
    unless = "|".join(_phrase(t) for t in not_followed_by or ())
    guard = rf"(?![\s,]+(?i:{unless})(?!{_WORD}))" if unless else ""
    return re.compile(rf"(?<!{_WORD})(?:{'|'.join(alts)})(?!{_WORD}){guard}")


class Taxonomy:
    """The topics of config/topics.yaml and the rule that turns hits into a defense flag."""

    def __init__(self, topics: list[Topic], min_score: int = 3, title_weight: int = 3) -> None:
        self.topics = topics
        self.min_score = min_score
        self.title_weight = title_weight

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Taxonomy":
        """Build a taxonomy from parsed YAML."""
        topics = [
            Topic(t["id"], t["name"], t.get("name_en", t["name"]), _matcher(t.get("terms", []), t.get("abbr", []),
                                                                   t.get("not_followed_by")))
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
        score = 0
        found: list[str] = []
        for topic in self.topics:
            hits = len(topic.pattern.findall(text)) + self.title_weight * len(topic.pattern.findall(title))
            if hits:
                found.append(topic.id)
                score += hits
        return Classification(score >= self.min_score, found, score)
