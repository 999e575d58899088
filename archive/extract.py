"""Article extraction as pure functions: (html bytes, url) -> Article, trafilatura plus portal rules."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from archive import vn
from archive.decode import NotHTML, decode_html
from archive.text import clean_line, clean_text, fold

MIN_TEXT_CHARS = 250

# Containers that are never article text, whatever CMS: removed before trafilatura sees the page.
JUNK_XPATH = [
    "//*[@id='respond' or @id='comments' or @id='comment' or @id='feedback']",
    "//*[contains(@class,'comment-respond') or contains(@class,'comments-area') or contains(@class,'comment-list')]",
    "//*[contains(@class,'breadcrumb') or contains(@id,'breadcrumb')]",
    "//*[contains(@class,'share') or contains(@class,'social') or contains(@class,'print') or contains(@class,'font-size')]",
    "//*[contains(@class,'related') or contains(@class,'other-news') or contains(@class,'tin-khac') or contains(@class,'tinkhac')]",
    "//*[contains(@class,'most-view') or contains(@class,'xem-nhieu') or contains(@class,'view-count') or contains(@class,'luot-xem')]",
    "//*[contains(@class,'feedback') or contains(@class,'phan-hoi') or contains(@class,'y-kien') or contains(@class,'binh-luan')]",
    "//textarea/ancestor::*[self::div or self::section or self::fieldset or self::table][1]",
]
_META = {
    "title": etree.XPath("//meta[@property='og:title' or @name='twitter:title']/@content"),
    "published": etree.XPath(
        "//meta[@property='article:published_time' or @name='article:published_time' or @itemprop='datePublished'"
        " or @name='pubdate' or @name='publishdate' or @name='dc.date.issued' or @name='DC.date.issued']/@content"
    ),
    "author": etree.XPath("//meta[@name='author' or @property='article:author']/@content"),
    "canonical": etree.XPath("//link[@rel='canonical']/@href"),
    "description": etree.XPath("//meta[@name='description' or @property='og:description']/@content"),
}
_TIME = etree.XPath("//article//time/@datetime|//time[contains(@class,'publish') or contains(@class,'entry-date')]/@datetime")
_JSONLD = etree.XPath("//script[@type='application/ld+json']/text()")
_HEADINGS = etree.XPath("//h1|//h2|//h3")
_PAGE_TITLE = etree.XPath("//title/text()")
_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::select or ancestor::option)]"
)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:»]\s+")
_BANNER_WORDS = ("cong thong tin", "trang thong tin dien tu", "website", "trang chu", "uy ban nhan dan")


class NoArticle(ValueError):
    """The page holds no article (listing, login, empty, binary); the message says why."""


@dataclass
class Article:
    """An extracted article with its metadata; defense and topics are filled by classification."""

    url: str
    title: str | None
    published: str | None
    author: str | None
    text: str
    source_credit: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    language: str | None = None
    encoding: str | None = None
    defense: bool = False
    topics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return asdict(self)


def _first(values: list[Any]) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _jsonld_date(tree: HtmlElement) -> str | None:
    for raw in _JSONLD(tree):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
            if isinstance(node, dict) and isinstance(node.get("datePublished"), str):
                return node["datePublished"]
    return None


def _is_banner(title: str, site_titles: set[str]) -> bool:
    """The portal's name rather than a story's: a known site title, or a short name with banner words."""
    folded = fold(title)
    if folded in site_titles or vn.is_tail_marker(title):
        return True
    return len(folded.split()) <= 10 and any(w in folded for w in _BANNER_WORDS)


def _heading_text(el: HtmlElement) -> str:
    return clean_line(el.text_content()) or ""


def choose_title(tree: HtmlElement, traf_title: str | None) -> str | None:
    """The article's own title: og:title or a heading that the <title> confirms, never the portal banner."""
    page_title = clean_line(_first(_PAGE_TITLE(tree))) or ""
    parts = [p for p in _TITLE_SPLIT.split(page_title) if p]
    site_titles = {fold(p) for p in parts[1:]} | ({fold(parts[0])} if len(parts) > 1 and len(parts[0]) < len(parts[-1]) else set())
    og = clean_line(_first(_META["title"](tree)))
    all_headings = [_heading_text(el) for el in _HEADINGS(tree)]
    if any(fold(h) == fold(page_title) for h in [*all_headings, og or ""]):
        site_titles = set()  # the <title> is the story's own title, no portal suffix to strip
    headings = [h for h in all_headings if len(h) >= 12 and not _is_banner(h, site_titles)]
    candidates = []
    if og:
        og_parts = _TITLE_SPLIT.split(og)
        suffix_is_site = len(og_parts) > 1 and fold(og_parts[-1]) in site_titles
        candidates.append(og_parts[0] if suffix_is_site and len(og_parts[0]) >= 12 else og)
    folded_title = fold(page_title)
    candidates += [h for h in headings if fold(h) in folded_title]
    candidates += headings[:1]
    candidates += [clean_line(traf_title) or "", parts[0] if parts else ""]
    for candidate in candidates:
        if candidate and len(candidate) >= 8 and not _is_banner(candidate, site_titles):
            return candidate
    return None


