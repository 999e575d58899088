"""Find the content root and strip portal furniture, inside or outside it, without touching the article."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from archive.extract import vn
from archive.extract.cms import common
from archive.extract.cms.base import Family, compile_xpaths
from archive.text import clean_line

MIN_ROOT_CHARS = 150
PROSE_CHARS = 600
_GENERIC_JUNK = compile_xpaths(common.JUNK)
_NAMES = etree.XPath("//@class|//@id")
_HEADINGS = etree.XPath("//h2|//h3|//h4|//h5|//h6|//*[contains(@class,'title') and not(self::h1)]"
                        "|//strong[string-length() < 60]|//b[string-length() < 60]")
# Long paragraphs; headings count only at paragraph length (editors set whole paragraphs in <h1>), never a subtitle.
_LONG_PARAS = etree.XPath("count(.//p[string-length(normalize-space()) > 120]"
                          "|(.//h1|.//h2|.//h3|.//h4|.//h5|.//h6)[string-length(normalize-space()) > 250])")
_BLOCK = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol tr table tbody blockquote figcaption figure section article pre dd dt dl"
                   " header footer address center".split())
_INLINE = frozenset("p a span strong b em i font u small label".split())
_SKIP = frozenset("script style noscript iframe select option button input textarea template svg object embed".split())


def text_len(el: HtmlElement) -> int:
    """Characters of text under *el*."""
    return len(el.text_content().strip())


def content_root(family: Family, tree: HtmlElement) -> HtmlElement | None:
    """The family's article container with the most text, if one holds at least MIN_ROOT_CHARS."""
    for xp in family.compiled["content"]:
        found = [e for e in xp(tree) if isinstance(e, HtmlElement)]
        if found:
            best = max(found, key=text_len)
            if text_len(best) >= MIN_ROOT_CHARS:
                return best
    return None


_CANDIDATES = etree.XPath("//div|//td|//article|//section|//main")
# Children whose text counts as running text; headings too, as editors sometimes set whole paragraphs in <h1>.
_PARAGRAPHS = frozenset("p div blockquote h1 h2 h3 h4 h5 h6".split())
_RUNS = frozenset("a b strong i em u span font small sub sup br abbr".split())


def _own_chars(el: HtmlElement) -> int:
    """Characters of text directly in *el*: its text, inline children and tails, not nested blocks."""
    n = len((el.text or "").strip())
    for child in el:
        if isinstance(child.tag, str) and child.tag in _RUNS:
            n += len(child.text_content().strip())
        n += len((child.tail or "").strip())
    return n


def densest_block(tree: HtmlElement) -> HtmlElement | None:
    """The container holding the most running text in itself and its paragraph children (unknown layouts)."""
    best, best_chars = None, MIN_ROOT_CHARS * 2
    for el in _CANDIDATES(tree):
        chars = _own_chars(el) + sum(_own_chars(c) for c in el if isinstance(c.tag, str) and c.tag in _PARAGRAPHS)
        if chars > best_chars:
            best, best_chars = el, chars
    return best


def _tail_blocks(tree: HtmlElement) -> list[HtmlElement]:
    """Containers opened by a heading such as "Tin liên quan", "Các tin khác", "Ý kiến bạn đọc"."""
    found = []
    for heading in _HEADINGS(tree):
        text = clean_line(heading.text_content()) or ""
        if len(text) < 40 and vn.is_tail_marker(text):
            found.append(heading)
    return found


