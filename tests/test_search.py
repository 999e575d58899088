"""Query semantics: folded like the index, a run of syllables is one term, commas and operators combine."""

from __future__ import annotations

import pytest

from archive.store.search import Abbreviations, fts_query

NONE = Abbreviations()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dan quan", '"dan quan"'),
        ("Đảng ủy", '"dang uy"'),
        ("ĐẢNG ỦY", '"dang uy"'),
        ('Đảng ủy, Móng Cái OR "tự vệ"', '"dang uy" AND "mong cai" OR "tu ve"'),
        ("dân quân NOT tự vệ", '"dan quan" NOT "tu ve"'),
        ("NOT tự vệ", '"tu ve"'),
        ("PCTT-TKCN", '"pctt tkcn"'),
        ("huấn luy*", '"huan luy"*'),
        ('"unbalanced', '"unbalanced"'),
        ("", '""'),
        ("  ,;  ", '""'),
        ("dan quan -kien an", '"dan quan" NOT "kien an"'),
        ('dân quân -"Kiến An" -Thạch Bàn', '"dan quan" NOT "kien an" NOT "thach ban"'),
        ("dân quân -Kiến An, tự vệ", '("dan quan" AND "tu ve") NOT "kien an"'),
        ("Bà Rịa - Vũng Tàu", '"ba ria vung tau"'),
        ("COVID-19 -a", '"covid 19" NOT "a"'),
        ("-kien an", '""'),
        ("NOT OR", '""'),
    ],
)
def test_fts_query(typed: str, expected: str) -> None:
    assert fts_query(typed, NONE) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("DQTV", '("dqtv" OR "dan quan tu ve")'),
        ("dân quân tự vệ", '("dan quan tu ve" OR "dqtv")'),
        ("dan quan tu ve", '("dan quan tu ve" OR "dqtv")'),
        ("DBĐV", '("dbdv" OR "du bi dong vien")'),
        ("dbdv", '("dbdv" OR "du bi dong vien")'),
        ("Ban CHQS phường", '("ban chqs phuong" OR "ban chi huy quan su phuong")'),
        ("QPĐP, NVQS", '("qpdp" OR "quoc phong dia phuong") AND ("nvqs" OR "nghia vu quan su")'),
        ("quân sự", '"quan su"'),  # QS is one-way: too ambiguous to add to every "quân sự"
        ("QS", '("qs" OR "quan su")'),
        ("dang uy", '"dang uy"'),
        ("SSCĐ*", '"sscd"*'),
    ],
)
def test_abbreviations_expand_both_ways(typed: str, expected: str) -> None:
    assert fts_query(typed) == expected


def test_minus_excludes_every_spelling_of_an_abbreviation() -> None:
    assert fts_query("dân quân -DBĐV") == '"dan quan" NOT ("dbdv" OR "du bi dong vien")'


def test_every_listed_abbreviation_round_trips() -> None:
    table = Abbreviations.load()
    for abbr, forms in table.expand.items():
        for form in forms:
            assert (abbr,) in table.variants(list(form)) or abbr in ("qs", "qp")
            assert form in table.variants([abbr])
