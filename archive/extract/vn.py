"""Vietnamese-portal rules: junk lines, tail sections, bylines and dates as portals write them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))

# A line that is only one of these is portal furniture, never article text.
_JUNK_LINE = re.compile(
    r"^(?:"
    r"(?:số )?lượt (?:xem|truy cập|đọc)\s*:?\s*[\d.,]*|[\d.,]+\s+lượt (?:xem|truy cập|đọc)|số người truy cập:?\s*[\d.,]*|đang (?:truy cập|online)\s*:?\s*[\d.,]*|"
    r"tổng (?:số )?lượt truy cập\s*:?\s*[\d.,]*|lượt thích\s*:?\s*\d*|"
    r"loading\.*|đang tải\.*|\]\]>|"
    r"trả lời|hủy trả lời|huỷ trả lời|gửi bình luận|bình luận|để lại một bình luận|"
    r"gửi phản hồi|phản hồi|gửi cho bạn bè|gửi bài viết qua email|gửi email|"
    r"in bài(?: viết)?|in trang|bản in|in|share|tweet|\d*\s*comments?|"
    r"chia sẻ(?: bài viết)?(?: qua)?\s*:?(?:\s*[|,]?\s*(?:facebook|zalo|twitter|email|e-mail|linkedin|google\+?|messenger|in))*|"
    r"cỡ chữ:?.*|(?:a[-+]?\s*){2,3}|quay lại|trở về|về đầu trang|lên đầu trang|"
    r"xuất bản thông tin|chuyển tới trang đầy đủ|đánh giá bài viết:?.*|"
    r"email của bạn sẽ không được hiển thị công khai\.?.*|các trường bắt buộc được đánh dấu.*|"
    r"họ (?:và )?tên:?\s*\*?|địa chỉ email:?\s*\*?|email:?\s*\*?|nội dung:?\s*\*?|"
    r"mã (?:xác nhận|bảo mật):?.*|nhập mã.*|tiêu đề:?\s*\*?|"
    r"tên đăng nhập:?|mật khẩu:?|ghi nhớ đăng nhập|quên mật khẩu\??|đăng nhập|đăng ký|nhập lại|"
    r"ngày đăng:?\s*\d{1,2}/\d{1,2}/\d{4}.*|"
    r"xem (?:chi tiết|tiếp|thêm)(?: (?:tại|ở) đây)?\s*(?:\.{3}|…)?|(?:chi tiết )?(?:tại|ở) đây|đọc tiếp|về trang chủ đề"
    r")$",
    re.IGNORECASE,
)

# A line that starts a block of links or forms after the article: everything from it on is dropped.
_TAIL_MARKER = re.compile(
    r"^(?:tin liên quan|các tin (?:liên quan|khác|đã đưa|mới hơn|cũ hơn|cùng chuyên mục)|tin khác|"
    r"tin cùng chuyên mục|bài viết liên quan|xem nhiều nhất|tin (?:mới|cũ) hơn|tin đọc nhiều|bài viết mới|"
    r"tin mới nhất|tin nổi bật|tin mới|đọc nhiều nhất|bài liên quan|có liên quan|các văn bản khác|"
    r"ý kiến bạn đọc|thông tin người gửi phản hồi|gửi ý kiến(?: của bạn)?|"
    r"bình luận(?: của bạn)?|để lại bình luận|viết bình luận)\s*:?$",
    re.IGNORECASE,
)

_BYLINE = re.compile(
    r"^(?P<label>tin,? ảnh|tin và ảnh|tin ảnh|bài,? ảnh|bài và ảnh|ảnh,? tin|bài|tin|"
    r"tác giả|người viết|thực hiện|nhóm pv|pv)\s*:\s*(?P<value>.{2,120})$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(?:nguồn|theo)\s*:?\s+(?P<value>.{2,160})$", re.IGNORECASE)

_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\.?"
_NAME_LINE = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,5}}(?:\s*[-–,/&]\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,5}})*$")

_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:\s*[/.-]\s*|[ ](?=\d\d [12]))(?P<m>\d{1,2})(?:\s*[/.-]\s*|(?<=\d\d)[ ](?=(?:19|20)\d\d))"
    r"(?P<y>(?:19|20)\d{2})(?!\d)"
    r"(?:\s*(?:[|,-]|lúc)?\s*(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?!\d)(?:\s*:\s*(?P<S>\d{2}))?)?"
)
_TIME_FIRST = re.compile(
    r"(?<!\d)(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?::\d{2})?\s*(?:\w{1,3}\s*)?[|,-]?\s*(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?"
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"(?:ngày đăng|ngày xuất bản|đăng ngày|ngày ban hành|ngày cập nhật|cập nhật(?: lúc)?|xuất bản|đăng lúc|ngày)\s*:?\s*",
    re.IGNORECASE,
)
_POSTED = re.compile(r"(?:ngày đăng|ngày xuất bản|đăng ngày|ngày cập nhật|cập nhật(?: lúc)?|xuất bản|đăng lúc)\s*:?\s*", re.IGNORECASE)
_WEEKDAY_PREFIX = re.compile(r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ nhật)\s*,?\s*$", re.IGNORECASE)


def is_junk_line(line: str) -> bool:
    """True for counters, tool labels, form labels and widget leftovers."""
    return bool(_JUNK_LINE.match(line.strip()))


# Lines of a portal's footer: licence, owner, editor in charge, copyright, contact block.
_FOOTER_LINE = re.compile(
    r"^[®©]$|^(?:®\s*)?(?:giấy phép(?: số)?\s*:?|cơ quan chủ quản|chịu trách nhiệm(?: chính| về nội dung| nội dung)?\s*:?|"
    r"ghi rõ nguồn|bản quyền|copyright|©|trưởng ban biên tập|"
    r"(?:địa chỉ|điện thoại|đt|fax|e-?mail|hotline|bộ phận tiếp nhận)\s*:.{0,140}$|"
    r"(?:trang|cổng) thông tin điện tử\b.{0,80}$)|"
    r"giấy phép số|gp-?ttđt|\d+/gp[-/ ]|cơ quan chủ quản|ban biên tập\.?$|ghi rõ nguồn|bản quyền thuộc",
    re.IGNORECASE,
)


def is_footer_line(line: str) -> bool:
    """True for a line of the site footer (licence, owner, contact, copyright), never of a story."""
    return bool(_FOOTER_LINE.search(line.strip()))


def is_tail_marker(line: str) -> bool:
    """True for headings that open related-news lists or feedback forms."""
    return bool(_TAIL_MARKER.match(line.strip()))


def byline(line: str) -> tuple[str, str] | None:
    """('author'|'credit', value) when *line* is a byline or a source credit."""
    line = line.strip()
    if m := _BYLINE.match(line):
        return "author", m.group("value").strip(" .")
    if m := _CREDIT.match(line):
        return "credit", m.group("value").strip(" .")
    return None


def is_name_line(line: str) -> bool:
    """True for a short line of capitalised words, the way portals sign an article ("Bích Quyên")."""
    line = line.strip()
    return len(line) <= 60 and not line.endswith((".", ":", ";")) and bool(_NAME_LINE.match(line))


def _build(m: re.Match[str]) -> str | None:
    try:
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if m["H"] is not None:
            stamp = datetime(year, month, day, int(m["H"]), int(m["M"]), int(m.groupdict().get("S") or 0), tzinfo=VN_TZ)
            return stamp.isoformat()
        return datetime(year, month, day).date().isoformat()
    except (ValueError, TypeError):
        return None


def find_date(text: str, labelled_only: bool = False, earliest: bool = False, posted: bool = False) -> str | None:
    """The first Vietnamese-style date in *text*, ISO 8601 (+07:00 when a time is given).

    Labelled dates ("Ngày đăng 28/03/2023 | 07:58") win over bare ones unless *earliest* asks for the
    first date by position; a bare date directly preceded by a weekday with no time ("Thứ Năm,
    13/6/2024") is a header's today-date and skipped. *posted* keeps only publication labels ("Ngày đăng",
    "Cập nhật"), not a bare "Ngày:" that also labels a document's issue date or a day in a sentence.
    """
    if not earliest:
        for label in (_POSTED if posted else _LABELLED).finditer(text):
            rest = text[label.end() : label.end() + 40]
            m = _DATE.match(rest) or _TIME_FIRST.match(rest)
            if m and (iso := _build(m)):
                return iso
        if labelled_only:
            return None
    candidates = [(m.start(), m) for m in _DATE.finditer(text)] + [(m.start(), m) for m in _TIME_FIRST.finditer(text)]
    for start, m in sorted(candidates, key=lambda c: c[0]):
        if m["H"] is None and _WEEKDAY_PREFIX.search(text[max(0, start - 16) : start]):
            continue
        if iso := _build(m):
            return iso
    return None


def normalise_iso(value: str | None) -> str | None:
    """Normalise a machine-readable date (meta, JSON-LD, <time>) to ISO 8601 in Vietnam's timezone."""
    if not value:
        return None
    value = value.strip()
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        return f"{m[1]}-{m[2]}-{m[3]}" if m else None
    if len(value) <= 10:
        return stamp.date().isoformat()
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=VN_TZ)
    return stamp.astimezone(VN_TZ).isoformat()


