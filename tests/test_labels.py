"""Words and times for people: Vietnamese level names, Vietnam time, captions, a selection described."""

from __future__ import annotations

import pytest

from archive.web.labels import describe, is_caption, level, month, vn_time


def test_vietnam_time_and_dates() -> None:
    assert vn_time("2026-11-30T03:46:17+00:00") == "30/11/2026 10:46"
    assert vn_time("2026-11-30T23:10:00") == "01/12/2026 06:10"  # no offset: UTC (first_seen, captured_at)
    assert vn_time("2023-04-11T08:35:00+07:00") == "11/04/2023 08:35"
    assert vn_time("2023-04-11T08:35:00+07:00", with_time=False) == "11/04/2023"
    assert vn_time("2023-04-11") == "11/04/2023"
    assert vn_time("") == "" and vn_time(None) == "" and vn_time("không rõ") == "không rõ"


def test_levels_and_months_in_vietnamese() -> None:
    assert [level(x) for x in ("commune", "ward", "district", "city", "province", "central")] == [
        "xã", "phường", "quận, huyện", "thành phố", "tỉnh", "trung ương"]
    assert level("other") == "other" and month("2023-05") == "05/2023" and month("2023") == "2023"


@pytest.mark.parametrize("text", [
    "Ảnh: Đồng chí Chủ tịch UBND phường phát biểu tại lễ khai mạc huấn luyện",
    "ảnh minh họa",
    "(Ảnh: Nguyễn Văn A)",
    "Lực lượng dân quân thực hành sơ tán nhân dân - Ảnh: TTXVN",
    "Các đại biểu dự hội nghị. (Ảnh: Thu Trang)",
])
def test_captions(text: str) -> None:
    assert is_caption(text)


@pytest.mark.parametrize("text", [
    "Ảnh hưởng của bão số 3, lực lượng dân quân đã giúp dân khắc phục hậu quả.",
    "Sáng ngày 10/4/2023, Ban Chỉ huy Quân sự phường tổ chức khai mạc huấn luyện.",
    "Ảnh: " + "rất dài " * 60,
])
def test_not_captions(text: str) -> None:
    assert not is_caption(text)


def test_a_selection_described_in_vietnamese() -> None:
    args = {"_q": "dqtv", "level": "ward", "month": "2023-05", "topics__arraycontains": "dan-quan-tu-ve",
            "_since": "2023", "_until": "2023-06", "_sort_desc": "published", "by": "topic"}
    text = describe(args, lambda t: "Dân quân tự vệ / Militia")
    assert text == "tìm “dqtv” · cấp phường · tháng 05/2023 · chủ đề Dân quân tự vệ · từ 2023 · đến hết 2023-06 · mới nhất trước"
    assert describe({}) == "" and describe({"published__gte": "2023-01-01"}) == "đăng từ 2023-01-01"
