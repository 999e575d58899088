"""A CMS family: how to recognise its pages and where its article, title, date, byline and junk live."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from lxml import etree
from lxml.html import HtmlElement

SELECTOR_KINDS = ("content", "title", "date", "byline", "junk", "listing")
_GENERATOR = etree.XPath("/html/head/meta[@name='generator' or @name='GENERATOR' or @name='Generator']/@content")


def has_class(name: str) -> str:
    """XPath predicate: the element's class attribute holds *name* as a whole token."""
    return f"contains(concat(' ',@class,' '),' {name} ')"


def compile_xpaths(paths: Sequence[str]) -> tuple[etree.XPath, ...]:
    """Precompiled XPaths."""
    return tuple(etree.XPath(p) for p in paths)


def check_xpaths(paths: Sequence[str]) -> None:
    """Raise ValueError naming the first XPath that does not compile."""
    for path in paths:
        try:
            etree.XPath(path)
        except etree.XPathSyntaxError as exc:
            raise ValueError(f"invalid XPath {path!r}: {exc}") from None


@dataclass(frozen=True)
class Family:
    """Detector evidence and selectors of one CMS family; selectors are XPaths tried in order."""

    name: str
    generator: str | None = None  # regex over the <meta name="generator"> values
    markers: Sequence[str] = ()  # "a|b" literal alternatives; each marker found in the raw HTML adds evidence
    url: str | None = None  # regex over the page URL
    content: Sequence[str] = ()
    title: Sequence[str] = ()
    date: Sequence[str] = ()
    byline: Sequence[str] = ()
    junk: Sequence[str] = ()
    listing: Sequence[str] = ()  # teaser blocks: two or more matches mean a listing page, not an article
    compiled: dict[str, tuple[etree.XPath, ...]] = field(default_factory=dict, compare=False, repr=False)
    _markers: tuple[tuple[str, ...], ...] = field(init=False, compare=False, repr=False)
    _generator: re.Pattern[str] | None = field(init=False, compare=False, repr=False)
    _url: re.Pattern[str] | None = field(init=False, compare=False, repr=False)
    _listing_hints: tuple[tuple[str, ...], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind in SELECTOR_KINDS:
            self.compiled[kind] = compile_xpaths(getattr(self, kind))
        object.__setattr__(self, "_markers", tuple(tuple(m.split("|")) for m in self.markers))
        object.__setattr__(self, "_generator", re.compile(self.generator, re.I) if self.generator else None)
        object.__setattr__(self, "_url", re.compile(self.url, re.I) if self.url else None)
        # the class names a has_class() listing selector tests: when none is in the page, skip the XPath
        object.__setattr__(self, "_listing_hints", tuple(tuple(re.findall(r"' ([\w-]+) '", p)) for p in self.listing))

    def score(self, html: str, url: str, generator: str) -> int:
        """Evidence that *html* comes from this family: generator 4, each marker 2, URL shape 1."""
        points = 4 if self._generator and self._generator.search(generator) else 0
        points += sum(2 for marker in self._markers if any(lit in html for lit in marker))
        points += 1 if self._url and self._url.search(url) else 0
        return points

    def select(self, kind: str, tree: HtmlElement) -> list[HtmlElement]:
        """Elements (or strings) the first matching selector of *kind* finds; [] when none does."""
        for xp in self.compiled[kind]:
            found = xp(tree)
            if found:
                return list(found)
        return []

    def is_listing(self, tree: HtmlElement, signature: str) -> int:
        """Teaser blocks a listing selector finds, when it finds two or more (else 0); *signature* holds the class names."""
        for xp, hints in zip(self.compiled["listing"], self._listing_hints):
            if hints and not any(name in signature for name in hints):
                continue  # none of the class names this selector tests occurs in the page
            if len(found := xp(tree)) >= 2:
                return len(found)
        return 0

    def override(self, selectors: Mapping[str, Sequence[str]]) -> "Family":
        """A copy whose selectors of the given kinds come first (per-source YAML overrides)."""
        merged: dict[str, Any] = {kind: (*selectors.get(kind, ()), *getattr(self, kind)) for kind in SELECTOR_KINDS}
        return Family(self.name, self.generator, self.markers, self.url, **merged)


def generator_of(tree: HtmlElement) -> str:
    """The page's <meta name="generator"> values, joined."""
    return " ".join(str(v) for v in _GENERATOR(tree))
