"""Where the article sits on the page: its headline, the lead and the date around it, by position, not by page-wide search.

The page is indexed in document order once, before pruning, so that positions stay comparable after furniture is
removed. The headline is the heading-like element nearest above the body's first paragraph; the lead is the text
between headline and body; the date is the one nearest the headline, in the block around it or at the top of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree
from lxml.html import HtmlElement

from archive.extract import vn
from archive.text import clean_line, fold

_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_TITLE_NAME = re.compile(r"title|headline|tieu-?de|tieude|tieu_de|heading", re.I)
_NOT_TITLE_NAME = re.compile(r"sub-?title|subtitle|folder|othertitle|other-title|site-?title|sitetitle|widget|portlet-title"
                             r"|box-?title|block-?title|module-?title|menu|nav|logo|brand|banner|header-top|title-bar"
                             r"|titlebar|cate|category|section-title|sidebar", re.I)
_BOLD = frozenset("b strong".split())
_SKIP = frozenset("script style noscript select option button textarea template svg head title".split())
# Headings of portal widgets, never a story's headline; _BOX_WORDS only when the heading is that short.
_WIDGET = re.compile(
    r"^(?:số )?lượt (?:truy cập|xem|đang online)|^số lượt|^(?:số người )?đang (?:truy cập|online)|^thống kê truy cập"
    r"|^liên kết(?: web| website)?\s*$|^lịch (?:tiếp công dân|công tác)|^văn bản (?:mới|chỉ đạo điều hành)\s*$"
    r"|^(?:các )?tin (?:mới|nổi bật|đã đưa|khác|liên quan|mới nhất|xem nhiều|đọc nhiều)\s*$|^thăm dò ý kiến|^hỗ trợ trực tuyến"
    r"|^visitors?\s*$|^hot news\s*$|^other news\s*$",
    re.I,
)
_BOX_WORDS = re.compile(
    r"^(?:tin tức|sự kiện|thư viện|video|hình ảnh|liên hệ|đăng nhập|tìm kiếm|trang chủ|giới thiệu|danh mục|chuyên mục"
    r"|thông báo|dịch vụ công|thủ tục hành chính|hỏi đáp|góp ý|bình luận|ý kiến|quảng cáo|thời tiết|tỷ giá|online|links?)\b",
    re.I,
)
BOX_WORDS_MAX = 4  # words of a box heading ("Tin tức - Sự kiện", "Thư viện ảnh")
_LICENCE = re.compile(r"giấy phép|cấp ngày|copyright|bản quyền|©|chịu trách nhiệm|cơ quan chủ quản|gpttđt|/gp-", re.I)
_METADATA = re.compile(r"lượt (?:xem|đọc|truy cập)|tác giả\s*:|cập nhật\s*:|ngày đăng|font size|cỡ chữ", re.I)
MIN_PARA = 60  # characters of own text that make an element the body's first paragraph
MAX_TITLE = 250
MAX_BOLD_TITLE = 140  # a bold run longer than this opens the body (a lead), it is no headline
LEAD_MAX = 1200  # text between headline and body beyond this is not a lead (a sidebar, a whole column)
_EMPTY_SLOT = re.compile(r"\s*[(\[]\s*[)\]]")  # brackets with nothing inside, a template's unfilled field
DATELINE = 24  # characters opening the body where a bare "Ngày 12/3/2024" reads as a dateline
DATE_BEFORE = 12  # elements before the headline searched for its date (a date cell in the row above)


@dataclass
class Position:
    """Document order of a page's elements, taken before pruning."""

    order: dict[HtmlElement, int]
    elements: list[HtmlElement]
    starts: dict[HtmlElement, int] = field(default_factory=dict)  # body_start per root, computed once

    @classmethod
    def of(cls, tree: HtmlElement) -> "Position":
        """Index every element of *tree* in document order."""
        elements = [el for el in tree.iter() if isinstance(el.tag, str)]
        return cls({el: i for i, el in enumerate(elements)}, elements)


