"""The gold set under tests/data/: load pages, run an extractor, score text, junk and metadata against floors."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import trafilatura

from archive.extract.article import NoArticle, extract
from archive.text import clean_line, nfc
from archive.extract.topics import Taxonomy

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data"
TOPICS = ROOT / "config" / "topics.yaml"
NO_ARTICLE = "noarticle"  # family folder of pages that hold no article (listings, login, empty)

# Portal furniture that must never reach the text (counted only when the expected text does not hold it).
JUNK_PHRASES = (
    "Phản hồi", "Thông tin người gửi phản hồi", "Ý kiến bạn đọc", "Gửi ý kiến", "Tin liên quan", "Các tin khác",
    "Tin khác", "Tin cùng chuyên mục", "Xem nhiều nhất", "Tin đọc nhiều", "Các tin mới hơn", "Các tin cũ hơn",
    "Bài viết liên quan", "Bài viết mới", "Lượt xem", "Lượt truy cập", "Đang truy cập", "Loading...", "]]>",
    "Gửi cho bạn bè", "In bài", "In trang", "Cỡ chữ", "Chia sẻ", "Trả lời", "Email của bạn sẽ không được hiển thị",
    "Các trường bắt buộc", "Trang chủ", "Đường dây nóng", "Cơ quan chủ quản", "Ghi rõ nguồn", "Xuất bản thông tin",
    "Chuyển tới trang đầy đủ", "Quay lại", "Về đầu trang", "Thời tiết", "Liên kết website", "Nhập mã", "Mã xác nhận",
    "Đánh giá bài viết", "Bình luận", "Họ và tên", "Tìm kiếm", "Bản quyền", "Copyright", "Ngày đăng", "Tác giả:",
    "Nguồn:", "Tin, ảnh:", "Tin ảnh:", "Bài và ảnh:",
)
FLOORS = {"mean_f1": 0.98, "title": 0.97, "published": 0.97, "author": 0.90, "defense": 1.0, "no_article": 1.0}
MAX_LEAKED_JUNK = 0
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldPage:
    """One gold page: its HTML bytes and the expected extraction."""

    name: str
    family: str
    html: bytes
    expected: dict[str, Any]

    @property
    def is_article(self) -> bool:
        """False for pages that must yield "no article"."""
        return self.expected.get("article", True) is not False


def load_gold(root: Path = GOLD) -> list[GoldPage]:
    """Every tests/data/<family>/<name>.html with its <name>.json, sorted by family and name."""
    pages = []
    for spec in sorted(root.glob("*/*.json")):
        pages.append(GoldPage(spec.stem, spec.parent.name, spec.with_suffix(".html").read_bytes(),
                              json.loads(spec.read_text(encoding="utf-8"))))
    return pages


def token_f1(pred: str, true: str) -> float:
    """Bag-of-words F1 over case-folded \\w+ tokens (1.0 when both are empty)."""
    p, t = Counter(_WORD.findall(nfc(pred).casefold())), Counter(_WORD.findall(nfc(true).casefold()))
    if not p and not t:
        return 1.0
    overlap = sum((p & t).values())
    return 0.0 if not overlap else 2 * overlap / (sum(p.values()) + sum(t.values()))


def leaked_junk(pred: str, expected: dict[str, Any]) -> list[str]:
    """Junk phrases (global list plus the page's own `junk`) present in *pred* but not in the expected text."""
    truth = expected.get("text", "")
    return [j for j in (*JUNK_PHRASES, *expected.get("junk", [])) if j in pred and j not in truth]


def run_ours(page: GoldPage) -> dict[str, Any] | None:
    """Our extractor: the Article as a dict, None for "no article"."""
    try:
        return extract(page.html, page.expected.get("url", "http://localhost/"), page.expected.get("content_type")).to_dict()
    except NoArticle:
        return None


def run_bare(page: GoldPage) -> dict[str, Any] | None:
    """Bare trafilatura with its own metadata (title, date, author); None when it finds nothing."""
    doc = trafilatura.bare_extraction(page.html, url=page.expected.get("url"), with_metadata=True, include_comments=False)
    if doc is None or isinstance(doc, dict) or not doc.text:
        return None
    return {"title": doc.title, "published": doc.date, "author": doc.author, "text": doc.text}


SYSTEMS: dict[str, Callable[[GoldPage], dict[str, Any] | None]] = {"trafilatura": run_bare, "qpdp": run_ours}


def _same(got: Any, want: Any) -> bool:
    return (clean_line(got) if isinstance(got, str) else got) == (clean_line(want) if isinstance(want, str) else want)


def score_page(page: GoldPage, got: dict[str, Any] | None, taxonomy: Taxonomy) -> dict[str, Any]:
    """Per-page figures: token F1, leaked junk, and whether title, date, author, defense and topics are right."""
    exp = page.expected
    if not page.is_article:
        return {"name": page.name, "family": page.family, "article": False, "correct": got is None}
    got = got or {}
    text = got.get("text") or ""
    verdict = taxonomy.classify(got.get("title"), text)
    return {
        "name": page.name, "family": page.family, "article": True,
        "f1": token_f1(text, exp["text"]), "leaked": leaked_junk(text, exp),
        "title": _same(got.get("title"), exp["title"]), "published": _same(got.get("published"), exp["published"]),
        "published_day": (got.get("published") or "")[:10] == (exp["published"] or "")[:10],
        "author": _same(got.get("author"), exp.get("author")),
        "credit": _same(got.get("source_credit"), exp.get("source_credit")),
        "defense": verdict.defense == exp["defense"], "topics": sorted(verdict.topics) == sorted(exp.get("topics", [])),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate figures over per-page rows."""
    arts = [r for r in rows if r["article"]]
    rejects = [r for r in rows if not r["article"]]
    share = lambda key: sum(r[key] for r in arts) / len(arts) if arts else 0.0  # noqa: E731
    return {
        "pages": len(arts), "families": len({r["family"] for r in arts}), "mean_f1": share("f1"),
        "leaked_junk": sum(len(r["leaked"]) for r in arts), "title": share("title"), "published": share("published"),
        "published_day": share("published_day"), "author": share("author"), "credit": share("credit"), "defense": share("defense"),
        "topics": share("topics"), "no_article_pages": len(rejects),
        "no_article": sum(r["correct"] for r in rejects) / len(rejects) if rejects else 1.0,
    }


def evaluate(name: str = "qpdp", pages: list[GoldPage] | None = None) -> tuple[dict[str, Any], list[dict[str, Any]], float]:
    """Run one system over the gold set; return (summary, per-page rows, seconds spent extracting)."""
    pages = pages if pages is not None else load_gold()
    taxonomy, fn, rows, seconds = Taxonomy.load(TOPICS), SYSTEMS[name], [], 0.0
    for page in pages:
        t0 = time.perf_counter()
        got = fn(page)
        seconds += time.perf_counter() - t0
        rows.append(score_page(page, got, taxonomy))
    return summarise(rows), rows, seconds


def gate(summary: dict[str, Any]) -> list[str]:
    """Figures below their floor, as readable messages; [] when the gate passes."""
    failed = [f"{key} {summary[key]:.3f} < floor {floor}" for key, floor in FLOORS.items() if summary[key] < floor]
    if summary["leaked_junk"] > MAX_LEAKED_JUNK:
        failed.append(f"leaked_junk {summary['leaked_junk']} > {MAX_LEAKED_JUNK}")
    return failed
