"""URL canonicalisation: the variants portals scatter fold onto one URL; different stories never do."""

from __future__ import annotations

import pytest

from archive.config import ConfigError, parse_config
from archive.dedup.urls import Rules, article_url, canonicalize, sane_canonical

ARTICLE = "https://lucnam.bacgiang.gov.vn/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html"


@pytest.mark.parametrize("variant", [
    ARTICLE,
    "HTTPS://LucNam.BacGiang.gov.vn:443/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html",
    ARTICLE + "#binh-luan",
    ARTICLE + "/",
    ARTICLE + ";jsessionid=8F3A2C1D9E7B6A5F4C3D2E1F0A9B8C7D",
    ARTICLE + ";JSESSIONID=abc.node01",
    ARTICLE + "?utm_source=zalo&utm_medium=social&utm_campaign=gnq",
    ARTICLE + "?fbclid=IwAR3xYz&gclid=Cj0KCQ&zarsrc=30&gidzl=abc",
    ARTICLE + "?print=1",
    ARTICLE + "?view=print",
    ARTICLE + "?tmpl=component&print=1",
    ARTICLE + "?output=print",
    "https://lucnam.bacgiang.gov.vn/print/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html",
    "https://lucnam.bacgiang.gov.vn/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html/amp",
])
def test_variants_fold_onto_the_article(variant: str) -> None:
    assert canonicalize(variant) == ARTICLE


def test_aspnet_cookieless_session_and_query_order() -> None:
    url = "http://yenthe.bacgiang.gov.vn/(S(lit3py55t21z5v55vlm25s55))/Default.aspx?newsid=2201&tabid=55&PHPSESSID=x"
    assert canonicalize(url) == "http://yenthe.bacgiang.gov.vn/Default.aspx?newsid=2201&tabid=55"
    assert canonicalize("http://a.vn/Default.aspx?tabid=55&newsid=2201") == canonicalize("http://a.vn/Default.aspx?newsid=2201&tabid=55")


def test_different_stories_stay_different() -> None:
    assert canonicalize("http://a.vn/Default.aspx?newsid=1") != canonicalize("http://a.vn/Default.aspx?newsid=2")
    assert canonicalize("http://a.vn/tin?id=5&cid=2") != canonicalize("http://a.vn/tin?id=5&cid=3")
    assert canonicalize("http://a.vn/tin/in-an-tai-lieu.html") == "http://a.vn/tin/in-an-tai-lieu.html"


def test_source_rules_fold_twin_hosts_scheme_and_listing_params() -> None:
    config = parse_config({"sources": [{
        "id": "lucnam", "name": "Lục Nam", "level": "district", "start_urls": ["https://lucnam.bacgiang.gov.vn/"],
        "canonical": {"drop_params": ["catid", "From"]}}]})
    rules = Rules.for_source(config.sources[0])
    for variant in ("http://m.lucnam.bacgiang.gov.vn/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html?catid=12&from=home",
                    "http://www.lucnam.bacgiang.gov.vn/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html"):
        assert canonicalize(variant, rules) == ARTICLE
    assert canonicalize("https://other.gov.vn/a?catid=1", rules) == "https://other.gov.vn/a"


def test_keep_params_keeps_only_the_story_key() -> None:
    rules = Rules(keep_params=frozenset({"newsid"}))
    assert canonicalize("http://a.vn/Default.aspx?tabid=55&newsid=1234&mid=7", rules) == "http://a.vn/Default.aspx?newsid=1234"


def test_bad_canonical_rules_are_one_clear_error() -> None:
    with pytest.raises(ConfigError, match="canonical.drop_param: unknown field"):
        parse_config({"sources": [{"id": "x", "name": "X", "level": "ward", "start_urls": ["http://x.vn/"],
                                   "canonical": {"drop_param": ["a"]}}]})


@pytest.mark.parametrize(("canonical", "sane"), [
    ("https://lucnam.bacgiang.gov.vn/tin-tuc/le-giao-nhan-quan-nam-2024-1234.html", True),
    ("https://www.lucnam.bacgiang.gov.vn/tin-tuc/giao-nhan-quan-1234.html", True),
    ("https://lucnam.bacgiang.gov.vn/?p=1234", True),
    ("https://lucnam.bacgiang.gov.vn/", False),  # every page names the home page: a broken CMS
    ("https://lucnam.bacgiang.gov.vn/tin-tuc", False),  # the section, not the story
    ("https://baomoi.example.com/tin/1234.html", False),  # another site
    ("javascript:void(0)", False),
    (None, False),
])
def test_rel_canonical_is_used_only_when_sane(canonical: str | None, sane: bool) -> None:
    page = ARTICLE + "?utm_source=fb"
    assert sane_canonical(page, canonical) is sane
    assert article_url(page, canonical) == (canonicalize(canonical) if sane else ARTICLE)
