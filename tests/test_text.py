"""Text normalisation, decoding and topic classification as pure functions."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from archive.extract.decode import NotHTML, decode_html
from archive.text import clean_text, fold
from archive.extract.topics import Taxonomy

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Đảng ủy Quân sự", "dang uy quan su"), ("dân quân tự vệ", "dan quan tu ve"), ("ĐBĐV", "dbdv"), ("Ðảng", "dang")],
)
def test_fold_removes_every_diacritic_including_d_stroke(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_clean_text_is_nfc_and_keeps_paragraph_lines() -> None:
    decomposed = unicodedata.normalize("NFD", "Dân quân   tự vệ\n\n\n  huấn luyện ")
    assert clean_text(decomposed) == "Dân quân tự vệ\nhuấn luyện"


def to_cp1258(text: str) -> bytes:
    """Encode as Vietnamese windows-1258 does: precomposed base letters plus combining tone marks."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def test_decode_by_header_meta_and_detection() -> None:
    text = "<html><head><title>Tuyển quân</title></head><body>Lễ giao nhận quân năm 2024</body></html>"
    assert decode_html(text.encode("utf-8"), "text/html; charset=utf-8")[0] == text
    meta = text.replace("<head>", '<head><meta charset="windows-1258">')
    decoded, encoding = decode_html(to_cp1258(meta), "text/html")
    assert encoding == "cp1258" and "Tuyển quân" in decoded and unicodedata.is_normalized("NFC", decoded)
    assert "giao nhận quân" in decode_html(text.encode("utf-8"), None)[0]


@pytest.mark.parametrize(("body", "reason"), [(b"", "empty"), (b"%PDF-1.4 ...", "PDF"), (b"\x89PNG\r\n", "PNG")])
def test_non_html_bodies(body: bytes, reason: str) -> None:
    with pytest.raises(NotHTML, match=reason):
        decode_html(body, "text/html")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load(ROOT / "config" / "topics.yaml")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("0*.txt")) if SEEDS.is_dir() else [])
def test_every_seed_is_a_defense_story(taxonomy: Taxonomy, seed: str) -> None:
    verdict = taxonomy.classify(None, (SEEDS / seed).read_text(encoding="utf-8"))
    assert verdict.defense and verdict.topics


@pytest.mark.parametrize(
    "civil",
    [
        "UBND xã tổ chức hội nghị triển khai kê khai thuế cho hộ kinh doanh, bảo đảm an ninh trật tự và quốc phòng - an ninh.",
        "Lễ hội đình làng năm nay thu hút đông đảo nhân dân; công an xã giữ gìn an ninh, trật tự.",
    ],
)
def test_civil_news_is_not_defense(taxonomy: Taxonomy, civil: str) -> None:
    assert not taxonomy.classify("Tin hoạt động của xã", civil).defense


def test_abbreviations_are_case_sensitive_and_spaces_flexible(taxonomy: Taxonomy) -> None:
    assert "dan-quan-tu-ve" in taxonomy.classify(None, "Huấn luyện DQTV năm 2024").topics
    assert taxonomy.classify(None, "dqtv").topics == []
    assert taxonomy.classify(None, "Ban Chỉ huy\nQuân sự phường").topics


def _plain_pattern(topic: dict) -> re.Pattern[str]:
    """A topic's matcher as a plain alternation, longest first: the definition the prefix tree must equal."""
    phrase = lambda t: r"\s+".join(re.escape(w) for w in unicodedata.normalize("NFC", t).split())  # noqa: E731
    alts = [f"(?i:{phrase(t)})" for t in sorted(topic.get("terms", []), key=len, reverse=True)]
    alts += [phrase(a) for a in sorted(topic.get("abbr", []), key=len, reverse=True)]
    unless = "|".join(phrase(t) for t in topic.get("not_followed_by") or ())
    guard = rf"(?![\s,]+(?i:{unless})(?![\w\u0300-\u036f]))" if unless else ""
    return re.compile(rf"(?<![\w\u0300-\u036f])(?:{'|'.join(alts)})(?![\w\u0300-\u036f]){guard}")


def test_topic_matches_equal_a_plain_alternation_counted_everywhere(taxonomy: Taxonomy) -> None:
    """The prefix tree and the word-start shortcut change the speed of classification, never its counts."""
    data = yaml.safe_load((ROOT / "config" / "topics.yaml").read_text(encoding="utf-8"))
    texts = [json.loads(p.read_text(encoding="utf-8")).get("text") or "" for p in sorted((ROOT / "tests" / "data").glob("*/*.json"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))] + [
        "BAN CHỈ HUY QUÂN SỰ xã  tổ chức\nhuấn   luyện DQTV, dân quân tự vệ; Dân Quân Tự Vệ.",
        "Cán bộ, chiến sĩ công an và Quân đội nhân dân; bộ đội biên phòng (BĐBP) tuần tra QP-AN.",
        "ſ İstanbul: quân sự địa phương, Σ tuyển quân, nghĩa vụ quân sự",  # characters that force trying every place
        "quân sựx quân-sự Quân sự_ địa phương1 xquân sự",  # word edges
    ]
    texts += [t.upper() for t in texts[:2]] + [t.lower() for t in texts[:2]]
    for topic, spec in zip(taxonomy.topics, data["topics"], strict=True):
        plain = _plain_pattern(spec)
        for text in texts:
            normal = unicodedata.normalize("NFC", text)
            assert len(topic.pattern.findall(normal)) == len(plain.findall(normal)), topic.id
            assert taxonomy.classify(None, normal).score == sum(
                len(_plain_pattern(s).findall(normal)) for s in data["topics"]), topic.id