def own_text(el: HtmlElement) -> str:
    """Text directly in *el* and its inline runs (not nested blocks)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in ("a", "b", "strong", "i", "em", "u", "span", "font", "small", "sup", "sub", "br"):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def body_start(root: HtmlElement, pos: Position) -> int:
    """Index of the body's first paragraph inside *root*: the first element with a sentence of its own text."""
    if root not in pos.starts:
        pos.starts[root] = _body_start(root, pos)
    return pos.starts[root]


def _body_start(root: HtmlElement, pos: Position) -> int:
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP or el not in pos.order:
            continue
        if _heading_like(el) or el.tag in _HEADING_TAGS:
            continue  # a headline set inside the content block ("<p><strong>Title</strong></p>") is not the body
        text = own_text(el) if el.tag not in _BOLD else ""
        if len(text) >= MIN_PARA and not vn.is_date_line(text):
            return pos.order[el]
    return pos.order.get(root, 0)


def _names(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _is_titled(el: HtmlElement) -> bool:
    names = _names(el)
    return bool(_TITLE_NAME.search(names)) and not _NOT_TITLE_NAME.search(names)


def _heading_like(el: HtmlElement) -> bool:
    """An h1–h6, an element whose class or id says title/headline/tiêu đề, or a block that is one bold run."""
    tag = el.tag
    if tag in _HEADING_TAGS:
        return not _NOT_TITLE_NAME.search(_names(el))
    if tag in _SKIP or tag in ("a", "li", "ul", "table", "tbody", "tr", "body", "html", "form"):
        return False
    if _is_titled(el):
        return True
    if tag in ("p", "div", "td") and len(el) == 1 and el[0].tag in _BOLD and not (el.text or "").strip() \
            and not (el[0].tail or "").strip():
        return len(el.text_content().strip()) <= MAX_BOLD_TITLE
    if _styled_large(el):  # <span style="font-size:18px;font-weight:bold">, <font size="4">: the whole of its block
        text = el.text_content().strip()
        holder = el if tag in ("p", "div", "td") else el.getparent()
        return 0 < len(text) <= MAX_BOLD_TITLE and holder is not None and holder.text_content().strip() == text
    return False


_LARGE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)|font-size\s*:\s*(?:1[6-9]|[2-4]\d)(?:\.\d+)?(?:px|pt)", re.I)


def _styled_large(el: HtmlElement) -> bool:
    """Set bold or large by inline style or <font size>."""
    if el.tag == "font" and (el.get("size") or "").strip() in ("4", "5", "6", "7", "+1", "+2", "+3"):
        return True
    return el.tag in ("p", "div", "td", "span", "font") and bool(_LARGE.search(el.get("style") or ""))


def is_widget(text: str, hints: list[str] | None = None) -> bool:
    """True for the heading of a portal box (visitor counter, links, "Tin đã đưa", a short all-caps category)
    rather than a story; a short all-caps line that og:title or <title> confirms is a headline."""
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    if _WIDGET.search(text) or vn.is_tail_marker(text) or (_BOX_WORDS.search(text) and len(words) <= BOX_WORDS_MAX):
        return True
    return text.isupper() and len(words) <= 5 and not (hints and confirmed(text, hints))


def _in_list(el: HtmlElement) -> bool:
    """True when *el* sits in a list item or is one link to another page (a teaser, a menu entry)."""
    for anc in el.iterancestors():
        if anc.tag == "li":
            return True
        if anc.tag in ("a", "nav"):
            return True
    links = el.xpath(".//a[@href]")
    return len(links) == 1 and clean_line(links[0].text_content()) == clean_line(el.text_content()) \
        and not (links[0].get("href") or "").startswith("#")


