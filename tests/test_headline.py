"""Headline, date, lead, verdict and topic rules on small portal pages built like the real ones (widgets above the
story, a date cell, a footer licence line, a never-closed article table)."""

from __future__ import annotations

import pytest

from archive.extract.article import NoArticle, extract
from archive.extract.topics import Taxonomy
from tests.conftest import ROOT

BODY = ("<p>Sáng ngày 12/3, Ban Chỉ huy Quân sự huyện tổ chức lễ ra quân huấn luyện năm 2024 cho lực lượng dân quân "
        "tự vệ và dự bị động viên trên địa bàn, với sự tham gia của hơn 300 cán bộ, chiến sĩ.</p>"
        "<p>Phát biểu tại buổi lễ, đồng chí Chỉ huy trưởng yêu cầu các đơn vị quán triệt nghiêm các chỉ thị, "
        "hướng dẫn của cấp trên, huấn luyện sát thực tế chiến đấu, bảo đảm an toàn tuyệt đối.</p>")
FOOTER = ("<div class='Footer-Text'><p>® TRANG THÔNG TIN ĐIỆN TỬ HUYỆN X</p><p>Giấy phép số: 16/GPTTĐT-STTTT, do Sở "
          "Thông tin - Truyền thông cấp ngày 03/11/2016</p><p>Cơ quan chủ quản: Ủy ban nhân dân huyện X</p></div>")
SIDEBAR = ("<div class='right'><h3>SỐ LƯỢT TRUY CẬP</h3><div>2912767</div><h3>Liên kết website</h3>"
           "<ul><li><a href='/a'>Cổng thông tin điện tử tỉnh</a></li></ul></div>")


def _page(main: str, title: str = "Trang thông tin điện tử huyện X") -> str:
    return (f"<html><head><title>{title}</title></head><body><div class='left'>{SIDEBAR}</div>"
            f"<table><tr><td>{main}</td></tr></table>{FOOTER}</body></html>")


def test_table_layout_headline_date_cell_and_no_footer_date() -> None:
    main = ("<table><tr><td class='FolderTitle'>Quốc phòng - An ninh</td><td class='Time'>thứ hai, 05 08 2019 14:38</td>"
            "</tr></table><table id='tableforprint'><tr><td><p class='Title'>Ra quân huấn luyện năm 2024</p></td></tr>"
            f"<tr><td>{BODY}<p>Xem chi tiết <a href='/'>Tại đây</a></p></td></tr></table>")
    article = extract(_page(main), "https://x.gov.vn/ra-quan-huan-luyen")
    assert article.title == "Ra quân huấn luyện năm 2024"
    assert article.published and article.published.startswith("2019-08-05T14:38")
    assert article.text.startswith("Sáng ngày 12/3") and "Giấy phép" not in article.text and "Xem chi tiết" not in article.text


def test_no_date_of_its_own_gives_null_not_the_licence_date() -> None:
    main = f"<h1>Ra quân huấn luyện năm 2024</h1>{BODY}"
    assert extract(_page(main), "https://x.gov.vn/ra-quan").published is None


@pytest.mark.parametrize("title_html", [
    "<div><span style='font-size:18px;font-weight:bold'>Ra quân huấn luyện năm 2024</span></div>",
    "<p><strong>Ra quân huấn luyện năm 2024</strong></p>",
    "<h2 class='news-title'>Ra quân huấn luyện năm 2024</h2>",
])
def test_bold_sized_or_named_headline_above_the_body(title_html: str) -> None:
    article = extract(_page(f"{title_html}<div class='date'>12/03/2024</div>{BODY}"), "https://x.gov.vn/ra-quan")
    assert article.title == "Ra quân huấn luyện năm 2024" and article.published == "2024-03-12"


def test_lead_before_the_content_block_belongs_to_the_text() -> None:
    main = ("<h1>Ra quân huấn luyện năm 2024</h1><p class='sapo'><strong>(QĐND) - Huyện X ra quân huấn luyện năm 2024 "
            "với quân số đông đủ, tinh thần quyết tâm cao, bảo đảm an toàn tuyệt đối.</strong></p>"
            f"<div class='content-detail'>{BODY}</div>")
    assert extract(_page(main), "https://x.gov.vn/ra-quan").text.startswith("(QĐND) - Huyện X ra quân")


