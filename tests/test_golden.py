"""The extraction gold set (tests/data/<family>/<name>.html + .json): every page, the evaluation gate, the CLI contract."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime

import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.extract.topics import Taxonomy
from benchmarks.gold import FLOORS, GOLD, TOPICS, GoldPage, evaluate, gate, load_gold, run_ours, score_page, token_f1

PAGES = load_gold()
ARTICLES = [p for p in PAGES if p.is_article]
PAGE_F1_FLOOR = 0.95


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load(TOPICS)


def test_gold_set_is_large_and_varied() -> None:
    assert len(ARTICLES) >= 30 and len({p.family for p in ARTICLES}) >= 6
    assert len(PAGES) > len(ARTICLES), "pages with no article (listing, login, empty) are part of the set"
    raw = [p.html for p in ARTICLES]
    assert any(unicodedata.normalize("NFC", h.decode("utf-8", "replace")) != h.decode("utf-8", "replace") for h in raw), "an NFD page"
    assert any(b"windows-1258" in h for h in raw), "a windows-1258 page"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.family}/{p.name}")
def test_gold_page(page: GoldPage, taxonomy: Taxonomy) -> None:
    got = run_ours(page)
    if not page.is_article:
        assert got is None, f"{page.name} holds no article but gave {got and got['title']!r}"
        return
    assert got is not None, f"{page.name}: no article found"
    row = score_page(page, got, taxonomy)
    assert row["f1"] >= PAGE_F1_FLOOR, f"token F1 {row['f1']:.3f}"
    assert not row["leaked"], f"junk in the text: {row['leaked']}"
    assert row["defense"], "defense flag"
    for field in ("title", "author", "text", "source_credit"):
        assert got[field] is None or unicodedata.is_normalized("NFC", got[field]), field


def test_evaluation_gate() -> None:
    summary, rows, _ = evaluate("qpdp", PAGES)
    failed = gate(summary)
    assert not failed, f"below the floor: {failed}; figures: {summary}"
    assert set(FLOORS) <= set(summary)


def test_gate_fails_when_a_figure_drops() -> None:
    summary, _, _ = evaluate("qpdp", PAGES)
    assert gate({**summary, "mean_f1": 0.9}) and gate({**summary, "leaked_junk": 1}) and gate({**summary, "author": 0.5})


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.family}/{p.name}")
def test_qpdp_extract_contract(page: GoldPage) -> None:
    path = GOLD / page.family / f"{page.name}.html"
    args = ["extract", str(path), "--url", page.expected["url"]]
    if page.expected.get("content_type"):
        args += ["--content-type", page.expected["content_type"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    if not page.is_article:
        assert out["article"] is False and out["reason"] and out["text"] == "" and out["defense"] is False
        return
    assert out["article"] is True and out["url"] == page.expected["url"]
    assert out["title"] == page.expected["title"] and isinstance(out["text"], str) and out["text"]
    assert out["published"] and datetime.fromisoformat(out["published"])
    assert out["author"] is None or isinstance(out["author"], str)
    assert out["defense"] is page.expected["defense"] and isinstance(out["topics"], list)


def test_extract_cli_rejects_unknown_cms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(page), "--cms", "joomlaa"])
    assert result.exit_code != 0 and "unknown CMS family" in result.output


SEEDS = next((p for p in (GOLD.parents[2] / "shared" / "seeds", GOLD.parents[3] / "shared" / "seeds") if p.is_dir()), None)
SEED_PAGES = {"000": "liferay/thachban-48213", "001": "vnportal/mongcai-27840", "002": "wordpress/thanhkhetay-uy-ban-nhan-dan-phuong-trien-khai-nhiem-",
              "003": "dotnetnuke/kienan-3158", "004": "php/danvan-45872"}


@pytest.mark.skipif(SEEDS is None, reason="shared seeds not present")
@pytest.mark.parametrize(("seed", "page"), sorted(SEED_PAGES.items()))
def test_gold_pages_carry_the_seed_articles(seed: str, page: str) -> None:
    """The five real articles of shared/seeds are in the gold set, and their junk lines stay out of the text."""
    raw = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")  # type: ignore[union-attr]
    gold = next(p for p in ARTICLES if f"{p.family}/{p.name}" == page)
    expected = "\n".join(filter(None, [gold.expected["title"], gold.expected["text"], gold.expected.get("author")]))
    assert token_f1(raw, expected) >= 0.97
    got = run_ours(gold)
    assert got is not None and token_f1(got["text"], gold.expected["text"]) >= 0.99
    for junk in ("Lượt xem", "]]>", "Loading...", "Trả lời", "Email của bạn", "Gửi cho bạn bè", "Phản hồi", "Các tin khác", "Thứ Năm, 13/6/2024"):
        assert junk not in got["text"]


def _unmarked(html: bytes) -> bytes:
    """The page with every class and id attribute and the generator meta removed: an unknown layout."""
    text = html.decode("utf-8")
    text = re.sub(r"""\s(?:class|id)=(?:"[^"]*"|'[^']*')""", "", text)
    return re.sub(r"<meta[^>]*generator[^>]*>", "", text).encode("utf-8")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


UTF8_ARTICLES = [p for p in ARTICLES if _is_utf8(p.html)]


@pytest.mark.parametrize("page", UTF8_ARTICLES, ids=lambda p: f"{p.family}/{p.name}")
def test_gold_page_without_cms_markers(page: GoldPage, taxonomy: Taxonomy) -> None:
    """With no class, id or generator to go by, the fallbacks still find the body, title, date and byline."""
    stripped = GoldPage(page.name, page.family, _unmarked(page.html), {**page.expected, "url": "http://example.vn/tin/1.html"})
    got = run_ours(stripped)
    assert got is not None
    row = score_page(stripped, got, taxonomy)
    assert row["f1"] >= PAGE_F1_FLOOR and not row["leaked"] and row["title"] and row["published_day"] and row["author"]


def test_benchmark_command_runs_on_the_gold_set(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.extraction import main

    assert main(["--no-aeb", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "Gate" in out and "PASS" in out and "qpdp" in out and "trafilatura" in out
