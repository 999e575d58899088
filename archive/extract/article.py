"""Article extraction as pure functions: (html bytes, url) -> Article, CMS-family rules plus trafilatura."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Sequence
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, document_fromstring
from trafilatura.utils import load_html

from archive.extract import cms, layout, meta, vn
from archive.extract.cms.prune import (block_text, content_root, densest_block, drop_link_boxes, page_names, prune,
                                        restore_block)
from archive.extract.decode import NotHTML, decode_html
from archive.text import clean_line, clean_text, fold, nfc

MIN_TEXT_CHARS = 250
SIGNATURE_HEAD = 65536  # CMS markers are looked for in the page's head and in its class and id names
HEAD_KEY = 25  # a headline link has at least this many characters
LISTING_SHARE = 0.6
LISTING_LINKS = 10  # headline links on a page typed og:type=website whose own headline is not confirmed  # teaser lines (headline link + snippet) make at least this share of a listing's text
_PASSWORD = etree.XPath("//input[@type='password']")
_ANCHORS = etree.XPath(f".//a[string-length(normalize-space()) >= {HEAD_KEY}]")
_HOME_PATHS = frozenset(("", "/", "/index.html", "/index.htm", "/index.php", "/default.aspx", "/trang-chu", "/trang-chu.html"))
_LANG = etree.XPath("/html/@lang|/html/@xml:lang")


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
    cms: str | None = None
    defense: bool = False
    topics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return asdict(self)


def _byline_tail(kept: list[str]) -> tuple[str | None, str | None]:
    """Pop bylines, source credits, offices and a closing name from the end of *kept*; return (author, credit)."""
    author = credit = None
    while kept:
        line = kept[-1]
        found = vn.byline(line)
        if found:
            kind, value = found
            if kind == "author" and author is None:
                author, office = vn.split_byline(value)
                credit = credit or office
            elif kind == "credit" and credit is None:
                credit = value
            else:
                break
        elif author is None and credit is None and vn.is_org_line(line) and len(kept) > 3 and vn.is_person(kept[-2].strip()):
            credit = line
        elif author is None and len(kept) > 2 and len(line) <= 80 and not vn.is_signature_title(kept[-2]) \
                and vn.is_name_line(vn.split_byline(line)[0] or ""):
            author, office = vn.split_byline(line)
            credit = credit or office
        else:
            break
        kept.pop()
    return author, credit


def clean_body(text: str, title: str | None) -> tuple[str, str | None, str | None]:
    """Drop portal furniture from extracted text; return (text, author, source credit)."""
    lines = clean_text(text).split("\n")
    kept: list[str] = []
    folded_title = fold(title) if title else None
    for index, line in enumerate(lines):
        if vn.is_tail_marker(line) and index >= 2:
            break
        line = line.replace("]]>", "").strip()
        if not line or vn.is_junk_line(line) or (folded_title and index < 3 and fold(line) == folded_title):
            continue
        if len(kept) < 2 and len(line) < 80 and (vn.is_date_line(line) or vn.find_date(line, labelled_only=True) and len(line) < 60):
            continue
        kept.append(line)
    while kept and (vn.is_footer_line(kept[-1]) or len(kept) > 1 and len(kept[-1]) <= 30 and vn.is_footer_line(kept[-2])):
        kept.pop()  # the portal's footer (and a stray end of its lines), reached when the article block is never closed
    author, credit = _byline_tail(kept)
    for index in range(min(3, len(kept))):
        found = vn.byline(kept[index])
        if found and found[0] == "author" and author is None:
            author, office = vn.split_byline(found[1])
            credit = credit or office
            del kept[index]
            break
    return "\n".join(kept), author, credit


def _detached(root: HtmlElement) -> HtmlElement:
    """A new <html><body> document holding a copy of *root*, so that XPaths cannot reach the rest of the page."""
    html = document_fromstring("<html><body></body></html>")
    html[0].append(copy.deepcopy(root))
    return html


def _trafilatura(tree: HtmlElement, url: str, fast: bool = False) -> str:
    return trafilatura.extract(tree, url=url, include_comments=False, include_tables=True, deduplicate=False,
                               with_metadata=False, fast=fast) or ""


def _main_text(tree: HtmlElement, root: HtmlElement | None, url: str, vietnamese: bool) -> str:
    """The pruned content root's block text (Vietnamese pages keep every caption and line of the body);
    trafilatura narrowed to the root on other pages; trafilatura on the whole pruned page when there is no root:
    without its fallbacks on a Vietnamese page (jusText would judge it with the stop words of every language, a
    set of 150,000 words it builds at each call: 70 ms and 30 MB more a worker, for pages that are mostly listings)."""
    if root is None:
        return _trafilatura(tree, url, fast=vietnamese)
    own = block_text(root)
    if vn.is_vietnamese(own):
        return own
    narrowed = _trafilatura(_detached(root), url)
    return narrowed if len(narrowed) >= 0.5 * len(clean_text(own)) else own


def _teaser_share(scope: HtmlElement, text: str) -> tuple[int, float]:
    """(teasers, share of text): lines opening with a headline-length link text, plus up to two date/snippet lines."""
    heads: dict[str, set[str]] = {}
    for a in _ANCHORS(scope):
        if head := clean_line(a.text_content()):
            heads.setdefault(head[:HEAD_KEY], set()).add(head)
    lines = [line.removeprefix("- ") for line in text.split("\n")]
    teasers, chars, after = 0, 0, 0
    for line in lines:
        if any(line.startswith(h) for h in heads.get(line[:HEAD_KEY], ())):
            teasers, chars, after = teasers + 1, chars + len(line), 2
        elif after and len(line) < 300:
            chars, after = chars + len(line), after - 1
        else:
            after = 0
    return teasers, chars / max(1, len(text))


def _not_an_article(tree: HtmlElement, root: HtmlElement | None, text: str, head: tuple[str, HtmlElement] | None,
                    hints: list[str]) -> str | None:
    """Why a page with enough text still holds no article: it is a list of story teasers."""
    items = layout.teaser_items(tree)
    if root is not None and any(item is root or item in root.iterancestors() for item in items):
        return f"listing page (the text is one of {len(items)} teasers)"
    if items and sum(layout.snippet_chars(item) for item in items) >= len(text):
        return f"listing page ({len(items)} teasers with snippets)"
    if meta.og_type(tree) == "website" and not (head and layout.confirmed(head[0], hints)) \
            and len(layout.headline_links(tree)) >= LISTING_LINKS:
        return "listing page (a website page of headline links with no headline of its own)"
    return None


def extract(body: bytes | str, url: str, content_type: str | None = None, *, cms_hint: str | None = None,
            selectors: Mapping[str, Sequence[str]] | None = None) -> Article:
    """Extract the article of one page; raise NoArticle when there is none.

    *cms_hint* names a CMS family (the source's `cms:`), *selectors* adds per-source XPaths by kind
    (content, title, date, byline, junk, listing) ahead of the family's own.
    """
    if isinstance(body, bytes):
        try:
            html, encoding = decode_html(body, content_type)
        except NotHTML as exc:
            raise NoArticle(str(exc)) from None
    else:
        html, encoding = nfc(body), None
    tree = load_html(html)
    if tree is None:
        raise NoArticle("unparseable HTML")
    names = page_names(tree)
    signature = html[:SIGNATURE_HEAD] + "\n".join(names)
    family = cms.detect(tree, signature, url, cms_hint)
    if selectors:
        family = family.override(selectors)
    title = meta.choose_title(tree, family)
    author, credit = meta.family_byline(tree, family)
    canonical = meta.first(meta.META["canonical"](tree))
    description = clean_line(meta.first(meta.META["description"](tree)))
    root = content_root(family, tree)
    vietnamese = vn.looks_vietnamese(html)
    pos = layout.Position.of(tree) if root is not None or vietnamese else None  # document order, before pruning
    machine = meta.machine_date(tree)
    family_date = None if machine else meta.family_date(tree, family)  # before pruning: the family may prune its date box
    login = "login page: " if _PASSWORD(tree) else ""
    if status := layout.status_heading(tree, signature):  # before pruning: the message may sit in a box named like furniture
        raise NoArticle(f"status page ({status})")
    early = densest_block(tree) if root is None and vietnamese else None  # the largest block before pruning
    prune(tree, root, family, names)
    if teasers := family.is_listing(tree, signature) or (vietnamese and cms.GENERIC.is_listing(tree, signature)):
        raise NoArticle(f"listing page ({teasers} article teasers)")
    if root is None and urlsplit(url).path.lower() in _HOME_PATHS and not urlsplit(url).query:
        raise NoArticle("home page (no article of its own)")
    if root is None and vietnamese:
        root = densest_block(tree)  # an unknown Vietnamese layout: its densest text block, once junk is gone
        root = restore_block(early, root, tree)
    if root is not None:
        drop_link_boxes(root)
    hints = meta.title_hints(tree)
    head = layout.headline(root, pos, hints, meta.is_portal_name) if root is not None and pos else None
    if head is not None:
        title = head[0]
    elif title and layout.is_widget(title):
        title = None
    if title is None and root is not None:
        title = meta.lead_title(root)
    near = layout.date_near(head[1] if head else None, root, pos) if root is not None and pos else None
    published = machine or near or family_date or meta.choose_date(tree, family, title)
    page_text = meta.page_text(tree) if vietnamese and author is None else ""  # before the body is cut down
    main = _main_text(tree, root, url, vietnamese)
    if head is not None and root is not None and pos and vn.is_vietnamese(main) and (sapo := layout.lead(head[1], root, pos)) \
            and clean_line(sapo[0])[:60] not in clean_line(main):
        main = "\n".join(sapo) + "\n" + main
    text, body_author, body_credit = clean_body(main, title)
    if vietnamese and author is None and body_author is None:
        author, office = meta.byline_near(root, page_text)
        credit = credit or office
    if len(text) < MIN_TEXT_CHARS or (login and len(text) < 2 * MIN_TEXT_CHARS):
        raise NoArticle(f"{login}too little text ({len(text)} characters)")
    if vietnamese and (why := _not_an_article(tree, root, text, head, hints)):
        raise NoArticle(why)
    vietnamese_text = vn.is_vietnamese(text)
    teasers, share = _teaser_share(root if root is not None else tree, text) if vietnamese_text else (0, 0.0)
    if teasers >= 3 and share >= LISTING_SHARE:
        raise NoArticle(f"listing page ({teasers} headline links make {share:.0%} of the text)")
    return Article(
        url=url,
        title=title,
        published=published,
        author=clean_line(author or body_author or meta.linked_authors(tree) or meta.meta_author(tree)),
        text=text,
        source_credit=clean_line(credit or body_credit),
        canonical_url=urljoin(url, canonical) if canonical else None,
        description=description,
        language="vi" if vietnamese_text else (meta.first(_LANG(tree)) or "").split("-")[0].lower() or None,
        encoding=encoding,
        cms=family.name,
    )