def _page_text(tree: HtmlElement) -> str:
    return clean_text("\n".join(_VISIBLE_TEXT(tree)))


def choose_date(tree: HtmlElement, page_text: str, title: str | None) -> str | None:
    """Publication date: machine-readable metadata, then a labelled or bare date near the title."""
    machine = _first(_META["published"](tree)) or _jsonld_date(tree) or _first(_TIME(tree))
    if iso := vn.normalise_iso(machine):
        return iso
    start = page_text.find(title) if title else -1
    if start >= 0:
        after = page_text[start + len(title or "") :]
        if found := vn.find_date(after[:600]) or vn.find_date(after, labelled_only=True):
            return found
    return vn.find_date(page_text, labelled_only=True) or vn.find_date(page_text)


def clean_body(text: str, title: str | None) -> tuple[str, str | None, str | None]:
    """Drop portal furniture from extracted text; return (text, author, source credit)."""
    lines = clean_text(text).split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if vn.is_tail_marker(line) and index >= 2:
            break
        if vn.is_junk_line(line) or (title and index < 3 and fold(line) == fold(title)):
            continue
        if index < 3 and not kept and vn.find_date(line, labelled_only=True) and len(line) < 60:
            continue
        kept.append(line.replace("]]>", "").strip())
    kept = [line for line in kept if line]
    author = credit = None
    while kept:
        found = vn.byline(kept[-1])
        if found:
            kind, value = found
            if kind == "author" and author is None:
                author = value
            elif kind == "credit" and credit is None:
                credit = value
            kept.pop()
            continue
        if author is None and vn.is_name_line(kept[-1]) and len(kept) > 2:
            author = kept.pop()
            continue
        break
    for index in range(min(3, len(kept))):
        found = vn.byline(kept[index])
        if found and found[0] == "author" and author is None:
            author = found[1]
            del kept[index]
            break
    return "\n".join(kept), author, credit


def extract(body: bytes | str, url: str, content_type: str | None = None) -> Article:
    """Extract the article of one page; raise NoArticle when there is none."""
    if isinstance(body, bytes):
        try:
            html, encoding = decode_html(body, content_type)
        except NotHTML as exc:
            raise NoArticle(str(exc)) from None
    else:
        html, encoding = body, None
    tree = load_html(html)
    if tree is None:
        raise NoArticle("unparseable HTML")
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        prune_xpath=JUNK_XPATH,
        date_extraction_params={"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"},
    )
    if doc is None or not doc.text:
        raise NoArticle("no main text found")
    title = choose_title(tree, doc.title)
    text, author, credit = clean_body(doc.text, title)
    if len(text) < MIN_TEXT_CHARS:
        raise NoArticle(f"too little text ({len(text)} characters)")
    meta_author = clean_line(_first(_META["author"](tree)))
    if author is None and meta_author and " " in meta_author and not _is_banner(meta_author, set()):
        author = meta_author
    canonical = _first(_META["canonical"](tree))
    return Article(
        url=url,
        title=title,
        published=choose_date(tree, _page_text(tree), title) or vn.normalise_iso(doc.date),
        author=clean_line(author),
        text=text,
        source_credit=clean_line(credit),
        canonical_url=urljoin(url, canonical) if canonical else None,
        description=clean_line(_first(_META["description"](tree))),
        language=doc.language,
        encoding=encoding,
    )