_ORG_WORD = re.compile(
    r"(?<!\w)(?:ban|chqs|cht|pcht|ct|pct|ctv|pv|btv|trung tâm|tt|ttvh|tt&vh|ttvh-tt|phường|xã|quận|huyện|thị xã|thị trấn|"
    r"thành phố|tp|tỉnh|ubnd|hđnd|vp|văn phòng|trạm|đảng ủy|đảng uỷ|phòng|báo|đài|cổng|hội|đoàn thanh niên|công an|bộ|sở|cục|"
    r"mttq|lđlđ|trường học|bệnh viện|ttđt|tổ|đội|đơn vị|cơ quan|chi cục|bch|bchqs|ubmttq)(?!\w)",
    re.IGNORECASE,
)
_BYLINE_SPLIT = re.compile(r"\s+[-–—/|]\s+|\s*/\s*|\s*\(\s*|\s*,\s+(?=[^,]*(?:ban|phường|xã|trung tâm|chqs))", re.IGNORECASE)
_DATE_LINE_REST = re.compile(
    r"(?:ngày đăng|ngày xuất bản|đăng ngày|ngày cập nhật|cập nhật(?: lúc)?|xuất bản|đăng lúc|ngày|lúc|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ nhật|"
    r"\d{1,2}\s*[/.:hg-]\s*\d{1,2}(?:\s*[/.:-]\s*\d{2,4})?|\b(?:sa|ch|am|pm|gmt\+?7?)\b|[\s|,.:()+-]|"
    r"(?:lượt xem|lượt đọc|lượt truy cập)\s*:?\s*[\d.,]*|[\d.,]+\s*lượt (?:xem|đọc|truy cập))*",
    re.IGNORECASE,
)


