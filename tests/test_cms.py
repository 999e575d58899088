"""CMS families, per-source overrides, pruning and the Vietnamese byline/date rules, as pure functions."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from archive.extract import vn
from archive.extract.cms import FAMILIES, GENERIC, by_name, detect
from archive.config import ConfigError, parse_config
from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from benchmarks.gold import TOPICS
from crawler.items import ArticleItem, Capture
from crawler.pipelines.extract import ExtractPipeline

BODY = " ".join(["Ban Chỉ huy Quân sự phường tổ chức huấn luyện dân quân tự vệ, bảo đảm an toàn tuyệt đối."] * 6)
BODY2 = "Sau đợt huấn luyện, 100% chiến sĩ dân quân đạt yêu cầu, trong đó 75% đạt khá, giỏi; đơn vị được Ban CHQS quận khen thưởng."
ODD_PAGE = f"""<html><head><meta charset="utf-8"><title>Dân quân phường Hòa Khánh huấn luyện năm 2024</title></head><body>
<div id="khung"><div class="tieudetin">Dân quân phường Hòa Khánh huấn luyện năm 2024</div><span class="ngay">05/03/2024 08:15</span>
<div id="noidungtin"><p>{BODY}</p><p>{BODY2} {BODY2}</p><p style="text-align:right"><b>Tin: Lê Văn Tám</b></p></div>
<div class="box-share-article"><p>Chia sẻ bài viết qua Facebook, Zalo hoặc gửi email cho bạn bè.</p></div>
<div id="ben"><p>Một bài khác rất dài của cột bên, không thuộc bài viết này, nói về lễ hội và văn hóa của địa phương trong năm qua.</p></div></div></body></html>"""


def test_every_family_has_selectors_and_a_unique_name() -> None:
    names = [f.name for f in FAMILIES]
    assert len(names) == len(set(names)) >= 7
    for family in FAMILIES:
        assert family.content and family.title and (family.generator or family.markers), family.name


@pytest.mark.parametrize(("hint", "name"), [("dnn", "dotnetnuke"), ("Joomla", "php"), ("unknown", "generic"), ("sharepoint", "sharepoint")])
def test_hints_and_aliases(hint: str, name: str) -> None:
    assert by_name(hint).name == name
    assert detect(load_html("<html><body><p>x</p></body></html>"), "<html></html>", "http://x/", hint).name == name


def test_a_wrong_hint_loses_to_a_page_that_plainly_says_otherwise() -> None:
    wp = '<html><head><meta name="generator" content="WordPress 6.4"><link href="/wp-content/x.css"></head><body class="entry-content"></body></html>'
    assert detect(load_html(wp), wp, "http://x/?p=1", "liferay").name == "wordpress"


def test_unknown_layout_is_generic_and_generator_wins() -> None:
    tree = load_html(ODD_PAGE)
    assert detect(tree, ODD_PAGE, "http://hoakhanh.vn/tin/1.html") is GENERIC
    wp = '<html><head><meta name="generator" content="WordPress 6.4"></head><body></body></html>'
    assert detect(load_html(wp), wp, "http://x/?p=1").name == "wordpress"


def test_per_source_selectors_narrow_an_unknown_layout() -> None:
    selectors = {"content": ["//div[@id='noidungtin']"], "title": ["//div[@class='tieudetin']"], "date": ["//span[@class='ngay']"]}
    article = extract(ODD_PAGE.encode(), "http://hoakhanh.vn/tin/1.html", "text/html; charset=utf-8", selectors=selectors)
    assert article.title == "Dân quân phường Hòa Khánh huấn luyện năm 2024"
    assert article.published == "2024-03-05T08:15:00+07:00" and article.author == "Lê Văn Tám"
    assert "cột bên" not in article.text and "Chia sẻ" not in article.text
    assert article.text.count("Ban Chỉ huy") == 6 and article.text.count("Sau đợt huấn luyện") == 2


def test_junk_class_never_removes_the_article() -> None:
    page = ODD_PAGE.replace('<div id="khung">', '<div id="khung" class="share-wrapper print-area">')
    article = extract(page.encode(), "http://hoakhanh.vn/tin/1.html", "text/html; charset=utf-8")
    assert article.text.count("Ban Chỉ huy") == 6 and "Sau đợt huấn luyện" in article.text


def test_related_heading_inside_the_body_cuts_the_list() -> None:
    page = ODD_PAGE.replace('<p style="text-align:right">', '<p><strong>Tin liên quan</strong></p><ul><li><a href="/a">Lễ hội đình làng</a></li></ul><p style="text-align:right">')
    selectors = {"content": ["//div[@id='noidungtin']"]}
    article = extract(page.encode(), "http://hoakhanh.vn/tin/1.html", "text/html; charset=utf-8", selectors=selectors)
    assert "Tin liên quan" not in article.text and "Lễ hội đình làng" not in article.text


@pytest.mark.parametrize(
    ("raw", "names", "office"),
    [("Trương Minh Tuấn – CHT/Ban CHQS phường", "Trương Minh Tuấn", "CHT/Ban CHQS phường"), ("Vi Thu - Trần Bình", "Vi Thu - Trần Bình", None),
     ("Nguyễn Văn Hùng (Ban CHQS huyện)", "Nguyễn Văn Hùng", "Ban CHQS huyện"), ("Mạnh Trường", "Mạnh Trường", None)],
)
def test_split_byline(raw: str, names: str, office: str | None) -> None:
    assert vn.split_byline(raw) == (names, office)


@pytest.mark.parametrize("line", ["Thứ Sáu, 25/12/2020 - 15:20", "08:45 | 02/12/2022", "Ngày đăng: 18/08/2023", "Cập nhật: 09:40 Thứ Ba, 12/03/2024"])
def test_date_lines(line: str) -> None:
    assert vn.is_date_line(line)
    assert not vn.is_date_line("Ngày 5/3/2024, dân quân xã ra quân huấn luyện.")


def test_signature_is_not_a_byline() -> None:
    assert vn.is_signature_title("T/M BAN THƯỜNG VỤ") and vn.is_signature_title("KT. CHỦ TỊCH")
    assert not vn.is_signature_title("Lực lượng dân quân phường ra quân.")


def test_empty_and_binary_pages_have_no_article() -> None:
    for body in (b"", b"%PDF-1.4", "<html><body><h1>Trang chủ</h1></body></html>".encode()):
        with pytest.raises(NoArticle):
            extract(body, "http://x/", "text/html")


def test_config_checks_cms_and_selectors() -> None:
    base = {"id": "x", "name": "X", "level": "ward", "start_urls": ["http://x.vn/"]}
    assert parse_config({"sources": [{**base, "cms": "liferay", "selectors": {"content": ["//div[@id='a']"]}}]})
    with pytest.raises(ConfigError, match="unknown CMS family"):
        parse_config({"sources": [{**base, "cms": "drupa"}]})
    with pytest.raises(ConfigError, match="invalid XPath"):
        parse_config({"sources": [{**base, "selectors": {"content": ["//div[@"]}}]})
    with pytest.raises(ConfigError, match="unknown selector kind"):
        parse_config({"sources": [{**base, "selectors": {"body": ["//div"]}}]})


def test_pipeline_passes_the_source_hints() -> None:
    hints = {"hk": {"cms_hint": None, "selectors": {"content": ["//div[@id='noidungtin']"], "title": ["//div[@class='tieudetin']"]}}}
    pipeline = ExtractPipeline(Taxonomy.load(TOPICS), hints=hints)
    item = pipeline.process_item(Capture("http://hoakhanh.vn/tin/1.html", "hk", 200, "text/html; charset=utf-8", ODD_PAGE.encode()))
    assert isinstance(item, ArticleItem) and "cột bên" not in item.article["text"] and item.article["author"] == "Lê Văn Tám"


def test_legacy_page_behind_a_utf8_server_header() -> None:
    from benchmarks.gold import GOLD

    data = (GOLD / "aspnet" / "ductho-dientap-cp1258.html").read_bytes()
    article = extract(data, "http://ductho.hatinh.gov.vn/TinTuc/ChiTiet.aspx?ID=3356", "text/html; charset=utf-8")
    assert article.encoding == "cp1258" and article.title == "Huyện Đức Thọ tổ chức diễn tập chiến đấu phòng thủ xã Tùng Ảnh"
