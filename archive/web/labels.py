"""Words and times for people: Vietnamese level names, Vietnam time, photo captions, a selection in Vietnamese."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from archive.store.selection import period

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LEVELS = {"commune": "xã", "ward": "phường", "district": "quận, huyện", "city": "thành phố",
          "province": "tỉnh", "central": "trung ương"}
# A photo's caption as portals print it: "Ảnh: …", "Ảnh minh họa", "… (Ảnh: Nguyễn Văn A)", "… - Ảnh: TTXVN".
_CAPTION = re.compile(r"^\(?(ảnh|hình|clip)\b(\s*minh h[oọ]+a)?\s*[:.\-–)]|^ảnh minh h|[(\-–]\s*(ảnh|nguồn ảnh)\s*:[^()]{0,80}\)?\.?$",
                      re.IGNORECASE)
CAPTION_MAX = 320


def level(value: object) -> str:
    """'ward' -> 'phường' (unknown values unchanged)."""
    return LEVELS.get(str(value), str(value or ""))


def month(value: object) -> str:
    """'2023-05' -> '05/2023'."""
    text = str(value or "")
    return f"{text[5:7]}/{text[:4]}" if re.fullmatch(r"\d{4}-\d{2}", text) else text


def vn_time(value: object, with_time: bool = True) -> str:
    """An ISO 8601 moment in Vietnam time as 'dd/mm/yyyy HH:mm' (UTC when it has no offset); a bare date as 'dd/mm/yyyy'."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) <= 10:
        return moment.strftime("%d/%m/%Y")
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(VIETNAM)
    return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph of an article's text is a photo caption (short, and worded like one)."""
    text = paragraph.strip()
    return 0 < len(text) <= CAPTION_MAX and bool(_CAPTION.search(text))


SORTS = {"published": "cũ nhất trước", "first_seen": "lưu sớm nhất trước"}
SORTS_DESC = {"published": "mới nhất trước", "first_seen": "mới lưu nhất trước"}


def describe(args: Mapping[str, str], topic_name: Callable[[str], str] = str) -> str:
    """The filters of an article list, in Vietnamese: 'tìm “dqtv” · cấp phường · từ 2023 · mới nhất trước'."""
    words: list[str] = []
    search = args.get("_search") or args.get("_q") or ""
    if search.strip():
        words.append(f"tìm “{search.strip()}”")
    names = {"source_id": "nguồn", "province": "tỉnh, thành phố", "province_now": "tỉnh, thành phố (2025)", "year": "năm",
             "id": "mã", "published__gte": "đăng từ",
             "published__gt": "đăng sau", "published__lte": "đăng đến hết", "published__lt": "đăng trước",
             "first_seen__gte": "lưu từ"}
    for key in args:
        value = args.get(key)
        if not value or key == "by":
            continue
        if key == "level":
            words.append(f"cấp {level(value)}")
        elif key == "month":
            words.append(f"tháng {month(value)}")
        elif key in ("topics__arraycontains", "topic"):
            words.append(f"chủ đề {topic_name(value).split(' / ')[0]}")
        elif key in ("_since", "_until"):
            try:
                period(value)
            except ValueError:
                words.append(f"bỏ qua / ignored {key}={value} (không phải ngày / not a date)")
                continue
            words.append(f"{'từ' if key == '_since' else 'đến hết'} {value}")
        elif key in names:
            words.append(f"{names[key]} {value}")
        elif not key.startswith("_"):
            words.append(f"{key} = {value}")
    if args.get("_sort") in SORTS:
        words.append(SORTS[args["_sort"]])
    elif args.get("_sort_desc") in SORTS_DESC:
        words.append(SORTS_DESC[args["_sort_desc"]])
    return " · ".join(words)