def is_org_line(line: str) -> bool:
    """True for a short line naming an office rather than a person ("Trung tâm TT&VH Móng Cái")."""
    line = line.strip()
    return 0 < len(line) <= 80 and not line.endswith((".", ":", ";")) and bool(_ORG_WORD.match(line))


def is_person(value: str) -> bool:
    """True for one or more personal names joined by dashes ("Vi Thu - Trần Bình"), with no office words."""
    return is_name_line(value) and not _ORG_WORD.search(value) and len(value.split()) >= 2


def split_byline(value: str) -> tuple[str | None, str | None]:
    """(names, affiliation) of a byline value: "Trương Minh Tuấn – CHT/Ban CHQS phường" -> names, office."""
    value = value.strip(" .;,")
    if is_person(value):
        return value, None
    parts = [p.strip(" .;,()") for p in _BYLINE_SPLIT.split(value) if p and p.strip(" .;,()")]
    names: list[str] = []
    for index, part in enumerate(parts):
        if is_person(part) or (names and is_name_line(part) and not _ORG_WORD.search(part)):
            names.append(part)
            continue
        rest = value[value.find(part):].strip(" .;,()") if part in value else " ".join(parts[index:])
        return (" - ".join(names) if names else None), rest or None
    return (" - ".join(names) if names else value), None


def is_date_line(line: str) -> bool:
    """True for a line holding only a date, time, weekday and labels ("Thứ Sáu, 25/12/2020 - 15:20")."""
    line = line.strip()
    return bool(line) and bool(_DATE.search(line) or _TIME_FIRST.search(line)) and not _DATE_LINE_REST.sub("", line).strip()


_SIGNATURE = re.compile(r"^(?:T/?M\.?|TM\.|KT\.|Q\.|TL\.|TUQ\.|PHÓ |CHỦ TỊCH|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG |CHỈ HUY)", re.UNICODE)


def is_signature_title(line: str) -> bool:
    """True for the title line above an official document's signature ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")."""
    line = line.strip()
    return bool(_SIGNATURE.match(line)) or (line.isupper() and len(line) <= 60)


_VI_ONLY = re.compile(r"[ăĂơƠưƯđĐĩĨũŨ\u1ea0-\u1ef9]")  # letters only Vietnamese uses (Latin Extended Additional)
_NOT_LETTER = re.compile(r"[\W\d_]")  # the letters are the rest (fewer matches to count than letters)


def is_vietnamese(text: str, sample: int = 4000) -> bool:
    """True when letters only Vietnamese uses (ă ơ ư đ ạ ả ế ộ …) make at least 3 % of the letters of *text*'s start."""
    head = text[:sample]
    letters = len(head) - len(_NOT_LETTER.findall(head))
    return bool(letters) and len(_VI_ONLY.findall(head)) >= 0.03 * letters


def looks_vietnamese(html: str, minimum: int = 20) -> bool:
    """True when raw markup holds at least *minimum* letters only Vietnamese uses (cheap, before text is parsed)."""
    count = 0
    for _ in _VI_ONLY.finditer(html):
        count += 1
        if count >= minimum:
            return True
    return False