def headline(root: HtmlElement, pos: Position, hints: list[str],
             is_banner: Callable[[str], bool]) -> tuple[str, HtmlElement] | None:
    """The heading-like element nearest above the body of *root*; one of the nearest few that a hint confirms wins.

    *hints* are og:title and <title> texts, *is_banner* a test for portal names.
    """
    start = body_start(root, pos)
    found: list[tuple[str, HtmlElement]] = []
    for index in range(start - 1, -1, -1):
        el = pos.elements[index]
        if not _heading_like(el) or any(el in h.iterancestors() for _, h in found[-1:]):
            continue
        text = _EMPTY_SLOT.sub("", clean_line(el.text_content()) or "").strip()  # "Tiêu đề ( )": an empty date slot
        if not 8 <= len(text) <= MAX_TITLE or is_widget(text, hints) or is_banner(text) \
                or vn.is_date_line(text) or _in_list(el) or (len(text) > 160 and text.count(". ") >= 1):
            continue
        found.append((text, el))
        if len(found) >= 4:
            break
    if not found:
        return None
    for text, el in found[:3]:
        if confirmed(text, hints):
            return text, el
    named = [(text, el) for text, el in found if el.tag in _HEADING_TAGS or _is_titled(el)]
    return (named or found)[0]  # a heading or titled element before a bare bold run (often the lead)


def confirmed(text: str, hints: list[str]) -> bool:
    """True when og:title or <title> states the same headline (or one holds the other)."""
    f = fold(text)
    return any(f == h or (len(f) >= 20 and f in h) or (len(h) >= 20 and h in f) for h in (fold(x) for x in hints if x))


_STATUS = re.compile(
    r"^(?:(?:lỗi\s*)?404|(?:error\s*)?404|not found|page not found|(?:trang|nội dung|bài viết|dữ liệu)? ?không tìm thấy(?: trang| nội dung"
    r"| bài viết| dữ liệu| yêu cầu)?|(?:trang|nội dung|bài viết|đường dẫn) (?:này )?không tồn tại|không tồn tại|"
    r"(?:trang|nội dung|bài viết) (?:đã bị xóa|đã bị xoá|đã bị gỡ)|access denied|truy cập bị từ chối|forbidden|"
    r"bạn không có quyền truy cập.*)[.!]?$",
    re.I,
)
_STATUS_BOXES = etree.XPath("//*[contains(@class,'alert') or contains(@class,'notfound') or contains(@class,'not-found')]")
_STATUS_NAMES = ("alert", "notfound", "not-found")


def status_heading(tree: HtmlElement, signature: str = "") -> str | None:
    """The text of a heading, alert box or <title> that says the page is a status page ("Không tìm thấy", "404");
    alert boxes are looked for only when *signature* (the page's class names) names one."""
    boxes = _STATUS_BOXES(tree) if any(name in signature for name in _STATUS_NAMES) else []
    for el in (*tree.iter("title", "h1", "h2", "h3"), *boxes):
        raw = el.text_content()
        if len(raw) > 200:
            continue
        text = clean_line(raw) or ""
        if len(text) <= 60 and _STATUS.match(text):
            return text
    return None


def headline_links(tree: HtmlElement) -> list[HtmlElement]:
    """Links whose text is headline-length (at least HEAD_LINK characters and five words)."""
    return [a for a in tree.iter("a") if len(a.text_content().strip()) >= HEAD_LINK and len(a.text_content().split()) >= 5]


def snippet_chars(item: HtmlElement) -> int:
    """Characters of a teaser's text outside its links, whitespace left out."""
    return _non_link_chars(item)


def _texts(elements: list[HtmlElement]) -> list[tuple[HtmlElement, str]]:
    """(element, own text) of *elements* that carry text, skipping non-visible ones."""
    out = []
    for el in elements:
        if el.tag in _SKIP or any(a.tag in _SKIP for a in el.iterancestors()):
            continue
        text = own_text(el)
        if text:
            out.append((el, text))
    return out


def _link_share(el: HtmlElement, text: str) -> float:
    links = sum(len(clean_line(a.text_content()) or "") for a in el.iter("a"))
    return links / max(1, len(text))


def _is_prose(text: str) -> bool:
    """A sentence of the story, not a metadata line (date, byline, view count, licence) or a label."""
    return len(text) >= 60 and len(text.split()) >= 8 and not _METADATA.search(text) and not vn.find_date(text[:40]) \
        and not vn.byline(text) and not vn.is_junk_line(text) and not _LICENCE.search(text)