def test_status_page_is_no_article() -> None:
    main = f"<h3 class='alert alert-error'>Không tìm thấy</h3>{BODY}"
    with pytest.raises(NoArticle, match="status page"):
        extract(_page(main), "https://x.gov.vn/users/admin/a1.html")


def test_list_of_teasers_with_snippets_is_no_article() -> None:
    items = "".join(f"<div class='item'><a href='/tin-{n}'>Huyện X tổ chức hội nghị tổng kết công tác số {n} năm 2024</a>"
                    f"<div class='sum'>Sáng ngày {n}/3, huyện X tổ chức hội nghị tổng kết công tác năm, đề ra nhiệm vụ "
                    "trọng tâm năm tới với nhiều chỉ tiêu quan trọng.</div></div>" for n in range(1, 9))
    with pytest.raises(NoArticle, match="listing"):
        extract(_page(f"<div class='list'>{items}</div>"), "https://x.gov.vn/tin-tuc")


def test_police_story_stays_out_army_story_counts() -> None:
    taxonomy = Taxonomy.load(ROOT / "config" / "topics.yaml")
    police = ("Cán bộ, chiến sĩ Công an huyện tuần tra kiểm soát. Cán bộ, chiến sĩ cảnh sát giao thông xử lý vi phạm. "
              "Cán bộ, chiến sĩ Công an xã phối hợp bảo vệ.")
    assert not taxonomy.classify("Công an huyện ra quân", police).defense
    assert taxonomy.classify("Lực lượng quân sự tỉnh làm tốt công tác dân vận",
                             "Hàng ngàn lượt cán bộ, chiến sĩ giúp dân.").defense


def test_header_clock_next_to_the_headline_is_not_its_date() -> None:
    main = ("<div class='top'><span id='lblToday'>Thứ sáu, 29/11/2024 10:15</span></div>"
            f"<h1>Ra quân huấn luyện năm 2024</h1><div class='news-date'>12/03/2024</div>{BODY}")
    assert extract(_page(main), "https://x.gov.vn/ra-quan").published == "2024-03-12"


def test_dates_in_sentences_and_in_a_document_list_are_not_the_article_date() -> None:
    docs = ("<div class='vbm'><div>VĂN BẢN MỚI</div><div><a href='/vb?id=1'><div>Số: 35/BC-HĐND</div>"
            "<div>Ngày: <span>18/12/2017</span></div><div>Thẩm tra kết quả hoạt động năm 2017 của Viện Kiểm sát</div></a></div></div>")
    main = ("<div class='gt-title'>Ban Chỉ huy Quân sự huyện phát động thi đua chào mừng kỷ niệm 65 năm Chiến thắng Điện Biên "
            "Phủ</div><div class='gt-content'><p><strong>Ban Chỉ huy Quân sự huyện phát động thi đua chào mừng kỷ niệm 65 năm "
            "Chiến thắng lịch sử Điện Biên Phủ (07/05/1954 – 07/5/2019)</strong></p>"
            "<p>Thời gian tổ chức đợt thi đua trong vòng 30 ngày, từ ngày 7-4 đến ngày 7-5-2019, nhằm giáo dục truyền thống "
            f"yêu nước cho cán bộ, chiến sĩ lực lượng vũ trang huyện.</p>{BODY}</div>{docs}")
    article = extract(_page(main), "https://x.gov.vn/phat-dong-thi-dua")
    assert article.title.startswith("Ban Chỉ huy Quân sự huyện phát động thi đua")
    assert article.published is None


def test_empty_date_slot_is_not_part_of_the_headline() -> None:
    main = f"<div class='nd_detail_chitiet'><h2>Ra quân huấn luyện năm 2024 <span>( )</span></h2><div class='journal-content-article'>{BODY}</div></div>"
    article = extract(_page(main), "https://x.gov.vn/ra-quan-2024")
    assert article.title == "Ra quân huấn luyện năm 2024" and article.published is None
