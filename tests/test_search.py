"""Query semantics: folded like the index, a run of syllables is one term, commas and operators combine."""

from __future__ import annotations

import pytest

from archive.search import fts_query


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
    ],
)
def test_fts_query(typed: str, expected: str) -> None:
    assert fts_query(typed) == expected