def lead(head: HtmlElement, root: HtmlElement, pos: Position) -> list[str]:
    """Lines of the sapo between the headline and the body root (outside the root), when they read as sentences;
    furniture pruned from the page and link runs are left out."""
    h, r = pos.order.get(head), pos.order.get(root)
    if h is None or r is None or r <= h:
        return []
    skip = set(head.iter()) | set(root.iterancestors())
    between = [el for el in pos.elements[h + 1 : r] if el not in skip]
    lines, total, taken = [], 0, set()
    top = root.getroottree().getroot()
    for el, text in _texts(between):
        if el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()) or el.getroottree().getroot() is not top \
                or _link_share(el, text) > 0.3:
            continue
        total += len(text)
        if total > LEAD_MAX:
            return []
        if _is_prose(text) and not any(a in taken for a in el.iterancestors()):
            lines.append(text)
            taken.add(el)
    return lines


_CLOCK = re.compile(r"today|clock|current-?date|currentdate|lbltoday|ngay-?hien-?tai|ngayhientai|datenow|date-now|timenow", re.I)


def _is_clock(el: HtmlElement) -> bool:
    """A header clock or today's date: the element or one of its three nearest ancestors is named so."""
    return any(_CLOCK.search(_names(node)) for node in (el, *list(el.iterancestors())[:3]))


def date_near(head: HtmlElement | None, root: HtmlElement, pos: Position) -> str | None:
    """The date nearest the headline: between it and the body, then just before it, then a dateline opening the body."""
    start = body_start(root, pos)
    h = pos.order.get(head) if head is not None else None
    windows: list[list[HtmlElement]] = []
    if h is not None:
        inside = set(head.iter())
        windows.append([el for el in pos.elements[h + 1 : start] if el not in inside])
        windows.append(pos.elements[max(0, h - DATE_BEFORE) : h])
    else:
        windows.append(pos.elements[pos.order.get(root, start) : start])
    for window in windows:
        for el, text in _texts(window):
            if len(text) > 120 or _LICENCE.search(text) or any(a.tag == "li" for a in el.iterancestors()) or _is_clock(el):
                continue
            if found := vn.find_date(text[:200]):
                return found
    head_lines = [t for _, t in _texts(pos.elements[start : start + 3])]
    opening = head_lines[0] if head_lines else ""  # a dateline opens the line; "ngày 7-5" inside a sentence is no date stamp
    if opening and (found := vn.find_date(opening[:80], labelled_only=True, posted=True) or vn.find_date(opening[:DATELINE], labelled_only=True)):
        return found
    return None



HEAD_LINK = 25  # characters of a headline link
SNIPPET = 60  # characters of non-link text that make a teaser's snippet
TEASER_GROUP = 4  # sibling teasers that make a list of stories


MAX_ITEM = 3000  # characters: a block this large is a column, not one teaser


def _solid(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r") - text.count("\xa0")


def _non_link_chars(el: HtmlElement) -> int:
    total = _solid(el.text_content())
    if total > MAX_ITEM:
        return total
    return total - sum(_solid(a.text_content()) for a in el.iter("a"))


def _signature(el: HtmlElement) -> tuple[str, ...]:
    """Tag and first class name of *el* and three of its ancestors: items of one list share it."""
    out = []
    for node in (el, *list(el.iterancestors())[:3]):
        out.append(f"{node.tag}.{(node.get('class') or '').split(' ')[0]}")
    return tuple(out)


def teaser_items(tree: HtmlElement) -> list[HtmlElement]:
    """Teasers in lists of stories: items holding one headline link and a snippet, with at least TEASER_GROUP
    siblings of the same kind."""
    groups: dict[tuple[str, ...], list[HtmlElement]] = {}
    seen: set[HtmlElement] = set()
    for a in headline_links(tree):
        item, chars = a, 0
        for _ in range(4):
            item = item.getparent()
            if item is None or item.tag in ("body", "html"):
                item = None
                break
            chars = _non_link_chars(item)
            if chars >= SNIPPET:
                break
        if item is None or item in seen or item.getparent() is None or not SNIPPET <= chars <= MAX_ITEM:
            continue
        seen.add(item)
        groups.setdefault(_signature(item), []).append(item)
    return [item for items in groups.values() if len(items) >= TEASER_GROUP for item in items]