def prune(tree: HtmlElement, root: HtmlElement | None, family: Family, names: list[Any] | None = None) -> int:
    """Remove junk blocks in place; return how many were removed. The root and its ancestors always stay.

    *names* are the page's class and id attribute values (``page_names``), when already at hand.
    """
    keep = {root, *root.iterancestors()} if root is not None else set()
    inside = set(root.iter()) if root is not None else set()
    root_chars = text_len(root) if root is not None else 0
    candidates: list[HtmlElement] = []
    for xp in (*family.compiled["junk"], *_GENERIC_JUNK):
        candidates += [e for e in xp(tree) if isinstance(e, HtmlElement)]
    named = _named_junk(page_names(tree) if names is None else names)
    candidates += named
    by_name = set(named)
    removed = 0
    for heading in _tail_blocks(tree):
        container = heading.getparent()
        while container is not None and container not in keep and container.tag in _INLINE:
            container = container.getparent()
        if container is None or container.getroottree().getroot() is not tree.getroottree().getroot():
            continue
        block = heading  # the heading, or the inline run (p > strong) that holds it, as a child of the container
        while block.getparent() is not None and block.getparent() is not container:
            block = block.getparent()
        following = list(block.itersiblings())
        if any(s in keep for s in (block, *following)):
            continue
        tail_chars = text_len(block) + sum(text_len(s) for s in following)
        if container not in keep and text_len(container) - tail_chars < MIN_ROOT_CHARS:
            candidates.append(container)  # a box that is only the list: drop it whole
            continue
        for el in (block, *following):  # the list follows text worth keeping: cut from the heading on
            container.remove(el)
        removed += 1
    top = tree.getroottree().getroot()
    for el in candidates:
        if el in keep or el.getparent() is None or el.getroottree().getroot() is not top:
            continue  # the article's own container, or already removed with an ancestor
        if el in inside:
            if text_len(el) > root_chars / 2:
                continue
        elif root is None and (_LONG_PARAS(el) >= 2 or el in by_name and _holds_prose(el)):
            continue  # a block named like furniture (id="tableforprint") that holds running text is the article
        el.drop_tree()
        removed += 1
    return removed


_BOXES = etree.XPath(".//div|.//section|.//aside|.//table|.//ul|.//figure")


def drop_link_boxes(root: HtmlElement) -> int:
    """Remove boxes inside the article whose text is all links (related-story cards, "Đọc tiếp" buttons); return how many."""
    removed = 0
    for el in _BOXES(root):
        if el.getparent() is None:
            continue
        chars = _solid(el)
        if chars >= 8 and sum(_solid(a) for a in el.iter("a")) >= 0.95 * chars:
            el.drop_tree()
            removed += 1
    return removed


def restore_block(early: HtmlElement | None, root: HtmlElement | None, tree: HtmlElement) -> HtmlElement | None:
    """*early* (the densest block before pruning) instead of *root* when pruning removed it and it held more than twice
    the text, mostly not links: a block is junk for what it holds, not for its name."""
    if early is None or early is root or early.getroottree().getroot() is tree.getroottree().getroot():
        return root
    chars = _solid(early)
    if chars > 2 * (_solid(root) if root is not None else 0) and sum(_solid(a) for a in early.iter("a")) < 0.3 * chars:
        return early
    return root


def _solid(el: HtmlElement) -> int:
    """Characters of text under *el*, whitespace left out."""
    return sum(len(part) for part in el.text_content().split())


def _holds_prose(el: HtmlElement) -> bool:
    """At least PROSE_CHARS of text of which links make less than a fifth."""
    chars = text_len(el)
    if chars < PROSE_CHARS:
        return False
    return sum(len(a.text_content().strip()) for a in el.iter("a")) < 0.2 * chars


def page_names(tree: HtmlElement) -> list[Any]:
    """All class and id attribute values of the page (smart strings that know their element)."""
    return _NAMES(tree)


def _named_junk(names: list[Any]) -> list[HtmlElement]:
    """Elements whose class or id names furniture; one scan per junk word over all names joined."""
    starts, offset = [], 0
    for name in names:
        starts.append(offset)
        offset += len(name) + 1
    joined = "\n".join(names).lower()
    found: dict[int, HtmlElement] = {}
    for word in common.JUNK_NAMES:
        at = joined.find(word)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if index not in found:
                found[index] = names[index].getparent()
            at = joined.find(word, at + len(word))
    return list(found.values())


def block_text(root: HtmlElement) -> str:
    """Text of *root* with one line per block element (paragraphs, headings, list items, cells, <br>)."""
    parts: list[str] = []

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK or tag == "td"
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block or tag == "br":
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return "".join(parts)
