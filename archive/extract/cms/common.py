"""Selectors shared by several families: class names Vietnamese portal templates keep reusing."""

from __future__ import annotations

from typing import Any

from archive.extract.cms.base import has_class

_CONTENT_CLASSES = ("content-detail", "detail-content", "news-content", "newsdetail-content", "article-content",
                    "ArticleContent", "noidung", "noi-dung", "chitiet", "chi-tiet", "post-content", "contentDetail")
_TITLE_CLASSES = ("title-detail", "detail-title", "news-title", "article-title", "ArticleTitle", "tieude", "tieu-de")
_DATE_CLASSES = ("date-detail", "detail-date", "news-date", "article-date", "ArticleDate", "ngaydang", "publish-date",
                 "post-date", "time-detail")
_AUTHOR_CLASSES = ("author", "tacgia", "tac-gia", "news-author", "ArticleAuthor", "author-detail", "detail-author")


def _any(classes: tuple[str, ...]) -> str:
    return " or ".join(has_class(c) for c in classes)


CONTENT = (f"//*[{_any(_CONTENT_CLASSES)}]", "//*[@itemprop='articleBody']")
TITLE = (f"//h1[{_any(_TITLE_CLASSES)}]", f"//*[{_any(_TITLE_CLASSES)}]", "//*[@itemprop='headline']")
DATE = ("//*[@itemprop='datePublished']/@content", f"//*[{_any(_DATE_CLASSES)}]")
BYLINE = (f"//*[{_any(_AUTHOR_CLASSES)}]",)
_LISTING_CLASSES = ("news-item", "item-news", "item-title", "list-news-item", "news-list-item", "entry-summary",
                    "asset-abstract", "search-result")
LISTING = (f"//*[{_any(_LISTING_CLASSES)}]",)
# The whole selector set, for families whose templates use the shared class names (Family(**SELECTORS, …)).
SELECTORS: dict[str, Any] = {"content": CONTENT, "title": TITLE, "date": DATE, "byline": BYLINE}

# Furniture any portal may carry, by substrings of class or id (lower case); removed only when it does not hold the article (see prune).
JUNK_NAMES = (
    "comment", "respond", "breadcrumb", "share", "social", "print", "font-size", "fontsize", "tool", "rating",
    "bookmark", "related", "other-news", "othernews", "news-other", "tin-khac", "tinkhac", "cung-chuyen-muc",
    "most-view", "mostview", "xem-nhieu", "xemnhieu", "view-count", "viewcount", "luot-xem", "luotxem", "counter",
    "visitor", "feedback", "phan-hoi", "phanhoi", "y-kien", "ykien", "binh-luan", "binhluan", "today", "current-date",
    "lbltoday", "weather", "thoi-tiet", "thoitiet", "advert", "quang-cao", "quangcao",
)
JUNK = (
    "//input[@type='password']/ancestor::form[1]",
    "//textarea/ancestor::*[self::div or self::section or self::fieldset or self::table or self::form][1]",
    "//header|//footer|//nav|//aside|//form[not(.//p)]|//*[@role='navigation' or @role='banner' or @role='contentinfo']",
)
