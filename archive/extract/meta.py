"""Article metadata from a parsed page: title, publication date, byline; pure functions over lxml trees."""

from __future__ import annotations

import json
import itertools
import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from archive.extract import vn
from archive.extract.cms import Family
from archive.text import clean_line, fold

META = {
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
_BANNER_WORDS = ("cong thong tin", "trang thong tin dien tu", "website", "trang chu", "uy ban nhan dan", "ubnd")
_ACCOUNTS = re.compile(r"^(?:admin|administrator|quantri|quan tri|qtv|editor|webmaster|root|user\d*|bbt)$", re.I)


def first(values: list[Any]) -> str | None:
    """The first non-blank string of *values*, stripped."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _text(found: list[Any]) -> str | None:
    """Text of the first selector result (an attribute string or an element)."""
    for item in found:
        value = item if isinstance(item, str) else item.text_content() if isinstance(item, HtmlElement) else None
        if value and value.strip():
            return clean_line(value)
    return None


def jsonld_date(tree: HtmlElement) -> str | None:
    """datePublished of the page's JSON-LD, if any."""
    for raw in _JSONLD(tree):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        nodes = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for node in nodes:
            if isinstance(node, dict) and isinstance(node.get("datePublished"), str):
                return node["datePublished"]
    return None


def is_banner(title: str, site_titles: set[str]) -> bool:
    """The portal's name rather than a story's: a known site title, or a short name with banner words."""
    folded = fold(title)
    if folded in site_titles or vn.is_tail_marker(title):
        return True
    return len(folded.split()) <= 10 and any(w in folded for w in _BANNER_WORDS)


def choose_title(tree: HtmlElement, family: Family) -> str | None:
    """The article's own title: the family's title element, og:title or a heading the <title> confirms; never the banner."""
    page_title = clean_line(first(_PAGE_TITLE(tree))) or ""
    parts = [p for p in _TITLE_SPLIT.split(page_title) if p]
    site_titles = {fold(p) for p in parts[1:]} | ({fold(parts[0])} if len(parts) > 1 and len(parts[0]) < len(parts[-1]) else set())
    og = clean_line(first(META["title"](tree)))
    all_headings = [clean_line(el.text_content()) or "" for el in _HEADINGS(tree)]
    if any(fold(h) == fold(page_title) for h in all_headings):
        site_titles = set()  # the <title> is the story's own title, no portal suffix to strip
    elif parts and fold(parts[0]) in {fold(h) for h in all_headings}:
        site_titles.discard(fold(parts[0]))  # "Title - Site" with a short title: the heading confirms it
    candidates = [_text(family.select("title", tree)) or ""]
    if og:
        og_parts = _TITLE_SPLIT.split(og)
        suffix_is_site = len(og_parts) > 1 and (fold(og_parts[-1]) in site_titles or is_banner(og_parts[-1], set()))
        candidates.append(og_parts[0] if suffix_is_site and len(og_parts[0]) >= 12 else og)
    headings = [h for h in all_headings if len(h) >= 12 and not is_banner(h, site_titles)]
    folded_title = fold(page_title)
    candidates += [h for h in headings if fold(h) in folded_title]
    candidates += headings[:1]
    candidates += [parts[0] if parts else ""]
    for candidate in candidates:
        if candidate and len(candidate) >= 8 and not is_banner(candidate, site_titles):
            return candidate
    return None


def page_text(tree: HtmlElement) -> str:
    """All visible text of the page, one text node per line."""
    return "\n".join(t.strip() for t in _VISIBLE_TEXT(tree) if t.strip())


def title_hints(tree: HtmlElement) -> list[str]:
    """The page's own statements of its title: og:title and <title>, each also without a " | Site" suffix."""
    hints = []
    for value in (first(META["title"](tree)), first(_PAGE_TITLE(tree))):
        value = clean_line(value) or ""
        parts = [p for p in _TITLE_SPLIT.split(value) if p]
        hints += [value, *(parts[:1] if len(parts) > 1 else [])]
    return [h for h in hints if h]


def is_portal_name(text: str) -> bool:
    """The portal's own name ("Trang thông tin điện tử huyện …", "Cổng thông tin …") rather than a story's."""
    return is_banner(text, set())


_OG_TYPE = etree.XPath("//meta[@property='og:type']/@content")


def og_type(tree: HtmlElement) -> str | None:
    """The page's og:type ("article", "website"), lower case."""
    value = first(_OG_TYPE(tree))
    return value.lower() if value else None


def machine_date(tree: HtmlElement) -> str | None:
    """A machine-readable publication date: meta tags, JSON-LD, <time datetime> in the article."""
    return vn.normalise_iso(first(META["published"](tree)) or jsonld_date(tree) or first(_TIME(tree)))


def family_date(tree: HtmlElement, family: Family) -> str | None:
    """The date in the family's date element, if it holds one."""
    for found in family.select("date", tree):
        value = found if isinstance(found, str) else clean_line(found.text_content()) if isinstance(found, HtmlElement) else None
        if value and (iso := vn.normalise_iso(value) if re.match(r"\d{4}-\d{2}-\d{2}", value) else vn.find_date(value)):
            return iso
    return None


DATE_LINE_MAX = 120  # characters of a metadata line holding a date; a longer line is a sentence of the story


def choose_date(tree: HtmlElement, family: Family, title: str | None) -> str | None:
    """Publication date: machine-readable metadata, the family's date element, then a date after the title, then a
    labelled one ("Ngày đăng: …") anywhere outside the footer; None when the page states none."""
    if iso := machine_date(tree) or family_date(tree, family):
        return iso
    lines = [line for line in page_text(tree).split("\n") if line.strip() and not vn.is_footer_line(line)]  # never the licence
    short = "\n".join(line for line in lines if len(line.strip()) <= DATE_LINE_MAX)  # never a date inside a sentence
    at = next((i for i, line in enumerate(lines) if title and title in line), None)
    if at is not None:
        head = list(itertools.takewhile(lambda line: len(line.strip()) <= DATE_LINE_MAX, lines[at + 1 :]))
        after = lines[at].split(title or "", 1)[1] + "\n" + "\n".join(head)  # up to the body's first sentence
        if found_date := vn.find_date(after[:160], earliest=True) or vn.find_date(after[:600]):
            return found_date
    return vn.find_date(short, labelled_only=True, posted=True)  # a bare date somewhere on the page is not the article's


def family_byline(tree: HtmlElement, family: Family) -> tuple[str | None, str | None]:
    """(author, affiliation) from the family's byline element, labels and offices split off."""
    value = _text(family.select("byline", tree))
    if not value:
        return None, None
    found = vn.byline(value)
    if found and found[0] == "credit":
        return None, found[1]
    names, affiliation = vn.split_byline(found[1] if found else value)
    return (names, affiliation) if names and vn.is_name_line(names) else (None, None)


_SITE_NAME = etree.XPath("//meta[@property='og:site_name' or @name='application-name' or @name='copyright']/@content")
_AUTHOR_LINKS = etree.XPath("//a[@rel='author' or contains(@href,'/tac-gia/') or contains(@href,'/tacgia/')"
                            " or contains(@href,'/author/')]")


def _site_names(tree: HtmlElement) -> set[str]:
    """Folded names the site gives itself: og:site_name, application name, copyright, the <title>'s " | Site" suffix."""
    names = {fold(v) for v in _SITE_NAME(tree) if v.strip()}
    parts = [p for p in _TITLE_SPLIT.split(clean_line(first(_PAGE_TITLE(tree))) or "") if p]
    names |= {fold(p) for p in parts[1:]}
    return names


def _is_site_name(value: str, names: set[str]) -> bool:
    folded = fold(value)
    squashed = folded.replace(" ", "")
    return any(folded == n or (len(folded) >= 4 and (folded in n or squashed in n.replace(" ", ""))) for n in names)


def meta_author(tree: HtmlElement) -> str | None:
    """<meta name=author> when it names a person, not a CMS account, the portal or the site ("Dân Trí", "TUOI TRE ONLINE")."""
    value = clean_line(first(META["author"](tree)))
    if not value or _ACCOUNTS.match(value) or " " not in value or is_banner(value, set()) or value.startswith("http"):
        return None
    return None if _is_site_name(value, _site_names(tree)) else value


def linked_authors(tree: HtmlElement) -> str | None:
    """The printed byline as links to author pages (/tac-gia/…, rel=author): distinct names joined by " - "."""
    names: list[str] = []
    for a in _AUTHOR_LINKS(tree):
        name = clean_line(a.text_content())
        if name and 2 <= len(name) <= 60 and vn.is_name_line(name.title()) and name not in names:
            names.append(name)
    return " - ".join(names[:4]) if names else None


_LEAD = etree.XPath("(.//text()[normalize-space()])[1]/ancestor::*[self::b or self::strong or self::font or self::h1 or self::h2"
                    " or self::h3 or contains(@class,'title')][1]")


def lead_title(root: HtmlElement) -> str | None:
    """A headline opening an unknown layout's text block: its first text, when set bold, large or as a heading."""
    for el in _LEAD(root):
        text = clean_line(el.text_content())
        if text and 8 <= len(text) <= 250 and not text.endswith(".") and not is_banner(text, set()):
            return text
    return None


_LABELLED_AUTHOR = re.compile(r"(?:tác giả|người viết|bài và ảnh|bài,? ảnh|tin,? ảnh)\s*:\s*([^|\n]{2,80})", re.IGNORECASE)


def byline_near(root: HtmlElement | None, text: str) -> tuple[str | None, str | None]:
    """(author, office) the page states outside the body: a name right after the content root, else a
    labelled byline ("Tác giả: …") in the page text around it."""
    if root is not None:
        for sibling in list(root.itersiblings())[:2]:
            line = clean_line(sibling.text_content()) or ""
            found = vn.byline(line)
            names, office = vn.split_byline(found[1] if found and found[0] == "author" else line)
            if 0 < len(line) <= 80 and names and vn.is_person(names):
                return names, office
            if line:
                break
    if m := _LABELLED_AUTHOR.search(text):
        names, office = vn.split_byline(m.group(1))
        if names and vn.is_name_line(names):
            return names, office
    return None, None
